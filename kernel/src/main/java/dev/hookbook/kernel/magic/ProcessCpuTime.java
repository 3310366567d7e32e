package dev.hookbook.kernel.magic;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this process has used so far, in user and system mode, as IPython's
 * {@code %time} reads it for the whole process (a cell's code runs on threads of its own, and
 * JShell compiles it on another).
 *
 * <p>The total comes from the JVM, to the nanosecond. The JVM does not split it; Linux counts
 * user and system time in {@code /proc/self/stat} in ticks of 10 ms, so the total is split in
 * the proportion of those counts, and is all user time where they are not available.
 */
record ProcessCpuTime(long userNanos, long systemNanos) {

    private static final Path PROC_STAT = Path.of("/proc/self/stat");

    static ProcessCpuTime now() {
        long total = processCpuNanos();
        long[] ticks = userAndSystemTicks();
        if (ticks == null || ticks[0] + ticks[1] == 0) {
            return new ProcessCpuTime(total, 0);
        }
        long system = Math.round(total * (double) ticks[1] / (ticks[0] + ticks[1]));
        return new ProcessCpuTime(total - system, system);
    }

    /** What was used from {@code start} to this. */
    ProcessCpuTime since(ProcessCpuTime start) {
        // The split can shift between readings; neither part goes below zero.
        long total = Math.max(0, totalNanos() - start.totalNanos());
        long system = Math.min(total, Math.max(0, systemNanos - start.systemNanos));
        return new ProcessCpuTime(total - system, system);
    }

    long totalNanos() {
        return userNanos + systemNanos;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos;
            }
        }
        return 0;
    }

    /** utime and stime, fields 14 and 15 of {@code /proc/self/stat}; null where there is no such file. */
    private static long[] userAndSystemTicks() {
        try {
            String stat = Files.readString(PROC_STAT);
            // The command name (field 2) is in parentheses and may hold blanks: count after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
