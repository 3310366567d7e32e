package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.interp.ActivationCache;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.widgets.Dropdown;
import dev.hookbook.widgets.Image;
import dev.hookbook.widgets.ToggleButtons;
import dev.hookbook.widgets.VBox;
import dev.hookbook.widgets.Widgets;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The attention patterns of a cached run, one layer and one head (or all heads) at a time: a
 * {@link Dropdown} of the layers (every cached {@code ...hook_pattern}, such as
 * {@code blocks.0.attn.hook_pattern}), {@link ToggleButtons} of the heads with "all" first, and
 * the map of {@link Charts#attention} below, redrawn through {@link Widgets#interact} when either
 * moves (circuitsvis's attention-pattern view with its layer and head selectors). Made by
 * {@link Charts#attentionExplorer}. It starts at the last layer, all heads, which is the picture
 * a notebook opened without a kernel shows.
 */
public final class AttentionExplorer implements Renderable {
    private static final String ALL = "all";

    private final List<String> names;
    private final List<Tensor> patterns; // [heads, T, T] per layer, the first sequence of the batch
    private final List<String> tokens;
    private final Dropdown layer;
    private final ToggleButtons head;
    private final Image image;
    private final VBox view;

    AttentionExplorer(ActivationCache cache, List<String> tokens) {
        List<String> found = cache.keys().stream().filter(n -> n.endsWith("hook_pattern")).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("Charts.attentionExplorer: expected a cache with attention patterns (names ending in"
                    + " hook_pattern), got " + cache.keys());
        }
        names = found;
        this.tokens = List.copyOf(tokens);
        patterns = new ArrayList<>();
        int heads = 0;
        for (String name : names) {
            Tensor pattern = headsFirst(name, cache.get(name), tokens.size());
            patterns.add(pattern);
            heads = Math.max(heads, pattern.shape()[0]);
        }
        List<String> layers = names.stream().map(AttentionExplorer::layerLabel).toList();
        List<String> headOptions = new ArrayList<>(List.of(ALL));
        for (int h = 0; h < heads; h++) headOptions.add(String.valueOf(h));
        layer = new Dropdown("layer", layers);
        layer.setValue(layers.get(layers.size() - 1));
        head = new ToggleButtons("head", headOptions);
        VBox picture = Widgets.interactiveOutput(this::picture, layer, head);
        image = picture.lastImage();
        view = new VBox(layer, head, picture);
    }

    /** {@code [heads, T, T]} of a cached pattern {@code [B, heads, T, T]} (sequence 0), {@code [heads, T, T]} or {@code [T, T]}. */
    private static Tensor headsFirst(String name, Tensor pattern, int tokens) {
        int[] shape = pattern.shape();
        Tensor hts = shape.length == 4 ? pattern.narrow(0, 0, 1).squeeze(0) : shape.length == 2 ? pattern.unsqueeze(0) : pattern;
        int[] s = hts.shape();
        if (hts.dim() != 3 || s[1] != s[2] || s[2] != tokens) {
            throw new IllegalArgumentException("Charts.attentionExplorer: expected " + name + " to be [B, heads, T, T] with T = "
                    + tokens + " tokens, got " + Shape.str(shape));
        }
        return hts;
    }

    /** {@code "blocks.0"} for {@code "blocks.0.attn.hook_pattern"}: the block is what a reader picks. */
    private static String layerLabel(String name) {
        String label = name.replaceFirst("\\.?(attn\\.)?hook_pattern$", "");
        return label.isEmpty() ? name : label;
    }

    private Object picture() {
        int l = layer.index();
        Tensor pattern = patterns.get(l);
        String chosen = head.value();
        String title = layerLabel(names.get(l));
        if (chosen.equals(ALL)) {
            return image(Charts.attention(pattern, tokens, title + ", all heads"), 900, 440);
        }
        int h = Integer.parseInt(chosen);
        if (h >= pattern.shape()[0]) return title + " has " + pattern.shape()[0] + " heads";
        return image(Charts.attention(pattern.narrow(0, h, 1).squeeze(0), tokens, title + ", head " + h), 560, 520);
    }

    private static BufferedImage image(org.jfree.chart.JFreeChart chart, int width, int height) {
        return Charts.image(chart, width, height);
    }

    /** The drop-down of the layers. */
    public Dropdown layerDropdown() {
        return layer;
    }

    /** The buttons of the heads, "all" first. */
    public ToggleButtons headButtons() {
        return head;
    }

    /** The picture of the layer and heads chosen. */
    public Image image() {
        return image;
    }

    /** The whole widget: the selectors above the map. */
    public VBox widget() {
        return view;
    }

    /** The widget, with a one-line text fallback and the map for front ends without widgets. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return view.toMimeBundle(imageFormats).with(MimeBundle.TEXT, toString());
    }

    @Override
    public String toString() {
        return "AttentionExplorer(" + names.size() + " layers, " + (head.options().size() - 1) + " heads; showing "
                + layer.value() + ", head " + head.value() + ")";
    }
}
