package dev.hookbook.kernel.magic;

import java.util.List;

/** A line magic: {@code %name arguments} on a line of its own, run by the kernel, not by JShell. */
public interface Magic {

    /** The name after the {@code %}. */
    String name();

    /** One line of help: the arguments and what it does. */
    String usage();

    /**
     * Runs the magic.
     *
     * @throws IllegalArgumentException with a message for the user when the arguments are wrong
     * @throws Exception                when the magic fails (a jar not found, a resolution error ...)
     */
    void run(List<String> arguments, MagicContext context) throws Exception;
}
