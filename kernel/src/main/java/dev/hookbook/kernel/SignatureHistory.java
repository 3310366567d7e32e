package dev.hookbook.kernel;

import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * The signatures of the requests this kernel has accepted, so that a request captured and sent
 * again is refused: a signature covers the header with its unique {@code msg_id}, so a client
 * never sends the same one twice. {@code jupyter_client}'s {@code Session} keeps the same
 * history (its {@code digest_history}).
 *
 * <p>It holds at most {@link #CAPACITY} signatures, as {@code jupyter_client} does, forgetting the
 * oldest tenth when full, so a long session does not grow without bound.
 */
final class SignatureHistory {

    static final int CAPACITY = 1 << 16;

    private final Set<String> seen = new LinkedHashSet<>();

    /** Records {@code signature}; false if it was already recorded. */
    synchronized boolean firstSighting(String signature) {
        if (!seen.add(signature)) {
            return false;
        }
        if (seen.size() > CAPACITY) {
            Iterator<String> oldest = seen.iterator();
            for (int i = 0; i < CAPACITY / 10; i++) {
                oldest.next();
                oldest.remove();
            }
        }
        return true;
    }
}
