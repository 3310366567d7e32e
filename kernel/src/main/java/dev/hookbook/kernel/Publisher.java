package dev.hookbook.kernel;

import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.messages.ContentType;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;

/**
 * Sends IOPub messages on behalf of the request being executed, from any thread: output and
 * displays from threads a cell started land under that cell.
 */
final class Publisher {

    private final JupyterSocket iopub;
    private volatile MessageContext parent;

    Publisher(JupyterSocket iopub) {
        this.iopub = iopub;
    }

    /** The request that output belongs to from now on. */
    void parent(MessageContext request) {
        this.parent = request;
    }

    /** The request that output belongs to now (null before the first). */
    MessageContext parent() {
        return parent;
    }

    <T extends ContentType<T>> void publish(T content) {
        // The library's socket serialises sends, so several threads may publish.
        iopub.sendMessage(new Message<>(parent, content.getType(), content));
    }
}
