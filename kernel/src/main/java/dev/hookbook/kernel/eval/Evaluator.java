package dev.hookbook.kernel.eval;

import dev.hookbook.autograd.Autograd;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JShell session that runs notebook cells; shared by the Jupyter kernel and the notebook runner.
 *
 * <p>A cell is split into JShell snippets and run one after the other. The value of the last
 * one, if it is an expression not ended by a semicolon, is the cell's result, as the object
 * itself. Declarations keep their values across cells, and a failed cell leaves every variable
 * as it was. Snippets run in this JVM (see {@link LocalEngine}) with this process's class path.
 *
 * <p>Errors point at lines of the cell, not of JShell's snippets (see {@link CellErrors}).
 *
 * <p>Calls are serialised, except {@link #stop()}, which any thread may call while a cell runs,
 * and the source analysis ({@link #complete}, {@link #inspect}, {@link #isComplete}), which
 * answers at once while a cell runs: JShell is not thread-safe, so then it asks a second JShell
 * that only analyses (the start-up imports and the added class path, none of the session's
 * variables), as ipykernel's control thread answers completion while a cell runs.
 */
public final class Evaluator implements AutoCloseable {

    /** Snippets run between two moves to a fresh JShell, unless told otherwise (see {@link SessionRenewal}). */
    public static final int DEFAULT_RENEW_EVERY = SessionRenewal.DEFAULT_EVERY;

    /** The start-up script every session runs: imports and the {@code display} helper. */
    public static final String STARTUP_RESOURCE = "/dev/hookbook/kernel/startup.jsh";

    // The session's JShell and what belongs to it; replaced together when the session moves to a
    // fresh JShell (see SessionRenewal), always while busy is held.
    private volatile JShell shell;
    private volatile LocalEngine engine;
    // JShell keeps a variable's value in a static field of the wrapper class that declared it.
    private volatile Map<String, Class<?>> variableHolders;
    private volatile CellErrors errors;
    private Set<String> startupSnippets;
    private final List<String> classPath;
    private final List<String> startupProblems;
    // Snippets between two moves to a fresh JShell (0: never), and how far the session is.
    private final int renewEvery;
    private int snippetsSinceRenewal;
    private int renewals;
    private volatile String renewalObstacle;
    // The thread moving the session after a cell, while it runs.
    private final AtomicReference<Thread> renewal = new AtomicReference<>();
    private final List<Supplier<Map<String, ?>>> renewalRoots = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    // Entries added while the session runs, named when one breaks the compiler later.
    private final List<String> addedClassPath = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile boolean evaluating;
    // Held while JShell compiles or runs; the source analysis takes it only when it is free.
    private final ReentrantLock busy = new ReentrantLock();
    // The analysis-only JShell, started the first time a request comes while a cell runs.
    private final Object analysisLock = new Object();
    private JShell analysis; // guarded by analysisLock

    /** A session with this process's class path and the start-up script. */
    public static Evaluator start() {
        return new Evaluator(hostClassPath());
    }

    /**
     * A session whose snippets compile against {@code classPath} and run with the start-up script;
     * it moves to a fresh JShell every {@value #DEFAULT_RENEW_EVERY} snippets or so
     * ({@code -Dhookbook.kernel.renewAfterSnippets=N}, 0 for never).
     */
    public Evaluator(List<String> classPath) {
        this(classPath, Integer.getInteger("hookbook.kernel.renewAfterSnippets", DEFAULT_RENEW_EVERY));
    }

    /** As {@link #Evaluator(List)}, moving to a fresh JShell every {@code renewEvery} snippets (0: never). */
    public Evaluator(List<String> classPath, int renewEvery) {
        this.classPath = List.copyOf(classPath);
        this.renewEvery = renewEvery;
        this.startupProblems = List.copyOf(open(null));
    }

    /**
     * Starts the session's JShell: the class path, the start-up script. Its snippets share the
     * grad mode {@code gradMode} when the session moves, else a new one. Returns the start-up
     * snippets that failed.
     */
    private List<String> open(Autograd.SharedGradMode gradMode) {
        LocalEngine.Provider provider = new LocalEngine.Provider(this::reportThreadFailure, gradMode);
        shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .in(InputStream.nullInputStream())
                .out(StandardStreams.originalOut())
                .err(StandardStreams.originalErr())
                .build();
        engine = provider.engine();
        variableHolders = new ConcurrentHashMap<>();
        errors = new CellErrors();
        classPath.forEach(shell::addToClasspath);
        addedClassPath.forEach(shell::addToClasspath);
        List<String> problems = runStartup();
        startupSnippets = shell.snippets().map(Snippet::id).collect(Collectors.toSet());
        return problems;
    }

    /** The class path this JVM was started with, entry by entry. */
    public static List<String> hostClassPath() {
        return List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(entry -> !entry.isBlank())
                .toList();
    }

    /** Start-up snippets that failed (for instance a package that does not exist in this build). */
    public List<String> startupProblems() {
        return List.copyOf(startupProblems);
    }

    /**
     * Runs {@code code} and returns the value of its last expression, if it ends with one.
     *
     * @throws CellException on a compile error, an exception from the code, or an interrupt;
     *                       the snippets before the failing one keep their effects
     */
    public Optional<Result> eval(String code, CodeOrigin origin) throws CellException {
        return eval(code, origin, () -> false);
    }

    /**
     * As {@link #eval(String, CodeOrigin)}, ending with an interrupted error as soon as
     * {@code interrupted} says so: an interrupt its host received before this call began (a
     * {@link #stop()} then has nothing to stop yet) is not lost.
     */
    public Optional<Result> eval(String code, CodeOrigin origin, BooleanSupplier interrupted) throws CellException {
        busy.lock();
        try {
            return evalLocked(code, origin, interrupted);
        } finally {
            busy.unlock();
            renewInTheBackgroundIfDue();
        }
    }

    private Optional<Result> evalLocked(String code, CodeOrigin origin, BooleanSupplier interrupted) throws CellException {
        stopRequested = false;
        engine.cancel(false);
        engine.takeStopped();
        evaluating = true;
        try {
            CompilerFailures.checkNesting(code);
            renewIfDue();
            List<SourcePiece> pieces = SourcePiece.split(code, shell.sourceCodeAnalysis());
            snippetsSinceRenewal += pieces.size();
            Optional<Result> result = Optional.empty();
            for (int i = 0; i < pieces.size(); i++) {
                if (stopRequested || interrupted.getAsBoolean()) {
                    throw CellException.interrupted();
                }
                result = evalPiece(code, pieces.get(i), origin, i == pieces.size() - 1);
            }
            return result;
        } catch (StackOverflowError | InternalError | AssertionError | LinkageError failure) {
            // The compiler broke rather than the user's code (that comes back as an event's
            // exception): the cell fails, the session answers the next one.
            throw CompilerFailures.of(failure, code, addedClassPath);
        } finally {
            evaluating = false;
        }
    }

    /**
     * Adds a jar or a directory to the class path of the snippets compiled from now on.
     *
     * @throws IllegalArgumentException when {@code path} is neither a directory nor a jar
     */
    public void addToClasspath(String path) {
        ClassPathEntry.check(path);
        busy.lock();
        try {
            shell.addToClasspath(path);
            synchronized (analysisLock) {
                addedClassPath.add(path);
                if (analysis != null) {
                    analysis.addToClasspath(path);
                }
            }
        } finally {
            busy.unlock();
        }
    }

    /**
     * Stops the running cell, if any, from another thread: a busy loop included. The cell then
     * ends with an {@linkplain CellException#interrupted() interrupted} error.
     */
    public void stop() {
        stopRequested = true;
        engine.cancel(true);
        stopRunningSnippet();
        if (evaluating) {
            // The interrupt may come while JShell is still compiling, or as a snippet is just
            // starting: keep stopping until the cell has ended.
            Thread stopper = new Thread(() -> {
                while (evaluating && stopRequested) {
                    stopRunningSnippet();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "hookbook-stop");
            stopper.setDaemon(true);
            stopper.start();
        }
    }

    /** Whether a cell is being evaluated (compiled or run) right now. */
    boolean evaluating() {
        return evaluating;
    }

    private void stopRunningSnippet() {
        try {
            shell.stop();
        } catch (RuntimeException ignored) {
            // Nothing running, or the session is closing: there is nothing to stop.
        }
    }

    /**
     * Completion candidates at {@code cursor}, from JShell's source analysis; while a cell runs,
     * from the analysis-only JShell (no session variables among them).
     */
    public Completions complete(String code, int cursor) {
        if (CompilerFailures.tooDeep(code)) {
            return Completions.none(cursor); // javac's parser would overflow the stack
        }
        return analysed(on -> complete(on, code, cursor));
    }

    private Completions complete(JShell on, String code, int cursor) {
        SourceCodeAnalysis analysis = on.sourceCodeAnalysis();
        Optional<SourcePiece> found = pieceAt(on, code, cursor);
        if (found.isEmpty()) {
            return Completions.none(cursor);
        }
        SourcePiece piece = found.get();
        String text = code.substring(piece.start(), Math.max(cursor, Math.min(piece.end(), code.length())));
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions =
                analysis.completionSuggestions(text, cursor - piece.start(), anchor);
        // Type-matching candidates first, as JShell's own tool orders them; no duplicates.
        Set<String> matches = new LinkedHashSet<>();
        suggestions.stream().filter(SourceCodeAnalysis.Suggestion::matchesType)
                .forEach(s -> matches.add(s.continuation()));
        suggestions.forEach(s -> matches.add(s.continuation()));
        return new Completions(piece.start() + anchor[0], cursor, List.copyOf(matches));
    }

    /** A type, a dot and a member at the end of the code before the cursor: {@code Tensor.matmul}. */
    private static final Pattern TYPE_DOT_MEMBER = Pattern.compile("(?s)(.*?)(?<![\\w.$])((?:[a-z_][\\w]*\\.)*[A-Z][\\w]*)\\.([\\w]+)");

    /** The signature and Javadoc (where JShell finds it) of what is at {@code cursor}, or its type, as plain text. */
    public Optional<String> inspect(String code, int cursor) {
        return inspection(code, cursor).map(Inspection::text);
    }

    /**
     * The signature and Javadoc of what is at {@code cursor} (as plain text and as HTML), or its type.
     * Each signature comes with its Javadoc rendered ({@link JavadocText}): its first paragraph leads,
     * which is what a tooltip shows before it is expanded. While a cell runs, the answer comes from
     * the analysis-only JShell (the session's variables are unknown there).
     */
    public Optional<Inspection> inspection(String code, int cursor) {
        if (CompilerFailures.tooDeep(code)) {
            return Optional.empty();
        }
        return analysed(on -> inspection(on, code, cursor));
    }

    private Optional<Inspection> inspection(JShell on, String code, int cursor) {
        Optional<SourcePiece> found = pieceAt(on, code, cursor);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SourcePiece piece = found.get();
        int end = cursor;
        while (end < code.length() && Character.isJavaIdentifierPart(code.charAt(end))) {
            end++;
        }
        String text = code.substring(piece.start(), Math.max(end, Math.min(piece.end(), code.length())));
        int at = end - piece.start();
        SourceCodeAnalysis analysis = on.sourceCodeAnalysis();
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, at, true);
        if (docs.isEmpty()) {
            // A method name without its parentheses: ask as if the call were being typed.
            docs = analysis.documentation(text.substring(0, at) + "(", at + 1, true);
        }
        Matcher typeDotMember = TYPE_DOT_MEMBER.matcher(text.substring(0, at));
        if (docs.isEmpty() && typeDotMember.matches()) {
            // Type.instanceMethod (Tensor.matmul): JShell lists only static members after a type, so ask on a value of it.
            String asInstance = typeDotMember.group(1) + "((" + typeDotMember.group(2) + ") null)." + typeDotMember.group(3) + "(";
            docs = analysis.documentation(asInstance, asInstance.length(), true);
        }
        if (!docs.isEmpty()) {
            List<String> plain = new ArrayList<>();
            List<String> html = new ArrayList<>();
            for (SourceCodeAnalysis.Documentation doc : docs) {
                // JShell has the JDK's Javadoc; Hookbook's comes from the sources the kernel ships.
                String javadoc = doc.javadoc() == null || doc.javadoc().isBlank()
                        ? SourceDocs.javadoc(doc.signature()).orElse(null) : doc.javadoc();
                JavadocText rendered = JavadocText.parse(javadoc);
                String signatureHtml = "<pre>" + Inspection.escape(doc.signature()) + "</pre>";
                plain.add(javadoc == null ? doc.signature() : doc.signature() + "\n\n" + rendered.plain());
                html.add(javadoc == null ? signatureHtml : signatureHtml + rendered.html());
            }
            return Optional.of(new Inspection(String.join("\n\n", plain), String.join("<hr>", html)));
        }
        String type = analysis.analyzeType(text.substring(0, at), at);
        return type == null || type.isBlank() ? Optional.empty()
                : Optional.of(new Inspection(text.substring(0, at).strip() + " : " + type, null));
    }

    /**
     * Whether {@code code} can run as it is, or needs more lines (for {@code jupyter console}).
     * The answer is syntax alone, so while a cell runs the analysis-only JShell gives the same.
     */
    public Completeness isComplete(String code) {
        if (CompilerFailures.tooDeep(code)) {
            return Completeness.of(Completeness.Status.INVALID);
        }
        return analysed(on -> isComplete(on, code));
    }

    private Completeness isComplete(JShell on, String code) {
        List<SourcePiece> pieces = SourcePiece.split(code, on.sourceCodeAnalysis());
        if (pieces.isEmpty()) {
            return Completeness.of(Completeness.Status.COMPLETE);
        }
        SourcePiece last = pieces.get(pieces.size() - 1);
        switch (last.completeness()) {
            case DEFINITELY_INCOMPLETE:
            case CONSIDERED_INCOMPLETE:
                return new Completeness(Completeness.Status.INCOMPLETE, nextIndent(code));
            case UNKNOWN:
                return Completeness.of(Completeness.Status.INVALID);
            default:
                return Completeness.of(Completeness.Status.COMPLETE);
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread moving = renewal.get();
        if (moving != null) {
            try {
                moving.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        shell.close();
        synchronized (analysisLock) {
            if (analysis != null) {
                analysis.close();
            }
        }
    }

    /**
     * {@code question} asked of the session's JShell when no cell holds it, else at once of the
     * analysis-only JShell: a completion request must not wait behind a cell that may run for good.
     */
    private <T> T analysed(java.util.function.Function<JShell, T> question) {
        if (busy.tryLock()) {
            try {
                return question.apply(shell);
            } finally {
                busy.unlock();
            }
        }
        synchronized (analysisLock) {
            if (analysis == null) {
                analysis = startAnalysis();
            }
            return question.apply(analysis);
        }
    }

    /** A JShell that runs nothing: the start-up script's imports, the session's class path. */
    private JShell startAnalysis() {
        JShell started = JShell.builder()
                .executionEngine("local")
                .in(InputStream.nullInputStream())
                .out(StandardStreams.originalOut())
                .err(StandardStreams.originalErr())
                .build();
        hostClassPath().forEach(started::addToClasspath);
        addedClassPath.forEach(started::addToClasspath);
        String script = startupScript();
        for (SourcePiece piece : SourcePiece.split(script, started.sourceCodeAnalysis())) {
            if (piece.source().strip().startsWith("import ")) {
                started.eval(piece.source());
            }
        }
        return started;
    }

    // ----------------------------------------------------------------------------------------

    /**
     * An exception no code caught in a thread a cell started, written as the JVM would write it
     * but with the cell's frames named by cell and line. It goes where output goes now: to the
     * cell that started the thread while it runs, else to the cell running at the time.
     */
    private void reportThreadFailure(Thread thread, Throwable error) {
        StringBuilder text = new StringBuilder("Exception in thread \"").append(thread.getName()).append("\" ");
        errors.exception(error, CodeOrigin.of("")).traceback().forEach(line -> text.append(line).append('\n'));
        System.err.print(text);
        System.err.flush();
    }

    private Optional<Result> evalPiece(String code, SourcePiece piece, CodeOrigin origin, boolean last)
            throws CellException {
        CodeOrigin pieceOrigin = origin.at(code, piece.start());
        Optional<Result> result = Optional.empty();
        for (SnippetEvent event : shell.eval(piece.source())) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet updated in passing, not this piece itself
            }
            Snippet snippet = event.snippet();
            errors.snippetAt(snippet.id(), pieceOrigin);
            if (event.status().isDefined()) {
                rememberWrapper(snippet);
            }
            Class<?> wrapper = engine.takeLastWrapper();
            if (engine.takeStopped() || stopRequested) {
                throw CellException.interrupted();
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw errors.compileError(code, piece, origin,
                        shell.diagnostics(snippet).filter(Diag::isError).map(CellErrors.Diagnostic::of).toList());
            }
            if (event.exception() != null) {
                throw runtimeError(event.exception(), origin);
            }
            if (snippet instanceof VarSnippet variable && wrapper != null) {
                Class<?> previous = variableHolders.put(variable.name(), wrapper);
                if (previous != null && previous != wrapper) {
                    // Redeclared: the name now means the new variable, and the old wrapper class
                    // would otherwise keep the old value alive for the rest of the session.
                    release(previous, variable.name());
                }
            }
            if (last && isExpression(snippet) && !piece.endsWithSemicolon()) {
                result = Optional.of(new Result(valueOf(snippet, wrapper, event.value())));
            }
            if (snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
                    && snippet instanceof VarSnippet temporary) {
                // JShell keeps the value of every expression in a $N variable that a notebook
                // never shows (the cell's result is handed on above), and imports every $N into
                // every later snippet, whose wrapped source it keeps: over a long session that
                // grows as the square of the number of cells.
                forget(temporary, wrapper);
            }
        }
        return result;
    }

    /**
     * Tells the error writer which class JShell compiled {@code snippet} into, and how lines of
     * that class's source map to lines of the snippet (through JShell's own wrapping).
     */
    private void rememberWrapper(Snippet snippet) {
        SourceCodeAnalysis.SnippetWrapper wrapper = shell.sourceCodeAnalysis().wrapper(snippet);
        // The wrapped source (the snippet with every import) is built only when an error needs
        // it: a copy kept per snippet would add up over a long session.
        errors.wrapperClass(wrapper.fullClassName(), new CellErrors.WrappedSnippet(snippet.id(), wrapperLine -> {
            String wrapped = wrapper.wrapped();
            String source = snippet.source();
            int position = 0;
            for (int line = 1; line < wrapperLine && position >= 0; line++) {
                position = wrapped.indexOf('\n', position) + 1;
                position = position == 0 ? -1 : position;
            }
            // The first character of that wrapper line that comes from the snippet.
            for (int at = Math.max(position, 0); position >= 0 && at < wrapped.length() && wrapped.charAt(at) != '\n'; at++) {
                int inSource = wrapper.wrappedToSourcePosition(at);
                if (inSource >= 0 && inSource <= source.length()) {
                    return (int) source.substring(0, inSource).chars().filter(c -> c == '\n').count() + 1;
                }
            }
            return 1;
        }));
    }

    /** Lets go of the value a variable's wrapper class holds, when it is an object. */
    private static void release(Class<?> holder, String name) {
        try {
            Field field = holder.getDeclaredField(name);
            if (!field.getType().isPrimitive() && Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                field.set(null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Not a field we can reach: JShell keeps the value, as it would without this.
        }
    }

    /** Drops a $N variable no one can see: its value is released and its name is gone. */
    private void forget(VarSnippet temporary, Class<?> wrapper) {
        variableHolders.remove(temporary.name());
        if (wrapper != null) {
            release(wrapper, temporary.name());
        }
        shell.drop(temporary);
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** The object behind a result; JShell's string form when the object cannot be reached. */
    private Object valueOf(Snippet snippet, Class<?> wrapper, String text) {
        String name = snippet instanceof VarSnippet v ? v.name()
                : snippet instanceof ExpressionSnippet e ? e.name() : null;
        Class<?> holder = snippet instanceof VarSnippet ? wrapper : variableHolders.get(name);
        if (holder != null && name != null) {
            try {
                Field field = holder.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Fall back to the text JShell printed.
            }
        }
        return text;
    }

    /** A snippet's exception as the cell's error; JShell throws one too when a declaration uses what is not declared yet. */
    private CellException runtimeError(JShellException error, CodeOrigin origin) {
        if (error instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet snippet = unresolved.getSnippet();
            return errors.unresolvedReference(snippet.source(), shell.unresolvedDependencies(snippet).toList());
        }
        return errors.exception(error, origin);
    }

    private static Optional<SourcePiece> pieceAt(JShell on, String code, int cursor) {
        List<SourcePiece> pieces = SourcePiece.split(code.substring(0, Math.min(cursor, code.length())),
                on.sourceCodeAnalysis());
        if (pieces.isEmpty()) {
            return Optional.empty();
        }
        // The snippet being typed is the last one before the cursor; its text runs to the end of
        // the snippet in the whole cell, so analysis sees what follows the cursor as well.
        SourcePiece last = pieces.get(pieces.size() - 1);
        Optional<SourcePiece> inFull = SourcePiece.split(code, on.sourceCodeAnalysis()).stream()
                .filter(p -> p.start() == last.start())
                .findFirst();
        return Optional.of(inFull.orElse(last));
    }

    private static String nextIndent(String code) {
        String lastLine = code.substring(code.lastIndexOf('\n') + 1);
        String indent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
        return lastLine.strip().endsWith("{") ? indent + "    " : indent;
    }

    private static String startupScript() {
        try (InputStream in = Evaluator.class.getResourceAsStream(STARTUP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the start-up script " + STARTUP_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> runStartup() {
        String script = startupScript();
        List<String> problems = new ArrayList<>();
        // One snippet at a time, so an import of a package this build lacks spoils nothing else.
        for (SourcePiece piece : SourcePiece.split(script, shell.sourceCodeAnalysis())) {
            try {
                evalPiece(script, piece, CodeOrigin.of("startup"), false);
            } catch (CellException e) {
                problems.add(e.value());
            }
        }
        return problems;
    }

    // ----------------------------------------------------------------------------------------

    /**
     * Adds objects that live outside the session's variables and may hold a cell's lambdas (what
     * the kernel registered for the session: comm listeners, renderers), by name: the session
     * moves to a fresh JShell only when none of them reaches the old session's code.
     */
    public void addRenewalRoots(Supplier<Map<String, ?>> roots) {
        renewalRoots.add(roots);
    }

    /** How many times the session moved to a fresh JShell, once a move under way has ended. */
    public int renewals() {
        Thread moving = renewal.get();
        if (moving != null) {
            try {
                moving.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        busy.lock();
        try {
            return renewals;
        } finally {
            busy.unlock();
        }
    }

    /** Why the session did not move to a fresh JShell when it last was due, if it did not. */
    public Optional<String> renewalObstacle() {
        return Optional.ofNullable(renewalObstacle);
    }

    /**
     * Starts the move to a fresh JShell, if one is due, on a thread of its own, right after a
     * cell: the kernel sends the cell's reply meanwhile, and the next cell waits for the move
     * (which takes the lock), so the move costs the notebook nothing while its user reads.
     */
    private void renewInTheBackgroundIfDue() {
        if (closed || renewEvery <= 0 || snippetsSinceRenewal < renewEvery || renewal.get() != null) {
            return; // read without the lock: at worst the next cell moves the session itself
        }
        Thread thread = new Thread(() -> {
            busy.lock();
            try {
                if (!closed) {
                    renewIfDue();
                }
            } finally {
                renewal.set(null);
                busy.unlock();
            }
        }, "hookbook-session-renewal");
        thread.setDaemon(true);
        if (renewal.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    /**
     * Moves the session to a fresh JShell when {@code renewEvery} snippets ran since the last
     * move and {@link SessionRenewal} finds nothing that could tell; else tries again a quarter
     * of the way later. A move that fails leaves the session as it was.
     */
    private void renewIfDue() {
        if (renewEvery <= 0 || snippetsSinceRenewal < renewEvery) {
            return;
        }
        Map<String, Object> moreRoots = new LinkedHashMap<>();
        renewalRoots.forEach(roots -> moreRoots.putAll(roots.get()));
        SessionRenewal.Plan plan = SessionRenewal.plan(shell, startupSnippets, variableHolders, engine.liveSnippetThreads(),
                engine.loader(), moreRoots);
        if (plan.obstacle() != null) {
            putOffRenewal(plan.obstacle());
            return;
        }
        JShell oldShell = shell;
        LocalEngine oldEngine = engine;
        Map<String, Class<?>> oldHolders = variableHolders;
        CellErrors oldErrors = errors;
        Set<String> oldStartup = startupSnippets;
        boolean moved = false;
        try {
            open(oldEngine.gradMode());
            SessionRenewal.replay(plan.carried(), new SessionRenewal.FreshSession() {
                @Override
                public void run(String source) throws CellException {
                    for (SourcePiece piece : SourcePiece.split(source, shell.sourceCodeAnalysis())) {
                        evalPiece(source, piece, CodeOrigin.of("carried over"), false);
                    }
                }

                @Override
                public Class<?> holderOf(String variable) {
                    return variableHolders.get(variable);
                }
            });
            moved = true;
        } catch (Exception | StackOverflowError | InternalError | AssertionError | LinkageError e) {
            putOffRenewal("carrying the session over failed: " + e);
            snippetsSinceRenewal = 0; // a failed move cost a whole start: try again a full period later
        } finally {
            if (!moved) {
                JShell failed = shell;
                LocalEngine failedEngine = engine;
                shell = oldShell;
                engine = oldEngine;
                variableHolders = oldHolders;
                errors = oldErrors;
                startupSnippets = oldStartup;
                if (failed != oldShell) {
                    failed.close();
                    failedEngine.releaseThreads();
                }
            }
        }
        if (moved) {
            oldShell.close();
            oldEngine.releaseThreads();
            oldEngine.handThreadsTo(engine);
            renewals++;
            snippetsSinceRenewal = 0;
            renewalObstacle = null;
        }
    }

    private void putOffRenewal(String obstacle) {
        renewalObstacle = obstacle;
        snippetsSinceRenewal = renewEvery - Math.max(1, renewEvery / 4);
    }

    /** The value of a cell's last expression: the object itself (null included). */
    public record Result(Object value) {}
}
