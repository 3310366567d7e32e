package dev.hookbook.trace;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Shape;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A model's layers with their output shapes and parameter counts, as torchinfo's
 * {@code summary(model, input_size)} prints them: one row per module call, by depth, then the
 * totals, the mult-adds and the memory a forward and backward pass needs.
 *
 * <pre>{@code
 * System.out.println(ModelSummary.of(model, 64, 1, 8, 8));    // a batch of 64 digits
 * }</pre>
 *
 * <p>It runs one forward pass on zeros under hooks, without gradients and in eval mode, and
 * leaves the model as it was (hooks removed, training flags restored, parameters and buffers
 * untouched). The rules are torchinfo's (its {@code layer_info.py} and
 * {@code model_statistics.py}): a container's "Param #" counts only what no row below it
 * shows ("--" when that is nothing); a frozen layer's count is in parentheses; a module called
 * again, or one whose own parameters were all counted on an earlier row (a tied weight), says
 * "(recursive)"; the totals count a shared parameter once. Mult-adds count a Conv's parameters
 * once per output position and a Linear's once per output row. "Forward/backward pass size" is
 * twice the outputs of the layers with parameters, "Params size" four bytes per parameter.
 * Two differences from torchinfo: a layer is named by its dotted path in the model (torchinfo
 * shows the attribute name), and "Input size" is the inputs' bytes (torchinfo adds Python's
 * object header).
 */
public final class ModelSummary implements Renderable {
    private static final int COLUMN_WIDTH = 25;
    private static final List<String> HEADERS = List.of("Output Shape", "Param #", "Trainable");

    private final String modelType;
    private final List<SummaryRow> rows;
    private final List<int[]> inputShapes;
    private final int maxDepth;

    private ModelSummary(String modelType, List<SummaryRow> rows, List<int[]> inputShapes, int maxDepth) {
        this.modelType = modelType;
        this.rows = rows;
        this.inputShapes = inputShapes;
        this.maxDepth = maxDepth;
    }

    /** The summary of {@code model} called with one input of {@code inputShape} (batch included). */
    public static ModelSummary of(Module model, int... inputShape) {
        return of(model, List.of(inputShape == null ? new int[0] : inputShape));
    }

    /** The summary of {@code model} called with one input per shape. */
    public static ModelSummary of(Module model, List<int[]> inputShapes) {
        if (model == null) throw new IllegalArgumentException("ModelSummary.of: expected a model, got null");
        if (inputShapes == null || inputShapes.isEmpty()) {
            throw new IllegalArgumentException("ModelSummary.of: expected at least one input shape such as (64, 784), got none");
        }
        List<int[]> shapes = new ArrayList<>();
        for (int[] s : inputShapes) {
            if (s == null || s.length == 0 || Arrays.stream(s).anyMatch(d -> d <= 0)) {
                throw new IllegalArgumentException("ModelSummary.of: expected input shapes of positive sizes, batch first, such as "
                        + "(64, 784); got " + (s == null ? "null" : Shape.str(s)));
            }
            shapes.add(s.clone());
        }
        return new ModelSummary(SummaryRow.typeName(model), List.copyOf(SummaryRecorder.record(model, shapes)), shapes, 3);
    }

    /** The same summary showing rows down to {@code depth} (the root is depth 0; torchinfo's default, 3, when not set). */
    public ModelSummary depth(int depth) {
        if (depth < 0) throw new IllegalArgumentException("ModelSummary.depth: expected 0 or more, got " + depth);
        return new ModelSummary(modelType, rows, inputShapes, depth);
    }

    /** Every parameter of the model, a shared one once. */
    public long totalParameters() {
        return rows.get(0).parameters;
    }

    /** The parameters that require grad. */
    public long trainableParameters() {
        return rows.get(0).trainable;
    }

    /** The multiply-accumulates of one forward pass of the whole batch (torchinfo's "Total mult-adds"). */
    public long multAdds() {
        return rows.stream().filter(r -> r.leaf).mapToLong(r -> r.multAdds).sum();
    }

    long inputBytes() {
        return inputShapes.stream().mapToLong(s -> Float.BYTES * Arrays.stream(s).asLongStream().reduce(1, (a, b) -> a * b)).sum();
    }

    /** Outputs kept for backward, twice (their gradients): leaf layers with parameters only, as torchinfo counts. */
    long forwardBackwardBytes() {
        return rows.stream().filter(r -> r.leaf && r.parameters > 0).mapToLong(r -> 2 * r.outputBytes).sum();
    }

