package dev.hookbook.display;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Jupyter's comms: two-way channels between an object in the kernel and its companion in the
 * front end, as ipykernel's {@code comm.create_comm} offers them to ipywidgets. The Jupyter kernel
 * installs itself here (as it installs a {@link Display}); library code, such as the viz's
 * widgets, opens comms through it without depending on the kernel. Outside a kernel (JShell,
 * the notebook runner) nothing is installed and widgets work locally.
 *
 * <p>Message data is plain JSON as Java values: {@code Map<String, Object>}, {@code List<?>},
 * {@code String}, {@code Number}, {@code Boolean} and {@code null}. Binary buffers travel
 * beside the data, as the extra frames of the message.
 */
public interface Comms {

    /**
     * Opens comm {@code commId} for {@code targetName} in the front end ({@code comm_open} with
     * {@code data}, {@code metadata} and {@code buffers}); what the front end sends on it goes to
     * {@code listener}, on a thread of the kernel's comms (never the thread running a cell).
     */
    void open(String commId, String targetName, Map<String, Object> data, Map<String, Object> metadata,
              List<byte[]> buffers, CommListener listener);

    /** Sends {@code comm_msg} with {@code data} and {@code buffers} on an open comm; a closed one ignores it. */
    void send(String commId, Map<String, Object> data, List<byte[]> buffers);

    /** Closes the comm from the kernel's side ({@code comm_close}); an unknown id is ignored. */
    void close(String commId, Map<String, Object> data);

    /**
     * Answers the comms the front end opens for {@code targetName} (as ipykernel's
     * {@code register_target}): {@code opener} gets the new comm's id and data and returns the
     * listener for its messages. Comms opened for a target nobody registered are closed.
     */
    void registerTarget(String targetName, CommOpener opener);

    /** The {@code msg_id} of the request being run, to which outputs published now belong; empty when none. */
    default String currentRequestId() {
        return "";
    }

    /** Opens the listener of a comm the front end opened. */
    @FunctionalInterface
    interface CommOpener {
        CommListener opened(String commId, Map<String, Object> data, List<byte[]> buffers);
    }

    /** The comms of the running kernel, if there is one. */
    static Optional<Comms> current() {
        return Optional.ofNullable(Holder.CURRENT.get());
    }

    /** Installs (or, with null, removes) the kernel's comms; returns the ones it replaces. */
    static Comms install(Comms comms) {
        return Holder.CURRENT.getAndSet(comms);
    }

    /** Keeps the installed comms out of the interface's public surface. */
    final class Holder {
        private static final AtomicReference<Comms> CURRENT = new AtomicReference<>();

        private Holder() {}
    }
}
