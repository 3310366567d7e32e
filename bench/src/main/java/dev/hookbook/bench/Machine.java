package dev.hookbook.bench;

import dev.hookbook.Hookbook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints, as {@code key=value} lines, what the benchmark table says about the machine: the CPU
 * model, the cores the JVM sees, the width of its SIMD vectors and the JDK. bench/run starts it
 * with the same flags as the benchmark JVMs, so the width is the one the engine gets. Then the
 * machine's limits, measured with one thread per core ({@link MachineLimits}: FP32 peak, add
 * bandwidth in cache and from DRAM), unless the first argument is {@code --no-limits}.
 */
public final class Machine {
    private Machine() {}

    public static void main(String[] args) {
        List<String> cpuinfo = cpuinfo();
        System.out.println("cpu=" + field(cpuinfo, "model name", "unknown CPU"));
        System.out.println("cores=" + Runtime.getRuntime().availableProcessors());
        int bits = Hookbook.cpuVectorBits();
        if (bits > 0) {
            System.out.println("simd=" + bits + " bits (the Vector API's preferred species)");
        } else {
            System.out.println("simd=" + flagVectorBits(field(cpuinfo, "flags", "")) + " bits (from the CPU flags: this JVM has no Vector API)");
        }
        System.out.println("jdk=" + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")");
        if (bits > 0 && !(args.length > 0 && args[0].equals("--no-limits"))) {
            MachineLimits.print(MachineLimits.measure(Runtime.getRuntime().availableProcessors()));
        }
    }

    /** The widest float vectors the CPU's flags (in /proc/cpuinfo) announce. */
    static int flagVectorBits(String flags) {
        List<String> f = List.of(flags.split(" "));
        return f.contains("avx512f") ? 512 : f.contains("avx2") || f.contains("avx") ? 256 : 128;
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            return List.of(); // not Linux: the fields read as unknown
        }
    }

    /** The value of the first {@code name : value} line of /proc/cpuinfo. */
    private static String field(List<String> cpuinfo, String name, String otherwise) {
        return cpuinfo.stream().filter(l -> l.startsWith(name) && l.contains(":"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(otherwise);
    }
}
