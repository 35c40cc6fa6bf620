"""The Blackwell instructions the GPU lowering emits, modelled on the host
from the PTX ISA (mx.ptx_model), fed the way the lowering feeds them, against
the reference: layout mistakes in the lowering's scheme show up here,
without the hardware."""

import numpy as np
import pytest

from mx import ptx_model
from mx import reference as ref


def random_operands(rng, rows, k, low=110, high=145):
    codes = rng.integers(0, 16, (rows, k)).astype(np.uint8)
    scales = rng.integers(low, high, (rows, k // 32)).astype(np.uint8)
    return codes, scales


@pytest.mark.parametrize("k", [64, 192])
def test_sm120_tile_matches_the_reference(k):
    rng = np.random.default_rng(k)
    a, a_s = random_operands(rng, 32, k)
    b, b_s = random_operands(rng, 16, k)
    exact = ref.matmul(a, a_s, b, b_s)
    # Two tiles in each direction, so row and column offsets count too.
    for row0 in (0, 16):
        for col0 in (0, 8):
            got = ptx_model.replay_sm120_tile(ref.pack_codes(a), a_s, ref.pack_codes(b), b_s,
                                              row0, col0)
            # float64 sums in another order: equal up to float64 rounding
            # (a layout mistake would be off by whole products).
            np.testing.assert_allclose(got, exact[row0:row0 + 16, col0:col0 + 8],
                                       rtol=1e-12, atol=0)


def test_sm120_model_sees_a_swapped_register():
    """The model is sensitive to register order: handing A's registers in
    load order instead of fragment order changes the product."""
    rng = np.random.default_rng(3)
    a, a_s = random_operands(rng, 16, 64)
    b, b_s = random_operands(rng, 8, 64)
    words_a, words_b = ptx_model.words_of(ref.pack_codes(a)), ptx_model.words_of(ref.pack_codes(b))
    a_regs, b_regs, scale_a, scale_b = [], [], [], []
    for lane in range(ptx_model.LANES):
        g, t = lane >> 2, lane & 3
        a_regs.append([words_a[g, t], words_a[g, t + 4], words_a[g + 8, t], words_a[g + 8, t + 4]])
        b_regs.append([words_b[g, t], words_b[g, t + 4]])
        pair = lambda s, r: int(s[r, 0]) | (int(s[r, 1]) << 8)
        scale_a.append(pair(a_s, g) if t == 0 else pair(a_s, g + 8) if t == 1 else 0)
        scale_b.append(pair(b_s, g) if t == 0 else 0)
    d = ptx_model.mma_m16n8k64_mxf4(a_regs, b_regs, scale_a, scale_b,
                                    [[0.0] * 4 for _ in range(ptx_model.LANES)])
    got = np.array([[d[(r % 8) * 4 + c // 2][2 * (r // 8) + c % 2] for c in range(8)]
                    for r in range(16)])
    assert not np.allclose(got, ref.matmul(a, a_s, b, b_s), rtol=1e-12, atol=0)


def test_cvt_model_on_hand_values():
    # Ties go to the even code; above 6 saturates; the sign stays.
    assert ptx_model.e2m1_rn_satfinite(0.25) == 0
    assert ptx_model.e2m1_rn_satfinite(0.75) == 2
    assert ptx_model.e2m1_rn_satfinite(1.25) == 2
    assert ptx_model.e2m1_rn_satfinite(2.5) == 4
    assert ptx_model.e2m1_rn_satfinite(5.0) == 6
    assert ptx_model.e2m1_rn_satfinite(7.5) == 7
    assert ptx_model.e2m1_rn_satfinite(-0.0) == 8
    assert ptx_model.e2m1_rn_satfinite(-1.75) == 8 | 4
    assert ptx_model.e2m1_rn_satfinite(float("nan")) == 7
    assert ptx_model.cvt_e2m1x2(1.0, 6.0) == 0x27


def quantizer_rows(rng):
    """8 rows of 64 f32 values: random, and exact grid points and midpoints
    at a known scale, 6, and signed zeros."""
    x = rng.standard_normal((8, 64)) * 3.0
    x[0, :32] = rng.choice(np.concatenate([ref.GRID, [0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0]]), 32)
    x[0, :32] *= rng.choice([-1.0, 1.0], 32)
    x[0, 0] = 6.0
    x[1, 5], x[1, 6] = -0.0, 0.0
    return x.astype(np.float32).astype(np.float64)


def scaled_rows(x, scales):
    """x * 2^-s per 32-element block, in f32, as the GPU quantizer scales."""
    s = scales.astype(np.int64) - 127
    return (x.reshape(8, 2, 32) * np.ldexp(1.0, -s)[..., None]).astype(np.float32).reshape(8, 64)


@pytest.mark.parametrize("scale_rule", ["floor", "ceil"])
def test_blackwell_quantize_bytes_match_the_reference(scale_rule):
    """mx-gpu-quantize's hardware path: x * 2^-s converted by cvt, the odd
    element to the high nibble, equals the reference's packed codes, ties,
    -0 and saturation included."""
    x = quantizer_rows(np.random.default_rng(5))
    codes, scales = ref.quantize(x, 1, scale_rule, "nearest_even")
    want = ref.pack_codes(codes)
    scaled = scaled_rows(x, scales)
    for row in range(8):
        np.testing.assert_array_equal(ptx_model.replay_blackwell_quantize_row(scaled[row]),
                                      want[row])


def test_cvt_rs_model_on_hand_values():
    # Grid points never move; 1.25 is half-way from 1 to 1.5 (t = 128).
    assert ptx_model.e2m1_rs_satfinite(1.0, 255) == 2
    assert ptx_model.e2m1_rs_satfinite(1.25, 127) == 2
    assert ptx_model.e2m1_rs_satfinite(1.25, 128) == 3
    assert ptx_model.e2m1_rs_satfinite(-0.3, 255) == 8 | 1
    assert ptx_model.e2m1_rs_satfinite(6.0, 255) == 7
    assert ptx_model.e2m1_rs_satfinite(7.0, 0) == 7
    assert ptx_model.prmt(0x44332211, 0, 0x3120) == 0x44223311
    assert ptx_model.cvt_rs_e2m1x4(6.0, 0.0, 0.5, -1.0, 0) == 0x701A


def stochastic_case(scale_rule):
    """quantizer_rows, the reference's packed stochastic codes for them,
    the scaled values, and each 16-element group's Philox words."""
    x = quantizer_rows(np.random.default_rng(11))
    seed, offset = 0x9E3779B97F4A7C15, 7
    codes, scales = ref.quantize(x, 1, scale_rule, "stochastic", seed=seed, offset=offset)
    scaled = scaled_rows(x, scales)
    stream = ref.random_bytes(seed, offset, np.arange(x.size)).astype(np.int64)
    words = stream.reshape(-1, 4, 4) @ (1 << (8 * np.arange(4)))  # little-endian
    return ref.pack_codes(codes), scaled, words.reshape(8, 4, 4)


@pytest.mark.parametrize("scale_rule", ["floor", "ceil"])
def test_sm100_stochastic_bytes_match_the_reference(scale_rule):
    """mx-gpu-quantize's cvt.rs path (sm_100a): each element's byte of the
    Philox stream reaches it through the prmt, under the model's byte
    assignment, and the codes are the reference's, bit for bit."""
    want, scaled, words = stochastic_case(scale_rule)
    for row in range(8):
        np.testing.assert_array_equal(
            ptx_model.replay_sm100_stochastic_row(scaled[row], words[row]), want[row])


@pytest.mark.parametrize("scale_rule", ["floor", "ceil"])
def test_sm100_stochastic_columns_match_the_reference(scale_rule):
    """The column kernel's cvt.rs path (sm_100a): a 32 x 16 block of
    columns, where each row's sixteen elements are one Philox block (element
    indices are row-major) and lane q of the quad converts columns 4q ..
    4q + 3 of each row with that row's word q, as the row kernel converts
    a group: each row replays as one group of the row kernel, with each
    column's own scale."""
    rng = np.random.default_rng(13)
    x = (rng.standard_normal((32, 16)) * rng.choice([0.01, 1.0, 40.0], 16)).astype(np.float32)
    x[3, 2], x[4, 7] = -0.0, 6.0 * 2.0 ** 3
    x = x.astype(np.float64)
    seed, offset = 0x9E3779B97F4A7C15, 5
    codes, scales = ref.quantize(x, 0, scale_rule, "stochastic", seed=seed, offset=offset)
    scaled = (x * np.ldexp(1.0, -(scales.astype(np.int64) - 127))).astype(np.float32)
    stream = ref.random_bytes(seed, offset, np.arange(x.size)).astype(np.int64)
    words = (stream.reshape(32, 4, 4) @ (1 << (8 * np.arange(4)))).reshape(32, 1, 4)
    want = ref.pack_codes(codes)
    for row in range(32):
        np.testing.assert_array_equal(
            ptx_model.replay_sm100_stochastic_row(scaled[row], words[row]), want[row])


def test_sm100_stochastic_replay_sees_a_wrong_byte_order():
    """Without the prmt (rbits = the word as it is), elements get each
    other's random bytes and the codes differ from the reference's."""
    want, scaled, words = stochastic_case("ceil")
    got = np.stack([ptx_model.replay_sm100_stochastic_row(scaled[r], words[r], selector=0x3210)
                    for r in range(8)])
    assert (got != want).any()


@pytest.mark.parametrize("k", [256, 512, 768])
def test_sm100_tile_matches_the_reference(k):
    """The sm_100a kernel's staging, scale copies and MMAs, replayed on the
    tcgen05 model, compute the reference's product (768: three stages, so
    buffer 0 is filled twice)."""
    rng = np.random.default_rng(100 + k)
    a, a_s = random_operands(rng, 128, k, 120, 131)
    b, b_s = random_operands(rng, 128, k, 120, 131)
    got = ptx_model.replay_sm100_tile(ref.pack_codes(a), a_s, ref.pack_codes(b), b_s)
    np.testing.assert_allclose(got, ref.matmul(a, a_s, b, b_s), rtol=1e-12, atol=0)


def test_sm100_model_sees_wrong_scale_ids():
    """The model is sensitive to the scale-factor IDs: with both IDs 0 (the
    second K = 64 MMA of a chunk reading the first one's scales) the product
    changes."""
    rng = np.random.default_rng(7)
    a, a_s = random_operands(rng, 128, 256, 120, 131)
    b, b_s = random_operands(rng, 128, 256, 120, 131)
    packed_a, packed_b = ref.pack_codes(a), ref.pack_codes(b)
    smem = np.zeros(2 * (128 * 128 + 1024), np.uint8)
    tmem = np.zeros((128, 256, 4), np.uint8)
    d = np.zeros((128, 128))
    exact = ref.matmul(a, a_s, b, b_s)
    # Stage as the kernel does, then issue the MMAs with ID 0 throughout.
    for operand, (codes, scales) in enumerate([(packed_a, a_s), (packed_b, b_s)]):
        for t in range(128):
            for c in range(8):
                at = operand * 128 * 128 + t * 128 + ((c ^ (t % 8)) * 16)
                smem[at:at + 16] = codes[t, 16 * c:16 * c + 16]
            for j in range(2):
                at = 2 * 128 * 128 + operand * 1024 + 512 * j + (t % 32) * 16 + (t // 32) * 4
                smem[at:at + 4] = scales[t, 4 * j:4 * j + 4]
    for c in range(4):
        ptx_model.tcgen05_cp_32x128b_warpx4(
            tmem, 128 + 4 * c, smem, ptx_model.smem_descriptor(2 * 128 * 128 + 512 * c, 16, 128, 0))
    shape = (1 << 7) | (1 << 10) | (16 << 17) | (1 << 23) | (1 << 27)
    for kk in range(4):
        ptx_model.tcgen05_mma_mxf4(
            d, 0, smem, ptx_model.smem_descriptor(32 * kk, 16, 1024, 2),
            ptx_model.smem_descriptor(128 * 128 + 32 * kk, 16, 1024, 2), shape, tmem,
            128 + 4 * (kk // 2), 136 + 4 * (kk // 2), accumulate=kk > 0)
    assert not np.allclose(d, exact, rtol=1e-12, atol=0)


def test_sm100_instruction_descriptor_on_hand_values():
    """The reference notes' computed examples (Table 44 of the PTX ISA)."""
    fields = ptx_model.decode_instruction_descriptor(0x08A00480)
    assert fields == {"n": 128, "m": 128, "sf_a": 0, "sf_b": 0}
    assert ptx_model.decode_instruction_descriptor(0x48C004A0) == \
        {"n": 256, "m": 128, "sf_a": 2, "sf_b": 2}
