"""Reference semantics of MXFP4, written from the project brief.

This module is the independent oracle that the compiled paths are checked
against. It works in float64, where every quantity it needs is exact (inputs
are f32, bf16 or f16 values; scales are powers of two; grid points and
midpoints are dyadic), and it uses its own algorithms rather than the bit
tricks of the C++ lowering: the scale exponent comes from ``numpy.frexp``,
rounding picks the nearer of the two neighbouring grid points.

Codes are returned one per ``uint8`` (0..15, sign in bit 3); ``pack_codes``
gives the two-per-byte storage form. Scales are E8M0 bytes (``uint8``).
"""

from __future__ import annotations

import numpy as np

BLOCK = 32

#: The non-negative E2M1 values, indexed by the 3-bit magnitude code.
GRID = np.array([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0])

SCALE_RULES = ("floor", "ceil")
ROUNDINGS = ("nearest_even", "nearest_away", "stochastic")


# ---------------------------------------------------------------------------
# Element and scale formats
# ---------------------------------------------------------------------------


def decode_codes(codes: np.ndarray) -> np.ndarray:
    """E2M1 codes (0..15) to float64 values, -0 for code 8."""
    codes = np.asarray(codes, dtype=np.uint8)
    magnitude = GRID[codes & 7]
    return np.where(codes & 8, -magnitude, magnitude)


def decode_scales(scales: np.ndarray) -> np.ndarray:
    """E8M0 bytes to float64 values 2^(b-127); 0xFF is NaN."""
    scales = np.asarray(scales, dtype=np.int64)
    values = np.ldexp(1.0, scales - 127)
    return np.where(scales == 255, np.nan, values)


def pack_codes(codes: np.ndarray) -> np.ndarray:
    """Two codes per byte along the last axis, the even element low."""
    codes = np.asarray(codes, dtype=np.uint8)
    if codes.shape[-1] % 2:
        raise ValueError("the last dimension of codes must be even to pack")
    return (codes[..., 0::2] | (codes[..., 1::2] << 4)).astype(np.uint8)


def unpack_codes(packed: np.ndarray) -> np.ndarray:
    """The inverse of :func:`pack_codes`."""
    packed = np.asarray(packed, dtype=np.uint8)
    codes = np.empty(packed.shape[:-1] + (packed.shape[-1] * 2,), np.uint8)
    codes[..., 0::2] = packed & 0xF
    codes[..., 1::2] = packed >> 4
    return codes


# ---------------------------------------------------------------------------
# Input formats
# ---------------------------------------------------------------------------


def bf16_bits_to_float(bits: np.ndarray) -> np.ndarray:
    """bfloat16 bit patterns (uint16) to float64."""
    wide = np.asarray(bits, dtype=np.uint32) << 16
    return wide.view(np.float32).astype(np.float64)


def float_to_bf16_bits(values: np.ndarray) -> np.ndarray:
    """float64 to bfloat16 bit patterns, rounding to nearest even through
    float32 (every value this project feeds it is exact in float32)."""
    with np.errstate(over="ignore"):  # beyond f32 is infinite in bf16 too
        f32 = np.asarray(values, dtype=np.float32)
    bits = f32.view(np.uint32).astype(np.uint64)
    is_nan = np.isnan(f32)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return np.where(is_nan, 0x7FC0, rounded).astype(np.uint16)


# ---------------------------------------------------------------------------
# Philox4x32-10 and the random byte stream
# ---------------------------------------------------------------------------

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)
_LOW = np.uint64(0xFFFFFFFF)


def philox4x32_10(counter, key):
    """Philox4x32-10 (Salmon et al., SC'11). ``counter`` is four arrays of
    32-bit words, ``key`` two; returns the four output words."""
    c = [np.asarray(w, dtype=np.uint64) & _LOW for w in counter]
    k = [np.asarray(w, dtype=np.uint64) & _LOW for w in key]
    for round_ in range(10):
        if round_:
            k = [(k[0] + _W0) & _LOW, (k[1] + _W1) & _LOW]
        p0 = _M0 * c[0]
        p1 = _M1 * c[2]
        c = [
            (p1 >> np.uint64(32)) ^ c[1] ^ k[0],
            p1 & _LOW,
            (p0 >> np.uint64(32)) ^ c[3] ^ k[1],
            p0 & _LOW,
        ]
    return c


