"""Hand-derived vectors for the numpy reference (reference.py).

Every expected value here was worked out by hand from the brief's
definitions, not produced by the code under test.
"""

import numpy as np
import pytest

from mx import reference as ref

INF, NAN = np.inf, np.nan


def block(*values, fill=0.0):
    """A 32-element block starting with ``values``, the rest ``fill``."""
    out = np.full(32, fill)
    out[: len(values)] = values
    return out


def quantize_block(values, **kwargs):
    codes, scales = ref.quantize(np.asarray(values)[None, :], axis=1, **kwargs)
    return list(codes[0]), int(scales[0, 0])


# -- E2M1 and E8M0 decoding ---------------------------------------------------


def test_decode_every_code():
    expected = [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0.0, -0.5, -1, -1.5, -2, -3, -4, -6]
    decoded = ref.decode_codes(np.arange(16))
    assert list(decoded) == expected
    assert np.signbit(decoded[8]) and not np.signbit(decoded[0])


def test_decode_scales():
    decoded = ref.decode_scales(np.array([0, 1, 126, 127, 128, 254, 255]))
    assert list(decoded[:6]) == [2.0**-127, 2.0**-126, 0.5, 1.0, 2.0, 2.0**127]
    assert np.isnan(decoded[6])


def test_pack_even_element_low_nibble():
    codes = np.array([[0x1, 0x2, 0xF, 0x8]], np.uint8)
    assert list(ref.pack_codes(codes)[0]) == [0x21, 0x8F]
    assert (ref.unpack_codes(ref.pack_codes(codes)) == codes).all()


# -- scale rules ----------------------------------------------------------------

# (amax, floor byte, ceil byte). floor: s = floor(log2 amax) - 2;
# ceil: s = ceil(log2(amax / 6)); byte = s + 127.
SCALE_CASES = [
    (6.0, 127, 127),  # floor(2.58)-2 = 0; ceil(log2 1) = 0
    (4.0, 127, 127),  # 2-2 = 0; ceil(log2 0.667) = 0
    (7.0, 127, 128),  # floor rule saturates 7 to 6; ceil takes one more binade
    (3.0, 126, 126),  # 1-2 = -1; ceil(log2 0.5) = -1
    (14.0, 128, 129),  # 3-2 = 1; ceil(log2 2.33) = 2
    (6.0 * 2.0**-10, 117, 117),
    (1.0, 125, 125),  # 0-2 = -2; ceil(log2 1/6) = ceil(-2.58) = -2
    (np.nextafter(np.float32(6.0), np.float32(7.0)), 127, 128),
    (np.nextafter(np.float32(8.0), np.float32(0.0)), 127, 128),  # floor log2 is 2
    (2.0**-130, 0, 0),  # far below the range: clamped to -127
    (2.0**-149, 0, 0),  # the smallest f32 subnormal
    # floor: 127 - 2 = 125; ceil: log2(FLT_MAX / 6) = 125.4..., so 126.
    (float(np.finfo(np.float32).max), 252, 253),
]


@pytest.mark.parametrize("amax,floor_byte,ceil_byte", SCALE_CASES)
def test_scale_rules(amax, floor_byte, ceil_byte):
    values = block(amax, -amax / 3)
    assert quantize_block(values, scale_rule="floor")[1] == floor_byte
    assert quantize_block(values, scale_rule="ceil")[1] == ceil_byte


def test_negative_amax_uses_magnitude():
    assert quantize_block(block(-14.0), scale_rule="ceil")[1] == 129


def test_zero_block():
    codes, byte = quantize_block(block(0.0, -0.0))
    assert byte == 0 and codes == [0] * 32  # -0 too becomes +0 code


@pytest.mark.parametrize("special", [NAN, INF, -INF])
def test_nonfinite_block(special):
    codes, byte = quantize_block(block(1.0, special, -3.0))
    assert byte == 0xFF and codes == [0] * 32


# -- nearest rounding -------------------------------------------------------------

