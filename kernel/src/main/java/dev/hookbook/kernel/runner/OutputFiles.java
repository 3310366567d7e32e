package dev.hookbook.kernel.runner;

import com.google.gson.JsonObject;
import dev.hookbook.display.MimeBundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** What a run writes into its output directory: the executed notebook, its HTML page and each image as a PNG. */
final class OutputFiles {

    private final Path directory;
    private final String name;

    /** The files for {@code notebookFile} in {@code directory}, which must not be the notebook's own. */
    OutputFiles(Path directory, Path notebookFile) {
        this.directory = directory;
        this.name = notebookFile.getFileName().toString().replaceFirst("\\.ipynb$", "");
        if (notebook().toAbsolutePath().normalize().equals(notebookFile.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the output would overwrite the notebook itself; choose another --out directory");
        }
        checkWritable();
    }

    /** Before any cell runs, so a long run never ends in an output it cannot write. */
    private void checkWritable() {
        Path blocked = directory.toAbsolutePath();
        while (blocked != null && !Files.exists(blocked)) blocked = blocked.getParent();
        if (blocked != null && !Files.isDirectory(blocked)) {
            throw new IllegalArgumentException("--out " + directory + ": " + blocked + " is a file, expected a directory");
        }
        try {
            Files.createDirectories(directory);
            Files.delete(Files.createTempFile(directory, ".jnb-write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("--out " + directory + ": cannot write there (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        for (Path file : new Path[]{notebook(), page()}) {
            if (Files.isDirectory(file)) {
                throw new IllegalArgumentException("--out " + directory + ": " + file + " is a directory, expected to write a file there");
            }
        }
    }

    Path notebook() {
        return directory.resolve(name + ".ipynb");
    }

    Path page() {
        return directory.resolve(name + ".html");
    }

    /** Writes the notebook as it stands: every cell run so far with its outputs. */
    void write(Notebook notebook) throws IOException {
        notebook.write(notebook());
        Files.writeString(page(), NotebookHtml.render(notebook, name));
        writeImages(notebook);
    }

    /** Writes each image output as NAME-cellN-K.png. */
    private void writeImages(Notebook notebook) throws IOException {
        int cellNumber = 0;
        for (JsonObject cell : notebook.codeCells()) {
            cellNumber++;
            int image = 0;
            for (var output : cell.getAsJsonArray("outputs")) {
                JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
                if (data != null && data.has(MimeBundle.PNG)) {
                    byte[] png = Base64.getDecoder().decode(data.get(MimeBundle.PNG).getAsString());
                    Files.write(directory.resolve(name + "-cell" + cellNumber + "-" + (++image) + ".png"), png);
                }
            }
        }
    }
}
