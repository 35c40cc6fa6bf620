"""The compiled CPU path against the numpy reference, bit for bit.

One mx module holds a function per configuration (scale rule x rounding x
input type, Q-EMA, other axes, dynamic shapes, dequantize, matmul); it is
compiled once with ``mx-opt --mx-cpu-pipeline`` and called through ctypes.
Each quantize configuration sees 102,400 elements of random and adversarial
blocks.
"""

import itertools

import numpy as np
import pytest

from mx import cpu
from mx import reference as ref

ROWS, COLS = 800, 128  # 102,400 elements per configuration
DTYPES = ("f32", "bf16", "f16")
STORAGE = {"f32": np.float32, "bf16": np.uint16, "f16": np.float16}
# Quantizations along columns: every input type and rounding, the scale
# rules taking turns.
COLUMN_CASES = [(dtype, ref.SCALE_RULES[i % 2], rounding)
                for i, (dtype, rounding) in enumerate(itertools.product(DTYPES, ref.ROUNDINGS))]
SEED = 0x9E3779B97F4A7C15  # exercises both 32-bit halves of the key
OFFSET = 0x0000000500000003


def quantize_function(name, dtype, rule, rounding, shape=(ROWS, COLS), axis=1,
                      ema_dtype=None, dynamic=False):
    dims = "x".join("?" if dynamic and i == 0 else str(d) for i, d in enumerate(shape))
    scale_shape = list(shape)
    scale_shape[axis] //= 32
    sdims = "x".join("?" if dynamic and i == 0 else str(d) for i, d in enumerate(scale_shape))
    tin, tcodes, tscales = f"tensor<{dims}x{dtype}>", f"tensor<{dims}xf4E2M1FN>", f"tensor<{sdims}xf8E8M0FNU>"
    args = [f"%x: {tin}"]
    extra = ""
    if rounding == "stochastic":
        args += ["%seed: i64", "%offset: i64"]
        extra = " rounding<stochastic> seed(%seed, %offset)"
    elif rounding != "nearest_even":
        extra = f" rounding<{rounding}>"
    if ema_dtype:
        tema = f"tensor<{dims}x{ema_dtype}>"
        args.append(f"%ema: {tema}")
        extra += f" ema(%ema : {tema})"
    return f"""
func.func @{name}({", ".join(args)}) -> ({tcodes}, {tscales}) {{
  %c, %s = mx.quantize %x axis {axis} scale<{rule}>{extra} : {tin} -> {tcodes}, {tscales}
  return %c, %s : {tcodes}, {tscales}
}}"""


