package dev.hookbook.backend.opencl;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.DeviceProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Offers this machine's OpenCL devices, found once, on first use. Discovery never throws: when
 * JOCL, {@code libOpenCL.so}, a driver or a device is missing, there are no devices and
 * {@link #problem()} says which of these it was.
 */
public final class OpenClDeviceProvider implements DeviceProvider {

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

    @Override
    public String kind() {
        return "opencl";
    }

    @Override
    public List<Device> devices() {
        return Found.DEVICES;
    }

    @Override
    public String problem() {
        return Found.DEVICES.isEmpty() ? Found.PROBLEM : null;
    }
}
