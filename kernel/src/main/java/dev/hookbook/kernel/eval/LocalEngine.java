package dev.hookbook.kernel.eval;

import dev.hookbook.autograd.Autograd;
import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * JShell's in-process execution engine, remembering which wrapper class ran last.
 *
 * <p>We run snippets in this JVM rather than in JShell's default remote JVM: values keep their
 * Java identity (a Tensor result is rendered from the object, not from a string), snippets share
 * classes and statics with the kernel (so {@code display(...)} reaches it), and
 * {@link jdk.jshell.JShell#stop()} stops a busy loop on JDK 17 (thread stop) and on newer JDKs
 * (stop checks compiled into the snippet).
 *
 * <p>JShell keeps each variable in a static field of the snippet's wrapper class; knowing the
 * wrapper lets the evaluator read the object behind a result.
 *
 * <p>Snippets are started from one thread of a {@link SnippetThreads} group, so that an exception
 * thrown and not caught in a thread a snippet starts reaches {@code onThreadFailure}. That thread
 * shares one grad mode with the snippets' threads (see
 * {@link Autograd#shareGradModeWithStartedThreads()}): grad mode is a setting of the session.
 */
final class LocalEngine extends LocalExecutionControl {

    private static final String STARTER_NAME = "hookbook-snippet-starter";

    private volatile Class<?> lastWrapper;
    private volatile boolean stopped;
    private volatile boolean cancelled;
    private final ExecutorService starter;
    private final ThreadGroup threads;
    private final ClassLoader loader;
    private final Future<Autograd.SharedGradMode> gradMode;

    /**
     * An engine whose snippets share one grad mode: {@code continued}'s, when a session moves
     * to a fresh JShell, else a new one.
     */
    LocalEngine(BiConsumer<Thread, Throwable> onThreadFailure, Autograd.SharedGradMode continued) {
        // JShell's loader delegate made its class loader this thread's context loader, as the
        // threads started from here inherit it.
        this.loader = Thread.currentThread().getContextClassLoader();
        ThreadGroup group = new SnippetThreads(onThreadFailure);
        this.threads = group;
        boolean daemon = Thread.currentThread().isDaemon(); // snippet threads inherit it, as before
        this.starter = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(group, task, STARTER_NAME);
            thread.setDaemon(daemon);
            return thread;
        });
        // Grad mode is the session's: JShell runs each statement on a fresh thread started from the
        // starter, so the starter shares one grad mode with them, and Autograd.setGradEnabled(false);
        // or var ng = Autograd.noGrad(); left open holds for the statements and cells after it.
        // The executor runs tasks in order, so this is done before the first snippet starts; the
        // sharing ends with the starter thread.
        this.gradMode = starter.submit(() -> continued == null
                ? Autograd.shareGradModeWithStartedThreads()
                : Autograd.shareGradModeWithStartedThreads(continued));
    }

    /** The class loader of the session's classes: every snippet's wrapper, a cell's lambdas and classes, added jars. */
    ClassLoader loader() {
        return loader;
    }

    /** The grad mode this engine's snippets share. */
    Autograd.SharedGradMode gradMode() {
        try {
            return gradMode.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the snippet starter started", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the snippet starter failed to start", e.getCause());
        }
    }

    /**
     * The threads that snippets started and that still run, other than the engine's own starter:
     * a background loop, a training thread, a pool's workers.
     */
    List<Thread> liveSnippetThreads() {
        Thread[] all = new Thread[threads.activeCount() + 16];
        int n = threads.enumerate(all, true);
        List<Thread> live = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (all[i].isAlive() && !all[i].getName().equals(STARTER_NAME)) {
                live.add(all[i]);
            }
        }
        return live;
    }

    /**
     * Whether snippets about to start are refused: set while an interrupted cell is still being
     * compiled, so its code never starts; cleared when the next cell begins.
     */
    void cancel(boolean cancel) {
        this.cancelled = cancel;
    }

    /** The wrapper class of the last snippet that ran, or null; clears it. */
    Class<?> takeLastWrapper() {
        Class<?> wrapper = lastWrapper;
        lastWrapper = null;
        return wrapper;
    }

    /** Whether the last snippet was stopped; clears it. */
    boolean takeStopped() {
        boolean was = stopped;
        stopped = false;
        return was;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastWrapper = doitMethod.getDeclaringClass();
        if (cancelled) {
            stopped = true;
            throw new ExecutionControl.StoppedException();
        }
        try {
            return invokeFromStarter(doitMethod);
        } catch (ExecutionControl.StoppedException e) {
            stopped = true;
            throw e;
        }
    }

    private String invokeFromStarter(Method doitMethod) throws Exception {
        try {
            return starter.submit(() -> super.invoke(doitMethod)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }

    /** Loads the snippet's classes with their exit calls made harmless (see {@link ExitCallRewriter}). */
    @Override
    public void load(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.load(withoutExitCalls(classes));
    }

    @Override
    public void redefine(ClassBytecodes[] classes) throws ClassInstallException, NotImplementedException, EngineTerminationException {
        super.redefine(withoutExitCalls(classes));
    }

    private static ClassBytecodes[] withoutExitCalls(ClassBytecodes[] classes) {
        ClassBytecodes[] rewritten = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++) {
            rewritten[i] = new ClassBytecodes(classes[i].name(), ExitCallRewriter.rewrite(classes[i].bytecodes()));
        }
        return rewritten;
    }

    @Override
    public void close() {
        starter.shutdown();
        super.close();
    }

    /**
     * Hands every thread whose context class loader is this engine's (a pool a snippet's op
     * started, the thread that opened the session) {@code successor}'s instead, so that the
     * loader, and every class of the session, can be collected when the session moves on.
     */
    void handThreadsTo(LocalEngine successor) {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getContextClassLoader() == loader) {
                thread.setContextClassLoader(successor.loader);
            }
        }
    }

    /**
     * Lets the engine's thread group go, once its threads have ended: JDK 17 keeps every ended
     * group and the groups of earlier snippets below it until then.
     */
    @SuppressWarnings("removal") // ThreadGroup.destroy: still what frees a group on JDK 17; a no-op later
    void releaseThreads() {
        try {
            starter.awaitTermination(5, TimeUnit.SECONDS);
            if (!threads.isDestroyed()) {
                threads.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IllegalThreadStateException | UnsupportedOperationException | NoSuchMethodError e) {
            // A thread still runs in it (or the JDK no longer destroys groups): it stays.
        }
    }

    /** Hands JShell a new {@link LocalEngine} and keeps it for the evaluator. */
    static final class Provider implements ExecutionControlProvider {
        private final BiConsumer<Thread, Throwable> onThreadFailure;
        private final Autograd.SharedGradMode continued;
        private volatile LocalEngine engine;

        /** {@code continued}: the grad mode of the session this one continues, or null. */
        Provider(BiConsumer<Thread, Throwable> onThreadFailure, Autograd.SharedGradMode continued) {
            this.onThreadFailure = onThreadFailure;
            this.continued = continued;
        }

        @Override
        public String name() {
            return "hookbook-local";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            engine = new LocalEngine(onThreadFailure, continued);
            return engine;
        }

        LocalEngine engine() {
            return engine;
        }
    }
}
