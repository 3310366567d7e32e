package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.TraceListener;
import dev.hookbook.trace.Tracer;

/** Reports one module call's steps to the thread's trace listener; does nothing when none records. */
class Trace {
    private static final Trace OFF = new Trace();

    private Trace() {}

    static Trace start(Module m, Tensor[] inputs) {
        TraceListener l = Tracer.listener();
        if (l == null) return OFF;
        Trace t = new Recording(l, m, CallStack.currentPath());
        l.moduleCall(m, ((Recording) t).path, inputs);
        return t;
    }

    void hook(String kind) {}

    void forward() {}

    void forwardReturned(Tensor out) {}

    void returned(Tensor out) {}

    private static final class Recording extends Trace {
        final TraceListener listener;
        final Module module;
        final String path;

        Recording(TraceListener listener, Module module, String path) {
            this.listener = listener;
            this.module = module;
            this.path = path;
        }

        @Override
        void hook(String kind) {
            listener.hook(module, path, kind);
        }

        @Override
        void forward() {
            listener.forward(module, path);
        }

        @Override
        void forwardReturned(Tensor out) {
            listener.forwardReturned(module, path, out);
        }

        @Override
        void returned(Tensor out) {
            listener.moduleReturn(module, path, out);
        }
    }
}
