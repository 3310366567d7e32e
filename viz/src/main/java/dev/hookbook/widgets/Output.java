package dev.hookbook.widgets;

import dev.hookbook.display.Comms;
import dev.hookbook.display.MimeBundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An area that collects outputs (ipywidgets' {@code Output}, {@code OutputModel} of
 * {@code @jupyter-widgets/output} 1.0.0). {@link #capture} works as ipywidgets' {@code with out:}:
 * while the block runs, the widget's {@code msg_id} is the running request's, and the front end
 * moves the outputs of that request (what is printed, what is displayed) into the widget. Outside
 * a kernel the block just runs. {@link #appendStdout} and {@link #appendDisplayData} add outputs
 * from Java.
 */
public final class Output extends Widget<List<Map<String, Object>>> {

    /** An empty output area. */
    public Output() {
        super("@jupyter-widgets/output", "1.0.0", "OutputModel", "@jupyter-widgets/output", "OutputView");
        domWidget();
        setInitial("msg_id", "");
        setInitial("outputs", List.of());
    }

    /** Runs {@code block} with its printed and displayed outputs going into this widget. */
    public void capture(Runnable block) {
        String request = Comms.current().map(Comms::currentRequestId).orElse("");
        ensureOpen();
        set("msg_id", request);
        try {
            block.run();
        } finally {
            System.out.flush();
            set("msg_id", "");
        }
    }

    /** Adds {@code text} as standard output. */
    public void appendStdout(String text) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "stream");
        output.put("name", "stdout");
        output.put("text", text);
        append(output);
    }

    /** Adds {@code bundle} as a displayed output. */
    public void appendDisplayData(MimeBundle bundle) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("output_type", "display_data");
        output.put("data", new LinkedHashMap<>(bundle.data()));
        output.put("metadata", new LinkedHashMap<>(bundle.metadata()));
        append(output);
    }

    private void append(Map<String, Object> output) {
        List<Map<String, Object>> outputs = new ArrayList<>(value());
        outputs.add(output);
        set("outputs", List.copyOf(outputs));
    }

    /** Removes every output (ipywidgets' {@code clear_output()}). */
    public void clear() {
        set("outputs", List.of());
    }

    @Override
    String valueKey() {
        return "outputs";
    }

    /** The outputs, as nbformat writes them. */
    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> value() {
        return (List<Map<String, Object>>) get("outputs");
    }

    @Override
    public void setValue(List<Map<String, Object>> outputs) {
        set("outputs", List.copyOf(outputs));
    }

    @Override
    public String toString() {
        return "Output(outputs=" + value().size() + ")";
    }
}
