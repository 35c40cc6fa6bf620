"""Times mx.matmul on the GPU: the tensor-core kernel of
mx-gpu-block-scaled-matmul against the SIMT kernel the pipeline makes
without it, with cuBLAS's bf16 GEMM (through PyTorch) on the same shape as
the yardstick, all in one run.

    # here (MLIR): both builds for sm_90a
    python3 python/tools/gpu_bench.py compile build/gpu-bench
    # on the GPU machine (CUDA, PyTorch): check, then time
    python3 python/tools/gpu_bench.py run build/gpu-bench

Kernel times come from PyTorch's profiler (CUPTI sees every kernel of the
process, ours included): the median over the timed calls of the summed
device time of the kernels one call launches (for mx.matmul: the zero fill
of the result and the matmul). The whole call, managed-memory traffic
included, is shown beside it. Each result is first checked
against the exact float64 product within the f32 summation bound.
"""

import json
import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

SHAPES = [(4096, 4096, 4096), (8192, 2048, 2048)]
VARIANTS = {"mma": "", "simt": " tensor-cores=false"}
REPEATS = 5


def source(m, n, k):
    a, b = f"tensor<{m}x{k}xf4E2M1FN>", f"tensor<{n}x{k}xf4E2M1FN>"
    a_s, b_s = f"tensor<{m}x{k // 32}xf8E8M0FNU>", f"tensor<{n}x{k // 32}xf8E8M0FNU>"
    return (f"func.func @mm_{m}x{n}x{k}(%a: {a}, %as: {a_s}, %b: {b}, %bs: {b_s}) "
            f"-> tensor<{m}x{n}xf32> {{\n"
            f"  %0 = mx.matmul %a, %as, %b, %bs : {a}, {a_s}, {b}, {b_s} -> tensor<{m}x{n}xf32>\n"
            f"  return %0 : tensor<{m}x{n}xf32>\n}}\n")


def compile_all(out: pathlib.Path):
    from mx import cuda
    module = "".join(source(*s) for s in SHAPES)
    for variant, options in VARIANTS.items():
        cuda.compile_gpu_object(module, out / variant, "sm_90a", options)
    (out / "shapes.json").write_text(json.dumps(SHAPES))
    print(f"{len(VARIANTS)} builds of {len(SHAPES)} matmuls written to {out}")


def kernel_ms(profile):
    """Summed device time of the kernels in a profile, in ms."""
    return sum(e.device_time_total for e in profile.key_averages()
               if e.device_type.name == "CUDA") / 1e3


def run(out: pathlib.Path):
    import torch
    from mx import cpu, cuda
    from mx import reference as ref
    from gpu_check import build_runtime

    runtime = build_runtime(ROOT / "build" / "runtime")
    modules = {v: cuda.load(out / v / "module.o", runtime) for v in VARIANTS}
    profiler = torch.profiler
    print(f"{'shape MxNxK':<18} {'kernel':<8} {'median ms':>10} {'TFLOP/s':>9} {'vs cuBLAS bf16':>15}")
    for m, n, k in json.loads((out / "shapes.json").read_text()):
        rng = np.random.default_rng([m, n, k])
        # Any codes; scales 2^-7 .. 2^7, far from f32 overflow.
        a, b = (rng.integers(0, 16, (rows, k), dtype=np.uint8) for rows in (m, n))
        a_s, b_s = (rng.integers(120, 135, (rows, k // 32), dtype=np.uint8) for rows in (m, n))
        args = [ref.pack_codes(a), a_s, ref.pack_codes(b), b_s]
        deq = lambda c, s: torch.from_numpy(ref.dequantize(c, s, 1)).cuda()
        a64, b64 = deq(a, a_s), deq(b, b_s)
        exact = a64 @ b64.T
        bound = torch.from_numpy(ref.fp32_sum_bound((a64.abs() @ b64.abs().T).cpu().numpy(), k + 1))
        flop = 2 * m * n * k

        # The yardstick: cuBLAS on the same values in bf16 (E2M1 times a
        # power of two is exact in bf16 here).
        a16, b16 = a64.to(torch.bfloat16), b64.to(torch.bfloat16)
        for _ in range(3):
            a16 @ b16.T
        times = []
        for _ in range(REPEATS):
            with profiler.profile(activities=[profiler.ProfilerActivity.CUDA]) as p:
                a16 @ b16.T
                torch.cuda.synchronize()
            times.append(kernel_ms(p))
        cublas = statistics.median(times)
        print(f"{f'{m}x{n}x{k}':<18} {'cublas':<8} {cublas:10.3f} {flop / cublas / 1e9:9.1f} {1.0:15.2f}")

        for variant, module in modules.items():
            name = f"mm_{m}x{n}x{k}"
            spec = [cpu.Result((m, n), np.float32)]
            (got,) = module.call(name, args, spec)  # warm-up and check
            err = (torch.from_numpy(got).double().cuda() - exact).abs().cpu()
            bad = int((err > bound).sum())
            if bad:
                print(f"FAIL {name} {variant}: {bad} elements outside the f32 bound")
                return 1
            times, calls = [], []
            for _ in range(REPEATS):
                with profiler.profile(activities=[profiler.ProfilerActivity.CUDA]) as p:
                    start = time.perf_counter()
                    module.call(name, args, spec)
                    calls.append((time.perf_counter() - start) * 1e3)
                times.append(kernel_ms(p))
            t = statistics.median(times)
            if t == 0:
                print(f"FAIL {name} {variant}: the profiler saw no kernels")
                return 1
            print(f"{f'{m}x{n}x{k}':<18} {variant:<8} {t:10.3f} {flop / t / 1e9:9.1f} {cublas / t:15.3f}"
                  f"   (whole call {statistics.median(calls):.1f} ms)")
    return 0


def main(argv):
    if len(argv) != 3 or argv[1] not in ("compile", "run"):
        print(__doc__)
        return 2
    out = pathlib.Path(argv[2])
    if argv[1] == "compile":
        compile_all(out)
        return 0
    return run(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
