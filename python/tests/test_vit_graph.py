"""The ViT training graphs of mx.vit: correct gradients, and the shapes the
TetraJet rewrite expects.

The graph is compiled for the CPU in float64. Its loss must match an
independent numpy forward pass, and every parameter's gradient must match
central finite differences of the compiled loss along a random direction.
"""

import subprocess

import numpy as np
import pytest

from mx import cpu, vit

BATCH = 32
CFG = vit.CONFIGS["tiny-test"]
NAMES = [name for name, _ in vit.parameter_shapes(CFG)]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    source = vit.train_step_graph(CFG, BATCH, "f64")
    module = cpu.compile_module(source, tmp_path_factory.mktemp("vit64"))
    _, results = cpu.function_signature(source, "vit_train_step")
    rng = np.random.default_rng(0)
    params = {}
    for name, shape in vit.parameter_shapes(CFG):
        values = rng.standard_normal(shape) * 0.2
        if name.endswith("norm1.weight") or name.endswith("norm2.weight") or name == "norm.weight":
            values += 1.0
        params[name] = values
    images = rng.standard_normal((BATCH, CFG.channels, CFG.image, CFG.image))
    labels = np.eye(CFG.classes)[rng.integers(0, CFG.classes, BATCH)]
    specs = [cpu.Result(shape, dtype) for shape, dtype in results]

    def run(p):
        return module.call("vit_train_step", [p[n] for n in NAMES] + [images, labels], specs)

    return run, params, images, labels


def test_loss_matches_numpy(model):
    run, params, images, labels = model
    loss = run(params)[-1]
    assert abs(loss - vit.numpy_loss(CFG, params, images, labels)) < 1e-12 * max(1.0, abs(loss))


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_finite_differences(model, name):
    run, params, _, _ = model
    gradient = run(params)[NAMES.index(name)]
    rng = np.random.default_rng(NAMES.index(name))
    direction = rng.standard_normal(params[name].shape)
    eps = 1e-5
    plus, minus = dict(params), dict(params)
    plus[name] = params[name] + eps * direction
    minus[name] = params[name] - eps * direction
    numeric = (run(plus)[-1] - run(minus)[-1]) / (2 * eps)
    analytic = float(np.sum(gradient * direction))
    # Central differences in float64 are good to about eps^2 and 1e-16/eps.
    assert abs(numeric - analytic) <= 1e-6 * max(1.0, abs(analytic)), (numeric, analytic)


@pytest.mark.parametrize("model_name,layers", [("deit-tiny", 48), ("deit-small", 48), ("deit-base", 48)])
def test_deit_graphs_have_every_linear_layer(model_name, layers):
    source = vit.train_step_graph(vit.CONFIGS[model_name], BATCH)
    result = subprocess.run(
        [str(cpu.mx_opt_path()), "-", "--mx-tetrajet", "-o", "/dev/null"],
        input=source, capture_output=True, text=True, check=True,
    )
    remarks = [line for line in result.stderr.splitlines() if "remark: linear layer" in line]
    rewritten = [line for line in remarks if "-> mx.matmul; dX Q3 Q4 -> mx.matmul; dW Q5 Q6" in line]
    assert len(rewritten) == layers
    assert any("'head' left in full precision" in line for line in remarks)
    # The only contractions not rewritten are the patch embedding's.
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert len(warnings) == 2 and all("rank-4 function argument" in w for w in warnings)
    assert "'patch_embed'" in warnings[0] and "'images'" in warnings[1]