# Scale pinned to 2^0 by a 6.0 in the block (both rules give s = 0).
# value, nearest_even code, nearest_away code
NEAREST_CASES = [
    (0.25, 0x0, 0x1),  # tie between 0 and 0.5
    (0.75, 0x2, 0x2),  # tie between 0.5 and 1: even code is 1.0
    (1.25, 0x2, 0x3),
    (1.75, 0x4, 0x4),
    (2.5, 0x4, 0x5),
    (3.5, 0x6, 0x6),
    (5.0, 0x6, 0x7),
    (0.2, 0x0, 0x0),
    (0.3, 0x1, 0x1),
    (2.6, 0x5, 0x5),
    (-1.25, 0xA, 0xB),
    (-5.0, 0xE, 0xF),
    (-0.1, 0x8, 0x8),  # negative value rounding to zero keeps its sign
    (-0.0, 0x8, 0x8),
    (5.999, 0x7, 0x7),
]


@pytest.mark.parametrize("value,even,away", NEAREST_CASES)
def test_nearest(value, even, away):
    values = block(6.0, value)
    for rule in ("floor", "ceil"):
        assert quantize_block(values, scale_rule=rule, rounding="nearest_even")[0][1] == even
        assert quantize_block(values, scale_rule=rule, rounding="nearest_away")[0][1] == away


def test_floor_rule_saturates():
    # amax 7.5: floor gives s = 0, so 7.5 -> 6 (code 7) and 7 -> 6 as well.
    codes, byte = quantize_block(block(7.5, 7.0, -6.5), scale_rule="floor")
    assert byte == 127 and codes[:3] == [0x7, 0x7, 0xF]
    # ceil gives s = 1: 7.5/2 = 3.75 -> 4, 7/2 = 3.5 -> 4 (tie, even), 3.25 -> 3
    codes, byte = quantize_block(block(7.5, 7.0, -6.5), scale_rule="ceil")
    assert byte == 128 and codes[:3] == [0x6, 0x6, 0xD]


def test_scaled_block():
    # amax 48 = 6 * 2^3: s = 3 under both rules; 20/8 = 2.5 ties to 2 (even),
    # -1/8 rounds to -0, 2/8 = 0.25 ties to 0 (even), 3/8 = 0.375 to 0.5.
    codes, byte = quantize_block(block(48.0, 20.0, -1.0, 2.0, 3.0))
    assert byte == 130 and codes[:5] == [0x7, 0x4, 0x8, 0x0, 0x1]


def test_subnormal_inputs():
    # amax = 3 * 2^-140 (f32 subnormal): s clamps to -127, v = 3 * 2^-13.
    tiny = 3 * 2.0**-140
    codes, byte = quantize_block(block(tiny, -tiny))
    assert byte == 0 and codes[:2] == [0x0, 0x8]
    # With amax = 2^-126 * 1.5: s = -127 (clamped in both rules), v = 3.
    amax = 1.5 * 2.0**-126
    codes, byte = quantize_block(block(amax, amax / 3))
    assert byte == 0 and codes[:2] == [0x5, 0x2]


# -- stochastic rounding -----------------------------------------------------------


def test_stochastic_rule_by_hand():
    seed, offset = 42, 5
    r = ref.random_bytes(seed, offset, np.arange(32))
    # v = 1.25 (scale 1): between 1 and 1.5, t = floor(256 * 0.5) = 128.
    # v = 2.75: between 2 and 3, t = floor(256 * 0.75) = 192.
    # v = 4.0: a grid point, t = 0: never moves.
    values = block(6.0, 1.25, 2.75, 4.0, -0.1)
    codes, _ = quantize_block(values, rounding="stochastic", seed=seed, offset=offset)
    assert codes[0] == 0x7
    assert codes[1] == (0x3 if 128 + r[1] >= 256 else 0x2)
    assert codes[2] == (0x5 if 192 + r[2] >= 256 else 0x4)
    assert codes[3] == 0x6
    # -0.1: t = floor(256 * 0.2) = 51, toward -0.5 iff r >= 205, else -0.
    assert codes[4] == (0x9 if 51 + r[4] >= 256 else 0x8)


