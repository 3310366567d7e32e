package dev.hookbook.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel as Jupyter sees it: started as its own process with a connection file, spoken to
 * over ZeroMQ with signed messages. One kernel for the class; the shutdown test runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelProtocolTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path directory;
    static KernelProcess kernel;
    static KernelClient client;
    static Instant launched;
    static Duration firstResult;

    @BeforeAll
    static void startKernel() throws Exception {
        launched = Instant.now();
        kernel = KernelProcess.start(TestPaths.currentJava(), directory);
        client = kernel.client();
    }

    @AfterAll
    static void stopKernel() throws Exception {
        client.close();
        kernel.close();
    }

    static String text(KernelClient.Exchange exchange) {
        List<KernelClient.Received> results = exchange.ofType("execute_result");
        assertEquals(1, results.size(), () -> "one result expected, got " + exchange.broadcasts() + (kernel == null ? "" : "\nkernel log:\n" + kernel.log()));
        return results.get(0).content().getAsJsonObject("data").get("text/plain").getAsString();
    }

    static void assertOk(KernelClient.Exchange exchange) {
        assertEquals("ok", exchange.replyContent().get("status").getAsString(),
                () -> "reply " + exchange.reply() + "\nbroadcasts " + exchange.broadcasts());
    }

    @Test
    @Order(1)
    void answersKernelInfoForJava() {
        JsonObject info = client.waitUntilReady(TIMEOUT);
        assertEquals("ok", info.get("status").getAsString());
        assertEquals("java", info.getAsJsonObject("language_info").get("name").getAsString());
        assertEquals("hookbook", info.get("implementation").getAsString());
        assertEquals("5.3", info.get("protocol_version").getAsString());
    }

    @Test
    @Order(2)
    void returnsTheLastExpressionOfSeveralSnippets() {
        client.waitUntilReady(TIMEOUT);
        KernelClient.Exchange exchange = client.execute("int a = 20;\nint b = 22;\na + b", TIMEOUT);
        firstResult = Duration.between(launched, exchange.replyAt());
        assertOk(exchange);
        assertEquals("42", text(exchange));
        assertEquals(1, exchange.ofType("execute_input").size());
        assertTrue(exchange.replyContent().get("execution_count").getAsInt() >= 1);
    }

    @Test
    @Order(3)
    void rendersTensorsAsTextAndHtml() {
        KernelClient.Exchange exchange = client.execute("Tensor.of(new float[]{1, 2, 3, 4}, 2, 2)", TIMEOUT);
        assertOk(exchange);
        JsonObject data = exchange.ofType("execute_result").get(0).content().getAsJsonObject("data");
        assertTrue(data.get("text/plain").getAsString().startsWith("tensor("), data.toString());
        String html = data.get("text/html").getAsString();
        assertTrue(html.contains("<table") && html.contains("4.0000"), html);
    }

    @Test
    @Order(4)
    void streamsOutputWhileTheCellRuns() {
        KernelClient.Exchange exchange = client.execute(
                "System.out.println(\"before\");\nThread.sleep(1500);\nSystem.err.println(\"after\");", TIMEOUT);
        assertOk(exchange);
        assertEquals("before\n", exchange.streamText("stdout"));
        assertEquals("after\n", exchange.streamText("stderr"));
        Instant before = exchange.ofType("stream").get(0).at();
        // Printed 1.5 s before the cell ended: it must have arrived well before the reply.
        assertTrue(Duration.between(before, exchange.replyAt()).toMillis() > 1000,
                () -> "first output at " + before + ", reply at " + exchange.replyAt());
    }

    @Test
    @Order(5)
    void displaysAndUpdatesInPlaceFromTheCellAndItsThreads() {
        KernelClient.Exchange exchange = client.execute(
                "var handle = display(\"first\");\n"
                        + "handle.update(\"second\");\n"
                        + "var worker = new Thread(() -> display(\"from a thread\").update(\"updated by the thread\"));\n"
                        + "worker.start(); worker.join();", TIMEOUT);
        assertOk(exchange);
        List<KernelClient.Received> shown = displayed(exchange);
        List<KernelClient.Received> updates = exchange.ofType("update_display_data");
        assertEquals(2, shown.size(), exchange.broadcasts()::toString);
        assertEquals(2, updates.size(), exchange.broadcasts()::toString);
        assertEquals("first", plain(shown.get(0)));
        assertEquals("second", plain(updates.get(0)));
        assertEquals(displayId(shown.get(0)), displayId(updates.get(0)));
        assertEquals("from a thread", plain(shown.get(1)));
        assertEquals(displayId(shown.get(1)), displayId(updates.get(1)));
        assertFalse(displayId(shown.get(0)).equals(displayId(shown.get(1))));
    }

    @Test
    @Order(5)
    void actionsBookedForTheEndOfACellRunBeforeTheReply() {
        KernelClient.Exchange exchange = client.execute(
                "var live = display(\"training...\");\n"
                        + "Display.current().get().atCellEnd(() -> live.update(\"final state\"));", TIMEOUT);
        assertOk(exchange);
        List<KernelClient.Received> updates = exchange.ofType("update_display_data");
        assertEquals(1, updates.size(), exchange.broadcasts()::toString);
        assertEquals("final state", plain(updates.get(0)));
        assertEquals(displayId(displayed(exchange).get(0)), displayId(updates.get(0)));
    }

    /** The cell's display outputs, without the script that comes before its first one (see OutputsInViewTest). */
    static List<KernelClient.Received> displayed(KernelClient.Exchange exchange) {
        return exchange.ofType("display_data").stream()
                .filter(m -> !m.content().getAsJsonObject("data").has("application/javascript"))
                .toList();
    }

    private static String plain(KernelClient.Received message) {
        return message.content().getAsJsonObject("data").get("text/plain").getAsString();
    }

    private static String displayId(KernelClient.Received message) {
        return message.content().getAsJsonObject("transient").get("display_id").getAsString();
    }

    @Test
    @Order(6)
    void reportsCompileErrorsWithLineAndColumn() {
        KernelClient.Exchange exchange = client.execute("int fine = 1;\nint broken = undefinedName + 1;", TIMEOUT);
        assertEquals("error", exchange.replyContent().get("status").getAsString());
        JsonObject error = exchange.ofType("error").get(0).content();
        assertEquals("CompilationError", error.get("ename").getAsString());
        String value = error.get("evalue").getAsString();
        assertTrue(value.contains("line 2, column 14") && value.contains("cannot find symbol"), value);
    }

    @Test
    @Order(7)
    void reportsExceptionsTrimmedToTheUsersFramesAndKeepsVariables() {
        assertOk(client.execute("int kept = 7;\nvoid fail() { throw new IllegalStateException(\"boom\"); }", TIMEOUT));
        KernelClient.Exchange exchange = client.execute("int lost = 1;\nfail();", TIMEOUT);
        assertEquals("error", exchange.replyContent().get("status").getAsString());
        JsonObject error = exchange.ofType("error").get(0).content();
        assertEquals("IllegalStateException", error.get("ename").getAsString());
        assertEquals("boom", error.get("evalue").getAsString());
        JsonArray traceback = error.getAsJsonArray("traceback");
        String trace = traceback.toString();
        assertTrue(trace.contains("at fail(In [") && trace.contains("line 2"), trace);
        assertFalse(trace.contains("jdk.jshell") || trace.contains("java.lang.reflect"), trace);
        assertEquals("8", text(client.execute("kept + lost", TIMEOUT)));
    }

    @Test
    @Order(7)
    void showsAnExceptionThrownInAThreadTheCellStarted() {
        KernelClient.Exchange exchange = client.execute(String.join("\n",
                "Thread worker = new Thread(() -> { throw new RuntimeException(\"boom\"); }, \"worker\");",
                "worker.start();",
                "worker.join();"), TIMEOUT);
        assertOk(exchange);
        String err = exchange.streamText("stderr");
        assertTrue(err.startsWith("Exception in thread \"worker\" java.lang.RuntimeException: boom\n"), err);
        assertTrue(err.contains("(In [") && err.contains(" line 1)"), err);
    }

    @Test
    @Order(8)
    void interruptStopsABusyLoopAndKeepsTheSession() {
        interruptBusyLoop(client);
    }

    /** Shared with the JDK 25 test: a tight loop is stopped within two seconds, variables stay. */
    static void interruptBusyLoop(KernelClient client) {
        client.execute("long survivor = 41;", TIMEOUT);
        String id = client.sendExecute("while (true) { }");
        // The loop is running once the kernel says busy and no reply comes.
        assertNull(client.pollShellReply(id, Duration.ofMillis(700)));
        Instant interrupted = Instant.now();
        KernelClient.Exchange interrupt = client.controlRequest("interrupt_request", new JsonObject(), Duration.ofSeconds(5));
        assertEquals("interrupt_reply", interrupt.reply().getAsJsonObject("header").get("msg_type").getAsString());
        KernelClient.Exchange stopped = client.awaitShellReply(id, Duration.ofSeconds(5));
        long millis = Duration.between(interrupted, stopped.replyAt()).toMillis();
        assertTrue(millis < 2000, "the loop stopped after " + millis + " ms");
        assertEquals("error", stopped.replyContent().get("status").getAsString());
        assertEquals("Interrupted", stopped.replyContent().get("ename").getAsString());
        assertEquals("42", text(client.execute("survivor + 1", TIMEOUT)));
    }

    @Test
    @Order(9)
    void completesFromJShellsAnalysis() {
        JsonObject request = new JsonObject();
        request.addProperty("code", "var t = Tensor.ran");
        request.addProperty("cursor_pos", 18);
        JsonObject reply = client.shellRequest("complete_request", request, TIMEOUT).replyContent();
        assertEquals("ok", reply.get("status").getAsString());
        List<String> matches = new ArrayList<>();
        reply.getAsJsonArray("matches").forEach(m -> matches.add(m.getAsString()));
        assertTrue(matches.stream().anyMatch(m -> m.startsWith("randn")), matches::toString);
        assertEquals(15, reply.get("cursor_start").getAsInt());
        assertEquals(18, reply.get("cursor_end").getAsInt());
    }

    @Test
    @Order(10)
    void tellsWhetherCodeIsComplete() {
        assertEquals("incomplete", isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", isComplete("int z = 3;"));
        assertEquals("complete", isComplete("1 + 1"));
        assertEquals("invalid", isComplete("int z = );"));
    }

    private static String isComplete(String code) {
        JsonObject request = new JsonObject();
        request.addProperty("code", code);
        return client.shellRequest("is_complete_request", request, TIMEOUT).replyContent().get("status").getAsString();
    }

    @Test
    @Order(11)
    void inspectsSignatures() {
        JsonObject request = new JsonObject();
        request.addProperty("code", "Math.max");
        request.addProperty("cursor_pos", 8);
        request.addProperty("detail_level", 0);
        JsonObject reply = client.shellRequest("inspect_request", request, TIMEOUT).replyContent();
        assertTrue(reply.get("found").getAsBoolean(), reply::toString);
        assertTrue(reply.getAsJsonObject("data").get("text/plain").getAsString().contains("max(int a, int b)"), reply::toString);
    }

    /** The text inspect shows for {@code code} with the cursor at its end. */
    private static String inspect(String code) {
        JsonObject request = new JsonObject();
        request.addProperty("code", code);
        request.addProperty("cursor_pos", code.length());
        request.addProperty("detail_level", 0);
        JsonObject reply = client.shellRequest("inspect_request", request, TIMEOUT).replyContent();
        assertTrue(reply.get("found").getAsBoolean(), () -> code + ": " + reply);
        return reply.getAsJsonObject("data").get("text/plain").getAsString();
    }

    @Test
    @Order(11)
    void inspectShowsTheJavadocOfHookbooksClasses() {
        assertEquals("ok", client.execute("var inspected = new Linear(4, 3);", TIMEOUT).replyContent().get("status").getAsString());
        String call = inspect("inspected.call");
        assertTrue(call.startsWith("Tensor Module.call(Tensor... inputs)"), call);
        assertTrue(call.contains("Runs the module, as PyTorch's _call_impl: global")
                && !call.contains("{@code"), call);
        assertTrue(call.indexOf("Runs the module") < call.indexOf("identity nodes"), "the summary leads: " + call);
        String matmul = inspect("Tensor.matmul");
        assertTrue(matmul.startsWith("Tensor Tensor.matmul(Tensor other)\n\nMatrix product"), "an instance method named on its type: " + matmul);
        String randn = inspect("Tensor.randn");
        assertTrue(randn.contains("Tensor Tensor.randn(int... shape)") && randn.contains("Standard normal values"), randn);
        String monitor = inspect("Monitor.attach");
        assertTrue(monitor.contains("Monitor Monitor.attach(Module model)")
                && monitor.contains("Watches every leaf module of model (the modules with no children, HookPoints left out)"), monitor);
        String tensor = inspect("Tensor");
        assertTrue(tensor.contains("A tensor is a view: a shape and strides"), tensor);
        String linear = inspect("Linear");
        assertTrue(linear.contains("y = x W^T + b, as PyTorch's nn.Linear"), linear);
    }

    @Test
    @Order(12)
    void dropsAMessageWithAWrongSignature() throws Exception {
        Path marker = directory.resolve("forged-request-ran");
        JsonObject content = new JsonObject();
        content.addProperty("code", "java.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + marker.toString().replace("\\", "\\\\") + "\"), \"ran\");");
        content.addProperty("silent", false);
        String forged = client.sendSignedWith("not-the-key", "execute_request", content);
        assertNull(client.pollShellReply(forged, Duration.ofSeconds(2)), "a forged request was answered");
        assertTrue(client.broadcastsFor(forged, Duration.ofMillis(200)).isEmpty());
        assertFalse(Files.exists(marker), "a forged request ran");
        assertTrue(kernel.log().contains("signature"), kernel.log());
        assertEquals("3", text(client.execute("1 + 2", TIMEOUT)));
    }

    @Test
    @Order(13)
    void listensOnlyOnTheConnectionFilesAddress() throws Exception {
        List<InetAddress> otherAddresses = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();
        assumeTrue(!otherAddresses.isEmpty(), "skipped: this machine has no address besides loopback to check");
        for (String port : List.of("shell_port", "control_port", "iopub_port", "stdin_port", "hb_port")) {
            int number = kernel.connection.get(port).getAsInt();
            for (InetAddress address : otherAddresses) {
                try (Socket socket = new Socket()) {
                    assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress(address, number), 1000),
                            port + " is reachable on " + address + ", not only on 127.0.0.1");
                }
            }
        }
    }

    @Test
    @Order(14)
    void startsInSecondsAndRoundTripsTrivialCellsQuickly() {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Instant sent = Instant.now();
            assertEquals(String.valueOf(i + 1), text(client.execute(i + " + 1", TIMEOUT)));
            millis.add(Duration.between(sent, Instant.now()).toMillis());
        }
        millis.sort(null);
        long median = millis.get(millis.size() / 2);
        System.out.printf("kernel timing: first result %d ms after launch; trivial cell round trip median %d ms, fastest %d ms%n",
                firstResult.toMillis(), median, millis.get(0));
        // Generous bounds: the point is to catch a regression to seconds, not to benchmark a busy CI machine.
        assertTrue(firstResult.toSeconds() < 30, "first result after " + firstResult);
        assertTrue(median < 1000, "median round trip " + median + " ms");
    }

    @Test
    @Order(100)
    void shutsDownOnRequest() throws Exception {
        JsonObject request = new JsonObject();
        request.addProperty("restart", false);
        KernelClient.Exchange exchange = client.controlRequest("shutdown_request", request, TIMEOUT);
        assertEquals("shutdown_reply", exchange.reply().getAsJsonObject("header").get("msg_type").getAsString());
        assertTrue(kernel.process.waitFor(10, TimeUnit.SECONDS), "the kernel process is still running");
        assertEquals(0, kernel.process.exitValue());
        assertNotNull(exchange.replyContent());
    }
}