def build_module():
    functions = []
    for dtype, rule, rounding in itertools.product(DTYPES, ref.SCALE_RULES, ref.ROUNDINGS):
        functions.append(quantize_function(f"q_{dtype}_{rule}_{rounding}", dtype, rule, rounding))
    for dtype, rule in itertools.product(DTYPES, ref.SCALE_RULES):
        functions.append(quantize_function(f"qema_{dtype}_{rule}", dtype, rule, "nearest_even", ema_dtype=dtype))
    functions.append(quantize_function("qema_bf16_f32ema", "bf16", "ceil", "nearest_even", ema_dtype="f32"))
    functions.append(quantize_function("q_axis0", "f32", "ceil", "stochastic", shape=(96, 40), axis=0))
    # Along columns in groups of sixteen (the GPU's own kernel takes these).
    for dtype, rule, rounding in COLUMN_CASES:
        functions.append(quantize_function(f"q0_{dtype}_{rule}_{rounding}", dtype, rule, rounding,
                                           shape=(COLS, ROWS), axis=0))
    functions.append(quantize_function("qema0_bf16_floor", "bf16", "floor", "nearest_even",
                                       shape=(COLS, ROWS), axis=0, ema_dtype="bf16"))
    functions.append(quantize_function("q_rank3", "f32", "floor", "nearest_away", shape=(3, 64, 6), axis=1))
    functions.append(quantize_function("q_dynamic", "f32", "ceil", "stochastic", dynamic=True))
    # Scales also in Blackwell's 128 x 4 tiles (on the GPU, written by the
    # quantizing kernel itself; 800 rows are 6.25 row tiles: padding).
    functions.append(f"""
func.func @q_tiled(%x: tensor<{ROWS}x{COLS}xbf16>) -> (tensor<{ROWS}x{COLS}xf4E2M1FN>, tensor<{ROWS}x{COLS // 32}xf8E8M0FNU>, tensor<{-(-ROWS // 128)}x1x32x16xf8E8M0FNU>) {{
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<{ROWS}x{COLS}xbf16> -> tensor<{ROWS}x{COLS}xf4E2M1FN>, tensor<{ROWS}x{COLS // 32}xf8E8M0FNU>
  %t = mx.tile_scales %s : tensor<{ROWS}x{COLS // 32}xf8E8M0FNU> -> tensor<{-(-ROWS // 128)}x1x32x16xf8E8M0FNU>
  return %c, %s, %t : tensor<{ROWS}x{COLS}xf4E2M1FN>, tensor<{ROWS}x{COLS // 32}xf8E8M0FNU>, tensor<{-(-ROWS // 128)}x1x32x16xf8E8M0FNU>
}}""")
    for dtype in DTYPES:
        functions.append(f"""
func.func @dq_{dtype}(%c: tensor<1024x128xf4E2M1FN>, %s: tensor<1024x4xf8E8M0FNU>) -> tensor<1024x128x{dtype}> {{
  %0 = mx.dequantize %c, %s axis 1 : tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU> -> tensor<1024x128x{dtype}>
  return %0 : tensor<1024x128x{dtype}>
}}""")
    functions.append("""
func.func @dq_axis0(%c: tensor<64x6xf4E2M1FN>, %s: tensor<2x6xf8E8M0FNU>) -> tensor<64x6xf32> {
  %0 = mx.dequantize %c, %s axis 0 : tensor<64x6xf4E2M1FN>, tensor<2x6xf8E8M0FNU> -> tensor<64x6xf32>
  return %0 : tensor<64x6xf32>
}
func.func @mm(%a: tensor<48x256xf4E2M1FN>, %as: tensor<48x8xf8E8M0FNU>,
              %b: tensor<40x256xf4E2M1FN>, %bs: tensor<40x8xf8E8M0FNU>,
              %c: tensor<48x40xf32>) -> tensor<48x40xf32> {
  %0 = mx.matmul %a, %as, %b, %bs acc(%c) : tensor<48x256xf4E2M1FN>, tensor<48x8xf8E8M0FNU>, tensor<40x256xf4E2M1FN>, tensor<40x8xf8E8M0FNU> -> tensor<48x40xf32>
  return %0 : tensor<48x40xf32>
}
func.func @mm_batched(%a: tensor<3x16x64xf4E2M1FN>, %as: tensor<3x16x2xf8E8M0FNU>,
                      %b: tensor<3x8x64xf4E2M1FN>, %bs: tensor<3x8x2xf8E8M0FNU>) -> tensor<3x16x8xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<3x16x64xf4E2M1FN>, tensor<3x16x2xf8E8M0FNU>, tensor<3x8x64xf4E2M1FN>, tensor<3x8x2xf8E8M0FNU> -> tensor<3x16x8xf32>
  return %0 : tensor<3x16x8xf32>
}""")
    return "\n".join(functions)


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    return cpu.compile_module(build_module(), tmp_path_factory.mktemp("differential"))


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

MIDPOINTS = np.array([0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0])


