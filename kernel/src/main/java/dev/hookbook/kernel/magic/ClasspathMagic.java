package dev.hookbook.kernel.magic;

import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.ClassPathEntry;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code %classpath lib/foo.jar classes/ "lib/*.jar"}: adds jars and class directories to the
 * class path of the code that follows, without restarting the kernel. A file that is not a jar
 * (not a zip archive) is refused, and nothing of that line is added.
 */
final class ClasspathMagic implements Magic {

    private final String name;

    ClasspathMagic(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String usage() {
        return "PATH... (jars or class directories; a * in the file name matches several jars)";
    }

    @Override
    public void run(List<String> arguments, MagicContext context) throws IOException, CellException {
        List<Path> paths = new ArrayList<>();
        for (String argument : arguments) {
            for (String part : argument.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    paths.addAll(expand(part, context));
                }
            }
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("name at least one jar or directory");
        }
        // All or nothing: a file that is not a jar would break every later cell's compilation.
        for (Path path : paths) {
            Optional<String> problem = ClassPathEntry.problem(path.toString());
            if (problem.isPresent()) {
                // One line: the usage is not what went wrong.
                throw CellException.of(new IllegalArgumentException(problem.get()));
            }
        }
        for (Path path : paths) {
            context.evaluator().addToClasspath(path.toString());
            System.out.println("Added to the class path: " + path);
        }
    }

    private static List<Path> expand(String pattern, MagicContext context) throws IOException {
        Path path = context.resolve(pattern);
        String fileName = path.getFileName() == null ? "" : path.getFileName().toString();
        if (!fileName.contains("*") && !fileName.contains("?")) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("no such jar or directory: " + path);
            }
            return List.of(path);
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path.getParent(), fileName)) {
            files.forEach(matches::add);
        }
        if (matches.isEmpty()) {
            throw new IllegalArgumentException("nothing matches " + path);
        }
        matches.sort(null);
        return matches;
    }
}
