package dev.hookbook.tensor;

import java.util.List;
import java.util.ServiceLoader;

/** The device providers on the class path, loaded once. */
final class DeviceProviders {
    private static final List<DeviceProvider> ALL = ServiceLoader.load(DeviceProvider.class, DeviceProvider.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).toList();

    private DeviceProviders() {}

    static List<DeviceProvider> all() {
        return ALL;
    }

    /** The first device of {@code kind}, or an exception that says why there is none. */
    static Device first(String kind, String askedBy) {
        for (DeviceProvider p : ALL) {
            if (!p.kind().equals(kind)) continue;
            List<Device> devices = p.devices();
            if (!devices.isEmpty()) return devices.get(0);
            throw new IllegalStateException(askedBy + ": " + p.problem() + (kind.equals("cpu") ? "" : "; Device.CPU is available"));
        }
        throw new IllegalStateException(askedBy + ": no " + kind + " backend on the class path (no DeviceProvider of kind '"
                + kind + "' in META-INF/services/" + DeviceProvider.class.getName() + ")");
    }
}
