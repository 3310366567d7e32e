package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** The embedding lookup, with its gradient (the rows summed back into the table) beside it. */
public final class Embeddings {
    private Embeddings() {}

    /**
     * Row {@code indices[...]} of {@code weight} [num, dim] for every index, as PyTorch's
     * {@code F.embedding}: indices of any shape give a result of shape {@code indices.shape + [dim]}.
     * IndexChecks are floats holding integers in [0, num). Only the weight gets a gradient: each
     * output row's gradient is added to the row it came from (repeated indices add up).
     */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("embedding: expected weight [num_embeddings, embedding_dim], got "
                    + Shape.str(weight.shape()));
        }
        if (indices.device() != weight.device()) throw Backend.deviceMismatch("embedding", weight.device(), indices.device());
        int num = weight.shape()[0], dim = weight.shape()[1];
        // Each index picks a row: a position along dim 0 of the weight.
        IndexChecks.check("embedding", indices, num, 0, "weight " + Shape.str(weight.shape())
                + " (num_embeddings x embedding_dim), indices " + Shape.str(indices.shape()));
        Backend be = weight.device().backend();
        // Row i of the result is row indices[i] of the weight: indexSelect along dim 0, on the
        // same gather and scatter-add kernels.
        Tensor flat = UnrecordedViews.reshaped(indices, (int) indices.numel());
        Tensor rows = be.gather(weight, 0, alongRows(flat, dim));
        int[] is = indices.shape(), outShape = new int[is.length + 1];
        System.arraycopy(is, 0, outShape, 0, is.length);
        outShape[is.length] = dim;
        Tensor out = UnrecordedViews.reshaped(rows, outShape);

        Saved si = Saved.of(flat);
        int[] weightShape = weight.shape(), rowsShape = rows.shape();
        return record("Embedding", out, List.of(si), g -> new Tensor[]{
                Indexing.addedBack(weightShape, 0, alongRows(si.get(), dim), g.reshape(rowsShape))}, weight);
    }

    /** The indices [n] read as [n, dim]: each output row's index repeated along the row. */
    private static Tensor alongRows(Tensor flat, int dim) {
        return UnrecordedViews.as(flat, new int[]{(int) flat.numel(), dim}, new int[]{1, 0}, flat.offset());
    }
}