def adversarial_blocks(rng, count):
    """``count`` blocks of 32 float64 values, each of one adversarial kind."""
    blocks = np.empty((count, 32))
    kinds = rng.integers(0, 10, count)
    for i, kind in enumerate(kinds):
        k = int(rng.integers(-130, 126))
        signs = rng.choice([-1.0, 1.0], 32)
        if kind == 0:  # exact ties and grid points at a pinned scale
            values = rng.choice(np.concatenate([MIDPOINTS, ref.GRID]), 32) * signs
            values[rng.integers(32)] = 6.0 * signs[0]
            blocks[i] = np.ldexp(values, k)
        elif kind == 1:  # amax on the boundaries of the scale rules
            top = rng.choice([6.0, 4.0, 7.0, 8.0 - 2**-20, 6.0 + 2**-21, 6.0 - 2**-21, 1.5, 1.75, 3.0])
            values = rng.uniform(-top, top, 32)
            values[rng.integers(32)] = top * signs[1]
            blocks[i] = np.ldexp(values, k)
        elif kind == 2:  # f32 subnormals, and mixtures with normals
            values = rng.uniform(-1, 1, 32) * 2.0 ** rng.integers(-149, -120, 32)
            blocks[i] = values
        elif kind == 3:  # all zeros, with negative zeros
            blocks[i] = np.where(rng.random(32) < 0.5, -0.0, 0.0)
        elif kind == 4:  # a NaN or an infinity among normal values
            values = rng.standard_normal(32)
            values[rng.integers(32)] = rng.choice([np.nan, np.inf, -np.inf])
            blocks[i] = values
        elif kind == 5:  # huge and tiny magnitudes side by side
            values = rng.standard_normal(32) * 2.0 ** rng.integers(-60, 60, 32)
            values[0] = rng.choice([3.4e38, -3.4e38, 1e38])
            blocks[i] = values
        elif kind == 6:  # values a hair around the midpoints
            picks = rng.choice(MIDPOINTS, 32)
            nudged = picks * (1 + rng.choice([-1, 0, 1], 32) * 2.0**-23)
            nudged[0] = 6.0
            blocks[i] = np.ldexp(nudged * signs, k)
        elif kind == 7:  # amax exactly a power of two times the grid
            blocks[i] = np.ldexp(rng.choice(ref.GRID, 32) * signs, k)
        else:  # plain Gaussian data at a random scale
            blocks[i] = rng.standard_normal(32) * 2.0**k
    return blocks


def make_input(rng, dtype, shape=(ROWS, COLS)):
    """Returns (array to pass, float64 values it holds)."""
    count = int(np.prod(shape)) // 32
    values = adversarial_blocks(rng, count).reshape(shape)
    if dtype == "f32":
        stored = values.astype(np.float32)
        return stored, stored.astype(np.float64)
    if dtype == "f16":
        with np.errstate(over="ignore"):
            stored = values.astype(np.float16)
        return stored, stored.astype(np.float64)
    bits = ref.float_to_bf16_bits(values)
    return bits, ref.bf16_bits_to_float(bits)


def signed(value):
    """A 64-bit value as the signed integer that ctypes passes as i64."""
    return value - (1 << 64) if value >= 1 << 63 else value


def assert_same(name, got, expected):
    mismatches = np.argwhere(got != expected)
    assert mismatches.size == 0, (
        f"{name}: {len(mismatches)} of {got.size} differ; first at "
        f"{mismatches[:5].tolist()}: got {got[tuple(mismatches[:5].T)]}, "
        f"expected {expected[tuple(mismatches[:5].T)]}"
    )


def run_quantize(module, name, args, shape, axis):
    scale_shape = list(shape)
    scale_shape[axis] //= 32
    packed_shape = list(shape)
    packed_shape[-1] //= 2
    packed, scales = module.call(
        name, args, [cpu.Result(packed_shape, np.uint8), cpu.Result(scale_shape, np.uint8)]
    )
    return ref.unpack_codes(packed), scales


# ---------------------------------------------------------------------------
# Quantize
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype,rule,rounding", list(itertools.product(DTYPES, ref.SCALE_RULES, ref.ROUNDINGS))
)
def test_quantize(module, dtype, rule, rounding):
    rng = np.random.default_rng(
        [DTYPES.index(dtype), ref.SCALE_RULES.index(rule), ref.ROUNDINGS.index(rounding)]
    )
    stored, values = make_input(rng, dtype)
    check_quantize(module, f"q_{dtype}_{rule}_{rounding}", stored, values, 1, rule, rounding)


def check_quantize(module, name, stored, values, axis, rule, rounding):
    """Calls quantizer `name` on `stored` (holding `values`) and compares
    its codes and scales with the reference's, bit for bit."""
    args, kwargs = [stored], {}
    if rounding == "stochastic":
        args += [signed(SEED), signed(OFFSET)]
        kwargs = {"seed": SEED, "offset": OFFSET}
    codes, scales = run_quantize(module, name, args, values.shape, axis)
    expected_codes, expected_scales = ref.quantize(values, axis, rule, rounding, **kwargs)
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


