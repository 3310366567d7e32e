package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Graph;
import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;

import java.util.Arrays;
import java.util.List;

import static dev.hookbook.autograd.Graph.record;
import static dev.hookbook.ops.Ops.needs;
import static dev.hookbook.ops.Ops.sumTo;

/**
 * Element-wise ops that write into memory that already exists, so a loop reuses one hot buffer
 * instead of a fresh one per call: in place ({@code x.addInPlace(y)}, PyTorch's {@code x.add_(y)})
 * and into a given tensor ({@code x.addInto(y, out)}, PyTorch's {@code torch.add(x, y, out=out)}).
 *
 * <p>Autograd follows them as PyTorch does. Each write counts one version of the storage
 * (shared by every view), and backward refuses a saved tensor whose version moved since it was
 * saved. While gradients are recorded, an in-place op gives its target a new history (the op's
 * node, whose edge leads to the target's old history); it refuses a leaf that requires grad
 * (change it inside {@code Autograd.noGrad()}, as an optimizer does). The {@code Into} forms
 * record nothing, so they refuse operands that require grad while gradients are recorded.
 */
public final class InPlace {
    private InPlace() {}

    /** {@code target = target op b}, b broadcast to target's shape. */
    public static Tensor binary(BinaryOp op, Tensor target, Tensor b) {
        String name = name(op, "InPlace");
        Backend be = Ops.backend(name, target, b);
        int[] shape = target.shape(), bShape = b.shape();
        if (!Arrays.equals(Shape.broadcast(name, shape, bShape), shape)) {
            throw new IllegalArgumentException(name + ": the operand's shape " + Shape.str(bShape)
                    + " does not broadcast to the target's shape " + Shape.str(shape) + " (the target cannot grow)");
        }
        boolean records = records(name, target, b);
        // An operand in the target's own memory is read before it is overwritten only at the
        // same index; any other overlap, or a copy backward must keep, needs a copy of its own.
        Tensor src = b.storage() == target.storage() && (records || !sameLayout(b, target)) ? b.clone() : b;
        boolean needA = needs(target), needB = needs(src);
        // mul's gradient for b is g times target's old values, which the write destroys.
        Saved before = Saved.of(records && op == BinaryOp.MUL && needB ? target.clone() : null);
        if (target.isContiguous()) be.binaryInPlace(op, target, src);
        else be.copyInto(target, be.binary(op, target, src));
        target.storage().bumpVersion();
        if (!records) return target;
        // What each rule reads, and nothing more (add and sub keep nothing, as PyTorch's AddBackward0)
        Saved sb = Saved.of(op == BinaryOp.DIV || op == BinaryOp.MUL && needA ? src : null);
        Saved out = Saved.of(op == BinaryOp.DIV && needB ? target : null);
        Graph.record(op == BinaryOp.ADD ? "Add" : op == BinaryOp.SUB ? "Sub" : op == BinaryOp.MUL ? "Mul" : "Div",
                target, List.of(before, sb, out), g -> new Tensor[]{
                        needA ? gradA(op, g, sb) : null,
                        needB ? sumTo(gradB(op, g, sb, before, out), bShape) : null}, target, src);
        target.storage().markHistoryChanged();
        return target;
    }

    private static Tensor gradA(BinaryOp op, Tensor g, Saved b) {
        return switch (op) {
            case ADD, SUB -> g;
            case MUL -> g.mul(b.get());
            case DIV -> g.div(b.get());
            default -> throw new IllegalStateException(op + " has no in-place form");
        };
    }

    private static Tensor gradB(BinaryOp op, Tensor g, Saved b, Saved before, Saved out) {
        return switch (op) {
            case ADD -> g;
            case SUB -> g.neg();
            case MUL -> g.mul(before.get());
            case DIV -> g.mul(out.get()).div(b.get()).neg(); // d(a/b)/db = -out/b
            default -> throw new IllegalStateException(op + " has no in-place form");
        };
    }

