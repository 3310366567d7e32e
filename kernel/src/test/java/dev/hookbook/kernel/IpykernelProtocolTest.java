package dev.hookbook.kernel;

import com.google.gson.JsonObject;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The protocol as ipykernel keeps it, on a kernel process spoken to over ZeroMQ: control always
 * answers, an early interrupt is not lost, a stray peer on the stdin port does not take the
 * user's reply, {@code stop_on_error} aborts the queued cells, {@code user_expressions} are
 * evaluated, every reply carries its status, and a connection file may leave out the signature
 * scheme.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class IpykernelProtocolTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for any answer on a loaded machine; control answers at once when it works. */
    static final Duration CONTROL = Duration.ofSeconds(15);

    @RegisterExtension
    static final OwnKernel kernel = new OwnKernel();

    @TempDir
    static Path directory;

    private static KernelClient client() {
        return kernel.client();
    }

    private static String status(KernelClient.Exchange exchange) {
        return exchange.replyContent().get("status").getAsString();
    }

    @Test
    void controlAnswersWhileAShellCellRunsAndAnExecuteRequestThereDoesNotTakeTheCellsOutput() {
        String cell = client().sendExecute("while (true) { System.out.println(\"tick\"); Thread.sleep(50); }");
        awaitOutput(cell);

        KernelClient.Exchange onControl = client().controlRequest("execute_request",
                KernelClient.executeContent("System.out.println(\"from control\");"), CONTROL);
        assertEquals("error", status(onControl), onControl.reply()::toString);
        assertEquals("ExecuteOnControl", onControl.replyContent().get("ename").getAsString());
        assertTrue(onControl.ofType("stream").isEmpty(), () -> "the shell cell's output went under the control request: "
                + onControl.broadcasts());

        KernelClient.Exchange info = client().controlRequest("kernel_info_request", new JsonObject(), CONTROL);
        assertEquals("ok", status(info));
        KernelClient.Exchange interrupt = client().controlRequest("interrupt_request", new JsonObject(), CONTROL);
        assertEquals("interrupt_reply", interrupt.reply().getAsJsonObject("header").get("msg_type").getAsString());

        KernelClient.Exchange stopped = client().awaitShellReply(cell, TIMEOUT);
        assertEquals("Interrupted", stopped.replyContent().get("ename").getAsString(), stopped.reply()::toString);
        assertTrue(stopped.streamText("stdout").startsWith("tick\n"), stopped.broadcasts()::toString);
        assertFalse(stopped.streamText("stdout").contains("from control"));
    }

    @Test
    void completionInspectionAndIsCompleteAreAnsweredAtOnceWhileACellRuns() {
        client().execute("int sessionVariable = 1;", TIMEOUT);
        String cell = client().sendExecute("while (true) { System.out.println(\"tick\"); Thread.sleep(50); }");
        awaitOutput(cell);

        for (boolean onControl : new boolean[] {true, false}) {
            String where = onControl ? "on control" : "on shell";
            KernelClient.Exchange completed = request(onControl, "complete_request", codeAt("Tensor.zer", 10));
            assertEquals("ok", status(completed), () -> where + ": " + completed.reply());
            assertTrue(completed.replyContent().getAsJsonArray("matches").toString().contains("zeros"),
                    () -> where + ": " + completed.reply());

            KernelClient.Exchange inspected = request(onControl, "inspect_request", codeAt("Tensor.zeros", 12));
            assertEquals("ok", status(inspected), () -> where + ": " + inspected.reply());
            assertTrue(inspected.replyContent().get("found").getAsBoolean(), () -> where + ": " + inspected.reply());

            JsonObject loop = new JsonObject();
            loop.addProperty("code", "for (int i = 0; i < 3; i++) {");
            KernelClient.Exchange incomplete = request(onControl, "is_complete_request", loop);
            assertEquals("incomplete", status(incomplete), () -> where + ": " + incomplete.reply());
            JsonObject done = new JsonObject();
            done.addProperty("code", "int x = 1;");
            assertEquals("complete", status(request(onControl, "is_complete_request", done)), where);
        }

        client().controlRequest("interrupt_request", new JsonObject(), CONTROL);
        KernelClient.Exchange stopped = client().awaitShellReply(cell, TIMEOUT);
        assertEquals("Interrupted", stopped.replyContent().get("ename").getAsString(), stopped.reply()::toString);
        // Between cells the session's own JShell answers again, its variables included.
        KernelClient.Exchange afterwards = client().shellRequest("complete_request", codeAt("sessionVar", 10), TIMEOUT);
        assertTrue(afterwards.replyContent().getAsJsonArray("matches").toString().contains("sessionVariable"),
                afterwards.reply()::toString);
    }

    @Test
    void isCompleteWhileTheFirstCellRunsIsAnsweredBeforeJupyterConsoleGivesUp(@TempDir Path fresh) throws Exception {
        // jupyter console waits 1 s for is_complete, then stops asking for good. The first one
        // while a cell ran started the analysis-only JShell first: 1.7 s on an idle machine, 5 s
        // and more on a loaded one; now it is answered after at most 0.5 s (0.56 s measured).
        try (KernelProcess process = KernelProcess.start(TestPaths.currentJava(), fresh);
             KernelClient client = process.client()) {
            client.waitUntilReady(TIMEOUT);
            client.execute("int warm = 1;", TIMEOUT);
            String cell = client.sendExecute("while (true) { Thread.sleep(50); }");
            Thread.sleep(300);
            JsonObject loop = new JsonObject();
            loop.addProperty("code", "for (int i = 0; i < 3; i++) {");
            long start = System.nanoTime();
            KernelClient.Exchange first = client.shellRequest("is_complete_request", loop, CONTROL);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1_000, () -> "answered after " + millis + " ms: " + first.reply());
            assertTrue(List.of("unknown", "incomplete").contains(status(first)), first.reply()::toString);
            // The analysis JShell goes on starting meanwhile; then the answers are the real ones.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String later = status(first);
            while (!later.equals("incomplete") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                later = status(client.shellRequest("is_complete_request", loop, CONTROL));
            }
            assertEquals("incomplete", later);
            client.controlRequest("interrupt_request", new JsonObject(), CONTROL);
            assertEquals("Interrupted", client.awaitShellReply(cell, TIMEOUT).replyContent().get("ename").getAsString());
        }
    }

    private static KernelClient.Exchange request(boolean onControl, String type, JsonObject content) {
        return onControl ? client().controlRequest(type, content, CONTROL) : client().shellRequest(type, content, CONTROL);
    }

    private static JsonObject codeAt(String code, int cursor) {
        JsonObject content = new JsonObject();
        content.addProperty("code", code);
        content.addProperty("cursor_pos", cursor);
        return content;
    }

    @Test
    void anInterruptSentJustAfterTheFirstCellOfAFreshKernelStopsIt(@TempDir Path fresh) throws Exception {
        try (KernelProcess process = KernelProcess.start(TestPaths.currentJava(), fresh);
             KernelClient client = process.client()) {
            client.waitUntilReady(TIMEOUT);
            String cell = client.sendExecute("while (true) { }");
            Thread.sleep(300); // as a user who interrupts at once: JShell may still be starting
            client.controlRequest("interrupt_request", new JsonObject(), CONTROL);
            KernelClient.Exchange stopped = client.awaitShellReply(cell, TIMEOUT);
            assertEquals("error", status(stopped), stopped.reply()::toString);
            assertEquals("Interrupted", stopped.replyContent().get("ename").getAsString());
            assertEquals("2", KernelProtocolTest.text(client.execute("1 + 1", TIMEOUT)));
        }
    }

    static Stream<Arguments> strayStdinMessages() {
        JsonObject reply = new JsonObject();
        reply.addProperty("value", "stray");
        List<byte[]> signed = kernel.client().requestFrames(UUID.randomUUID().toString(), "input_reply", reply);
        return Stream.of(
                arguments("one junk frame", List.of(bytes("a"))),
                arguments("the delimiter alone", List.of(bytes("<IDS|MSG>"))),
                arguments("3 of the 6 frames of an input_reply", signed.subList(0, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strayStdinMessages")
    void aStrayMessageOnTheStdinPortDoesNotSwallowTheUsersReply(String what, List<byte[]> frames) {
        JsonObject content = KernelClient.executeContent("String typed = new Scanner(System.in).nextLine();\ntyped");
        content.addProperty("allow_stdin", true);
        String cell = client().sendShellRequest("execute_request", content);
        JsonObject request = client().awaitInputRequest(TIMEOUT);
        assertNotNull(request, "no input_request");
        try (ZContext context = new ZContext()) {
            ZMQ.Socket stray = context.createSocket(SocketType.DEALER);
            stray.setImmediate(true);        // send only once connected
            stray.setSendTimeOut(10_000);
            stray.connect("tcp://127.0.0.1:" + kernel.process().connection.get("stdin_port").getAsInt());
            for (int i = 0; i < frames.size(); i++) {
                assertTrue(i < frames.size() - 1 ? stray.sendMore(frames.get(i)) : stray.send(frames.get(i)), "sent");
            }
            // The reply must come after the stray frames; their arrival is not observable, so wait a little.
            sleep(300);
            client().sendInputReply("Ada");
            KernelClient.Exchange exchange = client().awaitShellReply(cell, TIMEOUT);
            assertEquals("ok", status(exchange), exchange.reply()::toString);
            assertEquals("Ada", KernelProtocolTest.text(exchange));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void stopOnErrorAbortsTheCellsQueuedBehindAFailingOne() {
        String failing = client().sendExecute("Thread.sleep(500);\nthrow new IllegalStateException(\"stop here\");");
        String second = client().sendExecute("int ranAfterFailure = 1;");
        String third = client().sendExecute("\"third\"");
        assertEquals("error", status(client().awaitShellReply(failing, TIMEOUT)));
        for (String queued : List.of(second, third)) {
            KernelClient.Exchange aborted = client().awaitShellReply(queued, TIMEOUT);
            assertEquals("aborted", status(aborted), aborted.reply()::toString);
            assertEquals("execute_reply", aborted.reply().getAsJsonObject("header").get("msg_type").getAsString());
            assertTrue(aborted.ofType("execute_result").isEmpty());
        }
        assertEquals("error", status(client().execute("ranAfterFailure", TIMEOUT)), "an aborted cell ran");
        // Aborting ends with the queue: the next cell runs.
        assertEquals("2", KernelProtocolTest.text(client().execute("1 + 1", TIMEOUT)));
    }

    @Test
    void withoutStopOnErrorTheQueuedCellsRun() {
        JsonObject failing = KernelClient.executeContent("Thread.sleep(300);\nthrow new IllegalStateException(\"go on\");");
        failing.addProperty("stop_on_error", false);
        String first = client().sendShellRequest("execute_request", failing);
        String second = client().sendExecute("\"ran\"");
        assertEquals("error", status(client().awaitShellReply(first, TIMEOUT)));
        KernelClient.Exchange ran = client().awaitShellReply(second, TIMEOUT);
        assertEquals("ok", status(ran));
        assertEquals("ran", KernelProtocolTest.text(ran));
    }

    @Test
    void userExpressionsAreEvaluatedAfterTheCell() {
        JsonObject content = KernelClient.executeContent("int six = 6;");
        JsonObject expressions = new JsonObject();
        expressions.addProperty("answer", "six * 7");
        expressions.addProperty("broken", "noSuchVariable + 1");
        content.add("user_expressions", expressions);
        KernelClient.Exchange exchange = client().shellRequest("execute_request", content, TIMEOUT);
        assertEquals("ok", status(exchange), exchange.reply()::toString);
        JsonObject values = exchange.replyContent().getAsJsonObject("user_expressions");
        JsonObject answer = values.getAsJsonObject("answer");
        assertEquals("ok", answer.get("status").getAsString(), values::toString);
        assertEquals("42", answer.getAsJsonObject("data").get("text/plain").getAsString());
        JsonObject broken = values.getAsJsonObject("broken");
        assertEquals("error", broken.get("status").getAsString(), values::toString);
        assertEquals("CompilationError", broken.get("ename").getAsString());
        assertTrue(exchange.ofType("execute_result").isEmpty(), "user expressions are not the cell's result");
    }

    @Test
    void commInfoAndHistoryRepliesSayOk() {
        KernelClient.Exchange comms = client().shellRequest("comm_info_request", new JsonObject(), TIMEOUT);
        assertEquals("ok", status(comms), comms.reply()::toString);
        assertTrue(comms.replyContent().getAsJsonObject("comms").isEmpty());
        JsonObject history = new JsonObject();
        history.addProperty("output", false);
        history.addProperty("raw", true);
        history.addProperty("hist_access_type", "tail");
        history.addProperty("n", 10);
        KernelClient.Exchange reply = client().shellRequest("history_request", history, TIMEOUT);
        assertEquals("ok", status(reply), reply.reply()::toString);
        assertTrue(reply.replyContent().getAsJsonArray("history").isEmpty());
    }

    @Test
    void aConnectionFileWithoutASignatureSchemeSignsWithHmacSha256() throws Exception {
        JsonObject connection = kernel.process().connection.deepCopy();
        connection.remove("signature_scheme");
        Path file = Files.writeString(directory.resolve("no-scheme.json"), connection.toString());
        KernelConnectionProperties read = KernelMain.readConnectionFile(file);
        assertEquals("hmac-sha256", read.getSignatureScheme());
        byte[] part = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(KernelClient.sign(connection.get("key").getAsString(), part, part, part, part),
                read.createHMACGenerator().calculateSignature(part, part, part, part));
    }

    /** Waits until the cell {@code id} has printed something: it runs. */
    private static void awaitOutput(String id) {
        for (int i = 0; i < 60; i++) {
            if (client().broadcastsFor(id, Duration.ofMillis(500)).stream().anyMatch(m -> m.type().equals("stream"))) {
                return;
            }
        }
        throw new AssertionError("the cell printed nothing within 30 s");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
