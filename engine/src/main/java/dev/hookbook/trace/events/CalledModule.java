package dev.hookbook.trace.events;

/**
 * The module a trace event is about, as this package sees it (it sits below {@code nn}): what it
 * is and where it sits in the model. The path is worked out only when asked for.
 */
public interface CalledModule {
    /** The module's class, such as {@code Linear}. */
    String type();

    /** Its dotted path in the model being called, such as {@code features.0}; "" for the outermost. */
    String path();
}
