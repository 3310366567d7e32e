package dev.hookbook.kernel.magic;

import dev.hookbook.kernel.eval.CellException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/**
 * {@code %time STATEMENT} and {@code %%time}: the wall and CPU time of a statement, or of the
 * whole cell, printed after it as IPython prints them:
 * {@code CPU times: user 1.2 ms, sys: 0 ns, total: 1.2 ms} and {@code Wall time: 3.4 ms}.
 *
 * <p>Unlike the other magics they run code and keep its value (the value of the statement or
 * of the cell is still the cell's result), so the session runs them itself with this class.
 */
public final class TimeMagic {

    /** The line magic's and the cell magic's help, for {@code %lsmagic}. */
    static final String USAGE = "%time STATEMENT (wall and CPU time of the statement)\n"
            + "%%time (on a cell's first line: wall and CPU time of the cell)";

    private TimeMagic() {}

    /** Code that runs and may fail like a cell. */
    @FunctionalInterface
    public interface Code<T> {
        T run() throws CellException;
    }

    /** The statement of a {@code %time STATEMENT} line; empty for any other line. */
    public static Optional<String> statementOf(String line) {
        if (!line.startsWith("%time") || (line.length() > 5 && !Character.isWhitespace(line.charAt(5)))) {
            return Optional.empty();
        }
        return Optional.of(line.substring(5));
    }

    /** Whether {@code firstLine}, a cell's first line, is {@code %%time}. */
    public static boolean timesCell(String firstLine) {
        return firstLine.strip().equals("%%time");
    }

    /** Runs {@code code}; if it ends normally, prints the time it took and returns its value. */
    public static <T> T timed(Code<T> code) throws CellException {
        ProcessCpuTime cpuAtStart = ProcessCpuTime.now();
        long wallAtStart = System.nanoTime();
        T value = code.run();
        long wall = System.nanoTime() - wallAtStart;
        ProcessCpuTime cpu = ProcessCpuTime.now().since(cpuAtStart);
        System.out.print(report(cpu, wall));
        System.out.flush();
        return value;
    }

    static String report(ProcessCpuTime cpu, long wallNanos) {
        return "CPU times: user " + format(cpu.userNanos()) + ", sys: " + format(cpu.systemNanos())
                + ", total: " + format(cpu.totalNanos()) + "\nWall time: " + format(wallNanos) + "\n";
    }

    /**
     * A duration as IPython writes it: three significant digits in ns, µs, ms or s
     * ({@code 1.2 ms}, {@code 0 ns}); from a minute on, in days, hours, minutes and seconds
     * ({@code 1min 15s}).
     */
    static String format(long nanos) {
        double seconds = nanos / 1e9;
        if (seconds >= 60) {
            StringBuilder text = new StringBuilder();
            long left = (long) seconds;
            for (Object[] part : new Object[][] {{"d", 86_400L}, {"h", 3_600L}, {"min", 60L}, {"s", 1L}}) {
                long length = (Long) part[1];
                if (left >= length) {
                    text.append(text.length() == 0 ? "" : " ").append(left / length).append(part[0]);
                    left %= length;
                }
            }
            return text.toString();
        }
        String[] units = {"s", "ms", "\u00b5s", "ns"};
        // IPython's choice of unit: min(-(floor(log10(t)) // 3), 3), with Python's floor division.
        int order = nanos <= 0 ? 3 : Math.min(3, -Math.floorDiv((int) Math.floor(Math.log10(seconds)), 3));
        BigDecimal scaled = new BigDecimal(seconds * Math.pow(1000, order)).round(new MathContext(3));
        return scaled.stripTrailingZeros().toPlainString() + " " + units[order];
    }
}
