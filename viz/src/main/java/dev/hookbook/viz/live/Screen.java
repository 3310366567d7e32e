package dev.hookbook.viz.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether charts can go to a window. On Linux, AWT started with {@code java.awt.headless=false}
 * and no reachable X server fails at its first use, and from then on it cannot draw even into
 * an image, so PNG files fail too. {@link #settle()} asks the X server before AWT starts and,
 * when none answers, makes this JVM headless, so charts fall back to PNG files.
 */
public final class Screen {
    private static final Pattern DISPLAY = Pattern.compile("(?<host>[^:]*):(?<number>\\d+)(\\.\\d+)?");
    private static final int CONNECT_MILLIS = 500;

    private Screen() {}

    /**
     * Makes the JVM headless when it is not already and no X server answers at {@code $DISPLAY}.
     * Call it before anything draws; it does nothing on macOS and Windows, which have no X server
     * to miss.
     */
    public static synchronized void settle() {
        if ("true".equals(System.getProperty("java.awt.headless"))) return;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("mac") || os.contains("win")) return;
        if (!reachable(System.getenv("DISPLAY"), Path.of("/tmp/.X11-unix"))) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Whether an X server answers at {@code display} (":0", "host:10.0"): on this machine through
     * the socket {@code socketDir/X<number>}, elsewhere on TCP port 6000 + number.
     */
    static boolean reachable(String display, Path socketDir) {
        if (display == null || display.isBlank()) return false;
        Matcher m = DISPLAY.matcher(display.strip());
        if (!m.matches()) return false;
        int number = Integer.parseInt(m.group("number"));
        String host = m.group("host");
        if (host.isEmpty() || host.equals("unix")) {
            Path socket = socketDir.resolve("X" + number);
            return Files.exists(socket) && connects(socket);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, 6000 + number), CONNECT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean connects(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }
}