@pytest.mark.parametrize("dtype,rule", list(itertools.product(DTYPES, ref.SCALE_RULES)))
def test_quantize_qema(module, dtype, rule):
    rng = np.random.default_rng(7 + DTYPES.index(dtype) + 10 * ref.SCALE_RULES.index(rule))
    stored, values = make_input(rng, dtype)
    # The EMA is the weight plus a small drift, so that decisions go both ways,
    # with some entries far off and some exactly on midpoints.
    with np.errstate(invalid="ignore"):  # inf - inf in the NaN/Inf blocks
        drift = values * rng.uniform(-0.3, 0.3, values.shape)
        ema_values = values + drift
    ema_values[:, ::7] = -ema_values[:, ::7]
    ema_stored, ema_values = make_input_like(ema_values, dtype)
    codes, scales = run_quantize(module, f"qema_{dtype}_{rule}", [stored, ema_stored], values.shape, 1)
    expected_codes, expected_scales = ref.quantize(values, 1, rule, ema=ema_values)
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


def make_input_like(values, dtype):
    with np.errstate(over="ignore", invalid="ignore"):
        if dtype == "f32":
            stored = values.astype(np.float32)
            return stored, stored.astype(np.float64)
        if dtype == "f16":
            stored = values.astype(np.float16)
            return stored, stored.astype(np.float64)
    bits = ref.float_to_bf16_bits(values)
    return bits, ref.bf16_bits_to_float(bits)


def test_quantize_qema_mixed_types(module):
    rng = np.random.default_rng(99)
    stored, values = make_input(rng, "bf16")
    ema = (values * 1.1).astype(np.float32)
    codes, scales = run_quantize(module, "qema_bf16_f32ema", [stored, ema], values.shape, 1)
    expected_codes, expected_scales = ref.quantize(values, 1, "ceil", ema=ema.astype(np.float64))
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


def test_quantize_axis0(module):
    rng = np.random.default_rng(3)
    stored, values = make_input(rng, "f32", shape=(40, 96))
    stored, values = np.ascontiguousarray(stored.T), np.ascontiguousarray(values.T)
    codes, scales = run_quantize(module, "q_axis0", [stored, 11, 12], (96, 40), 0)
    expected_codes, expected_scales = ref.quantize(values, 0, "ceil", "stochastic", seed=11, offset=12)
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


def make_column_input(rng, dtype):
    """A COLS x ROWS input whose columns are adversarial blocks: (array to
    pass, float64 values it holds)."""
    stored, values = make_input(rng, dtype)
    return np.ascontiguousarray(stored.T), np.ascontiguousarray(values.T)


@pytest.mark.parametrize("dtype,rule,rounding", COLUMN_CASES)
def test_quantize_columns(module, dtype, rule, rounding):
    rng = np.random.default_rng([30, DTYPES.index(dtype), ref.ROUNDINGS.index(rounding)])
    stored, values = make_column_input(rng, dtype)
    check_quantize(module, f"q0_{dtype}_{rule}_{rounding}", stored, values, 0, rule, rounding)


def test_quantize_qema_columns(module):
    rng = np.random.default_rng(31)
    stored, values = make_column_input(rng, "bf16")
    with np.errstate(invalid="ignore"):
        ema_values = values * rng.uniform(0.7, 1.3, values.shape)
    ema_stored, ema_values = make_input_like(ema_values, "bf16")
    codes, scales = run_quantize(module, "qema0_bf16_floor", [stored, ema_stored], values.shape, 0)
    expected_codes, expected_scales = ref.quantize(values, 0, "floor", ema=ema_values)
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


def test_quantize_rank3(module):
    rng = np.random.default_rng(4)
    stored, values = make_input(rng, "f32", shape=(3, 6, 64))
    stored = np.ascontiguousarray(np.moveaxis(stored, 2, 1))
    values = np.ascontiguousarray(np.moveaxis(values, 2, 1))
    codes, scales = run_quantize(module, "q_rank3", [stored], (3, 64, 6), 1)
    expected_codes, expected_scales = ref.quantize(values, 1, "floor", "nearest_away")
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


def test_quantize_dynamic_shape(module):
    rng = np.random.default_rng(5)
    stored, values = make_input(rng, "f32", shape=(24, COLS))
    codes, scales = run_quantize(module, "q_dynamic", [stored, -1, 1 << 40], values.shape, 1)
    expected_codes, expected_scales = ref.quantize(
        values, 1, "ceil", "stochastic", seed=(1 << 64) - 1, offset=1 << 40
    )
    assert_same("scales", scales, expected_scales)
    assert_same("codes", codes, expected_codes)


