"""Times mx.quantize and mx.matmul on the GPU, all in one run: quantization
of a large f32 and bf16 tensor (nearest-even and stochastic rounding, along
rows and along columns) against a device-to-device copy of the same input, and the tensor-core
matmuls of mx-gpu-block-scaled-matmul (the streamed and the warpgroup
wgmma kernels where the shape divides into their tiles, the mma.sync
kernel, and its E4M3 variant)
against the SIMT kernel the pipeline makes without them and a Triton
`tl.dot_scaled` kernel (triton_mxfp4.py) on the same operands, with
cuBLAS's bf16 GEMM (through PyTorch) on the same values as the
yardstick.

    # here (MLIR): the builds for sm_90a (of the given matmul shapes only,
    # e.g. 256x28672x8192, if any are named; the quantizers always)
    python3 python/tools/gpu_bench.py compile build/gpu-bench [MxNxK ...]
    # on the GPU machine (CUDA, PyTorch): check, then time
    python3 python/tools/gpu_bench.py run build/gpu-bench [quantize|matmul]
    # one matmul of one build, or one quantizer (e.g. q0_bf16_stochastic),
    # called a few times with nothing else running: for a profiler, e.g.
    # ncu --clock-control none --kernel-name regex:mm_
    python3 python/tools/gpu_bench.py profile build/gpu-bench MxNxK [build]
    python3 python/tools/gpu_bench.py profile build/gpu-bench QUANTIZER

Kernel times come from PyTorch's profiler (CUPTI sees every kernel of the
process, ours included): the median over the timed calls of the summed
device time of the kernels one call launches (for mx.matmul: all of its
kernels and memsets, with the zero fill of the result where a kernel adds
into it),
with L2 flushed before each call. Arguments
and results are PyTorch CUDA tensors (cuda.load_torch), passed without a
copy. The wall time of the whole call is shown beside it.
Each matmul result is first checked against the exact float64 product
within the f32 summation bound, each quantizer's first 64 rows bit for bit
against the numpy reference.
"""

import json
import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(ROOT / "python" / "tests"))

# The GEMMs of BRIEF section 5: the square ones, and weight-bound ones with
# a 28672 x 8192 weight (M = 128 and 512 besides: the two tiles of the
# streamed kernel that converts B itself).
SHAPES = [(4096, 4096, 4096), (8192, 8192, 8192), (8192, 2048, 2048),
          (1, 28672, 8192), (16, 28672, 8192), (64, 28672, 8192),
          (128, 28672, 8192), (256, 28672, 8192), (512, 28672, 8192)]
# The tensor-core kernels with the scales folded into bf16 operands: the
# default (the streamed kernel for large M and N, the warpgroup kernel on
# wgmma where the shape divides into its tiles), the warpgroup kernel
# where the streamed one would run, mma.sync; the one that scales E4M3
# block sums in f32; and SIMT.
VARIANTS = {"wgmma": "", "wgmma-fused": " sm90-streamed=false",
            "mma": " sm90-warpgroup=false", "mma-e4m3": " sm90-operands=e4m3",
            "simt": " tensor-cores=false"}
# The SIMT kernel only where it takes seconds, not minutes.
SIMT_SHAPES = [(4096, 4096, 4096), (8192, 2048, 2048)]
REPEATS = 10
# Quantization along rows (1 x 32 blocks) and along columns (32 x 1),
# floor scale rule, of a 16384 x 16384 tensor: (function, input type,
# rounding, axis).
QUANTIZE_SHAPE = (16384, 16384)
QUANTIZERS = [(f"q{'0' if axis == 0 else ''}_{dtype}_{rounding}", dtype, rounding, axis)
              for axis in (1, 0) for dtype in ("f32", "bf16")
              for rounding in ("nearest_even", "stochastic")]
# One kernel per quantization (mx-gpu-quantize, the default) and the
# reference's linalg ops as SIMT kernels.
QUANTIZE_VARIANTS = {"quantize": "", "quantize-linalg": " fused-quantize=false"}
SEED, OFFSET = 0x9E3779B97F4A7C15, 0x0000000500000003
L2_FLUSH_BYTES = 256 << 20  # well above the H200's 60 MB of L2


