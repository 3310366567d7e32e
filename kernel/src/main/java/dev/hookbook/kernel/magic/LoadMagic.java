package dev.hookbook.kernel.magic;

import dev.hookbook.kernel.eval.CodeOrigin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code %load helpers.jsh}: runs a file of JShell code in the session, as if it were a cell. */
final class LoadMagic implements Magic {

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String usage() {
        return "FILE.jsh (runs its code in this session)";
    }

    @Override
    public void run(List<String> arguments, MagicContext context) throws Exception {
        if (arguments.size() != 1) {
            throw new IllegalArgumentException("name exactly one file");
        }
        Path file = context.resolve(arguments.get(0));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        context.evaluator().eval(Files.readString(file), CodeOrigin.of(file.getFileName().toString()));
    }
}
