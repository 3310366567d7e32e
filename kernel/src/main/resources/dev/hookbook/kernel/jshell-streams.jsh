// Run by ./jnb jshell after the start-up script: System.out.close() or System.err.close() in a
// snippet closed the channel jshell reads the snippets' output from, and jshell ended the whole
// state engine ("State engine terminated"), every variable with it. As in the kernel, closing
// them only flushes.
System.setOut(new java.io.PrintStream(System.out, true) { @Override public void close() { flush(); } });
System.setErr(new java.io.PrintStream(System.err, true) { @Override public void close() { flush(); } });
