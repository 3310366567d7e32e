package dev.hookbook.kernel.magic;

import org.apache.maven.repository.internal.MavenRepositorySystemUtils;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves Maven coordinates to jars with their transitive runtime dependencies, using Maven's
 * own resolver and the local repository Maven uses ({@code ~/.m2/repository}, or the
 * {@code maven.repo.local} system property), so jars already there are not fetched again.
 */
final class MavenResolver {

    static final RemoteRepository CENTRAL =
            new RemoteRepository.Builder("central", "default", "https://repo.maven.apache.org/maven2/").build();

    private final RepositorySystem system;
    private final DefaultRepositorySystemSession session;

    MavenResolver(Path localRepository) {
        this.system = new RepositorySystemSupplier().get();
        this.session = MavenRepositorySystemUtils.newSession();
        // Profiles in dependencies' POMs may depend on the JDK and the OS.
        session.setSystemProperties(System.getProperties());
        session.setLocalRepositoryManager(
                system.newLocalRepositoryManager(session, new LocalRepository(localRepository.toFile())));
    }

    /** The local repository Maven itself would use. */
    static Path defaultLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /** The jars of {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version}) and their dependencies. */
    List<ResolvedJar> resolve(List<String> coordinates, List<RemoteRepository> repositories)
            throws DependencyResolutionException {
        CollectRequest collect = new CollectRequest();
        for (String coordinate : coordinates) {
            collect.addDependency(new Dependency(new DefaultArtifact(coordinate), JavaScopes.RUNTIME));
        }
        collect.setRepositories(system.newResolutionRepositories(session, repositories));
        DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
        List<ResolvedJar> jars = new ArrayList<>();
        for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
            var artifact = result.getArtifact();
            jars.add(new ResolvedJar(artifact.getGroupId() + ":" + artifact.getArtifactId(), artifact.getVersion(),
                    artifact.getFile().toPath()));
        }
        return jars;
    }

    /** One resolved jar: {@code group:artifact}, its version and its file in the local repository. */
    record ResolvedJar(String key, String version, Path file) {}
}
