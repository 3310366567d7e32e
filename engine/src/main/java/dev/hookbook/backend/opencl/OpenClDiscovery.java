package dev.hookbook.backend.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.util.ArrayList;
import java.util.List;

import static org.jocl.CL.*;

/**
 * Finds the OpenCL devices of this machine, or explains why there are none: JOCL missing from
 * the class path, its native library or the system's {@code libOpenCL.so} not loading, no
 * driver registered, or drivers without devices.
 */
public final class OpenClDiscovery {
    private OpenClDiscovery() {}

    /** What discovery found: one backend per device, and what went wrong when there are none. */
    public record Result(List<OpenClBackend> backends, String problem) {}

    /** Looks for devices. Never throws: failures become {@link Result#problem()}. */
    public static Result discover() {
        try {
            return enumerate();
        } catch (Throwable t) {
            return new Result(List.of(), explain(t));
        }
    }

    private static Result enumerate() {
        // Loads JOCL's native library, which loads libOpenCL.so.
        CL.setExceptionsEnabled(true);
        cl_platform_id[] platforms;
        try {
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            platforms = new cl_platform_id[count[0]];
            if (platforms.length > 0) clGetPlatformIDs(platforms.length, platforms, null);
        } catch (CLException e) {
            platforms = new cl_platform_id[0];
        }
        if (platforms.length == 0) {
            return new Result(List.of(), "no OpenCL platform: " + System.mapLibraryName("OpenCL")
                    + " loaded, but no driver (ICD) is registered in /etc/OpenCL/vendors; on Debian install an ICD such as pocl-opencl-icd");
        }
        List<OpenClBackend> found = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            for (cl_device_id device : devices(platform)) {
                String label = "opencl:" + found.size() + " (" + OpenClRuntime.deviceName(device) + ")";
                try {
                    found.add(new OpenClBackend(new OpenClRuntime(label, platform, device)));
                } catch (CLException e) {
                    problems.add(OpenClRuntime.deviceName(device) + ": " + e.getMessage());
                }
            }
        }
        if (!found.isEmpty()) return new Result(List.copyOf(found), null);
        return new Result(List.of(), problems.isEmpty()
                ? "no OpenCL device: the OpenCL platforms " + platformNames(platforms) + " offer no device"
                : "no usable OpenCL device: " + String.join("; ", problems));
    }

    private static List<cl_device_id> devices(cl_platform_id platform) {
        try {
            int[] count = new int[1];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, count);
            cl_device_id[] ids = new cl_device_id[count[0]];
            if (ids.length > 0) clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            return List.of(ids);
        } catch (CLException e) {
            return List.of(); // CL_DEVICE_NOT_FOUND
        }
    }

    private static List<String> platformNames(cl_platform_id[] platforms) {
        List<String> names = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            long[] size = new long[1];
            clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
            byte[] b = new byte[(int) size[0]];
            clGetPlatformInfo(p, CL_PLATFORM_NAME, b.length, org.jocl.Pointer.to(b), null);
            names.add(new String(b, 0, Math.max(0, b.length - 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return names;
    }

    /** Turns a failure to load JOCL or OpenCL into a sentence that says what to install. */
    static String explain(Throwable t) {
        String chain = messages(t);
        if (isMissingClass(t)) {
            return "no OpenCL support: the JOCL library (org.jocl:jocl) is not on the class path";
        }
        if (chain.contains("Could not initialize native OpenCL library") || chain.contains("libOpenCL")) {
            return "no OpenCL driver: " + System.mapLibraryName("OpenCL") + " could not be loaded; "
                    + "on Debian install ocl-icd-opencl-dev and an ICD such as pocl-opencl-icd";
        }
        if (t instanceof LinkageError || t.getCause() instanceof LinkageError) {
            return "no OpenCL support: JOCL's native library could not be loaded on " + System.getProperty("os.name") + "/"
                    + System.getProperty("os.arch") + " (" + chain + ")";
        }
        return "OpenCL discovery failed: " + chain;
    }

    private static boolean isMissingClass(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ClassNotFoundException) return true;
            if (c instanceof NoClassDefFoundError && c.getMessage() != null && c.getMessage().startsWith("org/jocl/")) return true;
        }
        return false;
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) sb.append(": ");
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) sb.append(' ').append(c.getMessage().replace('\n', ' '));
        }
        return sb.toString();
    }
}
