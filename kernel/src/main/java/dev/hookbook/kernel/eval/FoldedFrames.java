package dev.hookbook.kernel.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The frame lines of one exception as a notebook shows them: the frames worth reading (the
 * user's) one a line, the rest counted in a single last line, and a run of frames that repeats
 * (a recursion that overflowed the stack) written once with its count.
 */
final class FoldedFrames {

    /** The longest cycle of frames looked for; deeper mutual recursions are rare. */
    private static final int LONGEST_CYCLE = 8;

    private final List<String> shown = new ArrayList<>();
    private int hidden;

    /** Adds a frame line that is shown ({@code at f(In [3] line 2)}). */
    void show(String frameLine) {
        shown.add(frameLine);
    }

    /** Counts {@code frames} frames that are folded away. */
    void hide(int frames) {
        hidden += frames;
    }

    boolean noneShown() {
        return shown.isEmpty();
    }

    /** The lines, indented as a stack trace. */
    List<String> lines() {
        List<String> lines = withRepeatsFolded(shown);
        if (hidden > 0) {
            lines.add("    ... " + count(hidden) + (hidden == 1 ? " frame" : " frames") + " in Hookbook and the JDK");
        }
        return lines;
    }

    /** {@code frames} with every cycle repeated three times or more written once, then its count. */
    private static List<String> withRepeatsFolded(List<String> frames) {
        List<String> lines = new ArrayList<>();
        int i = 0;
        while (i < frames.size()) {
            int bestCycle = 0;
            int bestRepeats = 1;
            for (int cycle = 1; cycle <= LONGEST_CYCLE && i + 2 * cycle <= frames.size(); cycle++) {
                int repeats = repeats(frames, i, cycle);
                if (repeats >= 3 && repeats * cycle > bestRepeats * Math.max(bestCycle, 1)) {
                    bestCycle = cycle;
                    bestRepeats = repeats;
                }
            }
            if (bestCycle == 0) {
                lines.add("    at " + frames.get(i++));
                continue;
            }
            for (int k = 0; k < bestCycle; k++) {
                lines.add("    at " + frames.get(i + k));
            }
            lines.add(bestCycle == 1
                    ? "    ... the frame above repeats " + count(bestRepeats - 1) + " more times"
                    : "    ... the " + bestCycle + " frames above repeat " + count(bestRepeats - 1) + " more times");
            i += bestCycle * bestRepeats;
        }
        return lines;
    }

    /** How many times the {@code cycle} frames from {@code start} occur in a row there. */
    private static int repeats(List<String> frames, int start, int cycle) {
        int repeats = 1;
        while (start + (repeats + 1) * cycle <= frames.size()
                && frames.subList(start, start + cycle).equals(
                        frames.subList(start + repeats * cycle, start + (repeats + 1) * cycle))) {
            repeats++;
        }
        return repeats;
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
