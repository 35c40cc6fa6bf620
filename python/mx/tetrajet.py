"""Reference of TetraJet's MXFP4 linear layer, from the method's definition.

Y = Q1(X) Q2(W)^T + b; dX = Q3(dY) Q4(deq Q2(W)); dW = Q5(dY)^T Q6(deq Q1(X));
db = column sum of deq Q3(dY). Quantizers come from ``mx.reference``; Q3..Q6
round stochastically from the stream (seed, 8 * layer + q), the offsets that
``--mx-tetrajet`` gives them. ``microscaling=True`` is the baseline: floor
scales, nearest rounding everywhere, Q4 and Q6 from full precision.

GEMMs and sums are computed in float32 adding in index order, as the CPU
path does (docs/numerics.md): every product of two MXFP4 values is exact in
float32, so these results match the compiled ones bit for bit.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from mx import reference as ref


def sequential_sum_f32(terms: np.ndarray, axis: int) -> np.ndarray:
    """Float32 sum along ``axis``, adding in index order from +0."""
    terms = np.moveaxis(np.asarray(terms, np.float32), axis, 0)
    acc = np.zeros(terms.shape[1:], np.float32)
    for term in terms:
        acc = (acc + term).astype(np.float32)
    return acc


def mx_matmul_f32(a, b) -> np.ndarray:
    """A [M, K] times B [N, K]^T, each a (codes, scales) pair quantized along
    K, accumulated in float32 in order of k."""
    da = ref.dequantize(*a, axis=1).astype(np.float32)
    db = ref.dequantize(*b, axis=1).astype(np.float32)
    products = da[:, None, :] * db[None, :, :]  # exact in float32
    return sequential_sum_f32(products, axis=2)


@dataclasses.dataclass
class Settings:
    scale_rule: str = "ceil"
    tie_rule: str = "nearest_even"
    microscaling: bool = False
    seed: int = 0

    def __post_init__(self):
        if self.microscaling:
            self.scale_rule = "floor"

    def quantize(self, values, q: int, layer: int):
        stochastic = q >= 3 and not self.microscaling
        if stochastic:
            return ref.quantize(values, 1, self.scale_rule, "stochastic",
                                seed=self.seed, offset=8 * layer + q)
        return ref.quantize(values, 1, self.scale_rule, self.tie_rule)


class LinearLayer:
    """One TetraJet linear layer; ``index`` is its order among the layers of
    the graph (the pass numbers them by their forward GEMMs)."""

    def __init__(self, weight, bias, index: int, settings: Settings, ema=None):
        """``ema``: the EMA of the weight, for Q-EMA rounding of Q2 (given
        only once the warm-up is over)."""
        self.w = np.asarray(weight, np.float32)
        self.b = np.asarray(bias, np.float32)
        self.index = index
        self.settings = settings
        self.ema = ema

    def forward(self, x):
        s = self.settings
        self.x = np.asarray(x, np.float32)
        self.q1 = s.quantize(self.x, 1, self.index)
        if self.ema is not None:
            self.q2 = ref.quantize(self.w, 1, s.scale_rule, ema=np.asarray(self.ema, np.float64))
        else:
            self.q2 = s.quantize(self.w, 2, self.index)
        return (mx_matmul_f32(self.q1, self.q2) + self.b).astype(np.float32)

    def backward(self, dy):
        s, i = self.settings, self.index
        dy = np.asarray(dy, np.float32)
        q3 = s.quantize(dy, 3, i)
        w_source = self.w if s.microscaling else ref.dequantize(*self.q2, axis=1)
        q4 = s.quantize(w_source.T, 4, i)
        dx = mx_matmul_f32(q3, q4)
        q5 = s.quantize(dy.T, 5, i)
        x_source = self.x if s.microscaling else ref.dequantize(*self.q1, axis=1)
        q6 = s.quantize(x_source.T, 6, i)
        dw = mx_matmul_f32(q5, q6)
        db = sequential_sum_f32(ref.dequantize(*q3, axis=1), axis=0)
        return dx, dw, db