# ---------------------------------------------------------------------------
# Dequantize and matmul
# ---------------------------------------------------------------------------


def random_codes_and_scales(rng, shape, axis, low=0, high=256):
    codes = rng.integers(0, 16, shape).astype(np.uint8)
    scale_shape = list(shape)
    scale_shape[axis] //= 32
    scales = rng.integers(low, high, scale_shape).astype(np.uint8)
    return codes, scales


@pytest.mark.parametrize("dtype", DTYPES)
def test_dequantize(module, dtype):
    rng = np.random.default_rng(10 + DTYPES.index(dtype))
    codes, scales = random_codes_and_scales(rng, (1024, 128), 1)
    # The extremes of the scale byte, always present.
    scales[0, :] = [0, 254, 255, 1]
    scales[1, :] = [127, 126, 128, 253]
    (got,) = module.call(
        f"dq_{dtype}", [ref.pack_codes(codes), scales], [cpu.Result((1024, 128), STORAGE[dtype])]
    )
    exact = ref.dequantize(codes, scales, 1)
    if dtype == "f32":
        with np.errstate(over="ignore"):  # 6 * 2^127 is inf in f32
            expected = exact.astype(np.float32).view(np.uint32)
        got = got.view(np.uint32)
    elif dtype == "f16":
        with np.errstate(over="ignore"):
            expected = exact.astype(np.float16).view(np.uint16)
        got = got.view(np.uint16)
    else:
        expected = ref.float_to_bf16_bits(exact)
    nan = np.isnan(exact)
    assert_same("NaN positions", np.isnan(decode(got, dtype)), nan)
    assert_same("values", np.where(nan, 0, got), np.where(nan, 0, expected))


def decode(bits, dtype):
    if dtype == "f32":
        return bits.view(np.float32)
    if dtype == "f16":
        return bits.view(np.float16)
    return ref.bf16_bits_to_float(bits)


def test_dequantize_axis0(module):
    rng = np.random.default_rng(20)
    codes, scales = random_codes_and_scales(rng, (64, 6), 0)
    (got,) = module.call("dq_axis0", [ref.pack_codes(codes), scales], [cpu.Result((64, 6), np.float32)])
    exact = ref.dequantize(codes, scales, 0)
    nan = np.isnan(exact)
    assert_same("NaN positions", np.isnan(got), nan)
    assert_same("values", np.where(nan, 0, got), np.where(nan, 0, exact.astype(np.float32)))


fp32_sum_bound = ref.fp32_sum_bound


def test_matmul(module):
    rng = np.random.default_rng(30)
    # Scale bytes within 127 +- 40 keep every product and sum far from f32
    # overflow and underflow, where the bound above would not hold.
    a, a_s = random_codes_and_scales(rng, (48, 256), 1, 87, 168)
    b, b_s = random_codes_and_scales(rng, (40, 256), 1, 87, 168)
    acc = rng.standard_normal((48, 40)).astype(np.float32)
    (got,) = module.call(
        "mm",
        [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s, acc],
        [cpu.Result((48, 40), np.float32)],
    )
    exact = ref.matmul(a, a_s, b, b_s, acc.astype(np.float64))
    da, db = ref.dequantize(a, a_s, 1), ref.dequantize(b, b_s, 1)
    magnitude = np.abs(da) @ np.abs(db).T + np.abs(acc)
    bound = fp32_sum_bound(magnitude, 256 + 1)
    error = np.abs(got.astype(np.float64) - exact)
    assert (error <= bound).all(), f"worst error/bound {np.max(error / np.maximum(bound, 1e-300))}"


def test_matmul_batched_exact_sums(module):
    # With all scales equal and K = 64 the partial sums need at most 4 + 6
    # significant bits, so the f32 result is exact.
    rng = np.random.default_rng(31)
    a, a_s = random_codes_and_scales(rng, (3, 16, 64), 2, 120, 121)
    b, b_s = random_codes_and_scales(rng, (3, 8, 64), 2, 130, 131)
    (got,) = module.call(
        "mm_batched",
        [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s],
        [cpu.Result((3, 16, 8), np.float32)],
    )
    assert_same("products", got.astype(np.float64), ref.matmul(a, a_s, b, b_s))
