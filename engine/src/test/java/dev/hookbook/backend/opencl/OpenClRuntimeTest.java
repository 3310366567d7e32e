package dev.hookbook.backend.opencl;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, device names, the compiler's errors, and what users read when OpenCL is missing. */
class OpenClRuntimeTest {

    @Test
    void buildErrorsCarryTheBuildLog() {
        OpenClRuntime rt = ((OpenClBackend) OpenClTestSupport.device().backend()).runtime();
        OpenClBuildException e = assertThrows(OpenClBuildException.class,
                () -> rt.build("__kernel void broken(__global float* x) { x[0] = no_such_variable; }"));
        assertTrue(e.buildLog().contains("no_such_variable"), e.buildLog());
        assertTrue(e.getMessage().contains(e.buildLog()), e.getMessage());
        assertTrue(e.getMessage().contains(rt.name()), e.getMessage());
    }

    @Test
    void hookbookKernelsBuild() {
        OpenClRuntime rt = ((OpenClBackend) OpenClTestSupport.device().backend()).runtime();
        rt.warmUp();
        rt.build(OpenClRuntime.kernelSource()); // and again from scratch, so a broken .cl file fails here
    }

    @Test
    void devicesAreListedAfterTheCpuWithTheirDriverNames() {
        Device d = OpenClTestSupport.device();
        List<Device> all = Device.available();
        assertSame(Device.CPU, all.get(0));
        assertSame(d, all.get(1));
        assertSame(d, Device.opencl());
        assertTrue(d.name().matches("opencl:0 \\(.+\\)"), d.name());
        assertTrue(Tensor.ones(1).to(d).toString().contains("device='" + d.name() + "'"));
    }

    @Test
    void memoryIsReleasedWhenTensorsAreUnreachable() throws InterruptedException {
        OpenClRuntime rt = ((OpenClBackend) OpenClTestSupport.device().backend()).runtime();
        for (int i = 0; i < 20; i++) Tensor.zeros(1 << 18).to(OpenClTestSupport.device());
        long before = rt.liveBytes();
        for (int i = 0; i < 50 && rt.liveBytes() >= before; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertTrue(rt.liveBytes() < before, "live bytes " + rt.liveBytes() + " should drop below " + before);
    }

    @Test
    void missingPiecesAreExplained() {
        assertEquals("no OpenCL driver: libOpenCL.so could not be loaded; on Debian install ocl-icd-opencl-dev and an ICD such as pocl-opencl-icd",
                OpenClDiscovery.explain(new UnsatisfiedLinkError(
                        "Could not initialize native OpenCL library. Implementation library could not be loaded")));
        assertTrue(OpenClDiscovery.explain(new NoClassDefFoundError("org/jocl/CL")).contains("JOCL library (org.jocl:jocl) is not on the class path"));
        assertTrue(OpenClDiscovery.explain(new UnsatisfiedLinkError("Error while loading native library \"JOCL_2_0_5-linux-riscv\""))
                .contains("JOCL's native library could not be loaded"));
    }

    /** Runs {@link Probe} in a fresh JVM; returns what it printed. */
    private static String probe(String classPath, String... env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath));
        // JDK 24 on warns when JOCL loads its library unless native access is granted, as a user's launcher does.
        if (Runtime.version().feature() >= 24) command.add("--enable-native-access=ALL-UNNAMED");
        command.add(Probe.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (int i = 0; i < env.length; i += 2) pb.environment().put(env[i], env[i + 1]);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "probe finished");
        assertEquals(0, p.exitValue(), out);
        return out.trim();
    }

    @Test
    void withoutADriverOnlyTheCpuIsAvailable() throws Exception {
        OpenClTestSupport.device(); // needs the ICD loader (ocl-icd) that a working device implies
        Path empty = Files.createTempDirectory("no-icd");
        try {
            // ocl-icd reads drivers from OCL_ICD_VENDORS instead of /etc/OpenCL/vendors
            String out = probe(System.getProperty("java.class.path"), "OCL_ICD_VENDORS", empty.toString());
            assertEquals("[cpu]\nDevice.opencl(): no OpenCL platform: libOpenCL.so loaded, but no driver (ICD) is registered in "
                    + "/etc/OpenCL/vendors; on Debian install an ICD such as pocl-opencl-icd; Device.CPU is available", out);
        } finally {
            Files.delete(empty);
        }
    }

    @Test
    void withoutJoclOnlyTheCpuIsAvailable() throws Exception {
        String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("jocl")).collect(Collectors.joining(File.pathSeparator));
        String out = probe(cp);
        assertTrue(out.startsWith("[cpu]\nDevice.opencl(): no OpenCL support: the JOCL library (org.jocl:jocl) is not on the class path"), out);
    }

    /** Prints the devices and what Device.opencl() says, from a JVM of its own. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println(Device.available());
            try {
                System.out.println(Device.opencl());
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage());
            }
        }
    }
}
