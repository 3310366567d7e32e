package dev.hookbook.trace;

import java.util.ArrayList;
import java.util.List;

/** The recorded steps as a tree: a call contains its hooks and forward, a forward the calls it makes. */
final class TraceTree {
    private TraceTree() {}

    static final class Entry {
        String text;
        final Entry parent;
        final List<Entry> children = new ArrayList<>();
        /** When the step began and ended ({@link System#nanoTime()}); -1 until it ends, and for steps without a span (a hook, an op). */
        final long startNanos = System.nanoTime();
        long endNanos = -1;

        Entry(String text, Entry parent) {
            this.text = text;
            this.parent = parent;
            if (parent != null) parent.children.add(this);
        }

        void end() {
            if (endNanos < 0) endNanos = System.nanoTime();
        }

        /** The wall time of the step, or -1 when it has no span or did not finish (it threw). */
        long nanos() {
            return endNanos < 0 ? -1 : endNanos - startNanos;
        }

        void flatten(List<String> out) {
            out.add(text);
            children.forEach(c -> c.flatten(out));
        }

        /** Draws the entry and its subtree with box-drawing branches. */
        void render(StringBuilder sb, String indent, String branch, boolean top) {
            sb.append(indent).append(branch).append(text).append('\n');
            String childIndent = top ? indent : indent + (branch.startsWith("└") ? "    " : "│   ");
            for (int i = 0; i < children.size(); i++) {
                boolean last = i == children.size() - 1;
                children.get(i).render(sb, childIndent, last ? "└── " : "├── ", false);
            }
        }
    }
}
