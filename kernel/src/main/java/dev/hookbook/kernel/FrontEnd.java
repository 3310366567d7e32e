package dev.hookbook.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of front end the kernel serves, as far as what it draws: a notebook (Jupyter
 * Notebook, JupyterLab, VS Code, nbclient) redraws an output when {@code update_display_data}
 * replaces it; a terminal ({@code jupyter console}) prints an output once, as text, and ignores
 * updates. The protocol says nothing of it (both send the same requests), so the kernel asks, in
 * this order: {@code HOOKBOOK_FRONT_END=console} or {@code notebook} in its environment (which
 * {@code ./jnb console} sets, and anyone may); else the command line of the process that started
 * it ({@code JPY_PARENT_PID}): {@code jupyter-console} means a terminal; else a notebook. A console
 * attached later to a running notebook kernel ({@code jupyter console --existing}) is not seen.
 */
enum FrontEnd {
    NOTEBOOK, CONSOLE;

    static final String VARIABLE = "HOOKBOOK_FRONT_END";

    /** Whether this front end redraws updated outputs. */
    boolean updatesInPlace() {
        return this == NOTEBOOK;
    }

    /** The front end of this process, from its environment and its parent's command line. */
    static FrontEnd ofThisProcess() {
        String parentPid = System.getenv("JPY_PARENT_PID");
        Optional<String> parentCommand = Optional.empty();
        try {
            if (parentPid != null && !parentPid.isBlank()) {
                parentCommand = ProcessHandle.of(Long.parseLong(parentPid.strip()))
                        .flatMap(parent -> parent.info().commandLine());
            }
        } catch (NumberFormatException e) {
            // not a process id: KernelMain already warns about it
        }
        return of(System.getenv(VARIABLE), parentCommand);
    }

    /** The front end that {@code requested} (the variable's value, or null) names, else the one {@code parentCommand} suggests. */
    static FrontEnd of(String requested, Optional<String> parentCommand) {
        if (requested != null && !requested.isBlank()) {
            String name = requested.strip().toLowerCase(Locale.ROOT);
            if (name.equals("console")) {
                return CONSOLE;
            }
            if (name.equals("notebook")) {
                return NOTEBOOK;
            }
        }
        return parentCommand.filter(FrontEnd::isConsoleCommand).map(c -> CONSOLE).orElse(NOTEBOOK);
    }

    private static boolean isConsoleCommand(String commandLine) {
        return commandLine.contains("jupyter-console") || commandLine.contains("jupyter_console")
                || commandLine.matches(".*\\bjupyter console\\b.*");
    }
}
