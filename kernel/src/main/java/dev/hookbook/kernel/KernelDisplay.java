package dev.hookbook.kernel;

import com.google.gson.JsonParser;
import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.render.Renderers;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

import java.util.UUID;

/**
 * {@code display(value)} in the kernel: sends {@code display_data} with a fresh
 * {@code display_id}; the handle's {@code update} sends {@code update_display_data} with the
 * same id, which front ends apply to the output in place (the viz's live charts use this).
 */
final class KernelDisplay implements Display {

    private final Publisher publisher;
    private final StreamPublisher streams;
    private final Renderers renderers;
    private final CellEndActions atCellEnd = new CellEndActions();

    KernelDisplay(Publisher publisher, StreamPublisher streams, Renderers renderers) {
        this.publisher = publisher;
        this.streams = streams;
        this.renderers = renderers;
    }

    @Override
    public DisplayHandle display(Object value) {
        String id = UUID.randomUUID().toString();
        streams.flush();
        publisher.publish(new PublishDisplayData(toDisplayData(renderers.render(value), id)));
        return DisplayHandle.of(id, newValue -> {
            streams.flush();
            publisher.publish(new PublishUpdateDisplayData(toDisplayData(renderers.render(newValue), id)));
        });
    }

    @Override
    public void atCellEnd(Runnable action) {
        atCellEnd.add(action);
    }

    /** Runs what was booked for the end of the cell; the kernel calls it before replying. */
    void cellEnded() {
        atCellEnd.runAll(System.err);
    }

    /** The bundle in the protocol library's form, with a display id when {@code id} is not null. */
    static DisplayData toDisplayData(MimeBundle bundle, String id) {
        DisplayData data = new DisplayData();
        // JSON formats (a widget's view) go as JSON objects, not as strings holding JSON.
        bundle.data().forEach((mime, content) -> data.putData(mime, isJson(mime) ? json(content) : content));
        bundle.metadata().forEach(data::putMetaData);
        if (id != null) {
            data.setDisplayId(id);
        }
        return data;
    }

    private static Object json(String content) {
        try {
            return JsonParser.parseString(content);
        } catch (RuntimeException e) {
            return content; // not JSON after all: sent as it came
        }
    }

    private static boolean isJson(String mime) {
        return mime.equals("application/json") || mime.endsWith("+json");
    }
}
