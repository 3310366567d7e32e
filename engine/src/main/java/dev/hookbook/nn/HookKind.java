package dev.hookbook.nn;

/**
 * The kinds of hook a module keeps, each with the label that {@link Module#hooks()} and error
 * messages use. A module keeps one hook list per kind (an {@code EnumMap}), so a new kind is one
 * constant here and a registration method; listing and removing hooks loop over the kinds.
 */
enum HookKind {
    FORWARD_PRE("forward pre-hook"),
    FORWARD("forward hook"),
    BACKWARD_PRE("backward pre-hook"),
    BACKWARD("backward hook"),
    STATE_DICT_POST("state-dict post hook"),
    LOAD_STATE_DICT_PRE("load-state-dict pre-hook"),
    LOAD_STATE_DICT_POST("load-state-dict post hook");

    /** The kinds that may also be registered for every module ({@code Module.registerGlobal...}). */
    static final HookKind[] GLOBAL = {FORWARD_PRE, FORWARD, BACKWARD_PRE, BACKWARD};

    final String label;

    HookKind(String label) {
        this.label = label;
    }

    /** The label of a global registration of this kind: "global forward hook". */
    String globalLabel() {
        return "global " + label;
    }
}
