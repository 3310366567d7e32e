package dev.hookbook.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The safetensors dtypes Hookbook can read, each converted to float32 on load.
 *
 * <p>The constants are declared in the same order as safetensors' own {@code Dtype} enum
 * (increasing alignment), because its writer sorts tensors by that order.
 */
enum SafetensorsDtype {
    BOOL(1), U8(1), I8(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8), I64(8), U64(8);

    /** Valid safetensors dtypes that have no float32 conversion here (yet). */
    private static final Set<String> KNOWN_UNSUPPORTED = Set.of(
            "F4", "F6_E2M3", "F6_E3M2", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F8_E4M3FNUZ", "F8_E5M2FNUZ", "C64");

    /** Bytes per element. */
    final int size;

    SafetensorsDtype(int size) {
        this.size = size;
    }

    /**
     * The dtype named {@code name} in a header, or an exception (worded for {@code where}) that
     * tells an unknown dtype from a known one Hookbook cannot convert.
     */
    static SafetensorsDtype parse(String name, String where, Path file)
            throws SafetensorsFormatException {
        for (SafetensorsDtype d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        String supported = Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
        if (KNOWN_UNSUPPORTED.contains(name)) {
            throw new SafetensorsFormatException(file, where + ": dtype " + name
                    + " is valid safetensors but Hookbook cannot convert it to float32 (supported: " + supported + ")");
        }
        throw new SafetensorsFormatException(file, where + ": unknown dtype \"" + name
                + "\", expected one of " + supported);
    }

    /**
     * Converts {@code count} elements from {@code src} (little-endian, starting at its position)
     * into {@code dst[at..at+count)}. Views and indexed gets keep this free of boxing.
     */
    void decode(ByteBuffer src, float[] dst, int at, int count) {
        switch (this) {
            case F32 -> src.asFloatBuffer().get(dst, at, count);
            case F64 -> {
                var b = src.asDoubleBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = (float) b.get(i);
            }
            case F16 -> {
                var b = src.asShortBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = halfToFloat(b.get(i));
            }
            case BF16 -> {
                // bfloat16 is the upper half of a float32: shifting it back is exact.
                var b = src.asShortBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = Float.intBitsToFloat(b.get(i) << 16);
            }
            case I64 -> {
                var b = src.asLongBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = (float) b.get(i);
            }
            case U64 -> {
                var b = src.asLongBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = unsignedLongToFloat(b.get(i));
            }
            case I32 -> {
                var b = src.asIntBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = (float) b.get(i);
            }
            case U32 -> {
                var b = src.asIntBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = (float) Integer.toUnsignedLong(b.get(i));
            }
            case I16 -> {
                var b = src.asShortBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = b.get(i);
            }
            case U16 -> {
                var b = src.asShortBuffer();
                for (int i = 0; i < count; i++) dst[at + i] = b.get(i) & 0xffff;
            }
            case I8 -> {
                int p = src.position();
                for (int i = 0; i < count; i++) dst[at + i] = src.get(p + i);
            }
            case U8 -> {
                int p = src.position();
                for (int i = 0; i < count; i++) dst[at + i] = src.get(p + i) & 0xff;
            }
            case BOOL -> {
                int p = src.position();
                for (int i = 0; i < count; i++) dst[at + i] = src.get(p + i) != 0 ? 1f : 0f;
            }
        }
    }

    /** IEEE 754 half precision to float32, exactly (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {                       // infinity or NaN: keep the payload
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {                          // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        // Normal: rebias the exponent from 15 to 127 and widen the mantissa from 10 to 23 bits.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** A u64 (held in a signed long) to the nearest float. */
    private static float unsignedLongToFloat(long v) {
        if (v >= 0) {
            return (float) v;
        }
        // Halve while keeping the lowest bit as a sticky bit, so rounding stays correct.
        return (float) ((v >>> 1) | (v & 1)) * 2f;
    }
}
