package dev.hookbook.kernel.magic;

import dev.hookbook.kernel.eval.Evaluator;
import dev.hookbook.kernel.eval.CellException;
import org.eclipse.aether.RepositoryException;
import org.eclipse.aether.repository.RemoteRepository;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code %maven org.apache.commons:commons-math3:3.6.1}: resolves the coordinates and their
 * transitive dependencies from Maven Central (and from any {@code --repo URL} given) and adds
 * the jars to the class path. A library the kernel itself already carries is not added twice:
 * the kernel's copy would be the one loaded, so the magic says which version that is.
 */
final class MavenMagic implements Magic {

    private final Set<String> added = new HashSet<>();
    private MavenResolver resolver;

    @Override
    public String name() {
        return "maven";
    }

    @Override
    public String usage() {
        return "[--repo URL]... GROUP:ARTIFACT:VERSION... (adds them and their dependencies)";
    }

    @Override
    public void run(List<String> arguments, MagicContext context) throws Exception {
        List<RemoteRepository> repositories = new ArrayList<>(List.of(MavenResolver.CENTRAL));
        List<String> coordinates = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals("--repo")) {
                if (i + 1 == arguments.size()) {
                    throw new IllegalArgumentException("--repo needs a URL");
                }
                String url = arguments.get(++i);
                repositories.add(new RemoteRepository.Builder("repo" + repositories.size(), "default", url).build());
            } else if (argument.split(":").length < 3) {
                throw new IllegalArgumentException("'" + argument + "' is not GROUP:ARTIFACT:VERSION");
            } else {
                coordinates.add(argument);
            }
        }
        if (coordinates.isEmpty()) {
            throw new IllegalArgumentException("name at least one GROUP:ARTIFACT:VERSION");
        }
        if (resolver == null) {
            resolver = new MavenResolver(MavenResolver.defaultLocalRepository());
        }
        List<String> kernelJars = Evaluator.hostClassPath();
        for (MavenResolver.ResolvedJar jar : resolve(coordinates, repositories)) {
            String kernelCopy = findOnClassPath(jar, kernelJars);
            if (kernelCopy != null) {
                System.out.println("Already in the kernel: " + jar.key() + " (" + kernelCopy + "), not adding " + jar.version());
            } else if (added.add(jar.file().toString())) {
                context.evaluator().addToClasspath(jar.file().toString());
                System.out.println("Added " + jar.key() + ":" + jar.version());
            }
        }
    }

    /**
     * The jars, or one line naming the coordinates, the repositories tried and the reason (no
     * network, say): the resolver's own exception is a long chain whose trace says no more.
     */
    private List<MavenResolver.ResolvedJar> resolve(List<String> coordinates, List<RemoteRepository> repositories)
            throws CellException {
        try {
            return resolver.resolve(coordinates, repositories);
        } catch (RepositoryException e) {
            String tried = repositories.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").collect(Collectors.joining(", "));
            String message = "could not resolve " + String.join(" ", coordinates) + " from " + tried + ": " + reason(e);
            throw new CellException("MavenResolutionError", message, List.of("MavenResolutionError: " + message), 0);
        }
    }

    /** The innermost cause's message (the host that is unknown, the connection refused), on one line. */
    private static String reason(Throwable error) {
        String reason = error.getMessage();
        for (Throwable cause = error; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return reason == null ? error.getClass().getSimpleName() : reason.lines().findFirst().orElse("").strip();
    }

    /** The kernel's own jar of the same group and artifact, by its local-repository path, or null. */
    private static String findOnClassPath(MavenResolver.ResolvedJar jar, List<String> classPath) {
        String[] parts = jar.key().split(":");
        String directory = File.separator + parts[0].replace('.', File.separatorChar) + File.separator + parts[1] + File.separator;
        return classPath.stream()
                .filter(entry -> entry.contains(directory))
                .map(entry -> new File(entry).getName())
                .findFirst().orElse(null);
    }
}
