package dev.hookbook.kernel;

import javax.management.ListenerNotFoundException;
import dev.hookbook.kernel.eval.CellException;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Optional;

/**
 * Stops a cell that is about to fill the heap, before the JVM runs out of memory. A cell that
 * allocates small objects until an {@code OutOfMemoryError} leaves the heap full to the last
 * byte; the error then strikes whichever thread allocates next (the kernel's socket threads,
 * ZeroMQ's I/O thread), they die, and the kernel answers nothing more while its heartbeat goes
 * on. So when a garbage collection during a cell leaves the heap more than {@link #FULL} full,
 * the guard stops the cell as an interrupt would, and lets go of a reserve it holds, so that the
 * kernel has room to send the error. What the session's variables hold stays: the user frees it.
 * The reserve is taken again before a later cell, once there is room for it.
 */
public final class MemoryGuard implements AutoCloseable {

    /** The share of the largest heap, in use after a collection, at which a cell is stopped (at most). */
    static final double FULL = 0.85;

    private final List<MemoryPoolMXBean> pools;
    private final Runnable stopCell;
    private final NotificationListener listener = this::collected;
    private final int reserveBytes;
    private volatile byte[] reserve;
    private volatile boolean cellRunning;
    private volatile boolean fired;
    private volatile String firedAt = "";

    /**
     * Where a pool of {@code max} bytes counts as full: {@link #FULL} of it, and at least 256 MB
     * (a third of a small heap) short of it, since a loop that allocates fills what is left within
     * a fraction of a second, while the guard's notice comes and the cell is stopped (on a loaded
     * 2-core machine, 100 MB short of a 300 MB heap was too late).
     */
    static long threshold(long max) {
        long margin = Math.max((long) (max * (1 - FULL)), Math.min(256L << 20, max / 3));
        return max - margin;
    }

    /** A guard that calls {@code stopCell} (the session's interrupt) when a running cell fills the heap. */
    public MemoryGuard(Runnable stopCell) {
        this.stopCell = stopCell;
        this.pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
                .filter(p -> p.getUsage().getMax() > 0)
                .toList();
        long max = Runtime.getRuntime().maxMemory();
        this.reserveBytes = (int) Math.max(4L << 20, Math.min(64L << 20, max / 20));
        for (MemoryPoolMXBean pool : pools) {
            pool.setCollectionUsageThreshold(threshold(pool.getUsage().getMax()));
            if (pool.isUsageThresholdSupported()) {
                // An early warning: G1's old generation fills at each young collection, long
                // before an old one measures it (see collected).
                pool.setUsageThreshold(threshold(pool.getUsage().getMax()));
            }
        }
        ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).addNotificationListener(listener, null, null);
        takeReserve();
    }

    /**
     * Call as a cell starts: takes the reserve again when it was let go and there is room for it
     * now. A cell that starts with the heap already past {@link #FULL} (the variables of an earlier
     * cell fill it) is not stopped for it: it may be the one that frees them.
     */
    public void cellStarted() {
        fired = false;
        takeReserve();
        cellRunning = pools.stream().allMatch(p -> p.getCollectionUsage() == null
                || p.getCollectionUsage().getUsed() < p.getCollectionUsageThreshold());
    }

    /** Call as the cell ends; when the guard stopped it, the cell's error that says why. */
    public Optional<CellException> cellEnded() {
        cellRunning = false;
        return fired ? Optional.of(new CellException("OutOfMemoryError", firedAt, List.of("OutOfMemoryError: " + firedAt), 0))
                : Optional.empty();
    }

    private void takeReserve() {
        if (reserve != null) {
            return;
        }
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (free < 4L * reserveBytes) {
            return; // no room yet: the session still holds nearly all of it
        }
        try {
            reserve = new byte[reserveBytes];
        } catch (OutOfMemoryError e) {
            reserve = null;
        }
    }

    private void collected(Notification notification, Object handback) {
        if (!cellRunning || fired) {
            return;
        }
        if (MemoryNotificationInfo.MEMORY_THRESHOLD_EXCEEDED.equals(notification.getType())) {
            // In use is not alive: a full collection says how much of it is, and its own
            // notification (below) stops the cell when that is still past the threshold. Without
            // it, a loop of small allocations could fill the last margin before an old
            // collection came on its own. The arrays the engine keeps for reuse go first.
            dev.hookbook.Hookbook.emptyCache();
            System.gc();
            return;
        }
        if (!MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
            return;
        }
        reserve = null;
        fired = true;
        cellRunning = false;
        MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) notification.getUserData());
        MemoryUsage usage = info.getUsage();
        firedAt = String.format("the heap was %d%% full after a garbage collection (%d of %d MB in %s), so the cell was stopped"
                        + " before the JVM ran out of memory; what the session's variables hold stays: set large ones to null,"
                        + " or start afresh with a larger heap (-Xmx)",
                Math.round(100.0 * usage.getUsed() / usage.getMax()), usage.getUsed() >> 20, usage.getMax() >> 20,
                info.getPoolName());
        stopCell.run();
    }

    @Override
    public void close() {
        try {
            ((NotificationEmitter) ManagementFactory.getMemoryMXBean()).removeNotificationListener(listener);
        } catch (ListenerNotFoundException ignored) {
            // Already removed.
        }
        reserve = null;
    }
}
