package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Assumptions;
import dev.hookbook.viz.graph.GradGraph;
import dev.hookbook.viz.graph.GraphLayout;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** GraphView: the graph it collects, where it places it, and the SVG and image it draws. */
class GraphViewTest {

    /** The digits CNN of notebook 04 and its loss on a small batch. */
    private static Module cnn() {
        return new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(128, 10));
    }

    private static Tensor loss(Module model) {
        return F.crossEntropy(model.call(Tensor.randn(4, 1, 8, 8)), Tensor.of(new float[]{1, 2, 3, 4}, 4));
    }

    private static String text(GradGraph g, int id) {
        return String.join(" ", g.boxes().get(id).lines());
    }

    private static Set<String> arrows(GradGraph g) {
        return g.arrows().stream().map(a -> text(g, a.from()) + " -> " + text(g, a.to())).collect(Collectors.toSet());
    }

    @Test
    void theCnnLossHasANodePerGradFnItsNamedParametersAndTheOutput() {
        Hookbook.manualSeed(0);
        Module model = cnn();
        GradGraph g = GraphView.of(loss(model), model).graph();

        List<String> operations = g.boxes().stream().filter(b -> b.kind() == GradGraph.Kind.OPERATION).map(b -> b.lines().get(0)).sorted().toList();
        assertEquals(List.of("AccumulateGrad", "AccumulateGrad", "AccumulateGrad", "AccumulateGrad", "AccumulateGrad", "AccumulateGrad",
                "AddmmBackward", "ConvolutionBackward", "LogSoftmaxBackward", "MaxPool2DWithIndicesBackward",
                "NativeBatchNormBackward", "NllLossBackward", "ReluBackward", "ViewBackward"), operations);
        Set<String> leaves = g.boxes().stream().filter(b -> b.kind() == GradGraph.Kind.LEAF).map(b -> String.join(" ", b.lines()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("0.weight (8, 1, 3, 3)", "0.bias (8)", "1.weight (8)", "1.bias (8)", "5.weight (10, 128)", "5.bias (10)"), leaves);
        assertEquals(List.of("()"), g.boxes().stream().filter(b -> b.kind() == GradGraph.Kind.OUTPUT).map(b -> text(g, b.id())).toList());

        Set<String> arrows = arrows(g);
        for (String expected : List.of("() -> NllLossBackward", "NllLossBackward -> LogSoftmaxBackward",
                "LogSoftmaxBackward -> AddmmBackward", "AddmmBackward -> ViewBackward", "ViewBackward -> MaxPool2DWithIndicesBackward",
                "MaxPool2DWithIndicesBackward -> ReluBackward", "ReluBackward -> NativeBatchNormBackward",
                "NativeBatchNormBackward -> ConvolutionBackward", "AccumulateGrad -> 0.weight (8, 1, 3, 3)")) {
            assertTrue(arrows.contains(expected), expected + " in " + arrows);
        }
        assertEquals(20, g.arrows().size(), "one per nextFunctions entry, one per leaf, one from the output");
        assertFalse(arrows.stream().anyMatch(a -> a.startsWith("ConvolutionBackward -> ()")), "the input needs no gradient: no box for it");
    }

    @Test
    void boxesAreGroupedByTheModuleWhoseParametersTheyUse() {
        Hookbook.manualSeed(0);
        Module model = cnn();
        GradGraph g = GraphView.of(loss(model), model).graph();
        assertEquals(List.of("5 (Linear)", "1 (BatchNorm2d)", "0 (Conv2d)"), g.groups());
        Map<String, List<GradGraph.Box>> byGroup = g.boxesByGroup();
        assertEquals(Set.of("ConvolutionBackward", "AccumulateGrad", "0.weight (8, 1, 3, 3)", "0.bias (8)"),
                byGroup.get("0 (Conv2d)").stream().map(b -> String.join(" ", b.lines())).collect(Collectors.toSet()));
        assertEquals(5, byGroup.get("5 (Linear)").size(), "Addmm, two AccumulateGrad, weight and bias");
        for (GradGraph.Box b : g.boxes()) {
            if (List.of("ReluBackward", "ViewBackward", "NllLossBackward").contains(b.lines().get(0))) assertEquals(null, b.group(), b.toString());
        }
    }

    @Test
    void withoutAModelLeavesShowTheirShapesAndNothingIsGrouped() {
        Hookbook.manualSeed(0);
        Module mlp = new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));
        Tensor x = Tensor.randn(8, 64).requiresGrad(true);
        GradGraph g = GraphView.of(mlp.call(x)).graph();
        assertTrue(g.groups().isEmpty());
        Set<String> leaves = g.boxes().stream().filter(b -> b.kind() == GradGraph.Kind.LEAF).map(b -> String.join(" ", b.lines()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("(32, 64)", "(32)", "(10, 32)", "(10)", "(8, 64)"), leaves, "the input that requires grad is a leaf too");
        assertEquals("(8, 10)", text(g, 0));
    }

    @Test
    void theLayoutOverlapsNoBoxesAndKeepsEachGroupsBoxesInItsFrame() {
        Hookbook.manualSeed(0);
        Module model = cnn();
        GraphLayout layout = GraphLayout.of(GraphView.of(loss(model), model).graph());
        List<GraphLayout.PlacedBox> boxes = layout.boxes();
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertFalse(boxes.get(i).bounds().intersects(boxes.get(j).bounds()), boxes.get(i) + " overlaps " + boxes.get(j));
            }
            Rectangle2D b = boxes.get(i).bounds();
            assertTrue(b.getMinX() >= 0 && b.getMinY() >= 0 && b.getMaxX() <= layout.width() && b.getMaxY() <= layout.height(), b.toString());
        }
        for (GraphLayout.PlacedGroup group : layout.groups()) {
            for (GraphLayout.PlacedBox box : boxes) {
                if (group.name().equals(box.box().group())) assertTrue(group.bounds().contains(box.bounds()), box + " outside " + group);
                else assertFalse(group.bounds().intersects(box.bounds()), box + " inside the frame of " + group.name());
            }
        }
        for (GraphLayout.PlacedArrow a : layout.arrows()) assertTrue(a.points().size() >= 2, a.toString());
        // The output is above the leaves: arrows run down, along the gradient.
        double outputY = boxes.get(0).bounds().getY();
        assertTrue(boxes.stream().filter(b -> b.box().kind() == GradGraph.Kind.LEAF).allMatch(b -> b.bounds().getY() > outputY));
    }

    @Test
    void theSvgIsValidXmlWithEveryLabelAsText() throws Exception {
        Hookbook.manualSeed(0);
        Module model = cnn();
        GraphView view = GraphView.of(loss(model), model);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = f.newDocumentBuilder().parse(new ByteArrayInputStream(view.toSvg().getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", svg.getDocumentElement().getTagName());
        NodeList texts = svg.getElementsByTagName("text");
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) shown.add(texts.item(i).getTextContent());
        for (String label : List.of("NllLossBackward", "ConvolutionBackward", "5.weight", "(10, 128)", "()", "0 (Conv2d)", "1 (BatchNorm2d)")) {
            assertTrue(shown.contains(label), label + " in " + shown);
        }
        assertTrue(view.toSvg().contains("rgb(173,216,230)"), "leaves light blue");
        assertTrue(view.toSvg().contains("rgb(202,255,112)"), "the output light green");
    }

    @Test
    void theImageIsDrawnAtASensibleSizeInTorchvizColours() {
        Hookbook.manualSeed(0);
        Module model = cnn();
        BufferedImage image = GraphView.of(loss(model), model).toImage();
        assertTrue(image.getWidth() > 300 && image.getWidth() < 1500 && image.getHeight() > 500 && image.getHeight() < 1500,
                image.getWidth() + "x" + image.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) for (int x = 0; x < image.getWidth(); x += 2) colours.add(image.getRGB(x, y) & 0xFFFFFF);
        assertTrue(colours.contains(0xADD8E6) && colours.contains(0xCAFF70) && colours.contains(0xD3D3D3), "leaf, output and node fills");
        assertTrue(colours.size() > 20, "text is drawn (antialiased shades): " + colours.size());
    }

    @Test
    void aLargeGraphIsScaledToStayWithinTheImageLimit() {
        Hookbook.manualSeed(0);
        List<Module> layers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            layers.add(new Linear(4, 4));
            layers.add(new ReLU());
        }
        Module deep = new Sequential(layers.toArray(new Module[0]));
        GraphView view = GraphView.of(deep.call(Tensor.randn(2, 4)).sum(), deep);
        BufferedImage image = view.toImage();
        assertTrue(Math.max(image.getWidth(), image.getHeight()) <= GraphView.MAX_IMAGE_SIDE, image.getWidth() + "x" + image.getHeight());
        assertEquals(40, view.graph().groups().size());
        assertTrue(view.toString().startsWith("GraphView(242 boxes, "), view.toString());
    }

    @Test
    void aTensorWithoutAGraphIsRefusedClearly() {
        Tensor leaf = Tensor.randn(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> GraphView.of(leaf));
        assertEquals("GraphView.of: the tensor (shape (2, 3)) has no gradient graph: it is a leaf, or was computed without grad "
                + "(under noGrad, or from inputs that need none)", e.getMessage());
        Module lin = new Linear(3, 1);
        Tensor noGrad;
        try (var s = Autograd.noGrad()) {
            noGrad = lin.call(leaf);
        }
        Tensor finalNoGrad = noGrad;
        assertThrows(IllegalArgumentException.class, () -> GraphView.of(finalNoGrad, lin));
        assertThrows(IllegalArgumentException.class, () -> GraphView.of(null));
        assertThrows(IllegalArgumentException.class, () -> GraphView.of(lin.call(leaf), null));
    }

    @Test
    void recordingTheForwardPassFramesEveryNodeWithTheModuleThatMadeIt() {
        Hookbook.manualSeed(0);
        Module model = cnn();
        GraphView view = GraphView.record(model, () -> loss(model));
        Map<String, Set<String>> byGroup = new java.util.LinkedHashMap<>();
        view.graph().boxesByGroup().forEach((g, boxes) -> byGroup.put(g, boxes.stream().map(b -> b.lines().get(0)).collect(Collectors.toSet())));
        assertEquals(Set.of("ReluBackward"), byGroup.get("2 (ReLU)"), byGroup.toString());
        assertEquals(Set.of("MaxPool2DWithIndicesBackward"), byGroup.get("3 (MaxPool2d)"));
        assertEquals(Set.of("ViewBackward"), byGroup.get("4 (Flatten)"));
        assertEquals(Set.of("AddmmBackward", "AccumulateGrad", "5.weight", "5.bias"), byGroup.get("5 (Linear)"));
        for (GradGraph.Box b : view.graph().boxes()) {
            if (List.of("NllLossBackward", "LogSoftmaxBackward").contains(b.lines().get(0))) assertEquals(null, b.group(), "the loss is no module's");
        }
        assertFalse(dev.hookbook.trace.events.Tracer.active(), "the recording ended");
        assertTrue(model.hooks().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> GraphView.record(null, () -> loss(model)));
    }

    @Test
    void theGraphOfAModelOnAnOpenClDeviceIsTheSame() {
        Device device;
        try {
            device = Device.opencl();
        } catch (IllegalStateException e) {
            if ("true".equals(System.getenv("CI"))) fail("CI=true, so the OpenCL test must run, but there is no OpenCL device: " + e.getMessage());
            System.out.println("Skipping OpenCL test: " + e.getMessage());
            Assumptions.abort("no OpenCL device: " + e.getMessage());
            return;
        }
        Hookbook.manualSeed(0);
        Module onCpu = cnn();
        Set<String> expected = arrows(GraphView.of(loss(onCpu), onCpu).graph());
        Module model = cnn().to(device);
        Tensor x = Tensor.randn(4, 1, 8, 8).to(device);
        Tensor loss = F.crossEntropy(model.call(x), Tensor.of(new float[]{1, 2, 3, 4}, 4).to(device));
        GraphView view = GraphView.of(loss, model);
        assertEquals(expected, arrows(view.graph()));
        assertTrue(view.toImage().getWidth() > 300);
    }

    @Test
    void showSavedListsTheShapesEachNodeKeepsForBackward() {
        Tensor x = Tensor.randn(2, 3).requiresGrad(true);
        Tensor w = Tensor.randn(3, 4).requiresGrad(true);
        Tensor out = x.matmul(w).exp().sum();
        GradGraph plain = GraphView.of(out).graph();
        GradGraph saved = GraphView.of(out).showSaved(true).graph();
        Set<String> plainBoxes = plain.boxes().stream().map(b -> String.join(" ", b.lines())).collect(Collectors.toSet());
        Set<String> savedBoxes = saved.boxes().stream().map(b -> String.join(" ", b.lines())).collect(Collectors.toSet());
        assertTrue(plainBoxes.contains("ExpBackward"), plainBoxes.toString());
        // Exp keeps its result [2, 4]; the product keeps both factors; a sum keeps nothing.
        assertTrue(savedBoxes.contains("ExpBackward saved (2, 4)"), savedBoxes.toString());
        assertTrue(savedBoxes.stream().anyMatch(b -> b.contains("saved (2, 3)") && b.contains("saved (3, 4)")), savedBoxes.toString());
        assertTrue(savedBoxes.contains("SumBackward"), savedBoxes.toString());
        assertTrue(GraphView.of(out).showSaved(true).toSvg().contains("saved (2, 4)"));
    }

    @Test
    void aConvolutionKeepsItsInputAndWeightAsPyTorchsConvolutionBackwardDoes() {
        // PyTorch's ConvolutionBackward0 saves self (the input) and weight, even for an input that
        // needs no gradient (a batch of pictures); not im2col's columns (32, 9, 64), kh*kw times the input.
        Tensor x = Tensor.randn(32, 1, 8, 8);
        Conv2d conv = new Conv2d(1, 4, 3, 1, 1);
        Tensor out = conv.call(x).sum();
        Set<String> boxes = GraphView.of(out, conv).showSaved(true).graph().boxes().stream()
                .map(b -> String.join(" ", b.lines())).collect(Collectors.toSet());
        assertTrue(boxes.contains("ConvolutionBackward saved (32, 1, 8, 8) saved (4, 1, 3, 3)"), boxes.toString());
        assertTrue(boxes.stream().noneMatch(b -> b.contains("(32, 9, 64)")), boxes.toString());
    }
}
