package dev.hookbook.viz;

import java.util.ArrayList;
import java.util.List;

/**
 * The snapshots a {@link Monitor} keeps for its explorer: at most {@code capacity} steps spread
 * evenly over the whole training, and the latest step. Steps 1, 1 + s, 1 + 2s, ... are kept with
 * a stride {@code s} that starts at 1; when one more would pass the capacity, the stride doubles
 * and every other snapshot goes. So memory stays bounded however long training runs, and a slider
 * over the kept steps still reaches from the first step to the last. Not thread-safe: the
 * recorder's lock guards it.
 */
final class StepSnapshots {
    private int capacity;
    private int stride = 1;
    private final List<StepSnapshot> kept = new ArrayList<>();
    private StepSnapshot latest;

    StepSnapshots(int capacity) {
        this.capacity = capacity;
    }

    /** Keeps at most {@code capacity} evenly spread steps from now on (thinning those kept if needed). */
    void capacity(int capacity) {
        this.capacity = capacity;
        while (kept.size() > capacity) thin();
    }

    void add(StepSnapshot snapshot) {
        latest = snapshot;
        if ((snapshot.step() - 1) % stride == 0) {
            kept.add(snapshot);
            while (kept.size() > capacity) thin();
        }
    }

    private void thin() {
        stride *= 2;
        kept.removeIf(s -> (s.step() - 1) % stride != 0);
    }

    /** The distance between kept steps. */
    int stride() {
        return stride;
    }

    /** The kept snapshots, oldest first, the latest step last. */
    List<StepSnapshot> list() {
        List<StepSnapshot> all = new ArrayList<>(kept);
        if (latest != null && (all.isEmpty() || all.get(all.size() - 1) != latest)) all.add(latest);
        return all;
    }
}
