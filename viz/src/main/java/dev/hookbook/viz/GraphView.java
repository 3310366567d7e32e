package dev.hookbook.viz;

import dev.hookbook.autograd.Node;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.graph.GradGraph;
import dev.hookbook.viz.graph.GraphLayout;
import dev.hookbook.viz.graph.GraphPainter;
import dev.hookbook.viz.graph.ModuleOfNodes;
import dev.hookbook.viz.live.Screen;
import dev.hookbook.trace.events.Tracer;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A picture of the gradient graph behind a tensor, as torchviz's {@code make_dot} draws it:
 * a box per {@code gradFn} node with its name, each leaf that collects a gradient (light blue)
 * with its shape and, given the model, its parameter name, the output (light green) with its
 * shape. Arrows follow the gradient, from the output down to the leaves (torchviz draws the same
 * arrows the other way round, along the forward pass).
 *
 * <pre>{@code
 * Tensor loss = F.crossEntropy(model.call(x), y);
 * GraphView.of(loss, model)            // shown inline in a notebook
 * }</pre>
 *
 * <p>Given the model, boxes are grouped in a frame per module: a module's parameters, their
 * {@code AccumulateGrad} nodes and the nodes that take those parameters as direct inputs. Nodes
 * that use no parameter (activations, pooling, reshapes) stay outside the frames, since the
 * graph records no module; {@link #record} records the forward pass and frames every node
 * with the module that made it. The layout is Eclipse ELK's layered algorithm; the drawing is
 * Java2D, to an image or, through JFreeSVG, to SVG. A large graph is drawn at a smaller scale in
 * {@link #toImage()}; the SVG keeps its full size and scales in the browser. Each module frame
 * shifts the chain below it sideways (the arrow leaves the frame at its side), so a long chain
 * of grouped layers makes a wide picture.
 */
public final class GraphView implements Renderable {
    static {
        Screen.settle();        // before AWT starts measuring text: with no X server that answers, draw headless
    }

    /** The image's longer side at most, in pixels; a larger graph is drawn smaller. */
    static final int MAX_IMAGE_SIDE = 3000;

    private final Tensor output;
    private final Module model;
    private final Map<Node, String> madeBy;
    private final boolean showSaved;
    private final GradGraph graph;
    private GraphLayout layout;

    private GraphView(Tensor output, Module model, Map<Node, String> madeBy, boolean showSaved) {
        this.output = output;
        this.model = model;
        this.madeBy = madeBy;
        this.showSaved = showSaved;
        this.graph = GradGraph.of(output, model, madeBy, showSaved);
    }

    /** The graph behind {@code output}, leaves named by their shapes only. */
    public static GraphView of(Tensor output) {
        return new GraphView(output, null, Map.of(), false);
    }

    /** The graph behind {@code output}, leaves named by {@code model}'s parameter names and grouped by module. */
    public static GraphView of(Tensor output, Module model) {
        if (model == null) throw new IllegalArgumentException("GraphView.of: expected a model, got null (use GraphView.of(output) without one)");
        return new GraphView(output, model, Map.of(), false);
    }

    /**
     * Runs {@code forward} (code that calls {@code model}, such as its loss) while recording which
     * module makes each node, and shows the graph behind what it returns with every node in the
     * frame of the innermost module whose {@code call} made it: activations, pooling and
     * reshapes too. The recording uses the engine's trace events, so models that are not being
     * recorded keep their hook-free fast path.
     *
     * <pre>{@code
     * GraphView.record(model, () -> F.crossEntropy(model.call(x), y))
     * }</pre>
     */
    public static GraphView record(Module model, Supplier<Tensor> forward) {
        if (model == null || forward == null) {
            throw new IllegalArgumentException("GraphView.record: expected a model and the code that calls it, got "
                    + (model == null ? "no model" : "no code"));
        }
        ModuleOfNodes madeBy = new ModuleOfNodes();
        Tensor output;
        try (var recording = Tracer.record(madeBy)) {
            output = forward.get();
        }
        return new GraphView(output, model, madeBy.groups(), false);
    }

    /**
     * The same picture with, in each node's box, the shapes of the tensors the node keeps for
     * its backward (what {@code Autograd.savedTensorsHooks} would see packed), as torchviz's
     * {@code show_saved}. A backward that did not retain the graph frees them, but their shapes
     * stay known.
     */
    public GraphView showSaved(boolean show) {
        return show == showSaved ? this : new GraphView(output, model, madeBy, show);
    }

    /** The boxes, arrows and groups drawn. */
    public GradGraph graph() {
        return graph;
    }

    private synchronized GraphLayout layout() {
        if (layout == null) layout = GraphLayout.of(graph);
        return layout;
    }

    /**
     * The picture as an SVG document (text as text, so it can be searched and copied). Needs
     * JFreeSVG, an optional dependency (see {@link Charts#svg}).
     */
    public String toSvg() {
        GraphLayout l = layout();
        return Svg.document((int) Math.ceil(l.width()), (int) Math.ceil(l.height()), g -> GraphPainter.paint(l, g));
    }

    /** The picture as an image; large graphs are scaled down so the longer side stays at most 3000 pixels. */
    public BufferedImage toImage() {
        GraphLayout l = layout();
        double scale = Math.min(1, MAX_IMAGE_SIDE / Math.max(l.width(), l.height()));
        BufferedImage image = new BufferedImage((int) Math.ceil(l.width() * scale), (int) Math.ceil(l.height() * scale),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.scale(scale, scale);
            GraphPainter.paint(l, g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** In a notebook: SVG (sharp at any size, where JFreeSVG is present) and PNG with its size, whatever the chart formats. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return ChartImages.graph(this);
    }

    /** One line: how many boxes and arrows, and the output's node. */
    @Override
    public String toString() {
        return "GraphView(" + graph.boxes().size() + " boxes, " + graph.arrows().size() + " arrows"
                + (graph.groups().isEmpty() ? "" : ", " + graph.groups().size() + " module groups") + ")";
    }
}
