package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.TestPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a repository notebook reads from the machine beyond a JDK: Debian's Fashion-MNIST
 * (notebook 05) and word list (notebook 07). On a machine without it the notebook's run is
 * skipped with the reason printed; on CI ({@code CI=true}), where {@code .ci/run} installs both,
 * a missing one is a failure. A notebook needs a part when its code names what the part is read
 * through (FashionMnist.load() with no directory takes Debian's copy first).
 */
record NotebookNeeds(String usedAs, Path path, String debianPackage) {

    static final List<NotebookNeeds> KNOWN = List.of(
            new NotebookNeeds("FashionMnist.load()", Path.of("/usr/share/datasets/fashion-mnist"), "dataset-fashion-mnist"),
            new NotebookNeeds("/usr/share/dict/words", Path.of("/usr/share/dict/words"), "wamerican"));

    /** Why {@code notebook} cannot run on this machine, if something it needs is missing. */
    static Optional<String> missingFor(Path notebook) throws IOException {
        String text = Files.readString(notebook);
        for (NotebookNeeds need : KNOWN) {
            if (text.contains(need.usedAs()) && !Files.exists(need.path())) {
                return Optional.of(notebook.getFileName() + " reads " + need.path() + ", which this machine lacks"
                        + " (`apt-get install " + need.debianPackage() + "` installs it)");
            }
        }
        return Optional.empty();
    }

    /** Whether a missing part fails the run rather than skipping it. */
    static boolean required() {
        return TestPaths.onCi();
    }
}
