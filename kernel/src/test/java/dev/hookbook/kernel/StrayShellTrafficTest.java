package dev.hookbook.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Another local process that connects to the shell port and sends malformed messages must not
 * disturb a front end's requests: each malformed message is dropped whole, and every reply goes
 * to the socket that sent its request. A signed request sent again is refused, as
 * {@code jupyter_client}'s {@code Session} refuses a signature it has seen.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StrayShellTrafficTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final OwnKernel kernel = new OwnKernel();

    static Stream<Arguments> strayMessages() {
        List<byte[]> signed = kernel.client().requestFrames(UUID.randomUUID().toString(), "execute_request",
                KernelClient.executeContent("System.out.println(\"stray\")"));
        return Stream.of(
                arguments("one junk frame", List.of(bytes("a"))),
                arguments("the delimiter alone", List.of(bytes("<IDS|MSG>"))),
                arguments("3 of the 6 frames", signed.subList(0, 3)),
                arguments("a signed message without its signature frame",
                        List.of(signed.get(0), signed.get(2), signed.get(3), signed.get(4), signed.get(5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strayMessages")
    void aStrayMessageIsDroppedAndTheNextRequestsAreAnsweredToTheirSender(String what, List<byte[]> frames) {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket stray = context.createSocket(SocketType.DEALER);
            stray.setImmediate(true);        // send only once connected, so the frames leave before the requests
            stray.setSendTimeOut(10_000);
            stray.connect("tcp://127.0.0.1:" + kernel.process().connection.get("shell_port").getAsInt());
            for (int i = 0; i < frames.size(); i++) {
                assertTrue(i < frames.size() - 1 ? stray.sendMore(frames.get(i)) : stray.send(frames.get(i)), "sent");
            }
            // Two cells: whether the stray frames arrive before or after the first, the second comes after them.
            for (int cell = 1; cell <= 2; cell++) {
                KernelClient.Exchange exchange = kernel.client().execute("40 + " + cell, TIMEOUT);
                assertEquals("ok", exchange.replyContent().get("status").getAsString(), exchange.reply().toString());
                assertEquals(String.valueOf(40 + cell), KernelProtocolTest.text(exchange));
            }
            stray.setReceiveTimeOut(0);
            assertEquals(null, stray.recv(), "nothing is sent to the stray socket");
        }
    }

    @Test
    void aReplayedRequestRunsOnce() {
        assertEquals("ok", kernel.client().execute("int runs = 0;", TIMEOUT).replyContent().get("status").getAsString());
        String id = UUID.randomUUID().toString();
        List<byte[]> request = kernel.client().requestFrames(id, "execute_request", KernelClient.executeContent("runs++;"));
        for (int i = 0; i < 3; i++) {
            kernel.client().sendShellFrames(request);
        }
        assertEquals("ok", kernel.client().awaitShellReply(id, TIMEOUT).replyContent().get("status").getAsString());
        assertEquals("1", KernelProtocolTest.text(kernel.client().execute("runs", TIMEOUT)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
