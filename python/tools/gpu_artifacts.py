"""Builds what the GPU checks need, on a machine with MLIR (no GPU needed):
host objects with embedded sm_90a kernels for the mx test modules and for
one TetraJet linear layer (forward and backward), their inputs, and the
outputs of the CPU path on those inputs (for the largest matmuls, only
their inputs: see BOUND_ON_RUN).

    python3 python/tools/gpu_artifacts.py build/gpu-artifacts

python/tests/test_gpu.py runs them on the GPU machine and compares.
"""

import itertools
import json
import pathlib
import sys

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "python" / "tests"))

from mx import cpu, cuda, tetrajet  # noqa: E402
from mx import reference as ref  # noqa: E402
import test_cpu_differential as diff  # noqa: E402


def cases():
    """(function, inputs, result specs) of every check."""
    out = []
    for dtype, rule, rounding in itertools.product(diff.DTYPES, ref.SCALE_RULES, ref.ROUNDINGS):
        rng = np.random.default_rng([diff.DTYPES.index(dtype), ref.SCALE_RULES.index(rule),
                                     ref.ROUNDINGS.index(rounding)])
        stored, _ = diff.make_input(rng, dtype)
        args = [stored] + ([diff.signed(diff.SEED), diff.signed(diff.OFFSET)] if rounding == "stochastic" else [])
        specs = [((diff.ROWS, diff.COLS // 2), "uint8"), ((diff.ROWS, diff.COLS // 32), "uint8")]
        out.append((f"q_{dtype}_{rule}_{rounding}", args, specs))
    for dtype, rule in itertools.product(diff.DTYPES, ref.SCALE_RULES):
        rng = np.random.default_rng(50 + diff.DTYPES.index(dtype) + 10 * ref.SCALE_RULES.index(rule))
        stored, values = diff.make_input(rng, dtype)
        ema, _ = diff.make_input_like(values * 1.05, dtype)
        specs = [((diff.ROWS, diff.COLS // 2), "uint8"), ((diff.ROWS, diff.COLS // 32), "uint8")]
        out.append((f"qema_{dtype}_{rule}", [stored, ema], specs))
    # Along columns (the GPU's kernel for blocks down sixteen columns).
    for dtype, rule, rounding in diff.COLUMN_CASES:
        rng = np.random.default_rng([30, diff.DTYPES.index(dtype), ref.ROUNDINGS.index(rounding)])
        stored, _ = diff.make_column_input(rng, dtype)
        args = [stored] + ([diff.signed(diff.SEED), diff.signed(diff.OFFSET)] if rounding == "stochastic" else [])
        specs = [((diff.COLS, diff.ROWS // 2), "uint8"), ((diff.COLS // 32, diff.ROWS), "uint8")]
        out.append((f"q0_{dtype}_{rule}_{rounding}", args, specs))
    rng = np.random.default_rng(31)
    stored, values = diff.make_column_input(rng, "bf16")
    ema, _ = diff.make_input_like(values * 1.05, "bf16")
    out.append(("qema0_bf16_floor", [stored, ema],
                [((diff.COLS, diff.ROWS // 2), "uint8"), ((diff.COLS // 32, diff.ROWS), "uint8")]))
    rng = np.random.default_rng(60)
    stored, _ = diff.make_input(rng, "bf16")
    out.append(("q_tiled", [stored],
                [((diff.ROWS, diff.COLS // 2), "uint8"), ((diff.ROWS, diff.COLS // 32), "uint8"),
                 ((-(-diff.ROWS // 128), 1, 32, 16), "uint8")]))
    for dtype in diff.DTYPES:
        rng = np.random.default_rng(70 + diff.DTYPES.index(dtype))
        codes, scales = diff.random_codes_and_scales(rng, (1024, 128), 1)
        out.append((f"dq_{dtype}", [ref.pack_codes(codes), scales],
                    [((1024, 128), np.dtype(diff.STORAGE[dtype]).name)]))
    rng = np.random.default_rng(80)
    a, a_s = diff.random_codes_and_scales(rng, (48, 256), 1, 87, 168)
    b, b_s = diff.random_codes_and_scales(rng, (40, 256), 1, 87, 168)
    acc = rng.standard_normal((48, 40)).astype(np.float32)
    out.append(("mm", [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s, acc], [((48, 40), "float32")]))
    # The edge of the scale range: A at 2^127 with magnitudes <= 1.5 (finite
    # in f32), B at 2^-127; every product is of order 1.
    a = rng.integers(0, 4, (48, 256)).astype(np.uint8) | (rng.integers(0, 2, (48, 256)).astype(np.uint8) << 3)
    b, _ = diff.random_codes_and_scales(rng, (40, 256), 1)
    a_s, b_s = np.full((48, 8), 254, np.uint8), np.zeros((40, 8), np.uint8)
    out.append(("mm", [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s, acc], [((48, 40), "float32")]))
    # The ends of the bf16 range, where sm_90a folds scales into bf16
    # operands: A at 2^-127 .. 2^-117 (subnormal bf16 values), B at
    # 2^115 .. 2^125 (up to 6 * 2^125), products of order 1; and two blocks
    # of B at 2^126 and 2^127 (magnitudes <= 1.5, finite in f32 for the
    # CPU), which the GPU may not fold into bf16: the warps that read them
    # take the E4M3 path for those K-blocks only.
    a, a_s = diff.random_codes_and_scales(rng, (48, 256), 1, 0, 11)
    b, b_s = diff.random_codes_and_scales(rng, (40, 256), 1, 242, 253)
    b_s[5, 3], b_s[17, 0] = 253, 254
    b[5, 96:128] &= 0b1011
    b[17, 0:32] &= 0b1011
    out.append(("mm", [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s, acc], [((48, 40), "float32")]))
    return out


def tolerances(name, args):
    """For the checks whose GEMMs run on the tensor cores on the GPU: the
    exact results and their f32 bounds (the order of additions differs from
    the CPU's, so those results are not bit-identical)."""
    if name == "mm" or name.startswith("mm_"):
        return [ref.packed_matmul_and_bound(*args)]
    if name == "linear_forward_backward":
        x, w, dy, seed = args
        s = tetrajet.Settings(seed=seed)
        q1, q2 = s.quantize(x, 1, 0), s.quantize(w, 2, 0)
        deq = lambda q: ref.dequantize(*q, axis=1)
        q3, q5 = s.quantize(dy, 3, 0), s.quantize(dy.T, 5, 0)
        q4, q6 = s.quantize(deq(q2).T, 4, 0), s.quantize(deq(q1).T, 6, 0)
        return [ref.product_and_bound(deq(q1), deq(q2)),
                ref.product_and_bound(deq(q3), deq(q4)),
                ref.product_and_bound(deq(q5), deq(q6))]
    return None


# A function that returns its argument as it is beside its quantization:
# through the PyTorch binding the first result must be a copy, not the
# caller's tensor (test_gpu.py checks both).
PASSTHROUGH = """
func.func @passthrough(%x: tensor<64x32xf32>) -> (tensor<64x32xf32>, tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> : tensor<64x32xf32> -> tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU>
  return %x, %c, %s : tensor<64x32xf32>, tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU>
}
"""


def passthrough_case():
    x = np.random.default_rng(95).standard_normal((64, 32)).astype(np.float32)
    return ("passthrough", [x], [((64, 32), "float32"), ((64, 16), "uint8"), ((64, 1), "uint8")])


def linear_layer_case():
    """One TetraJet linear layer, forward and backward (the README's
    examples/tetrajet_linear.mlir), with stochastic rounding."""
    rng = np.random.default_rng(90)
    x = rng.standard_normal((32, 64)).astype(np.float32)
    w = (rng.standard_normal((32, 64)) / 8).astype(np.float32)
    dy = rng.standard_normal((32, 32)).astype(np.float32)
    specs = [((32, 32), "float32"), ((32, 64), "float32"), ((32, 64), "float32")]
    return ("linear_forward_backward", [x, w, dy, 2024], specs)


# Matmuls, each in a module of its own: (function, M, N, K, seed, object,
# more mx-gpu-pipeline options, whether the product is added to an
# accumulator argument or returned in a fresh buffer).
# mm_tiled runs on the warpgroup kernel (wgmma; M % 64, N % 128 and
# K % 64 = 0): blocks of two warpgroups, two of them along M.
# mm_tiled_mma is the same product on mma.sync, big enough for that
# kernel's largest tiles (blocks of 2 x 2 warps with 4 x 4 MMA tiles each:
# 128 x 64 results), two blocks along M and N. mm_split is a weight-bound
# shape small enough for the CPU: M = 5 is padded to a 16-row tile, with
# two warps of work K is split four ways, the blocks adding their sums to
# the accumulator atomically, and each step's loads go out a step ahead.
# mm_wgmma runs on two wgmma blocks along N with 16 K steps (the ring of
# three stages wraps five times). mm_wgmma_range (one warpgroup, 16 K
# steps) has the scales of the mma.sync kernel's _range checks below: the
# warpgroup kernel moves 2^63 of B's scales onto A's as that kernel does,
# so A's up to 189 and B's from 58 to 191 go folded into bf16 to wgmma,
# and blocks 10, 21 and 31 just past them put K steps 5, 10 and 15 on the
# E4M3 path. mm_streamed_edge is big enough for the streamed kernel (bf16
# images of A and B copied to wgmma with cp.async.bulk): 4 x 8 blocks of
# 128 x 256, 16 K steps (the ring of four stages wraps four times), with
# scales at both ends of the range of its images: A at 2^-127 .. 2^-117
# (subnormal bf16 values) and B up to 2^125, which the images take folded
# into bf16, and blocks of B at 2^126 or 2^127 that put K steps 0, 2, 7
# and 15 of some tiles on the E4M3 path. Its result is fresh: the kernel stores its sums where the pipeline
# would zero-fill and add (the wgmma kernels' accumulating stores are
# checked by the others). mm_converting_range (M = 256) is the streamed
# kernel for M below 1024 on its tall tile (256 x 128, 2 x 64 blocks):
# A's image with 2^63 moved onto it, B converted by the kernel's producer
# warpgroup from codes it copies with cp.async, in one multiplication per
# pair, 24 K steps (the rings of four stages and of four steps of codes
# wrap six times), with the scales of the mma.sync kernel's _range checks:
# at the ends of the range where that is exact (A's up to 189, B's from
# 58 to 191) and, at blocks 10, 21 and 40 (K steps 5, 10 and 20), just
# past them, which puts those steps of some tiles on the E4M3 path through
# A's flag and through B's; it accumulates. mm_converting_wide_range
# (M = 128) is the same kernel on its 128 x 256 tile, 16 K steps (block 31
# instead of 40); it accumulates too. Both are as small as the kernel
# takes (64 blocks).
# mm_simt is the SIMT kernel of
# tensor-cores=false, whose kernels read a constant global (the nibble
# shifts) that the host copies to the device on entry.
MATMULS = [("mm_tiled", 256, 128, 512, 100, "tiled", "", True),
           ("mm_tiled_mma", 256, 128, 512, 100, "tiled_mma", " sm90-warpgroup=false", True),
           ("mm_split", 5, 64, 8192, 110, "split", "", True),
           ("mm_split_edge", 3, 256, 8192, 150, "split_edge", "", True),
           ("mm_split_range", 16, 64, 8192, 160, "split_range", "", True),
           ("mm_transposed_range", 7, 64, 8192, 165, "transposed_range", "", True),
           ("mm_wgmma", 128, 256, 1024, 120, "wgmma", "", True),
           ("mm_wgmma_range", 64, 128, 1024, 130, "wgmma_range", "", True),
           ("mm_streamed_edge", 1024, 1024, 1024, 140, "streamed_edge", "", False),
           ("mm_converting_range", 256, 8192, 1536, 145, "converting_range", "", True),
           ("mm_converting_wide_range", 128, 16384, 1024, 146, "converting_wide_range", "",
            True),
           # 132 tiles, a block each; 134 tiles, where 132 blocks share out
           # their steps (stream-K): into a fresh result and into an
           # accumulator.
           ("mm_converting_full_wave", 256, 16896, 256, 149, "converting_full_wave", "", False),
           ("mm_converting_shared", 256, 17152, 512, 147, "converting_shared", "", False),
           ("mm_converting_shared_range", 256, 17152, 512, 148, "converting_shared_range", "",
            True),
           ("mm_simt", 48, 40, 256, 170, "simt", " tensor-cores=false", True)]


# Checks too big to carry their float64 product and bound to the GPU
# machine (8 bytes each per element of the result), nor to run on the CPU
# path in reasonable time: test_gpu.py computes both there, from the
# operands, with the same reference (reference.packed_matmul_and_bound).
# (The CPU path's own matmul is checked against that reference by
# test_cpu_differential.py.)
BOUND_ON_RUN = {"mm_streamed_edge", "mm_converting_range", "mm_converting_wide_range",
                "mm_converting_full_wave", "mm_converting_shared",
                "mm_converting_shared_range"}


def matmul_module(name, m, n, k, accumulate):
    a, b = f"tensor<{m}x{k}xf4E2M1FN>", f"tensor<{n}x{k}xf4E2M1FN>"
    a_s, b_s = f"tensor<{m}x{k // 32}xf8E8M0FNU>", f"tensor<{n}x{k // 32}xf8E8M0FNU>"
    c = f"tensor<{m}x{n}xf32>"
    acc_arg, acc = (f", %c: {c}", " acc(%c)") if accumulate else ("", "")
    return (f"func.func @{name}(%a: {a}, %as: {a_s}, %b: {b}, %bs: {b_s}{acc_arg}) -> {c} {{\n"
            f"  %0 = mx.matmul %a, %as, %b, %bs{acc} : {a}, {a_s}, {b}, {b_s} -> {c}\n"
            f"  return %0 : {c}\n}}\n")


def matmul_case(name, m, n, k, seed, accumulate):
    rng = np.random.default_rng(seed)
    if name.endswith("_edge"):
        a, a_s = diff.random_codes_and_scales(rng, (m, k), 1, 0, 11)
        b, b_s = diff.random_codes_and_scales(rng, (n, k), 1, 242, 253)
        # Magnitudes <= 1.5 where the scale is 2^127: finite in f32 for the
        # CPU. Blocks 0, 5, 15 and 31 are in K steps 0, 0, 1 and 3 of the
        # 32 steps of eight blocks that the kernel for M <= 16 takes.
        edges = [(3, 0, 254), (77, 5, 253), (127, 15, 254)]
        if n > 900:
            edges.append((900, 31, 254))
        for row, block, scale in edges:
            b_s[row, block] = scale
            b[row, 32 * block:32 * block + 32] &= 0b1011
        if k > 32 * 40:
            # A scale above 252 too (block 40: step 5 of the split-K
            # kernel's 32), where B's scales are small.
            b_s[:, 40] = rng.integers(0, 11, n)
            a_s[m // 2, 40] = 254
            a[m // 2, 32 * 40:32 * 41] &= 0b1011
    elif name.endswith("_range"):
        # Scales at the ends of the range where the mma.sync kernel's bf16
        # operands are exact (A's up to 189, B's from 58 to 191) and just
        # past them (blocks 10, 21 and 40, or the last where K has fewer:
        # K steps 1, 2 and 5 of 8 blocks on the mma.sync kernel).
        # With M <= 8 the kernel multiplies the transposed product, B's
        # rows as the MMAs' A operand, but A's scales keep the factor 2^63.
        # Large scales of A meet small ones of B and the other way round,
        # so that the f32 sums stay finite.
        a, _ = diff.random_codes_and_scales(rng, (m, k), 1)
        b, _ = diff.random_codes_and_scales(rng, (n, k), 1)
        even = np.arange(k // 32) % 2 == 0
        pick = lambda rows, low, high: rng.choice([low, high], (rows, k // 32))
        a_s = np.where(even, pick(m, 188, 189), pick(m, 0, 1)).astype(np.uint8)
        b_s = np.where(even, pick(n, 58, 59), pick(n, 190, 191)).astype(np.uint8)
        last = k // 32 - 1
        a_s[m - 1, 10], b_s[5, min(21, last)], b_s[n - 1, min(40, last)] = 190, 192, 57
    else:
        a, a_s = diff.random_codes_and_scales(rng, (m, k), 1, 100, 150)
        b, b_s = diff.random_codes_and_scales(rng, (n, k), 1, 100, 150)
    args = [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s]
    if accumulate and m * n >= 1 << 20:
        # Small integers, so that the file compresses (the checks travel
        # to the GPU machine).
        args.append(rng.integers(-8, 8, (m, n)).astype(np.float32))
    elif accumulate:
        args.append(rng.standard_normal((m, n)).astype(np.float32))
    return (name, args, [((m, n), "float32")])


def main(argv):
    out = pathlib.Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    # Checks of an earlier, longer list would otherwise stay beside the
    # manifest and travel to the GPU machine for nothing.
    for stale in out.glob("case*.npz"):
        stale.unlink()
    source = diff.build_module()
    cuda.compile_gpu_object(source, out / "differential", "sm_90a")
    host = cpu.compile_module(source, out / "differential-cpu")
    example = (ROOT / "examples" / "tetrajet_linear.mlir").read_text()
    cuda.compile_gpu_object(example, out / "linear", "sm_90a")
    linear_host = cpu.compile_module(example, out / "linear-cpu")
    manifest = []
    all_cases = [(c, "differential", host) for c in cases()]
    all_cases.append((linear_layer_case(), "linear", linear_host))
    cuda.compile_gpu_object(PASSTHROUGH, out / "passthrough", "sm_90a")
    all_cases.append((passthrough_case(), "passthrough",
                      cpu.compile_module(PASSTHROUGH, out / "passthrough-cpu")))
    cpu_builds = ["differential-cpu", "linear-cpu", "passthrough-cpu"]
    for name, m, n, k, seed, obj, options, accumulate in MATMULS:
        module = matmul_module(name, m, n, k, accumulate)
        cuda.compile_gpu_object(module, out / obj, "sm_90a", options)
        host_build = None
        if name not in BOUND_ON_RUN:
            host_build = cpu.compile_module(module, out / f"{obj}-cpu")
            cpu_builds.append(f"{obj}-cpu")
        all_cases.append((matmul_case(name, m, n, k, seed, accumulate), obj,
                          host_build))
    for index, ((name, args, specs), obj, module) in enumerate(all_cases):
        arrays = {f"arg{i}": np.asarray(a) for i, a in enumerate(args)}
        entry = {"function": name, "object": obj, "file": f"case{index}.npz",
                 "args": len(args), "results": [[list(s), d] for s, d in specs]}
        if module is None:
            np.savez_compressed(out / entry["file"], **arrays)
            manifest.append({**entry, "check": "fp32_sum_bound_on_run"})
            continue
        expected = module.call(name, args, [cpu.Result(s, d) for s, d in specs])
        arrays.update({f"expected{i}": e for i, e in enumerate(expected)})
        bounds = tolerances(name, args)
        for i, (exact, bound) in enumerate(bounds or []):
            # The CPU path itself must be within the bound.
            assert (np.abs(expected[i] - exact) <= bound).all(), name
            arrays[f"exact{i}"], arrays[f"bound{i}"] = exact, bound
        np.savez_compressed(out / entry["file"], **arrays)
        manifest.append({**entry, "check": "fp32_sum_bound" if bounds else "bitwise"})
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    # Only the objects for the GPU machine travel; the CPU builds stay here.
    for cpu_build in cpu_builds:
        for stale in (out / cpu_build).iterdir():
            stale.unlink()
        (out / cpu_build).rmdir()
    print(f"{len(manifest)} checks written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
