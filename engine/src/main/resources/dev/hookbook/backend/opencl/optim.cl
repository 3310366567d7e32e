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

// Adam's update of element i from its gradient gi, once the parameter pi is decayed or not:
// the moments in place, then the parameter.
void adam_update(__global float* p, int at, float pi, float gi, __global float* m, __global float* v, int i,
                 float beta1, float beta2, float eps, float stepSize, float sqrtCorrection2) {
    float mi = m[i] * beta1 + gi * (1.0f - beta1);
    float vi = v[i] * beta2 + gi * gi * (1.0f - beta2);
    m[i] = mi;
    v[i] = vi;
    float denom = sqrt(vi) / sqrtCorrection2 + eps;
    p[at] = pi - mi / denom * stepSize;
}

__kernel void adam_step(__global float* p, int pOff, __global const float* g, __global float* m, __global float* v,
                        float beta1, float beta2, float eps, float weightDecay, float stepSize, float sqrtCorrection2, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    float pi = p[pOff + i];
    float gi = weightDecay != 0.0f ? g[i] + pi * weightDecay : g[i];
    adam_update(p, pOff + i, pi, gi, m, v, i, beta1, beta2, eps, stepSize, sqrtCorrection2);
}

// AdamW in place: the decoupled decay scales the parameter, then Adam's update without decay.
__kernel void adamw_step(__global float* p, int pOff, __global const float* g, __global float* m, __global float* v,
                         float beta1, float beta2, float eps, float decay, float stepSize, float sqrtCorrection2, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    adam_update(p, pOff + i, p[pOff + i] * decay, g[i], m, v, i, beta1, beta2, eps, stepSize, sqrtCorrection2);
}
