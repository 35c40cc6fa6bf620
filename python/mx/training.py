"""Reference of the optimizer side of TetraJet training, from the method's
description: AdamW with decoupled weight decay and bias correction, Q-EMA's
weight average, and Q-Ramping's accumulating AdamW, period rule and
calibration statistics. Everything is float64 numpy; the compiled step works
in float32, so comparisons use tolerances.
"""

from __future__ import annotations

import math

import numpy as np

from mx import reference as ref


def adamw(p, g, m, v, step, lr, wd, beta1=0.9, beta2=0.999, eps=1e-8):
    """One AdamW update at global step ``step`` (1-based)."""
    p = p * (1 - lr * wd)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    bc1, bc2 = 1 - beta1**step, 1 - beta2**step
    p = p - lr / bc1 * m / (np.sqrt(v) / math.sqrt(bc2) + eps)
    return p, m, v


def adamw_ramping(p, g, m, v, period, count, acc, step, lr, wd,
                  beta1=0.9, beta2=0.999, eps=1e-8):
    """Q-Ramping's update: accumulate every step; where the count reaches a
    multiple of the period, AdamW with the mean gradient and lr * count;
    weight decay on every element every step."""
    count = count + 1
    acc = acc + g
    update = count % period == 0
    p = p * (1 - lr * wd)
    mean = acc / count
    m_new = beta1 * m + (1 - beta1) * mean
    v_new = beta2 * v + (1 - beta2) * mean * mean
    bc1, bc2 = 1 - beta1**step, 1 - beta2**step
    p_new = p - lr * count / bc1 * m_new / (np.sqrt(v_new) / math.sqrt(bc2) + eps)
    return (np.where(update, p_new, p), np.where(update, m_new, m),
            np.where(update, v_new, v), np.where(update, 0, count),
            np.where(update, 0.0, acc))


def ema_update(ema, w, beta=0.998):
    return beta * ema + (1 - beta) * w


def quantized_values(w, scale_rule="ceil"):
    return ref.dequantize(*ref.quantize(w, 1, scale_rule), axis=1)


def periods(dist_w, dist_q, k1=16.0, k2=5.0, max_period=1251):
    """P = min(k2 floor(distQ / (k1 (distW + 1e-8))) + 1, N_max)."""
    ratio = dist_q / (k1 * (dist_w + 1e-8))
    return np.minimum(k2 * np.floor(ratio) + 1, max_period).astype(np.int64)


def confidence(w, scale_rule="ceil"):
    """Mean over elements of the distance of v = w/S to the nearest rounding
    threshold, over half the width of the bin of v's nearest grid point
    (bins of 0 and 6 taken as [-0.25, 0.25] and [5, 7])."""
    codes, scales = ref.quantize(w, 1, scale_rule)
    s = np.repeat(ref.decode_scales(scales), ref.BLOCK, axis=1)
    v = np.abs(np.asarray(w, np.float64) / s)
    thresholds = np.array([0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0])
    nearest = np.min(np.abs(v[..., None] - thresholds), axis=-1)
    half_width = np.array([0.25, 0.25, 0.25, 0.25, 0.375, 0.5, 0.75, 1.0])[codes & 7]
    return float(np.mean(nearest / half_width))
