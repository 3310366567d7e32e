package dev.hookbook.kernel;

import com.google.gson.JsonParser;
import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.render.ImageFiles;
import dev.hookbook.kernel.render.Renderers;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code display(value)} in the kernel: sends {@code display_data} with a fresh
 * {@code display_id}; the handle's {@code update} sends {@code update_display_data} with the
 * same id, which front ends apply to the output in place (the viz's live charts use this).
 *
 * <p>A terminal front end ({@code jupyter console}, see {@link FrontEnd}) prints an output's text
 * once and draws no updates: there an image is written to a PNG file in
 * {@code ./hookbook-charts} instead, and the output is the text that names it
 * ({@code JFreeChart "Loss" (640x400) saved to ...}), and {@link #updatesInPlace()} tells the
 * viz to draw progress as text and live charts as files.
 */
final class KernelDisplay implements Display {

    private final Publisher publisher;
    private final StreamPublisher streams;
    private final Renderers renderers;
    private final CellEndActions atCellEnd = new CellEndActions();
    private final FrontEnd frontEnd;
    private final AtomicInteger imageFiles = new AtomicInteger();

    KernelDisplay(Publisher publisher, StreamPublisher streams, Renderers renderers, FrontEnd frontEnd) {
        this.publisher = publisher;
        this.streams = streams;
        this.renderers = renderers;
        this.frontEnd = frontEnd;
    }

    @Override
    public DisplayHandle display(Object value) {
        String id = UUID.randomUUID().toString();
        ImageFile imageFile = new ImageFile(); // an update rewrites the file its output named
        streams.flush();
        keepOutputsInView();
        publisher.publish(new PublishDisplayData(toDisplayData(forFrontEnd(renderers.render(value), imageFile), id)));
        return DisplayHandle.of(id, newValue -> {
            streams.flush();
            publisher.publish(new PublishUpdateDisplayData(toDisplayData(forFrontEnd(renderers.render(newValue), imageFile), id)));
        });
    }

    @Override
    public boolean updatesInPlace() {
        return frontEnd.updatesInPlace();
    }

    /** The file of one output's images, named when the first one comes: {@code display-N.png}. */
    final class ImageFile {
        private Path path;

        synchronized Path path() {
            if (path == null) {
                path = ImageFiles.DIRECTORY.resolve("display-" + imageFiles.incrementAndGet() + ".png");
            }
            return path;
        }
    }

    /**
     * {@code bundle} as this front end should get it: unchanged for a notebook; for a terminal, an
     * image is written to {@code imageFile} and the output is one line of text saying where.
     */
    MimeBundle forFrontEnd(MimeBundle bundle, ImageFile imageFile) {
        if (frontEnd.updatesInPlace() || !bundle.data().containsKey(MimeBundle.PNG)) {
            return bundle;
        }
        Optional<Path> written = ImageFiles.writePng(bundle, imageFile.path());
        if (written.isEmpty()) {
            return bundle;
        }
        // Text only: jupyter console hands an image to an outside viewer (xdg-open, through PIL)
        // when it finds one, and then prints nothing; the file's path is what a terminal can show.
        return MimeBundle.text(ImageFiles.savedLine(bundle, written.get()));
    }

    @Override
    public void atCellEnd(Runnable action) {
        atCellEnd.add(action);
    }

    /** Runs what was booked for the end of the cell; the kernel calls it before replying. */
    void cellEnded() {
        atCellEnd.runAll(System.err);
        outputsKeptInView.set(false);
    }

    /**
     * The classic Jupyter Notebook folds an output area taller than
     * {@code OutputArea.auto_scroll_threshold} (100 lines of 18 px, 1,820 px) into a scroll box
     * as each output is appended: a cell showing a progress bar and live charts (several hundred
     * pixels each) is folded at once, and while it trains only its first chart is in view until
     * the prompt area is clicked. Before a cell's first {@code display}, the cell gets a small
     * JavaScript output, which the classic Notebook runs with {@code this} bound to the cell's
     * output area: it turns the folding off for that cell ({@code scroll_state = false}, saved as
     * the cell's {@code "scrolled": false}). Elsewhere the script does nothing: JupyterLab and
     * VS Code do not fold outputs on their own, and a front end that runs no JavaScript (or an
     * untrusted notebook) shows its empty text.
     */
    private void keepOutputsInView() {
        if (frontEnd.updatesInPlace() && outputsKeptInView.compareAndSet(false, true)) {
            DisplayData script = new DisplayData();
            script.putData("text/plain", "");
            script.putData("application/javascript", KEEP_IN_VIEW_SCRIPT);
            publisher.publish(new PublishDisplayData(script));
        }
    }

    private final AtomicBoolean outputsKeptInView = new AtomicBoolean(); // for the running cell

    static final String KEEP_IN_VIEW_SCRIPT = "// Hookbook: keep this cell's outputs (live charts, progress) in view, not folded into a scroll box.\n"
            + "if (this && typeof this.unscroll_area === 'function') { this.scroll_state = false; this.unscroll_area(); }\n";

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
