"""mx-training-step: the compiled training step, Q-EMA, Q-Ramping and the
oscillation metrics on the CPU, against the references in mx.training and
mx.tetrajet.

The network is test_tetrajet's two-layer MLP. The optimizer runs in float32
in the compiled step and in float64 in the reference, both from the same
gradients (those of the compiled gradient function), hence the tolerances.
Decisions that are exact (which rounding Q2 uses, which elements update)
are checked exactly.
"""

import subprocess

import numpy as np
import pytest

from mx import cpu, tetrajet, training
from test_tetrajet import C, D, H, N, make_inputs, mlp_graph

NAMES = ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
DECAY = {"fc1.weight": 0.05, "fc1.bias": 0.0, "fc2.weight": 0.05, "fc2.bias": 0.0}
QUANTIZED = ["fc1.weight", "fc2.weight"]
LR = 1e-2
SEED = 77


class Compiled:
    """A module built by mx-tetrajet + mx-training-step, called by slot."""

    def __init__(self, tmp_path, tetrajet_options="", step_options=""):
        flags = ["--mx-tetrajet" + (f"={tetrajet_options}" if tetrajet_options else ""),
                 "--mx-training-step" + (f"={step_options}" if step_options else "")]
        self.source = subprocess.run(
            [str(cpu.mx_opt_path()), "-", *flags],
            input=mlp_graph(), capture_output=True, text=True, check=True,
        ).stdout
        self.module = cpu.compile_module(self.source, tmp_path)

    def call(self, name, values):
        """``values`` maps (state, of) or a state to an argument; returns a
        dict (state, of) -> result."""
        args, results = cpu.function_slots(self.source, name)
        inputs = iter(values.get("inputs", []))
        call_args = []
        for slot in args:
            if slot["state"] == "input":
                call_args.append(next(inputs))
            elif (slot["state"], slot["of"]) in values:
                call_args.append(values[(slot["state"], slot["of"])])
            else:
                call_args.append(values[slot["state"]])
        outs = self.module.call(name, call_args, [cpu.Result(r["shape"], r["dtype"]) for r in results])
        return {(r["state"], r["of"]): o for r, o in zip(results, outs)}

    def gradients(self, params, inputs, extra=()):
        """The compiled gradient function (arguments in its own order)."""
        _, results = cpu.function_signature(self.source, "mlp_step")
        args, _ = cpu.function_slots(self.source, "mlp_step")
        outs = self.module.call("mlp_step", [params[n] for n in NAMES] + list(inputs) + list(extra),
                                [cpu.Result(s, d) for s, d in results])
        return dict(zip(NAMES, outs[:4]))


def initial(compiled, params):
    state = compiled.call("mlp_step_init", {("param", n): params[n] for n in NAMES})
    values = {("param", n): params[n] for n in NAMES}
    values.update(state)
    values["step"] = int(state[("step", None)])
    return values


def close(a, b, rtol=2e-5, atol=LR * 1e-4):
    """Float32 step against float64 reference: relative to the values, and
    absolute to a ten-thousandth of a learning-rate-sized update."""
    np.testing.assert_allclose(np.asarray(a, np.float64), np.asarray(b, np.float64), rtol=rtol, atol=atol)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return Compiled(tmp_path_factory.mktemp("plain"))


def params_of(seed):
    w1, b1, w2, b2, x, g = make_inputs(seed)
    return {"fc1.weight": w1, "fc1.bias": b1, "fc2.weight": w2, "fc2.bias": b2}, [x, g]


def test_init(plain):
    params, _ = params_of(1)
    state = initial(plain, params)
    for n in NAMES:
        assert not state[("exp_avg", n)].any() and not state[("exp_avg_sq", n)].any()
    assert state["step"] == 0


def test_adamw_steps_match_reference(plain):
    params, inputs = params_of(2)
    state = initial(plain, params)
    for step in range(1, 4):
        grads = plain.gradients({n: state[("param", n)] for n in NAMES}, inputs, [SEED])
        out = plain.call("mlp_step_step", {**state, "lr": LR, "inputs": inputs, "seed": SEED})
        assert int(out[("step", None)]) == step
        for n in NAMES:
            p, m, v = training.adamw(state[("param", n)].astype(np.float64), grads[n],
                                     state[("exp_avg", n)], state[("exp_avg_sq", n)],
                                     step, LR, DECAY[n])
            close(out[("param", n)], p)
            close(out[("exp_avg", n)], m)
            close(out[("exp_avg_sq", n)], v, rtol=1e-4, atol=1e-12)
        state.update({k: out[k] for k in out if k[0] != "loss"})
        state["step"] = int(out[("step", None)])


@pytest.fixture(scope="module")
def qema(tmp_path_factory):
    return Compiled(tmp_path_factory.mktemp("qema"), "qema=true")