    long parameterBytes() {
        return Float.BYTES * totalParameters();
    }

    /** The rows shown at the current depth. */
    List<SummaryRow> shownRows() {
        return rows.stream().filter(r -> r.depth <= maxDepth).toList();
    }

    /** The rows of the table, one per module call, in call order (every depth). */
    List<SummaryRow> rows() {
        return rows;
    }

    /** The totals below the layer rows, as label and value ("Total params", "21,840"), in torchinfo's order. */
    List<String[]> totals() {
        long total = totalParameters(), trainable = trainableParameters();
        return List.of(
                new String[]{"Total params", amount(total, false, false)},
                new String[]{"Trainable params", amount(trainable, false, false)},
                new String[]{"Non-trainable params", amount(total - trainable, false, false)},
                new String[]{"Total mult-adds", amount(multAdds(), true, false)},
                new String[]{"Input size", amount(inputBytes(), true, true)},
                new String[]{"Forward/backward pass size", amount(forwardBackwardBytes(), true, true)},
                new String[]{"Params size", amount(parameterBytes(), true, true)},
                new String[]{"Estimated Total Size", amount(inputBytes() + forwardBackwardBytes() + parameterBytes(), true, true)});
    }

    /** The text table, character for character as torchinfo lays it out. */
    @Override
    public String toString() {
        int nameWidth = 40;
        int longest = rows.stream().mapToInt(r -> r.layerName().length() + r.depth * 5 + 1).max().orElse(0);
        if (longest >= nameWidth) nameWidth = (longest + 4) / 5 * 5;
        String divider = "=".repeat(HEADERS.size() * COLUMN_WIDTH + nameWidth);
        StringBuilder sb = new StringBuilder();
        sb.append(divider).append('\n').append(line(nameWidth, "Layer (type (var_name):depth-idx)", HEADERS)).append(divider).append('\n');
        for (SummaryRow r : shownRows()) {
            sb.append(line(nameWidth, branch(r.depth) + r.layerName(), cells(r)));
        }
        List<String[]> totals = totals();
        sb.append(divider).append('\n');
        for (int i = 0; i < totals.size(); i++) {
            if (i == 4) sb.append(divider).append('\n');
            sb.append(totals.get(i)[0]).append(totals.get(i)[1]).append('\n');
        }
        return sb.append(divider).toString();
    }

    /** The cells of a row after its name: output shape, "Param #", "Trainable". */
    List<String> cells(SummaryRow r) {
        String shape = r.outputShape.length == 0 ? "--" : Arrays.toString(r.outputShape);
        return List.of(shape, r.parametersText(r.depth == maxDepth), r.trainableText());
    }

    /** In a notebook: {@link #toHtml()}, with {@link #toString()} as the plain text. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return MimeBundle.html(toHtml(), toString());
    }

    /** The summary as an HTML table, for notebooks. */
    public String toHtml() {
        return SummaryHtml.of(this);
    }

    String modelType() {
        return modelType;
    }

    private static String line(int nameWidth, String name, List<String> cells) {
        StringBuilder sb = new StringBuilder(pad(name, nameWidth)).append(' ');
        for (String c : cells) sb.append(pad(c, COLUMN_WIDTH)).append(' ');
        return sb.toString().stripTrailing() + "\n";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** The tree branches before a row's name: none at the root, "├─" at depth 1, "│    └─" below. */
    static String branch(int depth) {
        if (depth == 0) return "";
        if (depth == 1) return "├─";
        return "│    ".repeat(depth - 1) + "└─";
    }

    static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** torchinfo's format_output_num: ": 1,234", or with units " (MB): 1.23" (two decimals, ties to even as Python). */
    static String amount(long n, boolean autoUnits, boolean bytes) {
        String units = "";
        double value = n;
        if (autoUnits) {
            double[] factors = {1e12, 1e9, 1e6, 1e3};
            String[] names = {"T", "G", "M", "k"};
            for (int i = 0; i < factors.length; i++) {
                if (n >= factors[i]) {
                    units = names[i];
                    value = n / factors[i];
                    break;
                }
            }
        }
        String shown = units.isEmpty() ? "" : " (" + units + (bytes ? "B" : "") + ")";
        if (value == Math.rint(value)) return shown + ": " + grouped((long) value);
        BigDecimal rounded = new BigDecimal(value).setScale(2, RoundingMode.HALF_EVEN);
        return shown + ": " + String.format(Locale.ROOT, "%,.2f", rounded);
    }
}
