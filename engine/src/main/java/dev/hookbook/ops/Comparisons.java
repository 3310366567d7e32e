package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * The comparisons {@code ge}, {@code lt}, {@code le} and {@code ne} of two tensors (broadcast),
 * as PyTorch's {@code torch.ge} and friends ({@code eq} and {@code gt} are in {@link Arithmetic}).
 * The engine has no bool dtype, so a result is a float tensor of 0 and 1, as {@code eq} gives;
 * like PyTorch's bool results it has no gradient and records no graph. NaN compares unequal to
 * everything, itself included: every comparison with NaN is 0 but {@code ne}, which is 1.
 * Each is made of the two kernels the devices have, EQ and GT.
 */
public final class Comparisons {
    private Comparisons() {}

    /** 1 where a >= b: a > b or a == b (both 0 for NaN). */
    public static Tensor ge(Tensor a, Tensor b) {
        Backend be = checked("ge", a, b);
        return be.binary(BinaryOp.ADD, be.binary(BinaryOp.GT, a, b), be.binary(BinaryOp.EQ, a, b));
    }

    /** 1 where {@code a < b}, that is {@code b > a}. */
    public static Tensor lt(Tensor a, Tensor b) {
        return checked("lt", a, b).binary(BinaryOp.GT, b, a);
    }

    /** 1 where {@code a <= b}, that is {@code b >= a}. */
    public static Tensor le(Tensor a, Tensor b) {
        Backend be = checked("le", a, b);
        return be.binary(BinaryOp.ADD, be.binary(BinaryOp.GT, b, a), be.binary(BinaryOp.EQ, a, b));
    }

    /** 1 where a != b: not equal (1 for NaN). */
    public static Tensor ne(Tensor a, Tensor b) {
        Backend be = checked("ne", a, b);
        return be.binary(BinaryOp.EQ, be.binary(BinaryOp.EQ, a, b), a.constant(0f));
    }

    /** The operands' backend, after checking they share a device and broadcast (errors name {@code op}). */
    private static Backend checked(String op, Tensor a, Tensor b) {
        Backend be = Ops.backend(op, a, b);
        Shape.broadcast(op, a.shape(), b.shape());
        return be;
    }
}
