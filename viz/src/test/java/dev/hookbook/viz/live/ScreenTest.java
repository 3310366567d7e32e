package dev.hookbook.viz.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScreenTest {

    @TempDir
    Path dir;

    @Test
    void noDisplayOrNoServerIsNotReachable() throws IOException {
        assertFalse(Screen.reachable(null, dir));
        assertFalse(Screen.reachable("", dir));
        assertFalse(Screen.reachable(":77", dir));
        assertFalse(Screen.reachable("not a display", dir));
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = closed.getLocalPort();
            closed.close();
            assertFalse(Screen.reachable("127.0.0.1:" + (port - 6000), dir));
        }
    }

    @Test
    void aServerOnTheSocketOrThePortIsReachable() throws IOException {
        try (ServerSocketChannel x = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            x.bind(UnixDomainSocketAddress.of(dir.resolve("X5")));
            assertTrue(Screen.reachable(":5", dir));
            assertTrue(Screen.reachable(":5.0", dir));
            assertTrue(Screen.reachable("unix:5", dir));
        }
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertTrue(Screen.reachable("127.0.0.1:" + (tcp.getLocalPort() - 6000) + ".0", dir));
        }
    }

    /**
     * As {@code ./jnb jshell} starts it (headless=false) on a machine whose X server does not
     * answer, or that has none: live charts fall back to PNG files, and drawing them works.
     */
    @Test
    void withoutAScreenThatAnswersChartsGoToPngFiles() throws Exception {
        assertEquals("PngDirectoryView, drew", runChild(HeadlessFallbackCheck.class, ":77"));
        assertEquals("PngDirectoryView, drew", runChild(HeadlessFallbackCheck.class, null));
    }

    /** The same JVM drawing a gradient graph first, before any chart: GraphView settles the screen too. */
    @Test
    void withoutAScreenThatAnswersGraphPicturesStillDraw() throws Exception {
        assertTrue(runChild(GraphViewHeadlessCheck.class, ":77").startsWith("GraphView, drew "));
        assertTrue(runChild(GraphViewHeadlessCheck.class, null).startsWith("GraphView, drew "));
    }

    private String runChild(Class<?> main, String display) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=false", "-cp", classPath, main.getName(), dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_AWT_HEADLESS");
        if (display == null) {
            builder.environment().remove("DISPLAY");
        } else {
            builder.environment().put("DISPLAY", display);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM ends");
        assertEquals(0, process.exitValue(), output);
        assertTrue(Files.exists(dir.resolve("chart.png")), output);
        String[] lines = output.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
