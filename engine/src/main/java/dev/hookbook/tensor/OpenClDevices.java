package dev.hookbook.tensor;

import dev.hookbook.backend.opencl.OpenClBackend;
import dev.hookbook.backend.opencl.OpenClDiscovery;

import java.util.ArrayList;
import java.util.List;

/**
 * The OpenCL devices of this machine, found once, on first use. Discovery never throws: when
 * JOCL, {@code libOpenCL.so}, a driver or a device is missing, there are no OpenCL devices and
 * {@link #first()} says which of these it was.
 */
final class OpenClDevices {
    private OpenClDevices() {}

    // The holder class defers discovery (which loads native libraries) until a device is asked for.
    private static final class Found {
        static final List<Device> DEVICES;
        static final String PROBLEM;

        static {
            List<Device> devices = new ArrayList<>();
            String problem;
            try {
                OpenClDiscovery.Result r = OpenClDiscovery.discover();
                for (OpenClBackend b : r.backends()) devices.add(b.device());
                problem = r.problem();
            } catch (LinkageError e) {
                // The backend's own classes could not link: JOCL is missing from the class path.
                problem = "no OpenCL support: the JOCL library (org.jocl:jocl) is not on the class path ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
            }
            DEVICES = List.copyOf(devices);
            PROBLEM = problem;
        }
    }

    static List<Device> all() {
        return Found.DEVICES;
    }

    static Device first() {
        if (!Found.DEVICES.isEmpty()) return Found.DEVICES.get(0);
        throw new IllegalStateException("Device.opencl(): " + Found.PROBLEM + "; Device.CPU is available");
    }
}
