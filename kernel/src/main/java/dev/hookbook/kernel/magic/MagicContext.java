package dev.hookbook.kernel.magic;

import dev.hookbook.kernel.eval.Evaluator;
import dev.hookbook.kernel.render.Renderers;

import java.nio.file.Path;

/** What a magic may act on: the session's evaluator and renderers, and the directory paths are relative to. */
public record MagicContext(Evaluator evaluator, Renderers renderers, Path workingDirectory) {

    /** {@code path} relative to the working directory, unless it is absolute; {@code ~/} is the home directory. */
    public Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
        }
        return workingDirectory.resolve(path).normalize();
    }
}
