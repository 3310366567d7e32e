// Optimizer steps in place, one work-item per element, with the CPU backend's expressions.
// The parameter starts at pOff in its buffer; the gradient and the state are dense from 0.

__kernel void sgd_step(__global float* p, int pOff, __global const float* g, __global float* buf, int hasBuf,
                       float lr, float momentum, float weightDecay, int first, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float pi = p[pOff + i];
    float d = weightDecay != 0.0f ? g[i] + pi * weightDecay : g[i];
    if (hasBuf) {
        d = first ? d : buf[i] * momentum + d;
        buf[i] = d;
    }
    p[pOff + i] = pi - d * lr;
}

__kernel void adam_step(__global float* p, int pOff, __global const float* g, __global float* m, __global float* v,
                        float beta1, float beta2, float eps, float weightDecay, float stepSize, float sqrtCorrection2, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float pi = p[pOff + i];
    float gi = weightDecay != 0.0f ? g[i] + pi * weightDecay : g[i];
    float mi = m[i] * beta1 + gi * (1.0f - beta1);
    float vi = v[i] * beta2 + gi * gi * (1.0f - beta2);
    m[i] = mi;
    v[i] = vi;
    float denom = sqrt(vi) / sqrtCorrection2 + eps;
    p[pOff + i] = pi - mi / denom * stepSize;
}
