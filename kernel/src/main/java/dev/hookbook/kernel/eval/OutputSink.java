package dev.hookbook.kernel.eval;

/** Receives the text a running cell writes to {@code System.out} or {@code System.err}. */
@FunctionalInterface
public interface OutputSink {

    /** Which of the two standard streams some text was written to. */
    enum Stream {
        STDOUT("stdout"), STDERR("stderr");

        private final String jupyterName;

        Stream(String jupyterName) {
            this.jupyterName = jupyterName;
        }

        /** The stream's name in Jupyter messages and notebooks. */
        public String jupyterName() {
            return jupyterName;
        }
    }

    /** Called with each piece of text as it is written, possibly from several threads. */
    void write(Stream stream, String text);
}
