package dev.hookbook.viz.graph;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Places a {@link GradGraph} with Eclipse ELK's layered algorithm (Sugiyama-style layers, top
 * to bottom, orthogonal arrows), run as a plain library: the algorithm is registered once with
 * ELK's meta-data service, no OSGi. Module groups become compound nodes, laid out with the rest
 * ({@code INCLUDE_CHILDREN}) so arrows may enter and leave them. Every coordinate here is
 * absolute, in pixels at scale 1.
 */
public final class GraphLayout {
    static final Font FONT = new Font("DejaVu Sans Mono", Font.PLAIN, 12);
    static final Font GROUP_FONT = new Font("DejaVu Sans", Font.PLAIN, 11);
    private static final int PAD_X = 10, PAD_Y = 6, MARGIN = 16;

    static {
        LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
    }

    /** A box where it was placed. */
    public record PlacedBox(GradGraph.Box box, Rectangle2D bounds) {}

    /** A group's frame, with its name. */
    public record PlacedGroup(String name, Rectangle2D bounds) {}

    /** An arrow as a polyline; it points at its last point. */
    public record PlacedArrow(GradGraph.Arrow arrow, List<Point2D> points) {}

    private final List<PlacedBox> boxes = new ArrayList<>();
    private final List<PlacedGroup> groups = new ArrayList<>();
    private final List<PlacedArrow> arrows = new ArrayList<>();
    private double width, height;

    public static GraphLayout of(GradGraph graph) {
        return new GraphLayout(graph);
    }

    private GraphLayout(GradGraph graph) {
        FontMetrics metrics = metrics(FONT);
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        root.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(MARGIN));
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 28.0);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 18.0);
        root.setProperty(CoreOptions.SPACING_EDGE_NODE, 12.0);

        Map<String, ElkNode> groupNodes = new HashMap<>();
        double groupLabelHeight = metrics(GROUP_FONT).getHeight();
        for (String g : graph.groups()) {
            ElkNode n = ElkGraphUtil.createNode(root);
            n.setProperty(CoreOptions.PADDING, new ElkPadding(groupLabelHeight + 8, 10, 10, 10));
            n.setProperty(CoreOptions.NODE_SIZE_MINIMUM, new org.eclipse.elk.core.math.KVector(
                    metrics(GROUP_FONT).stringWidth(g) + 20, 0));
            n.setProperty(CoreOptions.NODE_SIZE_CONSTRAINTS, java.util.EnumSet.of(org.eclipse.elk.core.options.SizeConstraint.MINIMUM_SIZE));
            groupNodes.put(g, n);
        }
        Map<Integer, ElkNode> boxNodes = new HashMap<>();
        for (GradGraph.Box b : graph.boxes()) {
            ElkNode parent = b.group() == null ? root : groupNodes.get(b.group());
            ElkNode n = ElkGraphUtil.createNode(parent);
            int textWidth = b.lines().stream().mapToInt(metrics::stringWidth).max().orElse(0);
            n.setDimensions(textWidth + 2 * PAD_X, b.lines().size() * metrics.getHeight() + 2 * PAD_Y);
            boxNodes.put(b.id(), n);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (GradGraph.Arrow a : graph.arrows()) {
            ElkEdge e = ElkGraphUtil.createSimpleEdge(boxNodes.get(a.from()), boxNodes.get(a.to()));
            ElkGraphUtil.updateContainment(e);
            edges.add(e);
        }

        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        for (String g : graph.groups()) groups.add(new PlacedGroup(g, bounds(groupNodes.get(g))));
        for (GradGraph.Box b : graph.boxes()) boxes.add(new PlacedBox(b, bounds(boxNodes.get(b.id()))));
        for (int i = 0; i < edges.size(); i++) arrows.add(new PlacedArrow(graph.arrows().get(i), points(edges.get(i))));
        // The picture's size from what was placed: ELK's root size can fall short of a compound node's frame.
        width = root.getWidth();
        height = root.getHeight();
        for (PlacedGroup g : groups) grow(g.bounds());
        for (PlacedBox b : boxes) grow(b.bounds());
        for (PlacedArrow a : arrows) a.points().forEach(p -> grow(new Rectangle2D.Double(p.getX(), p.getY(), 0, 0)));
    }

    private void grow(Rectangle2D r) {
        width = Math.max(width, r.getMaxX() + MARGIN);
        height = Math.max(height, r.getMaxY() + MARGIN);
    }

    private static FontMetrics metrics(Font font) {
        return new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics().getFontMetrics(font);
    }

    /** A node's bounds in the root's coordinates (ELK gives them relative to the parent). */
    private static Rectangle2D bounds(ElkNode n) {
        Point2D origin = origin(n.getParent());
        return new Rectangle2D.Double(origin.getX() + n.getX(), origin.getY() + n.getY(), n.getWidth(), n.getHeight());
    }

    private static Point2D origin(ElkNode n) {
        double x = 0, y = 0;
        for (ElkNode p = n; p != null && p.getParent() != null; p = p.getParent()) {
            x += p.getX();
            y += p.getY();
        }
        return new Point2D.Double(x, y);
    }

    /** An edge's route in the root's coordinates (ELK gives it relative to the edge's containing node). */
    private static List<Point2D> points(ElkEdge e) {
        Point2D o = origin(e.getContainingNode());
        List<Point2D> out = new ArrayList<>();
        for (ElkEdgeSection s : e.getSections()) {
            out.add(new Point2D.Double(o.getX() + s.getStartX(), o.getY() + s.getStartY()));
            for (ElkBendPoint b : s.getBendPoints()) out.add(new Point2D.Double(o.getX() + b.getX(), o.getY() + b.getY()));
            out.add(new Point2D.Double(o.getX() + s.getEndX(), o.getY() + s.getEndY()));
        }
        return out;
    }

    public List<PlacedBox> boxes() {
        return boxes;
    }

    public List<PlacedGroup> groups() {
        return groups;
    }

    public List<PlacedArrow> arrows() {
        return arrows;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }
}
