"""Runs examples/tetrajet_linear.mlir on the CPU and reports how far its
MXFP4 results are from the same linear layer in float64.

    python3 -m mx.run_example [path/to/tetrajet_linear.mlir]
"""

import pathlib
import sys

import numpy as np

from mx import cpu


def relative_error(approx, exact):
    return float(np.linalg.norm(approx - exact) / np.linalg.norm(exact))


def main(argv):
    source = pathlib.Path(argv[1] if len(argv) > 1 else cpu.REPO / "examples" / "tetrajet_linear.mlir")
    module = cpu.compile_module(source.read_text())
    rng = np.random.default_rng(0)
    n, d, c = 32, 64, 32
    x = rng.standard_normal((n, d)).astype(np.float32)
    w = (rng.standard_normal((c, d)) / np.sqrt(d)).astype(np.float32)
    dy = rng.standard_normal((n, c)).astype(np.float32)
    y, dx, dw = module.call(
        "linear_forward_backward",
        [x, w, dy, 2024],
        [cpu.Result((n, c), np.float32), cpu.Result((n, d), np.float32), cpu.Result((c, d), np.float32)],
    )
    x64, w64, dy64 = (a.astype(np.float64) for a in (x, w, dy))
    rows = [
        ("Y  = Q1(X) Q2(W)^T", y, x64 @ w64.T),
        ("dX = Q3(dY) Q4(W)", dx, dy64 @ w64),
        ("dW = Q5(dY)^T Q6(X)", dw, dy64.T @ x64),
    ]
    print(f"TetraJet linear layer, N={n} D={d} C={c}, compiled for the CPU ({source.name})")
    print(f"{'GEMM':<22}{'shape':>10}  relative error vs float64")
    for name, got, exact in rows:
        shape = "x".join(map(str, got.shape))
        print(f"{name:<22}{shape:>10}  {relative_error(got, exact):.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
