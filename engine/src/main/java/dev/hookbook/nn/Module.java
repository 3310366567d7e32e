package dev.hookbook.nn;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.GradHooks;
import dev.hookbook.hooks.HookList;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;
import dev.hookbook.trace.events.Tracer;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A part of a model, as PyTorch's {@code nn.Module}: it holds parameters, buffers and child
 * modules under names, and computes its output in {@link #forward}. Users run a module with
 * {@link #call}, never with {@code forward}: {@code call} is Python's {@code __call__}, and it
 * is where hooks run.
 *
 * <p><b>Attributes that computed tensors may replace.</b> In PyTorch {@code module.weight} is an
 * attribute that pruning and parametrizations replace by a computed tensor
 * ({@code weight_orig * weight_mask}, or {@code g * v / ||v||}). Here a layer keeps each tensor its
 * {@code forward} reads in a non-final field ({@code public Tensor weight}), and Module keeps that
 * field in step with the attribute of the same name, or its camel-case form
 * ({@code in_proj_weight} is {@code inProjWeight}), by reflection: {@link #registerParameter},
 * {@link #registerBuffer}, {@link #setAttribute} and {@link #deleteAttribute} write it, and a
 * property ({@link #registerProperty}, what a parametrization installs) is computed into it before
 * every {@code forward}. So {@code lin.weight} is the {@code Parameter} until pruning makes it the
 * masked tensor, and {@code forward} always reads the current value; the state dict and
 * {@link #parameters()} follow the registry, as in PyTorch. A module of one's own may read by name
 * with {@link #getAttribute} instead of a field; a tensor kept in a final field cannot be replaced,
 * and pruning or parametrizing it says so.
 */
public abstract class Module implements Cloneable {
    // Hook lists by kind: those registered for every module, and (below) each module's own.
    private static final EnumMap<HookKind, HookList<?>> GLOBAL_HOOKS = hookLists(HookKind.GLOBAL);

    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final EnumMap<HookKind, HookList<?>> hooks = hookLists(HookKind.values());
    private boolean training = true;
    private final Map<String, Tensor> attributes = new LinkedHashMap<>();
    private final Map<String, java.util.function.Function<Module, Tensor>> properties = new LinkedHashMap<>();

    // ------------------------------------------------------------------ the call

    /**
     * Runs the module, as PyTorch's {@code _call_impl}: global then own forward pre-hooks (each
     * may replace the inputs), {@code forward}, global then own forward hooks (each may replace
     * the output), and, if the module has backward hooks, identity nodes around it in the graph
     * so those hooks see the gradients of its inputs and output.
     */
    public final Tensor call(Tensor... inputs) {
        int depth = CallStack.enter(this);
        try {
            if (!hasHooks() && !Tracer.active()) return runForward(inputs); // fast path: nothing to observe
            CallFrame frame = CallStack.top();
            TraceListener trace = Tracer.listener();
            trace.moduleCall(frame, inputs);
            ForwardHooksRun forwardHooksRun = new ForwardHooksRun(global(HookKind.FORWARD), own(HookKind.FORWARD));
            Tensor output = null;
            try {
                inputs = runForwardPreHooks(global(HookKind.FORWARD_PRE), HookKind.FORWARD_PRE.globalLabel(), inputs, frame, trace);
                inputs = runForwardPreHooks(own(HookKind.FORWARD_PRE), HookKind.FORWARD_PRE.label, inputs, frame, trace);

                BackwardHookCall backward = null;
                if (hasBackwardHooks() && Autograd.isGradEnabled()) {
                    backward = new BackwardHookCall(frame, globalThenOwn(HookKind.BACKWARD_PRE), globalThenOwn(HookKind.BACKWARD));
                    inputs = backward.wrapInputs(inputs);
                }

                trace.forward(frame);
                output = runForward(inputs);
                trace.forwardReturned(frame, output);

                output = forwardHooksRun.run(this, inputs, output, frame, trace); // global, then own

                if (backward != null) output = backward.wrapOutput(output);
            } catch (RuntimeException | Error e) {
                // PyTorch's always_call=True: those forward hooks run even now, then the error goes on.
                if (!CallFrame.isTheJvmsOwn(e)) forwardHooksRun.runAlwaysCalled(this, inputs, output, e);
                throw e;
            }
            trace.moduleReturn(frame, output);
            return output;
        } finally {
            CallStack.exitTo(depth);
        }
    }

    /** One empty hook list for each of {@code kinds}. */
    private static EnumMap<HookKind, HookList<?>> hookLists(HookKind... kinds) {
        EnumMap<HookKind, HookList<?>> lists = new EnumMap<>(HookKind.class);
        for (HookKind kind : kinds) lists.put(kind, new HookList<>());
        return lists;
    }

    /** This module's hooks of one kind (the kind decides the hooks' type). */
    @SuppressWarnings("unchecked")
    private <H> HookList<H> own(HookKind kind) {
        return (HookList<H>) hooks.get(kind);
    }

    /** The hooks of one kind registered for every module. */
    @SuppressWarnings("unchecked")
    private static <H> HookList<H> global(HookKind kind) {
        return (HookList<H>) GLOBAL_HOOKS.get(kind);
    }

    /**
     * {@code handle}, named for its {@code toString()}: which hook, counted among those of its
     * kind, on which module ({@code forward hook #2 on Linear 4->3}; {@code global forward hook #1}).
     */
    private static HookHandle described(Module on, HookKind kind, HookHandle handle) {
        String what = on == null
                ? kind.globalLabel() + " #" + global(kind).size()
                : kind.label + " #" + on.own(kind).size() + " on " + on.describe();
        return new HookHandle(handle::remove, what);
    }

    /** The global hooks of a kind, then this module's own, as a call runs them (each a snapshot, labelled). */
    private <H> List<LabeledHooks<H>> globalThenOwn(HookKind kind) {
        return List.of(LabeledHooks.of(kind.globalLabel(), global(kind)), LabeledHooks.of(kind.label, own(kind)));
    }

    /** Whether this module, or every module, has a hook of this kind. */
    private boolean hasAny(HookKind kind) {
        return !own(kind).isEmpty() || !global(kind).isEmpty();
    }

    private boolean hasHooks() {
        return hasAny(HookKind.FORWARD_PRE) || hasAny(HookKind.FORWARD) || hasBackwardHooks();
    }

    private boolean hasBackwardHooks() {
        return hasAny(HookKind.BACKWARD) || hasAny(HookKind.BACKWARD_PRE);
    }

    private Tensor runForward(Tensor[] inputs) {
        try {
            if (!properties.isEmpty()) refreshProperties(); // a parametrized weight, recomputed from its original
            Tensor out = forward(inputs);
            if (out == null) throw new IllegalStateException("forward returned null");
            return out;
        } catch (Throwable e) {
            throw CallFrame.namesItsModule(e) ? CallFrame.sneaky(e) : CallStack.top().error(CallFrame.describe(e), e);
        }
    }

    private Tensor[] runForwardPreHooks(HookList<ForwardPreHook> hooks, String kind, Tensor[] inputs,
                                        CallFrame frame, TraceListener trace) {
        int i = 0;
        for (ForwardPreHook hook : hooks) {
            trace.hook(frame, kind);
            Tensor[] current = inputs;
            Tensor[] replaced = frame.runHook(kind, i++, () -> hook.apply(this, current.clone()));
            if (replaced != null) inputs = replaced;
        }
        return inputs;
    }

    /**
     * The computation of a module with one input. Override this one, or
     * {@link #forward(Tensor...)} for several inputs. Calling it directly skips all hooks.
     */
    protected Tensor forward(Tensor x) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not implement forward(Tensor)");
    }

    /** The computation of a module with several inputs; by default, one input goes to {@link #forward(Tensor)}. */
    protected Tensor forward(Tensor... xs) {
        if (xs.length != 1) {
            throw new IllegalArgumentException("expected 1 input, got " + xs.length
                    + " (override forward(Tensor...) to take several)");
        }
        return forward(xs[0]);
    }

    // ------------------------------------------------------------------ hooks

    /** Runs before every {@code forward} of this module; may return replacement inputs (a hook that only looks: {@link #registerForwardPreObserver}). Option: PREPEND. */
    public HookHandle registerForwardPreHook(ForwardPreHook hook, HookOption... options) {
        HookOption.refuseAlwaysCall("registerForwardPreHook", options);
        return described(this, HookKind.FORWARD_PRE, own(HookKind.FORWARD_PRE).add(hook, HookOption.prepend(options)));
    }

    /** Runs after every {@code forward} of this module; may return a replacement output (a hook that only looks: {@link #registerForwardObserver}). Options: PREPEND, ALWAYS_CALL. */
    public HookHandle registerForwardHook(ForwardHook hook, HookOption... options) {
        return described(this, HookKind.FORWARD, own(HookKind.FORWARD).add(new ForwardHooksRun.Registered(hook, HookOption.alwaysCall(options)), HookOption.prepend(options)));
    }

    /** Runs when the gradient of this module's output arrives; may replace it (a hook that only looks: {@link #registerFullBackwardPreObserver}). Option: PREPEND. */
    public HookHandle registerFullBackwardPreHook(BackwardPreHook hook, HookOption... options) {
        HookOption.refuseAlwaysCall("registerFullBackwardPreHook", options);
        return described(this, HookKind.BACKWARD_PRE, own(HookKind.BACKWARD_PRE).add(hook, HookOption.prepend(options)));
    }

    /** Runs with the gradients of this module's inputs and output; may replace the input gradients (a hook that only looks: {@link #registerFullBackwardObserver}). Option: PREPEND. */
    public HookHandle registerFullBackwardHook(BackwardHook hook, HookOption... options) {
        HookOption.refuseAlwaysCall("registerFullBackwardHook", options);
        return described(this, HookKind.BACKWARD, own(HookKind.BACKWARD).add(hook, HookOption.prepend(options)));
    }

    /** Runs after {@link #stateDict()} collected this module's entries and its children's; may change the dict. */
    public HookHandle registerStateDictPostHook(StateDictPostHook hook) {
        return described(this, HookKind.STATE_DICT_POST, own(HookKind.STATE_DICT_POST).add(hook));
    }

    /** Runs in {@link #loadStateDict} before this module loads its entries; may add, rename or remove keys. */
    public HookHandle registerLoadStateDictPreHook(LoadStateDictPreHook hook) {
        return described(this, HookKind.LOAD_STATE_DICT_PRE, own(HookKind.LOAD_STATE_DICT_PRE).add(hook));
    }

    /** Runs in {@link #loadStateDict} after this module and its children loaded; may change the missing and unexpected keys. */
    public HookHandle registerLoadStateDictPostHook(LoadStateDictPostHook hook) {
        return described(this, HookKind.LOAD_STATE_DICT_POST, own(HookKind.LOAD_STATE_DICT_POST).add(hook));
    }

    /** A forward pre-hook for every module, run before the module's own. */
    public static HookHandle registerGlobalForwardPreHook(ForwardPreHook hook, HookOption... options) {
        HookOption.refuseAlwaysCall("registerGlobalForwardPreHook", options);
        return described(null, HookKind.FORWARD_PRE, global(HookKind.FORWARD_PRE).add(hook, HookOption.prepend(options)));
    }

    /** A forward hook for every module, run before the module's own. */
    public static HookHandle registerGlobalForwardHook(ForwardHook hook, HookOption... options) {
        return described(null, HookKind.FORWARD, global(HookKind.FORWARD).add(new ForwardHooksRun.Registered(hook, HookOption.alwaysCall(options)),
                HookOption.prepend(options)));
    }

    /** A full backward pre-hook for every module, run before the module's own (PyTorch's register_module_full_backward_pre_hook). */
    public static HookHandle registerGlobalFullBackwardPreHook(BackwardPreHook hook, HookOption... options) {
        HookOption.refuseAlwaysCall("registerGlobalFullBackwardPreHook", options);
        return described(null, HookKind.BACKWARD_PRE, global(HookKind.BACKWARD_PRE).add(hook, HookOption.prepend(options)));
    }

    /** A full backward hook for every module, run before the module's own (PyTorch's register_module_full_backward_hook). */
    public static HookHandle registerGlobalFullBackwardHook(BackwardHook hook, HookOption... options) {
        HookOption.refuseAlwaysCall("registerGlobalFullBackwardHook", options);
        return described(null, HookKind.BACKWARD, global(HookKind.BACKWARD).add(hook, HookOption.prepend(options)));
    }

    // Observers: hooks that only look. A lambda with no result cannot be a ForwardHook (Java asks for a
    // return value), and overloading registerForwardHook on both would make `(m, in, out) -> out.mul(2)`
    // ambiguous, so observers have their own names. Each is a hook that returns null, in the same list.

    /**
     * Runs {@code observer} before every {@code forward} of this module, with the inputs, which go
     * on unchanged: PyTorch's {@code register_forward_pre_hook} with a hook that returns None,
     * written {@code m.registerForwardPreObserver((mod, in) -> log.add(in[0].shape()))}. Option: PREPEND.
     */
    public HookHandle registerForwardPreObserver(ForwardPreObserver observer, HookOption... options) {
        return described(this, HookKind.FORWARD_PRE, addObserver("registerForwardPreObserver", observer, own(HookKind.FORWARD_PRE), observing(observer), options));
    }

    /**
     * Runs {@code observer} after every {@code forward} of this module, with the inputs and the
     * output, which goes on unchanged: PyTorch's {@code register_forward_hook} with a hook that
     * returns None, written {@code m.registerForwardObserver((mod, in, out) -> outputs.add(out))}.
     * Options: PREPEND, ALWAYS_CALL.
     */
    public HookHandle registerForwardObserver(ForwardObserver observer, HookOption... options) {
        checkObserver("registerForwardObserver", observer);
        return registerForwardHook(observing(observer), options);
    }

    /**
     * Runs {@code observer} when the gradient of this module's output arrives, leaving it as it is:
     * PyTorch's {@code register_full_backward_pre_hook} with a hook that returns None. Option: PREPEND.
     */
    public HookHandle registerFullBackwardPreObserver(BackwardPreObserver observer, HookOption... options) {
        return described(this, HookKind.BACKWARD_PRE, addObserver("registerFullBackwardPreObserver", observer, own(HookKind.BACKWARD_PRE), observing(observer), options));
    }

    /**
     * Runs {@code observer} with the gradients of this module's inputs and output, leaving them as
     * they are: PyTorch's {@code register_full_backward_hook} with a hook that returns None. Option: PREPEND.
     */
    public HookHandle registerFullBackwardObserver(BackwardObserver observer, HookOption... options) {
        return described(this, HookKind.BACKWARD, addObserver("registerFullBackwardObserver", observer, own(HookKind.BACKWARD), observing(observer), options));
    }

    /** A forward pre-observer for every module, run before the module's own hooks (PyTorch's register_module_forward_pre_hook). */
    public static HookHandle registerGlobalForwardPreObserver(ForwardPreObserver observer, HookOption... options) {
        return described(null, HookKind.FORWARD_PRE, addObserver("registerGlobalForwardPreObserver", observer, global(HookKind.FORWARD_PRE), observing(observer), options));
    }

    /** A forward observer for every module, run before the module's own hooks (PyTorch's register_module_forward_hook). */
    public static HookHandle registerGlobalForwardObserver(ForwardObserver observer, HookOption... options) {
        checkObserver("registerGlobalForwardObserver", observer);
        return registerGlobalForwardHook(observing(observer), options);
    }

    /** A full backward pre-observer for every module, run before the module's own (register_module_full_backward_pre_hook). */
    public static HookHandle registerGlobalFullBackwardPreObserver(BackwardPreObserver observer, HookOption... options) {
        return described(null, HookKind.BACKWARD_PRE, addObserver("registerGlobalFullBackwardPreObserver", observer, global(HookKind.BACKWARD_PRE), observing(observer), options));
    }

    /** A full backward observer for every module, run before the module's own (register_module_full_backward_hook). */
    public static HookHandle registerGlobalFullBackwardObserver(BackwardObserver observer, HookOption... options) {
        return described(null, HookKind.BACKWARD, addObserver("registerGlobalFullBackwardObserver", observer, global(HookKind.BACKWARD), observing(observer), options));
    }

    private static ForwardPreHook observing(ForwardPreObserver observer) {
        return (m, in) -> { observer.accept(m, in); return null; };
    }

    private static ForwardHook observing(ForwardObserver observer) {
        return (m, in, out) -> { observer.accept(m, in, out); return null; };
    }

    private static BackwardPreHook observing(BackwardPreObserver observer) {
        return (m, gradOutput) -> { observer.accept(m, gradOutput); return null; };
    }

    private static BackwardHook observing(BackwardObserver observer) {
        return (m, gradInput, gradOutput) -> { observer.accept(m, gradInput, gradOutput); return null; };
    }

    /** Adds {@code hook}, the hook that runs {@code observer}, to {@code hooks}: ALWAYS_CALL refused, PREPEND honoured. */
    private static <H> HookHandle addObserver(String registration, Object observer, HookList<H> hooks, H hook, HookOption... options) {
        HookOption.refuseAlwaysCall(registration, options);
        checkObserver(registration, observer);
        return hooks.add(hook, HookOption.prepend(options));
    }

    private static void checkObserver(String registration, Object observer) {
        if (observer == null) throw new IllegalArgumentException(registration + ": expected an observer lambda, got null");
    }

    /** Every hook attached in this module tree, module hooks and hooks on parameters' gradients, in the order they run. */
    public List<AttachedHook> hooks() {
        List<AttachedHook> out = new ArrayList<>();
        namedModules().forEach((path, m) -> {
            m.hooks.forEach((kind, list) -> AttachedHook.list(path, kind.label, list, out));
            m.parameters.forEach((name, p) -> {
                if (p == null) return;
                String at = path.isEmpty() ? name : path + "." + name;
                for (int i = 0; i < GradHooks.count(p); i++) out.add(new AttachedHook(at, "tensor hook", i));
                for (int i = 0; i < GradHooks.countPostAccumulateGrad(p); i++) {
                    out.add(new AttachedHook(at, "post-accumulate-grad hook", i));
                }
            });
        });
        return out;
    }

    /** Removes every hook {@link #hooks()} lists (global hooks stay: they belong to no module). */
    public void removeAllHooks() {
        for (Module m : modules()) {
            m.hooks.values().forEach(HookList::clear);
            m.parameters.values().forEach(p -> { if (p != null) GradHooks.removeAll(p); });
        }
    }

    // ------------------------------------------------------------------ registration

    /** Registers a parameter under {@code name} (null registers the name with no parameter, as bias=None). */
    public Parameter registerParameter(String name, Parameter p) {
        checkName(name, parameters);
        parameters.put(name, p);
        Attributes.write(this, name, p, false);
        return p;
    }

    /** Registers a tensor that is state but not learnable (such as BatchNorm's running mean). */
    public Tensor registerBuffer(String name, Tensor t) {
        checkName(name, buffers);
        buffers.put(name, t);
        Attributes.write(this, name, t, false);
        return t;
    }

    /** Registers a child module under {@code name}; returns it, so fields can be set in one line. */
    public <M extends Module> M addModule(String name, M module) {
        checkName(name, children);
        checkNoCycle(name, module);
        children.put(name, module);
        Attributes.write(this, name, module, false);
        return module;
    }

    /** A module tree is a tree: refuse a child that contains this module (calls would never end). */
    private void checkNoCycle(String name, Module child) {
        if (child == null) return;
        String where = getClass().getSimpleName() + ".addModule(\"" + name + "\", " + child.getClass().getSimpleName() + ")";
        if (child == this) throw new IllegalArgumentException(where + ": a module cannot contain itself");
        child.namedModules().forEach((path, m) -> {
            if (m == this) {
                throw new IllegalArgumentException(where + ": the module to add already contains this one, at its path '"
                        + path + "', so this one would contain itself at '" + name + "." + path + "'");
            }
        });
    }

    private void checkName(String name, Map<String, ?> own) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "' (non-empty, no dots)");
        }
        boolean taken = (own != parameters && parameters.containsKey(name)) || (own != buffers && buffers.containsKey(name))
                || (own != children && children.containsKey(name)) || attributes.containsKey(name) || properties.containsKey(name);
        if (taken) throw new IllegalArgumentException(getClass().getSimpleName() + ": the name '" + name + "' is already used");
    }

    /** Replaces the value of a registered buffer (BatchNorm's running stats are updated this way). */
    protected void setBuffer(String name, Tensor t) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException("no buffer named '" + name + "'");
        buffers.put(name, t);
        Attributes.write(this, name, t, false);
    }

    /** A parameter of this module by its own name (null if registered as none). */
    protected Parameter parameter(String name) {
        return parameters.get(name);
    }

    /** A buffer of this module by its own name. */
    protected Tensor buffer(String name) {
        return buffers.get(name);
    }

    String childName(Module child) {
        for (Map.Entry<String, Module> e : children.entrySet()) if (e.getValue() == child) return e.getKey();
        return null;
    }

    // ------------------------------------------------------------------ attributes

    /**
     * The tensor attribute {@code name}, as Python's {@code getattr(module, name)}: a parameter,
     * a buffer, a property (computed now, as a parametrized weight is on every access in
     * PyTorch) or a plain tensor attribute (such as a pruned {@code weight}).
     */
    public Tensor getAttribute(String name) {
        if (parameters.containsKey(name)) return parameters.get(name);
        if (buffers.containsKey(name)) return buffers.get(name);
        java.util.function.Function<Module, Tensor> property = properties.get(name);
        if (property != null) return property.apply(this);
        if (attributes.containsKey(name)) return attributes.get(name);
        throw new IllegalArgumentException(getClass().getSimpleName() + ".getAttribute(\"" + name + "\"): no such tensor attribute"
                + " (parameters " + parameters.keySet() + ", buffers " + buffers.keySet() + ", properties "
                + properties.keySet() + ", attributes " + attributes.keySet() + ")");
    }

    /** Whether {@link #getAttribute} knows {@code name} (a parameter or buffer registered as none counts). */
    public boolean hasAttribute(String name) {
        return parameters.containsKey(name) || buffers.containsKey(name) || properties.containsKey(name)
                || attributes.containsKey(name);
    }

    /**
     * Sets the tensor attribute {@code name}, as Python's {@code setattr(module, name, value)}
     * on an {@code nn.Module}: a {@link Parameter} registers (or replaces) the parameter; a
     * tensor for a registered buffer replaces the buffer; any other tensor becomes a plain
     * attribute, outside the state dict, as the {@code weight} that pruning computes. A plain
     * tensor for a registered parameter is refused, as in PyTorch: {@link #deleteAttribute} it first.
     * The layer's field of the same name (or its camel-case form) is written too, so
     * {@code forward} reads the new value.
     */
    public void setAttribute(String name, Tensor value) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name + "' (non-empty, no dots)");
        }
        if (properties.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".setAttribute(\"" + name + "\"): the attribute is "
                    + "parametrized; set its original (parametrizations." + name + ".original) instead");
        }
        if (children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".setAttribute(\"" + name + "\"): '" + name
                    + "' is a child module, not a tensor");
        }
        if (value instanceof Parameter p) {
            if (buffers.containsKey(name)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".setAttribute(\"" + name + "\", Parameter): '"
                        + name + "' is a buffer; deleteAttribute it first");
            }
            Attributes.write(this, name, p, true);
            attributes.remove(name);
            parameters.put(name, p);
        } else if (parameters.containsKey(name)) {
            if (value != null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".setAttribute(\"" + name + "\"): expected a "
                        + "Parameter for the parameter '" + name + "' (or null), got a Tensor; deleteAttribute(\"" + name
                        + "\") first to replace it by a computed tensor");
            }
            Attributes.write(this, name, null, true);
            parameters.put(name, null);
        } else {
            Attributes.write(this, name, value, true);
            if (buffers.containsKey(name)) buffers.put(name, value);
            else attributes.put(name, value);
        }
    }

    /**
     * Removes the parameter, buffer, child, property or plain attribute {@code name}, as Python's
     * {@code delattr(module, name)} (PyTorch's pruning does {@code del module._parameters[name]}).
     * The layer's field of that name becomes null.
     */
    public void deleteAttribute(String name) {
        boolean known = parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)
                || properties.containsKey(name) || attributes.containsKey(name);
        if (!known) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".deleteAttribute(\"" + name + "\"): no such "
                    + "attribute (parameters " + parameters.keySet() + ", buffers " + buffers.keySet() + ", children "
                    + children.keySet() + ", attributes " + attributes.keySet() + ")");
        }
        Attributes.write(this, name, null, true);
        parameters.remove(name);
        buffers.remove(name);
        children.remove(name);
        properties.remove(name);
        attributes.remove(name);
    }

    /**
     * Throws, changing nothing, if attribute {@code name} cannot be replaced by a computed tensor:
     * the layer keeps it in a final field or one declared {@code Parameter}. Pruning and
     * parametrizations call it first.
     */
    public void checkReplaceable(String name) {
        Attributes.checkWritable(this, name, dev.hookbook.tensor.Tensor.scalar(0f));
    }

    /**
     * Makes {@code name} a computed attribute, as a Python property: {@link #getAttribute} calls
     * {@code getter} on every read, and {@link #call} computes it once before each
     * {@code forward} into the layer's field, so the layer's {@code forward} reads a fresh value
     * with its graph back to the tensors it was computed from. This is how
     * {@code Parametrize.registerParametrization} puts the parametrized {@code weight} in place of
     * the parameter (PyTorch injects a property into the module's class). Between calls the field
     * holds the value of the last forward (or of registration); {@code getAttribute} computes anew.
     * The getter takes the module, so that a {@link #deepCopy()} computes from its own state.
     * While a module has properties its repr names it {@code ParametrizedLinear}, as PyTorch's
     * injected class.
     */
    public void registerProperty(String name, java.util.function.Function<Module, Tensor> getter) {
        checkName(name, properties);
        Attributes.checkWritable(this, name, Tensor.scalar(0f));
        properties.put(name, getter);
        Attributes.write(this, name, getter.apply(this), true);
    }

    /** Removes the property {@code name} (the field becomes null until the attribute is set again). */
    public void removeProperty(String name) {
        if (properties.remove(name) == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".removeProperty(\"" + name + "\"): no such property "
                    + "(properties " + properties.keySet() + ")");
        }
        Attributes.write(this, name, null, true);
    }

    /** Whether {@code name} is a property of this module ({@link #registerProperty}). */
    public boolean hasProperty(String name) {
        return properties.containsKey(name);
    }

    private void refreshProperties() {
        properties.forEach((name, getter) -> {
            if (Attributes.field(this, name) != null) Attributes.write(this, name, getter.apply(this), true);
        });
    }

    void refreshPropertiesAfterCopy() {
        refreshProperties();
    }

    /**
     * This module's forward pre-hooks, in the order they run (PyTorch's
     * {@code module._forward_pre_hooks.values()}): how pruning finds the hook it registered.
     */
    public List<ForwardPreHook> forwardPreHooks() {
        return this.<ForwardPreHook>own(HookKind.FORWARD_PRE).snapshot();
    }

    /** Unregisters the first registration of {@code hook} as a forward pre-hook; false if it was not there. */
    public boolean removeForwardPreHook(ForwardPreHook hook) {
        return own(HookKind.FORWARD_PRE).removeFirst(hook);
    }

    /**
     * A copy of this module and everything below it, as Python's {@code copy.deepcopy(model)}:
     * new parameters and buffers with the same values ({@code requiresGrad} kept, no gradient),
     * children copied, plain fields (sizes, flags) the same, shared parameters still shared
     * inside the copy. Works for any subclass, a user's too: the fields are copied by reflection.
     *
     * <p>Hooks: as {@code deepcopy} does with the hook dicts, the copy has new hook lists holding
     * the same hooks, so no hook list is shared: removing a hook, or registering one, on either
     * module leaves the other alone, and handles of the original do not touch the copy. A hook
     * gets the module it runs on as its argument, so pruning's hook works on the copy. Hooks on
     * parameters' gradients are not copied (PyTorch's {@code Parameter.__deepcopy__} drops them too).
     * A computed tensor (a pruned or parametrized weight) is copied as its value, then computed
     * again from the copy's own state: a parametrized one at once, a pruned one by the next forward.
     */
    public Module deepCopy() {
        return ModuleCopier.copy(this);
    }

    Module shallowClone() {
        try {
            return (Module) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ traversal

    public List<Module> children() {
        return List.copyOf(new ArrayList<>(namedChildren().values()));
    }

    /** Direct children by name, in registration order (each module once). */
    public Map<String, Module> namedChildren() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        children.forEach((n, m) -> { if (m != null && seen.add(m)) out.put(n, m); });
        return out;
    }

    public List<Module> modules() {
        return new ArrayList<>(namedModules().values());
    }

    /** This module ("") and all below it by dotted path, depth first, each module once. */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out, Set<Module> seen) {
        if (!seen.add(this)) return;
        out.put(prefix, this);
        children.forEach((n, m) -> { if (m != null) m.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out, seen); });
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Every parameter by dotted path ({@code features.0.weight}); a shared one appears once. */
    public Map<String, Parameter> namedParameters() {
        return collectNamed(m -> m.parameters);
    }

    public List<Tensor> buffers() {
        return new ArrayList<>(namedBuffers().values());
    }

    public Map<String, Tensor> namedBuffers() {
        return collectNamed(m -> m.buffers);
    }

    /** The tensors each module keeps in {@code own}, by dotted path, each tensor once (the first name wins). */
    private <T extends Tensor> Map<String, T> collectNamed(java.util.function.Function<Module, Map<String, T>> own) {
        Map<String, T> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        namedModules().forEach((path, m) -> own.apply(m).forEach((n, t) -> {
            if (t != null && seen.add(t)) out.put(path.isEmpty() ? n : path + "." + n, t);
        }));
        return out;
    }

    /** The module at a dotted path below this one ({@code "features.0"}). */
    public Module get(String path) {
        Module m = this;
        StringBuilder walked = new StringBuilder();
        for (String part : path.split("\\.")) {
            Module next = m.children.get(part);
            if (next == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".get(\"" + path + "\"): "
                        + (walked.length() == 0 ? "this module" : walked) + " has no child '" + part + "' (children: "
                        + m.children.keySet() + ")");
            }
            if (walked.length() > 0) walked.append('.');
            walked.append(part);
            m = next;
        }
        return m;
    }

    // ------------------------------------------------------------------ modes and state

    /** Training mode (the default): Dropout drops, BatchNorm uses and updates batch statistics. Recursive. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean mode) {
        for (Module m : modules()) m.training = mode;
        return this;
    }

    /** Evaluation mode: Dropout passes through, BatchNorm uses its running statistics. Recursive. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Clears the gradients of all parameters (sets them to null, as PyTorch 2.x's {@code zero_grad()}). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * As PyTorch's {@code zero_grad(set_to_none)}: null gradients, or, with {@code false}, the
     * same gradient tensors filled with zeros (see {@link Parameter#zeroGrads}).
     */
    public void zeroGrad(boolean setToNone) {
        Parameter.zeroGrads(parameters(), setToNone);
    }

    /** Calls {@code fn} on every child module (recursively) and then on this one, as PyTorch's {@code apply}. */
    public Module apply(Consumer<Module> fn) {
        for (Module child : children()) child.apply(fn);
        fn.accept(this);
        return this;
    }

    /** Moves every parameter and buffer to {@code device} (the same objects, new storage). */
    public Module to(Device device) {
        for (Parameter p : parameters()) p.setData(p.detach().to(device));
        for (Module m : modules()) {
            m.buffers.replaceAll((n, b) -> b == null ? null : b.to(device));
            m.buffers.forEach((n, b) -> Attributes.write(m, n, b, false));
        }
        return this;
    }

    /**
     * Every parameter and buffer by dotted path, as PyTorch's state_dict; each module's state-dict
     * post hooks run once its entries and its children's are in (children first).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, p) -> { if (p != null) out.put(prefix + n, p.detach()); });
        buffers.forEach((n, b) -> { if (b != null) out.put(prefix + n, b.detach()); });
        children.forEach((n, m) -> { if (m != null) m.collectState(prefix + n + ".", out); });
        StateDictHooks.run(this.<StateDictPostHook>own(HookKind.STATE_DICT_POST), HookKind.STATE_DICT_POST.label, this, prefix, h -> h.apply(this, out, prefix));
    }

    /**
     * Copies values from {@code state} into this module's parameters and buffers, running the
     * load-state-dict pre- and post hooks of every module in PyTorch's order. With {@code strict},
     * every missing and unexpected key left after the post hooks is an error; a shape mismatch
     * always is. On error nothing has changed, and the message lists every problem.
     */
    public StateDictReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        if (state == null) {
            throw new IllegalArgumentException("loadStateDict: expected a map from names to tensors (such as stateDict() or "
                    + "Safetensors.load(path)), got null");
        }
        return StateDictLoader.load(this, state, strict);
    }

    // ------------------------------------------------------------------ printing

    /** The part inside the parentheses of this module's repr, e.g. {@code in_features=64, out_features=10, bias=true}. */
    public String extraRepr() {
        return "";
    }

    /** How errors name this module: {@code Linear 64->10}. */
    public String describe() {
        return getClass().getSimpleName();
    }

    /** The same text as PyTorch's repr of the same model. */
    @Override
    public String toString() {
        List<String> extra = extraRepr().isEmpty() ? List.of() : List.of(extraRepr().split("\n"));
        List<String> childLines = new ArrayList<>();
        children.forEach((n, m) -> {
            if (!(m instanceof HookPoint)) childLines.add("(" + n + "): " + indent(String.valueOf(m), 2)); // hook points hold nothing
        });
        String name = (properties.isEmpty() ? "" : "Parametrized") + getClass().getSimpleName(); // PyTorch's injected class
        StringBuilder sb = new StringBuilder(name).append('(');
        if (extra.size() == 1 && childLines.isEmpty()) {
            sb.append(extra.get(0));
        } else if (!extra.isEmpty() || !childLines.isEmpty()) {
            List<String> lines = new ArrayList<>(extra);
            lines.addAll(childLines);
            sb.append("\n  ").append(String.join("\n  ", lines)).append('\n');
        }
        return sb.append(')').toString();
    }

    private static String indent(String s, int spaces) {
        return s.replace("\n", "\n" + " ".repeat(spaces));
    }

    Map<String, Parameter> ownParameters() {
        return parameters;
    }

    Map<String, Tensor> ownBuffers() {
        return buffers;
    }

    Map<String, Module> ownChildren() {
        return children;
    }

    HookList<LoadStateDictPreHook> loadStateDictPreHooks() {
        return own(HookKind.LOAD_STATE_DICT_PRE);
    }

    HookList<LoadStateDictPostHook> loadStateDictPostHooks() {
        return own(HookKind.LOAD_STATE_DICT_POST);
    }
}
