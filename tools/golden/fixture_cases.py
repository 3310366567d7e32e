# Shared case writing for the expression fixtures (tensor_ops.json, sequence_ops.json,
# recipe_ops_a.json, recipe_ops_b.json): each case evaluates a Java expression over float32
# inputs with PyTorch, records its output and the gradients of sum(output * upstream), and
# derives "tol" and "f64MaxErr" from a second evaluation in float64 of the same inputs.
#
# Not a script: make_fixtures.py, make_sequence_op_fixtures.py and make_recipe_op_fixtures*.py
# import it. Each script keeps its own input generator (gen), expression evaluator and data checks.

import torch

from make_fixtures import max_err, pick_tol, tensor_json


def make_input(spec, gen):
    """An input spec, I(shape, kind, grad) or fixed(values, grad), as (float32 data, requires_grad)."""
    if isinstance(spec[0], torch.Tensor):
        return spec[0], spec[1]
    shape, kind, grad = spec
    return gen(kind, shape), grad


def run_expression(evaluate, expr, datas, req, dtype):
    """Fresh leaf copies of the inputs in dtype and the expression's value over them."""
    xs = [d.to(dtype).clone().requires_grad_(g) for d, g in zip(datas, req)]
    return xs, evaluate(expr, xs, dtype)


def expression_case(name, expr, datas, req, evaluate):
    """One case of the tensor_ops.json format, checked against float64 for its tolerance."""
    xs, out = run_expression(evaluate, expr, datas, req, torch.float32)
    assert out.dtype == torch.float32, name
    case = {"name": name, "expr": expr,
            "inputs": [dict(tensor_json(d), requiresGrad=g) for d, g in zip(datas, req)],
            "output": tensor_json(out)}
    xs64, out64 = run_expression(evaluate, expr, datas, req, torch.float64)
    err = max_err(out, out64)
    if out.requires_grad:
        up = torch.randn(out.shape)
        out.backward(up)
        out64.backward(up.double())
        case["upstream"] = tensor_json(up)
        case["grads"] = [tensor_json(x.grad) if g else None for x, g in zip(xs, req)]
        for x, x64, g in zip(xs, xs64, req):
            if g:
                err = max(err, max_err(x.grad, x64.grad))
    else:
        case["upstream"] = None
        case["grads"] = None
    case["tol"] = pick_tol(err)
    case["f64MaxErr"] = float("%.3g" % err)
    return case


def expression_cases(specs, gen, evaluate, check=None):
    """The cases of a list of (name, java expression, input specs), names unique.

    evaluate(expr, xs, dtype) gives the expression's torch value; check(case, datas), when given,
    asserts a script's own conditions on the inputs and the written case.
    """
    cases = []
    names = set()
    for name, expr, input_specs in specs:
        assert name not in names, name
        names.add(name)
        inputs = [make_input(s, gen) for s in input_specs]
        datas = [d for d, _ in inputs]
        req = [g for _, g in inputs]
        case = expression_case(name, expr, datas, req, evaluate)
        if check is not None:
            check(case, datas)
        cases.append(case)
    return cases
