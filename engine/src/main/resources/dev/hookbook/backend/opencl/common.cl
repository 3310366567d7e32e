// Shared by every kernel file; the runtime compiles all files as one program.

// The CPU backend never fuses a*b+c into one rounding; neither do we, so results agree.
#pragma OPENCL FP_CONTRACT OFF

// Sums and softmax accumulate in double where the device has it, as the CPU backend does.
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double acc_t;
#else
typedef float acc_t;
#endif

// Layouts travel as int8 arguments (shape and strides, at most 8 dims, the used dims at the
// end). Element i of the row-major index space sits at the returned offset of each operand.
inline int offset1(int i, int rank, int8 shape, int8 strides) {
    int sh[8], st[8];
    vstore8(shape, 0, sh);
    vstore8(strides, 0, st);
    int off = 0;
    for (int d = 7; d >= 8 - rank && i > 0; d--) {
        off += (i % sh[d]) * st[d];
        i /= sh[d];
    }
    return off;
}

inline int2 offset2(int i, int rank, int8 shape, int8 stridesA, int8 stridesB) {
    int sh[8], sa[8], sb[8];
    vstore8(shape, 0, sh);
    vstore8(stridesA, 0, sa);
    vstore8(stridesB, 0, sb);
    int2 off = (int2)(0, 0);
    for (int d = 7; d >= 8 - rank && i > 0; d--) {
        int q = i % sh[d];
        off.x += q * sa[d];
        off.y += q * sb[d];
        i /= sh[d];
    }
    return off;
}

// Float atomic add through compare-and-swap on the bits (OpenCL 1.2 has no float atomics).
inline void atomic_add_float(volatile __global float* p, float v) {
    union { unsigned int u; float f; } old, sum;
    do {
        old.f = *p;
        sum.f = old.f + v;
    } while (atomic_cmpxchg((volatile __global unsigned int*) p, old.u, sum.u) != old.u);
}
