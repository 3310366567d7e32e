package dev.hookbook.display;

import java.util.List;
import java.util.Map;

/** What a comm's kernel side does with the messages its front-end side sends (see {@link Comms}). */
public interface CommListener {

    /** A {@code comm_msg} from the front end: its {@code data} and binary buffers. */
    void onMessage(Map<String, Object> data, List<byte[]> buffers);

    /** The front end closed the comm ({@code comm_close}). */
    default void onClose(Map<String, Object> data) {}
}
