package dev.hookbook.kernel;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell that calls System.exit, Runtime.exit or Runtime.halt fails instead of ending the kernel. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KernelExitTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final OwnKernel kernel = new OwnKernel();

    @BeforeAll
    static void declareAVariable() {
        assertEquals("ok", kernel.client().execute("int kept = 5;", TIMEOUT).replyContent().get("status").getAsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "System.exit(0);",
            "Runtime.getRuntime().exit(1);",
            "Runtime.getRuntime().halt(2);",
            "java.util.function.IntConsumer quit = System::exit;\nquit.accept(3);",
            "void leave() { System.exit(4); }\nleave();"})
    void anExitCallFailsTheCellAndTheKernelKeepsItsVariables(String cell) {
        KernelClient.Exchange exchange = kernel.client().execute(cell, TIMEOUT);
        JsonObject reply = exchange.replyContent();
        assertEquals("error", reply.get("status").getAsString(), reply.toString());
        assertEquals("ExitRefusedException", reply.get("ename").getAsString());
        String message = reply.get("evalue").getAsString();
        assertTrue(message.contains("would end this Java session") && message.contains("restart the kernel"), message);
        assertEquals("5", KernelProtocolTest.text(kernel.client().execute("kept", TIMEOUT)));
    }
}
