"""Runs the GPU checks on a machine with an NVIDIA GPU and CUDA (no MLIR):
the sm_90a build of the mx test modules against the CPU path's outputs, bit
for bit, except where GEMMs run on the tensor cores: those are compared with
the exact product within the f32 summation bound. Builds the runtime first.

    python3 python/tools/gpu_check.py build/gpu-artifacts [build/runtime [FILTER]]

FILTER keeps the checks whose function name contains it (for slow runs
under compute-sanitizer).

Prints one line per check and 'gpu checks: N passed, N failed'.
"""

import json
import pathlib
import subprocess
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))

from mx import cpu, cuda  # noqa: E402


def build_runtime(build: pathlib.Path) -> pathlib.Path:
    subprocess.run(["cmake", "-G", "Ninja", "-S", str(ROOT / "runtime"), "-B", str(build),
                    "-DCMAKE_BUILD_TYPE=Release"], check=True, capture_output=True)
    subprocess.run(["ninja", "-C", str(build)], check=True, capture_output=True)
    return build / "libmx_cuda_runtime.so"


def mismatches(got, expected) -> int:
    """Elements whose bits differ; two NaNs count as equal whatever their
    payloads (the CPU and the GPU make different NaN bit patterns)."""
    same = got.view(np.uint8).reshape(got.shape + (-1,)) == expected.view(np.uint8).reshape(expected.shape + (-1,))
    same = same.all(axis=-1)
    if got.dtype.kind == "f":
        same |= np.isnan(got) & np.isnan(expected)
    elif got.dtype == np.uint16 and expected.dtype == np.uint16:  # bf16 bit patterns
        nan = lambda b: ((b & 0x7F80) == 0x7F80) & ((b & 0x007F) != 0)
        same |= nan(got) & nan(expected)
    return int((~same).sum())


def main(argv):
    artifacts = pathlib.Path(argv[1])
    runtime = build_runtime(pathlib.Path(argv[2]) if len(argv) > 2 else ROOT / "build" / "runtime")
    manifest = json.loads((artifacts / "manifest.json").read_text())
    modules = {name: cuda.load(artifacts / name / "module.o", runtime)
               for name in sorted({case["object"] for case in manifest})}
    passed = failed = 0
    only = argv[3] if len(argv) > 3 else ""
    for case in manifest:
        if only not in case["function"]:
            continue
        data = np.load(artifacts / case["file"])
        args = []
        for i in range(case["args"]):
            a = data[f"arg{i}"]
            args.append(int(a) if a.ndim == 0 else a)
        specs = [cpu.Result(tuple(s), np.dtype(d)) for s, d in case["results"]]
        start = time.perf_counter()
        got = modules[case["object"]].call(case["function"], args, specs)
        seconds = time.perf_counter() - start
        if case["check"] == "fp32_sum_bound":
            # Tensor-core GEMMs add in another order than the CPU: compare
            # with the exact product within the f32 summation bound.
            differing = sum(int((np.abs(g - data[f"exact{i}"]) > data[f"bound{i}"]).sum())
                            for i, g in enumerate(got))
        else:
            differing = sum(mismatches(g, data[f"expected{i}"]) for i, g in enumerate(got))
        ok = differing == 0
        passed += ok
        failed += not ok
        detail = "" if ok else f"  ({differing} elements differ)"
        print(f"{'PASS' if ok else 'FAIL'} {case['function']:<28} {seconds * 1e3:8.2f} ms"
              f"  {case['check']}{detail}")
    print(f"gpu checks: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
