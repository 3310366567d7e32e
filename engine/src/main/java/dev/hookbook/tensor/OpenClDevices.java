package dev.hookbook.tensor;

import java.util.List;

/**
 * Finds OpenCL devices. The OpenCL backend plugs in through {@code dev.hookbook.backend.opencl};
 * until it is on the class path, asking for an OpenCL device explains what is missing.
 */
final class OpenClDevices {
    private OpenClDevices() {}

    static List<Device> all() {
        return List.of();
    }

    static Device first() {
        throw new IllegalStateException("Device.opencl(): no OpenCL device: this build of Hookbook has no OpenCL backend "
                + "(it needs JOCL and an OpenCL driver such as Debian's pocl-opencl-icd with ocl-icd-opencl-dev); "
                + "available devices: " + all().size() + " OpenCL, use Device.CPU");
    }
}