@pytest.mark.parametrize("updates", [9, 10, 11])
def test_qema_rounding_starts_after_ten_updates(qema, updates):
    params, inputs = params_of(3)
    rng = np.random.default_rng(4)
    emas = {n: (params[n] + rng.standard_normal(params[n].shape) * 0.02).astype(np.float32) for n in QUANTIZED}
    # The gradient function's own argument order: params, inputs, then the
    # EMA/counter/seed arguments in the order the pass added them.
    args, _ = cpu.function_slots(qema.source, "mlp_step")
    extra = []
    for slot in args[len(NAMES) + len(inputs):]:
        extra.append(emas[slot["of"]] if slot["state"] == "ema" else updates if slot["state"] == "ema_updates" else SEED)
    got = qema.gradients(params, inputs, extra)
    settings = tetrajet.Settings(seed=SEED)
    use_ema = updates >= 10
    fc1 = tetrajet.LinearLayer(params["fc1.weight"], params["fc1.bias"], 0, settings,
                               emas["fc1.weight"] if use_ema else None)
    fc2 = tetrajet.LinearLayer(params["fc2.weight"], params["fc2.bias"], 1, settings,
                               emas["fc2.weight"] if use_ema else None)
    x, upstream = inputs
    y1 = fc1.forward(x)
    fc2.forward(np.where(y1 > 0, y1, np.float32(0)))
    dr, dw2, _ = fc2.backward(upstream)
    _, dw1, _ = fc1.backward(np.where(y1 > 0, dr, np.float32(0)))
    np.testing.assert_array_equal(got["fc1.weight"].view(np.uint32), dw1.view(np.uint32))
    np.testing.assert_array_equal(got["fc2.weight"].view(np.uint32), dw2.view(np.uint32))


def test_qema_state_update(qema):
    params, inputs = params_of(5)
    state = initial(qema, params)
    for n in QUANTIZED:
        np.testing.assert_array_equal(state[("ema", n)], params[n])  # EMA starts at W
    out = qema.call("mlp_step_step", {**state, "lr": LR, "inputs": inputs, "seed": SEED})
    assert int(out[("ema_updates", None)]) == 1
    for n in QUANTIZED:
        close(out[("ema", n)], training.ema_update(state[("ema", n)].astype(np.float64),
                                                   out[("param", n)].astype(np.float64)))


@pytest.fixture(scope="module")
def ramping(tmp_path_factory):
    return Compiled(tmp_path_factory.mktemp("ramping"), "", "ramping=true ramping-max-period=100")


def test_ramping_periods_1_2_3_6(ramping):
    params, inputs = params_of(6)
    state = initial(ramping, params)
    for n in QUANTIZED:
        assert (state[("period", n)] == 1).all()
        shape = params[n].shape
        state[("period", n)] = np.resize(np.array([1, 2, 3, 6], np.int32), shape).astype(np.int32)
    ref = {k: np.asarray(v, np.float64) if isinstance(v, np.ndarray) else v for k, v in state.items()}
    for step in range(1, 7):
        grads = ramping.gradients({n: state[("param", n)] for n in NAMES}, inputs, [SEED])
        out = ramping.call("mlp_step_step", {**state, "lr": LR, "inputs": inputs, "seed": SEED})
        for n in NAMES:
            if n in QUANTIZED:
                p, m, v, cnt, acc = training.adamw_ramping(
                    state[("param", n)].astype(np.float64), grads[n], state[("exp_avg", n)],
                    state[("exp_avg_sq", n)], state[("period", n)], state[("count", n)],
                    state[("accumulator", n)], step, LR, DECAY[n])
                np.testing.assert_array_equal(out[("count", n)], cnt)  # exact decisions
                close(out[("accumulator", n)], acc)
                # Elements that only accumulated this step decayed and kept m, v.
                frozen = cnt != 0
                close(out[("param", n)][frozen], state[("param", n)][frozen] * (1 - LR * DECAY[n]))
                np.testing.assert_array_equal(out[("exp_avg", n)][frozen], state[("exp_avg", n)][frozen])
            else:
                p, m, v = training.adamw(state[("param", n)].astype(np.float64), grads[n],
                                         state[("exp_avg", n)], state[("exp_avg_sq", n)], step, LR, DECAY[n])
            close(out[("param", n)], p)
            close(out[("exp_avg", n)], m)
        # Counts after six steps: every element has updated at step 6.
        state.update({k: out[k] for k in out if k[0] != "loss"})
        state["step"] = int(out[("step", None)])
    for n in QUANTIZED:
        assert not state[("count", n)].any()


def test_periods_edge_cases(ramping):
    # R = distQ / (16 (distW + 1e-8)); P = min(5 floor(R) + 1, 100).
    dist_w = np.array([0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1e-3], np.float32)
    dist_q = np.array([0.0, 1e-3, 15.0, 16.5, 32.5, 1e6, 0.0, 0.5], np.float32)
    expected = [1, 100, 1, 6, 11, 100, 1, 100]
    w1 = np.resize(dist_w, (H, D)).astype(np.float32)
    q1 = np.resize(dist_q, (H, D)).astype(np.float32)
    out = ramping.call("mlp_step_periods", {
        ("dist_w", "fc1.weight"): w1, ("dist_q", "fc1.weight"): q1,
        ("dist_w", "fc2.weight"): np.ones((C, H), np.float32), ("dist_q", "fc2.weight"): np.zeros((C, H), np.float32)})
    np.testing.assert_array_equal(out[("period", "fc1.weight")].ravel()[:8], expected)
    np.testing.assert_array_equal(out[("period", "fc1.weight")], training.periods(w1, q1, max_period=100))
    assert (out[("period", "fc2.weight")] == 1).all()


