package dev.hookbook.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where a tensor's storage lives and whose kernels compute on it: the CPU, or an OpenCL device.
 * The backends offer their devices through {@link DeviceProvider}s.
 */
public final class Device {

    /** The CPU: the default device of every tensor. */
    public static final Device CPU = DeviceProviders.first("cpu", "Device.CPU");

    private final String name;
    private final Backend backend;

    private Device(String name, Backend backend) {
        this.name = name;
        this.backend = backend;
    }

    /** A device served by {@code backend}; backends call this once for each device they offer. */
    public static Device of(String name, Backend backend) {
        return new Device(Objects.requireNonNull(name), Objects.requireNonNull(backend));
    }

    /**
     * The first OpenCL device. Throws an exception that says what is missing (the JOCL
     * library, an OpenCL driver, or a device) when there is none.
     */
    public static Device opencl() {
        return DeviceProviders.first("opencl", "Device.opencl()");
    }

    /** Every device this machine offers, the CPU first. */
    public static List<Device> available() {
        List<Device> all = new ArrayList<>();
        all.add(CPU);
        for (DeviceProvider p : DeviceProviders.all()) if (!p.kind().equals("cpu")) all.addAll(p.devices());
        return all;
    }

    /** The kernels that compute on this device's storage. */
    public Backend backend() {
        return backend;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