def random_bytes(seed: int, offset: int, indices: np.ndarray) -> np.ndarray:
    """The stochastic-rounding byte of each element index.

    Element ``i`` of the stream (seed, offset) takes byte ``i % 16`` of the
    128-bit Philox4x32-10 output for counter ``(i // 16, offset)`` and key
    ``seed`` (64-bit values as two 32-bit words, low word first; output
    words little-endian).
    """
    indices = np.asarray(indices, dtype=np.uint64)
    seed &= (1 << 64) - 1
    offset &= (1 << 64) - 1
    group = indices >> np.uint64(4)
    words = philox4x32_10(
        [group & _LOW, group >> np.uint64(32), offset & 0xFFFFFFFF, offset >> 32],
        [seed & 0xFFFFFFFF, seed >> 32],
    )
    lane = (indices & np.uint64(15)).astype(np.int64)
    stacked = np.stack(np.broadcast_arrays(*words), axis=0)
    chosen = np.take_along_axis(stacked, (lane // 4)[None, ...], axis=0)[0]
    return ((chosen >> (8 * (lane % 4)).astype(np.uint64)) & np.uint64(0xFF)).astype(
        np.int64
    )


# ---------------------------------------------------------------------------
# Quantization
# ---------------------------------------------------------------------------


def _block_scale_exponents(amax: np.ndarray, scale_rule: str) -> np.ndarray:
    """The unclamped exponent s of each block's scale 2^s, for amax > 0."""
    mantissa, exponent = np.frexp(amax)  # amax = mantissa * 2^exponent
    floor_log2 = exponent.astype(np.int64) - 1
    if scale_rule == "floor":
        return floor_log2 - 2
    if scale_rule == "ceil":
        # ceil(log2(amax / 6)) is floor_log2 - 2 or one more: the smallest s
        # with 6 * 2^s >= amax.
        s = floor_log2 - 2
        return np.where(6.0 * np.ldexp(1.0, s) >= amax, s, s + 1)
    raise ValueError(f"unknown scale rule {scale_rule!r}")


def _round_magnitudes(a, rounding, random_byte=None, ema_scaled=None, is_zero=None):
    """Magnitude codes (0..7) of the non-negative scaled values ``a``."""
    saturated = a >= 6.0
    a = np.where(saturated, 0.0, a)  # keep indexing in range; fixed below
    low = np.searchsorted(GRID, a, side="right") - 1  # largest grid point <= a
    low = np.minimum(low, 6)
    q_lo, q_hi = GRID[low], GRID[low + 1]
    if ema_scaled is not None:
        up = ema_scaled >= (q_lo + q_hi) / 2
        up &= ~is_zero
    elif rounding == "stochastic":
        t = np.floor(256.0 * (a - q_lo) / (q_hi - q_lo)).astype(np.int64)
        up = t + random_byte >= 256
    else:
        below, above = a - q_lo, q_hi - a
        tie = below == above
        if rounding == "nearest_even":
            tie_up = (low + 1) % 2 == 0
        elif rounding == "nearest_away":
            tie_up = np.ones_like(tie)
        else:
            raise ValueError(f"unknown rounding {rounding!r}")
        up = (below > above) | (tie & tie_up)
    magnitude = low + up.astype(np.int64)
    return np.where(saturated, 7, magnitude)


def quantize(
    x,
    axis: int,
    scale_rule: str = "ceil",
    rounding: str = "nearest_even",
    seed: int | None = None,
    offset: int | None = None,
    ema=None,
):
    """Quantizes ``x`` (float values, any shape) along ``axis``.

    Returns ``(codes, scales)``: codes as uint8 0..15 with the shape of
    ``x``, scales as E8M0 bytes with ``x``'s shape and ``axis`` divided by
    32. ``ema`` (same shape) selects Q-EMA rounding.
    """
    x = np.asarray(x, dtype=np.float64)
    axis = axis % x.ndim
    if x.shape[axis] % BLOCK:
        raise ValueError("the quantized axis must be a multiple of 32")
    if (rounding == "stochastic") != (seed is not None):
        raise ValueError("a seed is needed exactly for stochastic rounding")

    indices = np.arange(x.size, dtype=np.int64).reshape(x.shape)
    moved = np.moveaxis(x, axis, -1)
    blocks = moved.reshape(moved.shape[:-1] + (-1, BLOCK))
    block_indices = np.moveaxis(indices, axis, -1).reshape(blocks.shape)

    finite = np.all(np.isfinite(blocks), axis=-1)
    with np.errstate(invalid="ignore"):
        amax = np.max(np.abs(blocks), axis=-1)
    zero = finite & (amax == 0)
    regular = finite & ~zero
    s = _block_scale_exponents(np.where(regular, amax, 1.0), scale_rule)
    s = np.clip(s, -127, 127)
    scales = np.where(zero, 0, np.where(finite, s + 127, 255)).astype(np.uint8)

    v = np.where(regular[..., None], blocks, 0.0) * np.ldexp(1.0, -s)[..., None]
    a = np.abs(v)
    random_byte = ema_scaled = is_zero = None
    if rounding == "stochastic":
        random_byte = random_bytes(seed, offset, block_indices)
    if ema is not None:
        ema_blocks = np.moveaxis(np.asarray(ema, np.float64), axis, -1).reshape(
            blocks.shape
        )
        sign = np.where(np.signbit(blocks), -1.0, 1.0)
        ema_scaled = sign * ema_blocks * np.ldexp(1.0, -s)[..., None]
        is_zero = blocks == 0
    magnitude = _round_magnitudes(a, rounding, random_byte, ema_scaled, is_zero)
    codes = magnitude | (np.signbit(blocks).astype(np.int64) << 3)
    codes = np.where(regular[..., None], codes, 0).astype(np.uint8)

    codes = np.moveaxis(codes.reshape(moved.shape), -1, axis)
    scales = np.moveaxis(scales, -1, axis)
    return codes, scales


def dequantize(codes, scales, axis: int) -> np.ndarray:
    """Exact float64 values of codes (0..15) with E8M0 scales along axis."""
    codes = np.asarray(codes, dtype=np.uint8)
    axis = axis % codes.ndim
    expanded = np.repeat(decode_scales(scales), BLOCK, axis=axis)
    return decode_codes(codes) * expanded


def matmul(a_codes, a_scales, b_codes, b_scales, acc=None) -> np.ndarray:
    """The exact block-scaled product sum_k A[.., m, k] B[.., n, k] (+ acc)
    in float64, with A and B quantized along their last (K) axis."""
    a = dequantize(a_codes, a_scales, -1)
    b = dequantize(b_codes, b_scales, -1)
    result = np.einsum("...mk,...nk->...mn", a, b)
    if acc is not None:
        result = result + acc
    return result


def tile_scales(scales) -> np.ndarray:
    """Scale bytes [R, C] in the layout of Blackwell's block-scaled MMAs:
    rows padded to 128 and columns to 4 with zeros, 128 x 4 tiles in row
    tile, then column tile order, 512 bytes each, the byte of tile row r
    and column c at offset (r % 32) * 16 + (r // 32) * 4 + c. Returned as
    [R/128, C/4, 32, 16] (rounded up), the bytes in memory order."""
    scales = np.asarray(scales, dtype=np.uint8)
    rows, cols = scales.shape
    row_tiles, col_tiles = -(-rows // 128), -(-cols // 4)
    memory = np.zeros(row_tiles * col_tiles * 512, np.uint8)
    for r in range(rows):
        for c in range(cols):
            tile = (r // 128) * col_tiles + c // 4
            inside = (r % 128 % 32) * 16 + (r % 128 // 32) * 4 + c % 4
            memory[tile * 512 + inside] = scales[r, c]
    return memory.reshape(row_tiles, col_tiles, 32, 16)


def untile_scales(tiled, rows: int, cols: int) -> np.ndarray:
    """The scales [rows, cols] that ``tiled`` ([R/128, C/4, 32, 16], rounded
    up, bytes in memory order) holds in the layout of tile_scales; the
    padding is dropped."""
    memory = np.asarray(tiled, dtype=np.uint8).reshape(-1)
    col_tiles = -(-cols // 4)
    assert memory.size == -(-rows // 128) * col_tiles * 512, "not the tiles of [rows, cols]"
    scales = np.empty((rows, cols), np.uint8)
    for r in range(rows):
        for c in range(cols):
            tile = (r // 128) * col_tiles + c // 4
            scales[r, c] = memory[tile * 512 + (r % 32) * 16 + (r % 128 // 32) * 4 + c % 4]
    return scales


def fp32_sum_bound(terms_abs_sum, count):
    """|fl(sum) - sum| for a recursive f32 sum of ``count`` terms is at most
    gamma_(count-1) times the sum of their magnitudes, gamma_n = n u / (1 - n u),
    u = 2^-24 (Higham, Accuracy and Stability, 2nd ed., eq. 4.4). Products of
    two decoded MX values are exact in f32, so this is the whole error."""
    u = 2.0**-24
    n = count - 1
    return n * u / (1 - n * u) * terms_abs_sum


def product_and_bound(a, b, acc=None):
    """The exact product a b^T (+ acc) in float64 of dequantized A [M, K]
    and B [N, K], and the bound that any f32 summation order of it keeps to
    (fp32_sum_bound, K products and the accumulator)."""
    exact = a @ b.T + (0 if acc is None else acc)
    magnitude = np.abs(a) @ np.abs(b).T + (0 if acc is None else np.abs(acc))
    return exact, fp32_sum_bound(magnitude, a.shape[1] + 1)


def packed_matmul_and_bound(a_packed, a_scales, b_packed, b_scales, acc=None):
    """product_and_bound for mx.matmul's operands as its kernels take them:
    packed codes (two a byte) and scales along K, acc in f32 or absent."""
    a = dequantize(unpack_codes(a_packed), a_scales, 1)
    b = dequantize(unpack_codes(b_packed), b_scales, 1)
    return product_and_bound(a, b, None if acc is None else np.asarray(acc, np.float64))