def test_calibration_update(ramping):
    rng = np.random.default_rng(7)
    prev = {n: (rng.standard_normal(s) * 0.1).astype(np.float32) for n, s in [("fc1.weight", (H, D)), ("fc2.weight", (C, H))]}
    cur = {n: (p + rng.standard_normal(p.shape) * 0.01).astype(np.float32) for n, p in prev.items()}
    dist = {n: (rng.random(p.shape)).astype(np.float32) for n, p in prev.items()}
    values = {}
    for n in QUANTIZED:
        values.update({("previous_weight", n): prev[n], ("weight", n): cur[n],
                       ("dist_w", n): dist[n], ("dist_q", n): dist[n]})
    out = ramping.call("mlp_step_calibration_update", values)
    for n in QUANTIZED:
        close(out[("dist_w", n)], dist[n] + np.abs(cur[n].astype(np.float64) - prev[n]))
        dq = np.abs(training.quantized_values(cur[n]) - training.quantized_values(prev[n]))
        close(out[("dist_q", n)], dist[n] + dq)


def test_oscillation_metrics(ramping):
    rng = np.random.default_rng(8)
    prev = {n: (rng.standard_normal(s) * 0.1).astype(np.float32) for n, s in [("fc1.weight", (H, D)), ("fc2.weight", (C, H))]}
    cur = {n: (p + rng.standard_normal(p.shape) * 0.01).astype(np.float32) for n, p in prev.items()}
    values = {}
    for n in QUANTIZED:
        values.update({("previous_weight", n): prev[n], ("weight", n): cur[n]})
    out = ramping.call("mlp_step_oscillation", values)
    for n in QUANTIZED:
        p, c = prev[n].astype(np.float64), cur[n].astype(np.float64)
        close(out[("change_w", n)], np.linalg.norm(c - p) / np.linalg.norm(p))
        qp, qc = training.quantized_values(p), training.quantized_values(c)
        close(out[("change_q", n)], np.linalg.norm(qc - qp) / np.linalg.norm(qp))

    # R_w > 16 on a known fraction: 4 of every 8 elements.
    dist_w = np.resize(np.array([1, 1, 1, 0, 1, 2, 1, 0], np.float32), (H, D)).astype(np.float32)
    dist_q = np.resize(np.array([17, 16, 0, 0, 100, 3, 32.5, 1], np.float32), (H, D)).astype(np.float32)
    out = ramping.call("mlp_step_oscillating_fraction", {
        ("dist_w", "fc1.weight"): dist_w, ("dist_q", "fc1.weight"): dist_q,
        ("dist_w", "fc2.weight"): np.ones((C, H), np.float32), ("dist_q", "fc2.weight"): np.ones((C, H), np.float32)})
    # Over 16: 17 > 16 (yes), 16 (no), 0 (no), 0/0 (no), 100 (yes), 3/2 (no), 32.5 (yes), 1/0 (yes).
    close(out[("oscillating_fraction", "fc1.weight")], 4 / 8)
    close(out[("oscillating_fraction", "fc2.weight")], 0.0)

    out = ramping.call("mlp_step_confidence", {("weight", n): cur[n] for n in QUANTIZED})
    for n in QUANTIZED:
        close(out[("confidence", n)], training.confidence(cur[n]), rtol=1e-5)


def test_confidence_by_hand(ramping):
    # One block per row, amax 6 (scale 1): v = w. Distances to the nearest
    # threshold over the bin's half-width:
    #   0 -> 0.25/0.25 = 1; 0.5 -> 0.25/0.25 = 1; 0.75 -> 0; 1.1 -> 0.15/0.25
    #   = 0.6; 2.2 -> 0.3/0.375 = 0.8; 6 -> 1/1 = 1; 4.25 -> 0.75/0.75 = 1.
    row = np.zeros(D, np.float32)
    row[:7] = [6.0, 0.5, 0.75, 1.1, 2.2, 0.0, 4.25]
    expected_row = [1.0, 1.0, 0.0, 0.6, 0.8, 1.0, 1.0] + [1.0] * (D - 7)  # zeros: 1
    w1 = np.tile(row, (H, 1))
    out = ramping.call("mlp_step_confidence", {("weight", "fc1.weight"): w1,
                                               ("weight", "fc2.weight"): np.full((C, H), 6.0, np.float32)})
    close(out[("confidence", "fc1.weight")], np.mean(expected_row), rtol=1e-6)
    close(out[("confidence", "fc2.weight")], 1.0)