def test_stochastic_grid_points_never_move():
    values = block(6.0, 0.5, -1.0, 1.5, 2.0, 3.0, -4.0, 0.0)
    for seed in range(50):
        codes, _ = quantize_block(values, rounding="stochastic", seed=seed, offset=0)
        assert codes[:8] == [0x7, 0x1, 0xA, 0x3, 0x4, 0x5, 0xE, 0x0]


# -- Q-EMA ----------------------------------------------------------------------------


def test_qema_cases():
    # Scale 1 (amax 6). w = 1.2 lies between 1 and 1.5 (midpoint 1.25).
    w = block(6.0, 1.2, 1.2, -1.2, -1.2, 0.0, 0.0, 1.0, 5.0)
    ema = block(6.0, 1.25, 1.24, -1.3, 1.3, 0.3, -5.0, 1.25, 5.1)
    codes, _ = ref.quantize(w[None], 1, "ceil", ema=ema[None])
    got = list(codes[0][:9])
    assert got[1] == 0x3  # ema/S = 1.25 >= 1.25: up to 1.5
    assert got[2] == 0x2  # 1.24 < 1.25: down to 1
    assert got[3] == 0xB  # sign(w) * ema = 1.3 >= 1.25: -1.5
    assert got[4] == 0xA  # sign(w) * ema = -1.3: -1
    assert got[5] == 0x0 and got[6] == 0x0  # w = 0 stays 0
    assert got[7] == 0x3  # a grid point can move up: between 1 and 1.5
    assert got[8] == 0x7  # 5.1 >= 5: up to 6
    assert got[0] == 0x7  # at 6 there is nothing above


# -- Philox -----------------------------------------------------------------------------

# Known-answer vectors of Philox4x32-10 published with Random123 (Salmon et
# al.): counter, key, output.
PHILOX_KAT = [
    ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
    ((0xFFFFFFFF,) * 4, (0xFFFFFFFF,) * 2, (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
    (
        (0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344),
        (0xA4093822, 0x299F31D0),
        (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1),
    ),
]


@pytest.mark.parametrize("counter,key,expected", PHILOX_KAT)
def test_philox_known_answers(counter, key, expected):
    assert tuple(int(w) for w in ref.philox4x32_10(counter, key)) == expected


def test_random_byte_layout():
    # Bytes 0..15 of stream (seed 0, offset 0) are the little-endian bytes of
    # the zero-counter output words.
    words = (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)
    expected = [(w >> (8 * b)) & 0xFF for w in words for b in range(4)]
    assert list(ref.random_bytes(0, 0, np.arange(16))) == expected


# -- The matmul's exact product and f32 bound ----------------------------------


def test_packed_matmul_and_bound_by_hand():
    # Row 0 of A: 32 codes 0b0010 (1.0) at scale 2^0; row 1: 0b1010 (-1.0)
    # at scale 2^-1. B's one row: 0b0100 (2.0) at scale 2^1, so each product
    # is +-4 or -2 and the sums are 128 and -64, plus the accumulator.
    a = np.array([[0b0010] * 32, [0b1010] * 32], np.uint8)
    b = np.array([[0b0100] * 32], np.uint8)
    args = [ref.pack_codes(a), np.array([[127], [126]], np.uint8),
            ref.pack_codes(b), np.array([[128]], np.uint8)]
    exact, bound = ref.packed_matmul_and_bound(*args)
    assert exact.tolist() == [[128.0], [-64.0]]
    gamma32 = 32 * 2.0**-24 / (1 - 32 * 2.0**-24)
    assert bound.tolist() == [[gamma32 * 128], [gamma32 * 64]]
    exact, bound = ref.packed_matmul_and_bound(
        *args, np.array([[-3.5], [1.0]], np.float32))
    assert exact.tolist() == [[124.5], [-63.0]]
    assert bound.tolist() == [[gamma32 * 131.5], [gamma32 * 65]]