def source(m, n, k):
    a, b = f"tensor<{m}x{k}xf4E2M1FN>", f"tensor<{n}x{k}xf4E2M1FN>"
    a_s, b_s = f"tensor<{m}x{k // 32}xf8E8M0FNU>", f"tensor<{n}x{k // 32}xf8E8M0FNU>"
    return (f"func.func @mm_{m}x{n}x{k}(%a: {a}, %as: {a_s}, %b: {b}, %bs: {b_s}) "
            f"-> tensor<{m}x{n}xf32> {{\n"
            f"  %0 = mx.matmul %a, %as, %b, %bs : {a}, {a_s}, {b}, {b_s} -> tensor<{m}x{n}xf32>\n"
            f"  return %0 : tensor<{m}x{n}xf32>\n}}\n")


def compile_all(out: pathlib.Path, shapes=SHAPES):
    from mx import cuda
    for variant, options in VARIANTS.items():
        chosen = [s for s in shapes if s in SIMT_SHAPES] if variant == "simt" else shapes
        if not chosen:
            continue
        module = "".join(source(*s) for s in chosen)
        cuda.compile_gpu_object(module, out / variant, "sm_90a", options)
    (out / "shapes.json").write_text(json.dumps(shapes))
    import test_cpu_differential as diff
    module = "".join(diff.quantize_function(name, dtype, "floor", rounding, shape=QUANTIZE_SHAPE,
                                            axis=axis)
                     for name, dtype, rounding, axis in QUANTIZERS)
    for variant, options in QUANTIZE_VARIANTS.items():
        cuda.compile_gpu_object(module, out / variant, "sm_90a", options)
    print(f"{len(VARIANTS)} builds of {len(shapes)} matmuls and {len(QUANTIZERS)} "
          f"quantizers written to {out}")


def kernel_ms(profile, copies=False, fills=False):
    """Summed device time of the kernels in a profile, in ms; memory copies
    and fills (the driver's own work) only with `copies`, fills also with
    `fills`."""
    def counted(key):
        if key.startswith("Memcpy"):
            return copies
        if key.startswith("Memset"):
            return copies or fills
        return True
    return sum(e.device_time_total for e in profile.key_averages()
               if e.device_type.name == "CUDA" and counted(e.key)) / 1e3


def median_kernel_ms(call, repeats, flush_l2, copies=False, fills=False):
    """Median over `repeats` calls of the device time of one call (see
    kernel_ms), each after an L2 flush; also the median wall time of a
    whole call."""
    import torch
    times, calls = [], []
    for _ in range(repeats):
        flush_l2()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as p:
            start = time.perf_counter()
            call()
            torch.cuda.synchronize()
            calls.append((time.perf_counter() - start) * 1e3)
        times.append(kernel_ms(p, copies, fills))
    return statistics.median(times), statistics.median(calls)