    /**
     * {@code target = op(target)} for a map whose gradient reads its result or nothing: RELU,
     * EXP, TANH, SIGMOID, NEG (PyTorch's relu_, exp_, tanh_, sigmoid_, neg_).
     */
    public static Tensor unary(UnaryOp op, Tensor target) {
        String name = op.name().toLowerCase() + "InPlace";
        boolean records = records(name, target);
        target.device().backend().unaryInPlace(op, target, 0);
        target.storage().bumpVersion();
        if (!records) return target;
        Saved result = Saved.of(op == UnaryOp.NEG ? null : target); // as the node of the op that allocates saves it
        record(NODE_NAMES.get(op), target, List.of(result), g -> new Tensor[]{Pointwise.gradFromResult(op, g, result)}, target);
        target.storage().markHistoryChanged();
        return target;
    }

    private static final java.util.Map<UnaryOp, String> NODE_NAMES = java.util.Map.of(
            UnaryOp.RELU, "Relu", UnaryOp.EXP, "Exp", UnaryOp.TANH, "Tanh", UnaryOp.SIGMOID, "Sigmoid", UnaryOp.NEG, "Neg");

    /** {@code target = min(max(target, min), max)}; the gradient passes where the value was inside, ends included. */
    public static Tensor clamp(Tensor target, float min, float max) {
        boolean records = records("clampInPlace", target);
        // clamp's gradient reads the values before the clamp, which the write destroys
        Saved before = Saved.of(records ? target.clone() : null);
        Backend be = target.device().backend();
        be.unaryInPlace(UnaryOp.CLAMP_MIN, target, min);
        be.unaryInPlace(UnaryOp.CLAMP_MAX, target, max);
        target.storage().bumpVersion();
        if (!records) return target;
        Saved out = Saved.of(target);
        record("Clamp", target, List.of(before, out), g -> new Tensor[]{g.mul(out.get().eq(before.get()))}, target);
        target.storage().markHistoryChanged();
        return target;
    }

    /** Every element of {@code target} set to {@code value}; no gradient flows to its old values. */
    public static Tensor fill(Tensor target, float value) {
        boolean records = records(value == 0 ? "zeroInPlace" : "fillInPlace", target);
        target.device().backend().copyInto(target, target.constant(value));
        target.storage().bumpVersion();
        if (!records) return target;
        record("Fill", target, g -> new Tensor[]{null}, target);
        target.storage().markHistoryChanged();
        return target;
    }

    /** {@code out = a op b} (broadcast), written into {@code out}, whose shape must be the result's. */
    public static Tensor binaryInto(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        String name = name(op, "Into");
        Backend be = Ops.backend(name, a, b);
        Ops.backend(name, a, out);
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        if (!Arrays.equals(shape, out.shape())) {
            throw new IllegalArgumentException(name + ": out has shape " + Shape.str(out.shape()) + ", the result of "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()) + " has shape " + Shape.str(shape));
        }
        if (Autograd.isGradEnabled() && Graph.anyRequiresGrad(a, b, out)) {
            throw new IllegalStateException(name + ": writing into out records no gradient, but an operand requires grad;"
                    + " use " + name(op, "") + " (or write inside Autograd.noGrad())");
        }
        be.binaryInto(op, a, b, out);
        out.storage().bumpVersion();
        return out;
    }

    /**
     * Whether the in-place op on {@code target} records (gradients on, and target or an operand
     * requires grad), refusing what autograd cannot follow.
     */
    private static boolean records(String name, Tensor target, Tensor... operands) {
        if (!Autograd.isGradEnabled() || !target.requiresGrad() && !Graph.anyRequiresGrad(operands)) return false;
        if (target.isLeaf() && target.requiresGrad()) {
            throw new IllegalStateException(name + ": a leaf tensor that requires grad (shape " + Shape.str(target.shape())
                    + ") cannot change in place while gradients are recorded; change it inside Autograd.noGrad(),"
                    + " as an optimizer step does, or use the out-of-place op");
        }
        return true;
    }

    private static boolean sameLayout(Tensor a, Tensor b) {
        return a.storage() == b.storage() && a.offset() == b.offset()
                && Arrays.equals(a.shape(), b.shape()) && Arrays.equals(a.strides(), b.strides());
    }

    /** "addInPlace", "mulInto", "add", ... */
    private static String name(BinaryOp op, String suffix) {
        return op.name().toLowerCase() + suffix;
    }
}
