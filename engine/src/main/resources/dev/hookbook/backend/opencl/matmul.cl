// Batched C[b] = A[b] B[b]. Each work-group computes a TILE x TILE block of C, staging
// TILE x TILE tiles of A and B in local memory so every value read from global memory is
// used TILE times. Each work-item owns WPT rows of its block (spaced TILE / WPT apart), so it
// reuses each B value it loads from local memory WPT times. TILE and WPT must match
// OpenClBackend, which sizes the launch.
// Operands are strided views (a transposed operand needs no copy); a batch stride of 0
// reuses one matrix for every batch.

#define TILE 32
#define WPT 4
#define RTS (TILE / WPT)

__kernel __attribute__((reqd_work_group_size(TILE, RTS, 1)))
void matmul(__global float* c,
            __global const float* a, int aOff, int aBatch, int aRow, int aCol,
            __global const float* b, int bOff, int bBatch, int bRow, int bCol,
            int m, int n, int k) {
    int lc = get_local_id(0), lr = get_local_id(1);
    int col = get_group_id(0) * TILE + lc;
    int row0 = get_group_id(1) * TILE + lr;
    int batch = get_global_id(2);
    __global const float* ab = a + aOff + batch * aBatch;
    __global const float* bb = b + bOff + batch * bBatch;

    __local float as[TILE][TILE];
    __local float bs[TILE][TILE];
    float acc[WPT];
    for (int w = 0; w < WPT; w++) acc[w] = 0.0f;

    for (int t = 0; t < k; t += TILE) {
        for (int w = 0; w < WPT; w++) {
            int r = lr + w * RTS;
            int arow = get_group_id(1) * TILE + r, acol = t + lc;
            as[r][lc] = arow < m && acol < k ? ab[arow * aRow + acol * aCol] : 0.0f;
            int brow = t + r;
            bs[r][lc] = brow < k && col < n ? bb[brow * bRow + col * bCol] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        // Every term is multiplied, zeros too, as BLAS does: 0 * inf is NaN, as in PyTorch.
        // (Padding past k is zero in both tiles, so it adds nothing.)
        for (int p = 0; p < TILE; p += 4) {
            float b0 = bs[p][lc], b1 = bs[p + 1][lc], b2 = bs[p + 2][lc], b3 = bs[p + 3][lc];
            for (int w = 0; w < WPT; w++) {
                int r = lr + w * RTS;
                acc[w] += as[r][p] * b0 + as[r][p + 1] * b1 + as[r][p + 2] * b2 + as[r][p + 3] * b3;
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    for (int w = 0; w < WPT; w++) {
        int row = row0 + w * RTS;
        if (row < m && col < n) c[(batch * m + row) * n + col] = acc[w];
    }
}
