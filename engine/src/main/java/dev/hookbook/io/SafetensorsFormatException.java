package dev.hookbook.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a valid safetensors file, or one Hookbook cannot read (for example an
 * unsupported dtype). The message is one line: the file, then what was expected and what was
 * found, naming the tensor when one is at fault.
 */
public class SafetensorsFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A problem in {@code file}, described by {@code detail} (without the file name). */
    public SafetensorsFormatException(Path file, String detail) {
        super(file + ": " + detail);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
