package dev.hookbook.kernel;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.CodeOrigin;
import dev.hookbook.kernel.eval.Completeness;
import dev.hookbook.kernel.eval.Completions;
import dev.hookbook.kernel.eval.Evaluator;
import dev.hookbook.kernel.eval.Inspection;
import dev.hookbook.kernel.magic.MagicContext;
import dev.hookbook.kernel.magic.Magics;
import dev.hookbook.kernel.magic.TimeMagic;
import dev.hookbook.kernel.render.Renderers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A notebook session: runs cells (magic lines and Java code, in order) through one
 * {@link Evaluator} and renders results with the session's {@link Renderers}. The kernel and
 * the headless runner both run cells through this class, so a notebook behaves the same in both.
 * A session changes no process-wide state; its host installs that with {@link SessionGlobals}.
 */
public final class Session implements AutoCloseable {

    private final Evaluator evaluator;
    private final Renderers renderers;
    private final Magics magics;
    private final MagicContext magicContext;

    /** A session with this process's class path, {@code renderers}, the built-in magics, paths relative to {@code workingDirectory}. */
    public static Session start(Path workingDirectory, Renderers renderers) {
        return new Session(Evaluator.start(), renderers, Magics.defaults(), workingDirectory);
    }

    public Session(Evaluator evaluator, Renderers renderers, Magics magics, Path workingDirectory) {
        this.evaluator = evaluator;
        this.renderers = renderers;
        this.magics = magics;
        this.magicContext = new MagicContext(evaluator, renderers, workingDirectory.toAbsolutePath());
        evaluator.addRenewalRoots(() -> Map.of("the renderers registered in cells", renderers.registered()));
    }

    /** Objects the kernel keeps for the session outside its variables (see {@link Evaluator#addRenewalRoots}). */
    public void addRenewalRoots(Supplier<Map<String, ?>> roots) {
        evaluator.addRenewalRoots(roots);
    }

    public Renderers renderers() {
        return renderers;
    }

    /** Start-up snippets that failed, such as an import of a package this build does not have. */
    public List<String> startupProblems() {
        return evaluator.startupProblems();
    }

    /**
     * Runs a cell and returns its result rendered, if it ends with an expression.
     *
     * @param label how errors name this cell, such as {@code In [3]} or {@code cell 3}
     * @throws CellException when a line fails; the lines before it keep their effects
     */
    public Optional<MimeBundle> run(String cell, String label) throws CellException {
        return run(cell, label, () -> false);
    }

    /**
     * As {@link #run(String, String)}, ending with an interrupted error as soon as
     * {@code interrupted} says so, before each block of code: the kernel passes the interrupt
     * requests that came for this cell, an early one included.
     */
    public Optional<MimeBundle> run(String cell, String label, BooleanSupplier interrupted) throws CellException {
        String[] lines = cell.split("\n", -1);
        if (TimeMagic.timesCell(lines[0])) {
            return TimeMagic.timed(() -> runLines(lines, 1, label, interrupted)).map(r -> renderers.render(r.value()));
        }
        return runLines(lines, 0, label, interrupted).map(r -> renderers.render(r.value()));
    }

    /** Runs the cell's lines from {@code first} on: Java code, and magic lines where they come. */
    private Optional<Evaluator.Result> runLines(String[] lines, int first, String label, BooleanSupplier interrupted)
            throws CellException {
        StringBuilder code = new StringBuilder();
        int codeStart = first;
        Optional<Evaluator.Result> result = Optional.empty();
        for (int i = first; i < lines.length; i++) {
            if (!Magics.isMagicLine(lines[i])) {
                code.append(lines[i]).append('\n');
                continue;
            }
            evalCode(code, label, codeStart, interrupted);
            code.setLength(0);
            codeStart = i + 1;
            Optional<String> timedStatement = TimeMagic.statementOf(lines[i]);
            if (timedStatement.isPresent()) {
                // Its value is the cell's result when nothing but blank lines follows.
                CodeOrigin origin = new CodeOrigin(label, i + 1);
                result = TimeMagic.timed(() -> evaluator.eval(timedStatement.get(), origin, interrupted));
                continue;
            }
            result = Optional.empty();
            try {
                magics.run(lines[i].strip(), magicContext);
            } catch (CellException e) {
                throw e.atLine(i + 1);
            }
        }
        Optional<Evaluator.Result> last = evalCode(code, label, codeStart, interrupted);
        return code.toString().isBlank() ? result : last;
    }

    private Optional<Evaluator.Result> evalCode(StringBuilder code, String label, int firstLineIndex,
                                                BooleanSupplier interrupted) throws CellException {
        if (code.toString().isBlank()) {
            return Optional.empty();
        }
        return evaluator.eval(code.toString(), new CodeOrigin(label, firstLineIndex + 1), interrupted);
    }

    /** Stops the running cell from another thread (Jupyter's interrupt). */
    public void interrupt() {
        evaluator.stop();
    }

    /** Completion candidates at {@code cursor}; none on a magic line. */
    public Completions complete(String cell, int cursor) {
        return evaluator.complete(withoutMagics(cell), cursor);
    }

    /** Documentation or type of what is at {@code cursor}. */
    public Optional<String> inspect(String cell, int cursor) {
        return evaluator.inspect(withoutMagics(cell), cursor);
    }

    /** Documentation (plain text and HTML) or type of what is at {@code cursor}. */
    public Optional<Inspection> inspection(String cell, int cursor) {
        return evaluator.inspection(withoutMagics(cell), cursor);
    }

    /** Whether the cell can run as it is (for {@code jupyter console}). */
    public Completeness isComplete(String cell) {
        return evaluator.isComplete(withoutMagics(cell));
    }

    /** The cell with its magic lines blanked out, so offsets into it stay the same. */
    private static String withoutMagics(String cell) {
        StringBuilder code = new StringBuilder(cell.length());
        String[] lines = cell.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            code.append(Magics.isMagicLine(lines[i]) ? " ".repeat(lines[i].length()) : lines[i]);
            if (i < lines.length - 1) {
                code.append('\n');
            }
        }
        return code.toString();
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
