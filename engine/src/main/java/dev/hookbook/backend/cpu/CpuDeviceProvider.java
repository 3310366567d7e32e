package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.DeviceProvider;

import java.util.List;

/** Offers the CPU, the device {@link Device#CPU} names. */
public final class CpuDeviceProvider implements DeviceProvider {
    // Made while Device itself is being initialised (Device.CPU is this device), so it must not read Device.CPU.
    private static final List<Device> CPU = List.of(Device.of("cpu", CpuBackend.INSTANCE));

    @Override
    public String kind() {
        return "cpu";
    }

    @Override
    public List<Device> devices() {
        return CPU;
    }

    @Override
    public String problem() {
        return null;
    }
}
