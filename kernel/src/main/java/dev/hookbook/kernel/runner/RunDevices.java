package dev.hookbook.kernel.runner;

import dev.hookbook.tensor.Device;

import java.util.stream.Collectors;

/**
 * The devices a run had, as the runner notes them in the notebook it writes
 * ({@code "hookbook": {"devices": "cpu, opencl:0"}}): a cell that prints what the devices are or
 * do (notebook 04's device cell) prints other lines on a machine without an OpenCL driver, so its
 * saved outputs are compared only with a run on a machine with the same devices. The names leave
 * out the driver's description ({@code (pthread-skylake-...)}), which differs from machine to
 * machine even where the devices do the same.
 */
final class RunDevices {
    private RunDevices() {}

    /** For example {@code "cpu, opencl:0"}, or {@code "cpu"} where no OpenCL device is found. */
    static String ofThisMachine() {
        try {
            return Device.available().stream()
                    .map(device -> device.name().replaceFirst("\\s*\\(.*$", ""))
                    .collect(Collectors.joining(", "));
        } catch (RuntimeException | LinkageError e) {
            return "cpu"; // no usable OpenCL library or driver: the CPU is all there is
        }
    }
}
