"""Statistical properties of stochastic rounding on the compiled CPU path.

Every block holds a 6.0, which pins its scale to 2^0 under the ceil rule, so
the scaled value of each element is the element itself. A value x between
the grid neighbours q_lo < q_hi, with t = floor(256 (x - q_lo) / (q_hi -
q_lo)), rounds up with probability t / 256 over uniformly random bytes. The
tests use fixed seeds, so they are deterministic; the thresholds are set so
that a correct implementation would fail them with probability below 1e-6.
"""

import math

import numpy as np
import pytest

from mx import cpu
from mx import reference as ref

ROWS = 512
ELEMENTS = ROWS * 32

SOURCE = f"""
func.func @sr(%x: tensor<{ROWS}x32xf32>, %seed: i64, %offset: i64)
    -> (tensor<{ROWS}x32xf4E2M1FN>, tensor<{ROWS}x1xf8E8M0FNU>) {{
  %c, %s = mx.quantize %x axis 1 scale<ceil> rounding<stochastic> seed(%seed, %offset)
      : tensor<{ROWS}x32xf32> -> tensor<{ROWS}x32xf4E2M1FN>, tensor<{ROWS}x1xf8E8M0FNU>
  return %c, %s : tensor<{ROWS}x32xf4E2M1FN>, tensor<{ROWS}x1xf8E8M0FNU>
}}
"""


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    return cpu.compile_module(SOURCE, tmp_path_factory.mktemp("stochastic"))


def quantized_values(module, x, seed, offset):
    packed, scales = module.call(
        "sr",
        [x.astype(np.float32), seed, offset],
        [cpu.Result((ROWS, 16), np.uint8), cpu.Result((ROWS, 1), np.uint8)],
    )
    assert (scales == 127).all()
    return ref.decode_codes(ref.unpack_codes(packed))


def pinned_blocks(values):
    """Lays ``values`` out in blocks of 32 whose first element is 6.0."""
    x = np.empty((ROWS, 32))
    x[:, 0] = 6.0
    x[:, 1:] = values[: ROWS * 31].reshape(ROWS, 31)
    return x


def between_grid_points(rng, fractions):
    """Values q_lo + (q_hi - q_lo) * fraction, with random signs and q_lo."""
    low = rng.integers(0, 7, fractions.shape)
    q_lo, q_hi = ref.GRID[low], ref.GRID[low + 1]
    sign = rng.choice([-1.0, 1.0], fractions.shape)
    return sign * (q_lo + (q_hi - q_lo) * fractions), sign * q_lo, sign * (q_hi - q_lo)


def test_grid_points_never_move(module):
    rng = np.random.default_rng(1)
    x = pinned_blocks(ref.GRID[rng.integers(0, 8, ELEMENTS)] * rng.choice([-1, 1], ELEMENTS))
    for seed in range(16):
        assert (quantized_values(module, x, seed, seed * 3) == x).all()


def test_same_seed_and_offset_repeat(module):
    rng = np.random.default_rng(2)
    x = pinned_blocks(between_grid_points(rng, rng.uniform(0, 1, ELEMENTS))[0])
    first = quantized_values(module, x, 1234, 99)
    assert (quantized_values(module, x, 1234, 99) == first).all()
    # ... and the result is a real draw: values go both up and down.
    up = np.abs(first) > np.abs(x)
    down = np.abs(first) < np.abs(x)
    assert up.any() and down.any()


def agreement_z(a, b):
    """z-score of the fraction of equal decisions of two independent fair
    coin sequences (expected 1/2, standard deviation 1/(2 sqrt(n)))."""
    n = a.size
    return (np.mean(a == b) - 0.5) / (0.5 / math.sqrt(n))


@pytest.mark.parametrize(
    "stream_a,stream_b",
    [((7, 0), (7, 1)), ((7, 5), (7, 1 << 32)), ((7, 3), (8, 3)), ((0, 0), (1 << 32, 0))],
)
def test_different_streams_are_independent(module, stream_a, stream_b):
    # Halfway between neighbours, t = 128: each decision is a fair coin.
    rng = np.random.default_rng(3)
    x = pinned_blocks(between_grid_points(rng, np.full(ELEMENTS, 0.5))[0])
    up_a = np.abs(quantized_values(module, x, *stream_a)) > np.abs(x)
    up_b = np.abs(quantized_values(module, x, *stream_b)) > np.abs(x)
    fair = up_a[:, 1:]
    assert abs((fair.mean() - 0.5) / (0.5 / math.sqrt(fair.size))) < 5
    assert abs(agreement_z(up_a[:, 1:], up_b[:, 1:])) < 5


def test_neighbouring_elements_are_independent(module):
    rng = np.random.default_rng(4)
    x = pinned_blocks(between_grid_points(rng, np.full(ELEMENTS, 0.5))[0])
    up = (np.abs(quantized_values(module, x, 42, 0)) > np.abs(x))[:, 1:].ravel()
    assert abs(agreement_z(up[:-1], up[1:])) < 5


def mean_over_seeds(module, x, seeds):
    total = np.zeros_like(x)
    for seed in seeds:
        total += quantized_values(module, x, seed, 17)
    return total / len(seeds)


def test_unbiased_on_the_8_bit_grid(module):
    """H0: E[q(x)] = x for x = q_lo + gap * k / 256. Each element's count of
    round-ups over S seeds is Binomial(S, k / 256); the standardized sum over
    all elements is N(0, 1) under H0, and the sum of squared standardized
    counts is close to chi-square with one degree of freedom per element."""
    rng = np.random.default_rng(5)
    k = rng.integers(1, 256, ELEMENTS)
    values, q_lo, gap = between_grid_points(rng, k / 256.0)
    x = pinned_blocks(values)
    seeds = list(range(100, 164))
    mean = mean_over_seeds(module, x, seeds)[:, 1:].ravel()
    n = ELEMENTS - ROWS
    p = (k / 256.0)[:n]
    ups = np.round((mean - q_lo[:n]) / gap[:n] * len(seeds))
    variance = len(seeds) * p * (1 - p)
    z_sum = np.sum(ups - len(seeds) * p) / math.sqrt(np.sum(variance))
    assert abs(z_sum) < 5, z_sum
    chi2 = np.sum((ups - len(seeds) * p) ** 2 / variance)
    assert abs((chi2 - n) / math.sqrt(2 * n)) < 5


def test_bias_of_the_8_bit_rule_is_below_a_256th_of_a_step(module):
    """For x anywhere between grid points, E[q(x)] = q_lo + gap * t / 256:
    below x by less than gap / 256. The z-test checks the expectation; the
    bound is the rule's own truncation."""
    rng = np.random.default_rng(6)
    fractions = rng.uniform(0, 1, ELEMENTS)
    values, q_lo, gap = between_grid_points(rng, fractions)
    x = pinned_blocks(values)
    seeds = list(range(200, 264))
    mean = mean_over_seeds(module, x, seeds)[:, 1:].ravel()
    n = ELEMENTS - ROWS
    t = np.floor(256 * fractions[:n])
    expected = q_lo[:n] + gap[:n] * t / 256
    sigma = np.abs(gap[:n]) * np.sqrt((t / 256) * (1 - t / 256) / len(seeds))
    z_sum = np.sum(mean - expected) / math.sqrt(np.sum(sigma**2))
    assert abs(z_sum) < 5, z_sum
    exact_bias = np.abs(values[:n]) - np.abs(expected)
    assert (exact_bias >= 0).all() and (exact_bias < np.abs(gap[:n]) / 256).all()