def quantizer_call(rounding, axis, tensor):
    """The arguments and result specs of a quantizer of QUANTIZERS on
    `tensor` (the QUANTIZE_SHAPE input on the device; bf16 as int16
    bits)."""
    import torch
    import test_cpu_differential as diff
    rows, cols = QUANTIZE_SHAPE
    args = [tensor]
    if rounding == "stochastic":
        args += [diff.signed(SEED), diff.signed(OFFSET)]
    scale_shape = (rows, cols // 32) if axis == 1 else (rows // 32, cols)
    return args, [((rows, cols // 2), torch.uint8), (scale_shape, torch.uint8)]


def run_quantize(out, runtime, flush_l2):
    """Quantizers against a device-to-device copy of their input."""
    import torch
    from mx import cuda
    from mx import reference as ref
    modules = {v: cuda.load_torch(out / v / "module.o", runtime) for v in QUANTIZE_VARIANTS}
    rows, cols = QUANTIZE_SHAPE
    rng = np.random.default_rng(7)
    values = rng.standard_normal((rows, cols), dtype=np.float32) * np.float32(4.0)
    inputs = {"f32": values, "bf16": ref.float_to_bf16_bits(values.astype(np.float64))}
    print(f"{'quantize ' + 'x'.join(map(str, QUANTIZE_SHAPE)):<28} {'median ms':>10} {'TB/s':>7} {'vs copy':>8}")
    copies = {}
    for dtype, stored in inputs.items():
        device = torch.from_numpy(stored).cuda()
        device.clone()
        copy_ms, _ = median_kernel_ms(device.clone, REPEATS, flush_l2, copies=True)
        copies[dtype] = 2 * stored.nbytes / copy_ms / 1e9
        print(f"{'copy ' + dtype:<28} {copy_ms:10.3f} {copies[dtype]:7.2f} {1.0:8.2f}")
    nearest = {}
    for name, dtype, rounding, axis in QUANTIZERS:
        args, specs = quantizer_call(
            rounding, axis,
            torch.from_numpy(inputs[dtype].view(np.int16) if dtype == "bf16" else inputs[dtype])
            .cuda())
        extra = {"seed": SEED, "offset": OFFSET} if rounding == "stochastic" else {}
        # Check the first 64 rows against the reference (blocks of rows
        # and of 32 rows are independent, and element indices, which feed
        # the random stream, are the same).
        head = values[:64].astype(np.float64) if dtype == "f32" else \
            ref.bf16_bits_to_float(inputs[dtype][:64])
        want_codes, want_scales = ref.quantize(head, axis, "floor", rounding, **extra)
        for variant, module in modules.items():
            codes, scales = module.call(name, args, specs)
            codes, scales = codes[:64].cpu().numpy(), scales[:len(want_scales)].cpu().numpy()
            if not (np.array_equal(ref.unpack_codes(codes), want_codes)
                    and np.array_equal(scales, want_scales)):
                print(f"FAIL {name} ({variant}): differs from the reference")
                return 1
            t, whole = median_kernel_ms(lambda: module.call(name, args, specs), REPEATS, flush_l2)
            nbytes = inputs[dtype].nbytes + rows * cols // 2 + rows * cols // 32
            bandwidth = nbytes / t / 1e9
            nearest.setdefault((dtype, variant, axis), t)
            label = name if variant == "quantize" else f"{name} (linalg)"
            print(f"{label:<28} {t:10.3f} {bandwidth:7.2f} {bandwidth / copies[dtype]:8.3f}"
                  f"   ({t / nearest[(dtype, variant, axis)]:.2f}x nearest; whole call {whole:.0f} ms)")
    return 0


def matmul_operands(m, n, k):
    """Random operands of an M x N x K matmul: codes and scales of A and B
    (numpy), and the four as PyTorch CUDA tensors, codes packed."""
    import torch
    from mx import reference as ref
    rng = np.random.default_rng([m, n, k])
    # Any codes; scales 2^-7 .. 2^7, far from f32 overflow.
    a, b = (rng.integers(0, 16, (rows, k), dtype=np.uint8) for rows in (m, n))
    a_s, b_s = (rng.integers(120, 135, (rows, k // 32), dtype=np.uint8) for rows in (m, n))
    args = [torch.from_numpy(x).cuda() for x in (ref.pack_codes(a), a_s, ref.pack_codes(b), b_s)]
    return a, a_s, b, b_s, args


def run(out: pathlib.Path, parts):
    import torch
    from mx import cuda
    from mx import reference as ref
    import triton_mxfp4

    runtime = cuda.build_runtime(ROOT / "build" / "runtime")
    # Without its shapes (compile with named ones), the SIMT build is absent.
    modules = {v: cuda.load_torch(out / v / "module.o", runtime) for v in VARIANTS
               if (out / v / "module.o").exists()}
    flush_buffer = torch.empty(L2_FLUSH_BYTES, dtype=torch.uint8, device="cuda")

    def flush_l2():
        flush_buffer.zero_()
        torch.cuda.synchronize()

    if "quantize" in parts and run_quantize(out, runtime, flush_l2):
        return 1
    if "matmul" not in parts:
        return 0

    print(f"{'shape MxNxK':<18} {'kernel':<8} {'median ms':>10} {'TFLOP/s':>9} {'vs cuBLAS bf16':>15}")
    for m, n, k in json.loads((out / "shapes.json").read_text()):
        a, a_s, b, b_s, args = matmul_operands(m, n, k)
        deq = lambda c, s: torch.from_numpy(ref.dequantize(c, s, 1)).cuda()
        a64, b64 = deq(a, a_s), deq(b, b_s)
        exact = a64 @ b64.T
        bound = torch.from_numpy(ref.fp32_sum_bound((a64.abs() @ b64.abs().T).cpu().numpy(), k + 1))
        flop = 2 * m * n * k

        def check(got, who):
            err = (torch.as_tensor(got).double().cuda() - exact).abs().cpu()
            bad = int((err > bound).sum())
            if bad:
                print(f"FAIL {m}x{n}x{k} {who}: {bad} elements outside the f32 bound")
            return bad == 0

        def report(who, t, note=""):
            print(f"{f'{m}x{n}x{k}':<18} {who:<8} {t:10.3f} {flop / t / 1e9:9.1f} "
                  f"{cublas / t:15.3f}{note}")

        # The yardstick: cuBLAS on the same values in bf16 (E2M1 times a
        # power of two is exact in bf16 here).
        a16, b16 = a64.to(torch.bfloat16), b64.to(torch.bfloat16)
        for _ in range(3):
            a16 @ b16.T
        cublas, _ = median_kernel_ms(lambda: a16 @ b16.T, REPEATS, flush_l2)
        report("cublas", cublas)

        for variant, module in modules.items():
            if variant == "simt" and [m, n, k] not in [list(s) for s in SIMT_SHAPES]:
                continue
            name = f"mm_{m}x{n}x{k}"
            spec = [((m, n), torch.float32)]
            (got,) = module.call(name, args, spec)  # warm-up and check
            if not check(got, variant):
                return 1
            # Fills included: the converting kernel's tile flags are
            # zeroed by a memset of the runtime.
            t, whole = median_kernel_ms(lambda: module.call(name, args, spec),
                                        3 if variant == "simt" else REPEATS, flush_l2,
                                        fills=True)
            if t == 0:
                print(f"FAIL {name} {variant}: the profiler saw no kernels")
                return 1
            report(variant, t, f"   (whole call {whole:.1f} ms)")

        # Triton's tl.dot_scaled on the same operands: the fastest of the
        # tiles that fit, each checked first.
        out_t = torch.empty((m, n), dtype=torch.float32, device="cuda")
        best = None
        for tile in (t for t in triton_mxfp4.TILES if triton_mxfp4.fits(t, m, n, k)):
            call = lambda: triton_mxfp4.matmul(*args, out_t, tile)
            out_t.fill_(float("nan"))
            if not check(call().cpu(), f"triton {tile}"):
                return 1
            t, _ = median_kernel_ms(call, 3, flush_l2)
            if best is None or t < best[0]:
                best = (t, tile)
        if best:
            call = lambda: triton_mxfp4.matmul(*args, out_t, best[1])
            t, _ = median_kernel_ms(call, REPEATS, flush_l2)
            report("triton", t, f"   (tile {'x'.join(map(str, best[1][:3]))}, "
                                f"{best[1][3]} warps, {best[1][4]} stages)")
    return 0


def profile(out: pathlib.Path, what, variant, calls=3):
    """Calls matmul `what` ("MxNxK") of build `variant`, or quantizer
    `what` (a name of QUANTIZERS, build "quantize"), `calls` times on
    random operands, without timing it: the kernels to look at in a
    profiler."""
    import torch
    from mx import cuda
    runtime = cuda.build_runtime(ROOT / "build" / "runtime")
    quantizer = next((q for q in QUANTIZERS if q[0] == what), None)
    if quantizer:
        name, dtype, rounding, axis = quantizer
        module = cuda.load_torch(out / "quantize" / "module.o", runtime)
        values = torch.randn(*QUANTIZE_SHAPE, device="cuda") * 4
        args, specs = quantizer_call(
            rounding, axis, values.bfloat16().view(torch.int16) if dtype == "bf16" else values)
        call = lambda: module.call(name, args, specs)
    else:
        m, n, k = map(int, what.split("x"))
        module = cuda.load_torch(out / variant / "module.o", runtime)
        args = matmul_operands(m, n, k)[4]
        call = lambda: module.call(f"mm_{m}x{n}x{k}", args, [((m, n), torch.float32)])
    for _ in range(calls):
        call()
    torch.cuda.synchronize()
    return 0


def main(argv):
    parts = ("quantize", "matmul")
    if len(argv) >= 4 and argv[1] == "profile" and len(argv) <= 5:
        return profile(pathlib.Path(argv[2]), argv[3], argv[4] if len(argv) == 5 else "wgmma")
    if len(argv) >= 3 and argv[1] == "compile":
        try:
            shapes = [tuple(int(d) for d in shape.split("x")) for shape in argv[3:]]
        except ValueError:
            shapes = [()]
        if any(len(shape) != 3 or min(shape) < 1 for shape in shapes):
            print(f"gpu_bench.py: matmul shapes are MxNxK, e.g. 256x28672x8192; got "
                  f"{' '.join(argv[3:])}", file=sys.stderr)
            return 2
        compile_all(pathlib.Path(argv[2]), shapes or SHAPES)
        return 0
    if len(argv) not in (3, 4) or argv[1] != "run" or \
            (len(argv) == 4 and argv[3] not in parts):
        print(__doc__)
        return 2
    out = pathlib.Path(argv[2])
    return run(out, argv[3:] or parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
