"""--mx-tetrajet on a small network, run on the CPU, against the Python
reference of TetraJet's linear layer (mx.tetrajet), bit for bit.

The network is two linear layers with a ReLU between them and the loss
sum(Y * G) for a fixed G, so the output gradient is exactly G. Its graph is
written with mx.graph in the torch-mlir forms, then rewritten by the pass.
ReLU and its derivative are exact, and the reference adds in the CPU path's
order, so every gradient must match to the last bit.
"""

import subprocess

import numpy as np
import pytest

from mx import cpu
from mx import tetrajet
from mx.graph import Graph

N, D, H, C = 64, 64, 96, 32


def mlp_graph() -> str:
    g = Graph("mlp_step")
    w1 = g.arg((H, D), "fc1.weight")
    b1 = g.arg((H,), "fc1.bias")
    w2 = g.arg((C, H), "fc2.weight")
    b2 = g.arg((C,), "fc2.bias")
    x = g.arg((N, D))
    upstream = g.arg((N, C))
    zero = g.scalar(0.0)
    y1 = g.add(g.matmul(x, g.t(w1)), b1)
    relu = g.map(
        lambda e, v: e(f"arith.select {e(f'arith.cmpf ogt, {v}, {zero} : f32')}, {v}, {zero} : f32"), y1
    )
    y2 = g.add(g.matmul(relu, g.t(w2)), b2)
    loss = g.sum_all(g.mul(y2, upstream))
    # Backward, in the forms torch-mlir emits.
    dr = g.matmul(upstream, w2)
    dw2 = g.matmul(g.t(upstream), relu)
    db2 = g.column_sum(upstream)
    dy1 = g.map(
        lambda e, d, v: e(f"arith.select {e(f'arith.cmpf ogt, {v}, {zero} : f32')}, {d}, {zero} : f32"), dr, y1
    )
    dx = g.matmul(dy1, w1)
    dw1 = g.matmul(g.t(dy1), x)
    db1 = g.column_sum(dy1)
    return g.function([dw1, db1, dw2, db2, dx, loss])


def run_rewritten(tmp_path, options, inputs, seed=None):
    source = mlp_graph()
    rewritten = subprocess.run(
        [str(cpu.mx_opt_path()), "-", f"--mx-tetrajet={options}" if options else "--mx-tetrajet"],
        input=source, capture_output=True, text=True, check=True,
    ).stdout
    module = cpu.compile_module(rewritten, tmp_path)
    shapes = [(H, D), (H,), (C, H), (C,), (N, D), ()]
    args = list(inputs) + ([seed] if seed is not None else [])
    return module.call("mlp_step", args, [cpu.Result(s, np.float32) for s in shapes])


def reference(inputs, settings):
    w1, b1, w2, b2, x, upstream = inputs
    fc1 = tetrajet.LinearLayer(w1, b1, 0, settings)
    fc2 = tetrajet.LinearLayer(w2, b2, 1, settings)
    y1 = fc1.forward(x)
    relu = np.where(y1 > 0, y1, np.float32(0))
    y2 = fc2.forward(relu)
    loss = tetrajet.sequential_sum_f32((y2 * upstream).astype(np.float32).ravel(), axis=0)
    dr, dw2, db2 = fc2.backward(upstream)
    dy1 = np.where(y1 > 0, dr, np.float32(0))
    dx, dw1, db1 = fc1.backward(dy1)
    return [dw1, db1, dw2, db2, dx, loss]


def make_inputs(seed):
    rng = np.random.default_rng(seed)
    return [
        (rng.standard_normal((H, D)) / 8).astype(np.float32),
        (rng.standard_normal(H) / 8).astype(np.float32),
        (rng.standard_normal((C, H)) / 10).astype(np.float32),
        (rng.standard_normal(C) / 8).astype(np.float32),
        rng.standard_normal((N, D)).astype(np.float32),
        rng.standard_normal((N, C)).astype(np.float32),
    ]


NAMES = ["dW1", "db1", "dW2", "db2", "dX", "loss"]


def assert_bitwise(got, expected):
    for name, a, b in zip(NAMES, got, expected):
        a, b = np.asarray(a, np.float32), np.asarray(b, np.float32)
        differ = a.view(np.uint32) != b.view(np.uint32)
        assert not differ.any(), f"{name}: {differ.sum()} of {a.size} differ, e.g. {a[differ][:3]} vs {b[differ][:3]}"


@pytest.mark.parametrize("seed", [1, 2])
def test_tetrajet_seeded_stochastic(tmp_path, seed):
    inputs = make_inputs(seed)
    rng_seed = 0xDEADBEEF12345678 + seed
    signed = rng_seed - (1 << 64) if rng_seed >= 1 << 63 else rng_seed
    got = run_rewritten(tmp_path, "", inputs, seed=signed)
    assert_bitwise(got, reference(inputs, tetrajet.Settings(seed=rng_seed)))


def test_tetrajet_ties_away(tmp_path):
    inputs = make_inputs(3)
    got = run_rewritten(tmp_path, "tie-rule=nearest_away", inputs, seed=5)
    assert_bitwise(got, reference(inputs, tetrajet.Settings(tie_rule="nearest_away", seed=5)))


def test_microscaling_nearest_only(tmp_path):
    inputs = make_inputs(4)
    got = run_rewritten(tmp_path, "microscaling=true", inputs)
    assert_bitwise(got, reference(inputs, tetrajet.Settings(microscaling=True)))


def test_quantization_is_visible(tmp_path):
    # The comparison above would be vacuous if the rewrite changed nothing:
    # the MXFP4 gradients differ from the full-precision ones.
    inputs = make_inputs(5)
    got = run_rewritten(tmp_path, "", inputs, seed=1)
    full = reference(inputs, tetrajet.Settings(seed=1))
    assert_bitwise(got, full)
    module = cpu.compile_module(mlp_graph(), tmp_path / "full")
    shapes = [(H, D), (H,), (C, H), (C,), (N, D), ()]
    plain = module.call("mlp_step", inputs, [cpu.Result(s, np.float32) for s in shapes])
    relative = np.linalg.norm(got[0] - plain[0]) / np.linalg.norm(plain[0])
    assert 0.01 < relative < 0.5
