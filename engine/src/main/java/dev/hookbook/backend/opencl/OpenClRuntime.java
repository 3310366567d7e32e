package dev.hookbook.backend.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.jocl.CL.*;

/**
 * One OpenCL device, in the three roles a device needs: an allocator (allocate, upload, read),
 * a compiler ({@link #build}, which raises the build log as an exception) and a launcher
 * ({@link #launch}). Hookbook's kernels (the {@code .cl} files beside this class) are compiled
 * into one program the first time a kernel is needed, once per device.
 */
public final class OpenClRuntime {
    /** The kernel files, in the order they are joined into one program. */
    private static final String[] KERNEL_FILES = {"common.cl", "copy.cl", "elementwise.cl", "reduce.cl", "matmul.cl", "conv.cl", "norm.cl", "optim.cl", "index.cl", "order.cl", "scatter.cl"};
    /** Work-group size of the one-dimensional kernels. */
    private static final int GROUP = 64;
    private static final Cleaner CLEANER = Cleaner.create();

    private final String name;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final String buildOptions;
    private final long memoryBudget;
    private final AtomicLong liveBytes = new AtomicLong();
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private cl_program program;

    OpenClRuntime(String name, cl_platform_id platform, cl_device_id device) {
        this.name = name;
        this.device = device;
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        this.context = clCreateContext(props, 1, new cl_device_id[]{device}, null, null, null);
        // clCreateCommandQueue is deprecated in OpenCL 2.0 but is the one call every driver has.
        @SuppressWarnings("deprecation")
        cl_command_queue q = clCreateCommandQueue(context, device, 0, null);
        this.queue = q;
        long fp = deviceLong(device, CL_DEVICE_SINGLE_FP_CONFIG);
        // Division and sqrt rounded as in Java, where the device can (OpenCL allows 2.5 ulp otherwise).
        this.buildOptions = (fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0 ? "-cl-fp32-correctly-rounded-divide-sqrt" : "";
        // Buffers are freed when the GC finds their tensors unreachable; past half the device's
        // memory, ask for a collection so that device memory does not wait on Java heap pressure.
        this.memoryBudget = deviceLong(device, CL_DEVICE_GLOBAL_MEM_SIZE) / 2;
    }

    /** The device's name as the driver reports it, e.g. {@code pthread-skylake-avx512-...}. */
    static String deviceName(cl_device_id device) {
        return deviceString(device, CL_DEVICE_NAME);
    }

    static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, buffer.length, Pointer.to(buffer), null);
        return new String(buffer, 0, Math.max(0, buffer.length - 1), StandardCharsets.UTF_8).trim();
    }

    static long deviceLong(cl_device_id device, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(device, param, Sizeof.cl_ulong, Pointer.to(value), null);
        return value[0];
    }

    /** The Hookbook device name, e.g. {@code opencl:0 (pthread-...)}. */
    public String name() {
        return name;
    }

    // ---------------------------------------------------------------- allocator

    /** A zero-filled buffer of {@code floats} values. */
    OpenClStorage allocate(int floats) {
        OpenClStorage s = create(floats, 0, null);
        if (floats > 0) {
            synchronized (this) {
                clEnqueueFillBuffer(queue, s.mem, Pointer.to(new float[]{0f}), Sizeof.cl_float, 0, (long) floats * Sizeof.cl_float, 0, null, null);
            }
        }
        return s;
    }

    /** A buffer of {@code floats} values left as the driver hands it out, for outputs a kernel fills entirely. */
    OpenClStorage allocateUninitialized(int floats) {
        return create(floats, 0, null);
    }

    /** A buffer holding a copy of {@code data}. */
    OpenClStorage upload(float[] data) {
        return data.length == 0 ? create(0, 0, null) : create(data.length, CL_MEM_COPY_HOST_PTR, Pointer.to(data));
    }

    /** Copies {@code out.length} floats starting at float {@code offset} of {@code s} into {@code out}. */
    void read(OpenClStorage s, int offset, float[] out) {
        if (out.length == 0) return;
        // Blocking, and the queue is in order: every kernel that writes s has finished.
        clEnqueueReadBuffer(queue, s.mem, CL_TRUE, (long) offset * Sizeof.cl_float, (long) out.length * Sizeof.cl_float,
                Pointer.to(out), 0, null, null);
    }

    private OpenClStorage create(int floats, long flags, Pointer host) {
        // OpenCL has no empty buffers: an empty tensor still gets one float.
        long bytes = (long) Math.max(1, floats) * Sizeof.cl_float;
        if (liveBytes.get() + bytes > memoryBudget) collectGarbage();
        cl_mem mem;
        try {
            mem = clCreateBuffer(context, CL_MEM_READ_WRITE | flags, bytes, host, null);
        } catch (CLException e) {
            if (e.getStatus() != CL_MEM_OBJECT_ALLOCATION_FAILURE && e.getStatus() != CL_OUT_OF_RESOURCES
                    && e.getStatus() != CL_OUT_OF_HOST_MEMORY) throw e;
            // Unreachable tensors may still hold buffers: collect them and try once more.
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            mem = clCreateBuffer(context, CL_MEM_READ_WRITE | flags, bytes, host, null);
        }
        liveBytes.addAndGet(bytes);
        OpenClStorage s = new OpenClStorage(mem, floats);
        CLEANER.register(s, new Release(mem, bytes, liveBytes));
        return s;
    }

    private volatile long lastCollection;

    /** Asks for a collection, at most every 100 ms, so a model that really needs the memory does not pay for one per op. */
    private void collectGarbage() {
        long now = System.nanoTime();
        if (now - lastCollection > 100_000_000L) {
            lastCollection = now;
            System.gc();
        }
    }

    /** Frees a buffer once its storage is unreachable (commands still using it finish first). */
    private record Release(cl_mem mem, long bytes, AtomicLong live) implements Runnable {
        @Override
        public void run() {
            clReleaseMemObject(mem);
            live.addAndGet(-bytes);
        }
    }

    /** Bytes of device memory held by storages not yet released. */
    public long liveBytes() {
        return liveBytes.get();
    }

    // ---------------------------------------------------------------- compiler

    /**
     * Compiles {@code source} for this device. A program that does not compile raises an
     * {@link OpenClBuildException} holding the compiler's build log.
     */
    public cl_program build(String source) {
        cl_program p = clCreateProgramWithSource(context, 1, new String[]{source}, null, null);
        try {
            clBuildProgram(p, 1, new cl_device_id[]{device}, buildOptions, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new OpenClBuildException(name, e.getMessage(), log);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buffer = new byte[(int) size[0]];
        clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, buffer.length, Pointer.to(buffer), null);
        return new String(buffer, 0, Math.max(0, buffer.length - 1), StandardCharsets.UTF_8).trim();
    }

    /** Hookbook's kernels as one source text. */
    static String kernelSource() {
        StringBuilder sb = new StringBuilder();
        for (String file : KERNEL_FILES) {
            try (InputStream in = OpenClRuntime.class.getResourceAsStream(file)) {
                if (in == null) throw new IllegalStateException("OpenCL kernel file " + file + " is missing from the class path");
                sb.append("// ---- ").append(file).append('\n').append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sb.toString();
    }

    /** Compiles Hookbook's kernels now rather than on the first op (and surfaces build errors). */
    public synchronized void warmUp() {
        if (program == null) program = build(kernelSource());
    }

    private cl_kernel kernel(String kernelName) {
        warmUp();
        return kernels.computeIfAbsent(kernelName, k -> clCreateKernel(program, k, null));
    }

    // ---------------------------------------------------------------- launcher

    /** Runs a one-dimensional kernel over {@code n} work-items (kernels ignore ids past n). */
    void launch(String kernelName, int n, Object... args) {
        if (n == 0) return;
        long global = (long) ((n + GROUP - 1) / GROUP) * GROUP;
        launch(kernelName, new long[]{global}, new long[]{GROUP}, args);
    }

    /**
     * Runs a kernel over the {@code global} index space in work-groups of {@code local}.
     * Arguments are storages, {@code Integer}s, {@code Float}s, or {@code int[]} of length 4 or 8
     * (OpenCL's int4 and int8).
     */
    synchronized void launch(String kernelName, long[] global, long[] local, Object... args) {
        // A cl_kernel holds its arguments, so setting them and enqueueing is one critical section.
        cl_kernel k = kernel(kernelName);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof OpenClStorage s) {
                clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(s.mem));
            } else if (a instanceof Integer v) {
                clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[]{v}));
            } else if (a instanceof Float v) {
                clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[]{v}));
            } else if (a instanceof int[] v) {
                clSetKernelArg(k, i, (long) v.length * Sizeof.cl_int, Pointer.to(v));
            } else {
                throw new IllegalArgumentException("kernel " + kernelName + ": unsupported argument " + i + ": " + a);
            }
        }
        clEnqueueNDRangeKernel(queue, k, global.length, null, global, local, 0, null, null);
    }

    /** Waits until every queued command has finished (for timing). */
    public void finish() {
        clFinish(queue);
    }

    @Override
    public String toString() {
        return name;
    }
}
