"""The GPU checks: the sm_90a builds of the mx test modules, run on an
NVIDIA GPU, against the CPU path's outputs on the same inputs. Quantization
must match bit for bit; GEMMs on the tensor cores add in another order than
the CPU, so they are compared with the exact float64 product within the f32
summation bound (for the largest, whose float64 product would be too big
to carry, computed here from their operands with the same reference).

Compiling needs MLIR and running needs a GPU, so the checks come in two
halves (docs/gpu.md):

    # on a machine with MLIR: modules, inputs and CPU outputs
    python3 python/tools/gpu_artifacts.py build/gpu-artifacts
    # on a machine with an NVIDIA GPU, CUDA, CMake (and PyTorch for the
    # tensor tests)
    python3 -m pytest python/tests/test_gpu.py

Each check runs twice: with numpy arrays in CUDA managed memory
(cuda.load), and with PyTorch CUDA tensors (cuda.load_torch). Where there is
no GPU, every test here is skipped. MX_GPU_ARTIFACTS names another
artifacts folder, MX_GPU_RUNTIME_BUILD the runtime's build folder.
"""

import ctypes
import json
import os
import pathlib

import numpy as np
import pytest

from mx import cpu, cuda
from mx import reference as ref

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = pathlib.Path(os.environ.get("MX_GPU_ARTIFACTS", ROOT / "build" / "gpu-artifacts"))
RUNTIME_BUILD = pathlib.Path(os.environ.get("MX_GPU_RUNTIME_BUILD", ROOT / "build" / "runtime"))


def _cuda_devices() -> int:
    """How many CUDA devices the driver sees (0 without a driver)."""
    try:
        driver = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return 0
    count = ctypes.c_int(0)
    if driver.cuInit(0) != 0 or driver.cuDeviceGetCount(ctypes.byref(count)) != 0:
        return 0
    return count.value


def _torch():
    try:
        import torch
    except ImportError:
        return None
    return torch if torch.cuda.is_available() else None


HAVE_GPU = _cuda_devices() > 0
pytestmark = pytest.mark.skipif(
    not HAVE_GPU, reason="no NVIDIA GPU with a CUDA driver here: these checks run the "
                         "kernels on one (how: docs/gpu.md, 'Running on a GPU machine')")

# Without a GPU the checks are one skipped test, not one per check.
MANIFEST = (json.loads((ARTIFACTS / "manifest.json").read_text())
            if HAVE_GPU and (ARTIFACTS / "manifest.json").exists() else [])


def test_artifacts_present():
    assert MANIFEST, (f"no GPU artifacts in {ARTIFACTS}: run "
                      f"'python3 python/tools/gpu_artifacts.py {ARTIFACTS}' where MLIR is")


@pytest.fixture(scope="session")
def runtime():
    return cuda.build_runtime(RUNTIME_BUILD)


@pytest.fixture(scope="session")
def modules(runtime):
    loaded = {}

    def get(kind, name):
        if name not in loaded:
            # Linked once; the PyTorch calls go to the same library.
            managed = cuda.load(ARTIFACTS / name / "module.o", runtime)
            loaded[name] = {"numpy": managed,
                            "torch": cuda.TorchModule(managed.path, managed.runtime)}
        return loaded[name][kind]
    return get


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


def outside_bound(got, exact, bound) -> int:
    """How many elements of `got` are not within `bound` of `exact` (NaN
    counts as outside)."""
    return int((~(np.abs(got - exact) <= bound)).sum())


def differing(case, data, got) -> int:
    if case["check"] == "fp32_sum_bound_on_run":
        (result,) = got
        exact, bound = ref.packed_matmul_and_bound(*_arguments(case, data))
        return outside_bound(result, exact, bound)
    if case["check"] == "fp32_sum_bound":
        return sum(outside_bound(g, data[f"exact{i}"], data[f"bound{i}"])
                   for i, g in enumerate(got))
    return sum(mismatches(g, data[f"expected{i}"]) for i, g in enumerate(got))


def _arguments(case, data):
    args = []
    for i in range(case["args"]):
        a = data[f"arg{i}"]
        args.append(int(a) if a.ndim == 0 else a)
    return args


def _to_torch(torch, array):
    """A CUDA tensor of the same bytes; uint16 arrays hold bf16 bits here."""
    if array.dtype == np.uint16:
        return torch.from_numpy(array.view(np.int16)).view(torch.bfloat16).cuda()
    return torch.from_numpy(array).cuda()


def _from_torch(torch, tensor):
    if tensor.dtype == torch.bfloat16:
        return tensor.view(torch.int16).cpu().numpy().view(np.uint16)
    return tensor.cpu().numpy()


def _torch_dtype(torch, name):
    return torch.bfloat16 if name == "uint16" else getattr(torch, name)


@pytest.mark.parametrize("kind", ["numpy", "torch"])
@pytest.mark.parametrize("case", MANIFEST, ids=[f"{c['function']}-{c['file'].removesuffix('.npz')}"
                                               for c in MANIFEST])
def test_matches_cpu(case, kind, modules):
    data = np.load(ARTIFACTS / case["file"])
    args = _arguments(case, data)
    module = modules(kind, case["object"])
    if kind == "numpy":
        specs = [cpu.Result(tuple(s), np.dtype(d)) for s, d in case["results"]]
        got = module.call(case["function"], args, specs)
    else:
        torch = _torch()
        if torch is None:
            pytest.skip("needs PyTorch with CUDA")
        tensors = [a if isinstance(a, int) else _to_torch(torch, a) for a in args]
        specs = [(tuple(s), _torch_dtype(torch, d)) for s, d in case["results"]]
        results = module.call(case["function"], tensors, specs)
        assert all(r.is_cuda for r in results)
        got = [_from_torch(torch, r) for r in results]
        # The arguments are the caller's and stay as they were.
        for tensor, array in zip(tensors, args):
            if not isinstance(array, int):
                assert mismatches(_from_torch(torch, tensor), array) == 0
    assert differing(case, data, got) == 0


def _torch_check(modules, function):
    """PyTorch (skipping without it), the manifest entry of `function`'s
    check, its data and its module for PyTorch tensors."""
    torch = _torch()
    if torch is None:
        pytest.skip("needs PyTorch with CUDA")
    case = next((c for c in MANIFEST if c["function"] == function), None)
    if case is None:
        pytest.fail(f"no {function} check in {ARTIFACTS}")
    return torch, np.load(ARTIFACTS / case["file"]), modules("torch", case["object"])


def test_host_shared_on_device_is_per_thread(runtime):
    """mxSetHostSharedOnDevice changes where the calling thread's host-shared
    buffers come from, not another thread's."""
    import threading
    driver = ctypes.CDLL("libcuda.so.1")
    rt = cuda.load_runtime(runtime)

    def managed(pointer) -> bool:
        flag = ctypes.c_uint(0)
        # CU_POINTER_ATTRIBUTE_IS_MANAGED
        assert driver.cuPointerGetAttribute(ctypes.byref(flag), 8,
                                            ctypes.c_uint64(pointer)) == 0
        return bool(flag.value)

    seen = {}

    def allocate(name):
        pointer = rt.mxManagedAlloc(256)
        seen[name] = managed(pointer)
        rt.mxManagedFree(pointer)

    rt.mxSetHostSharedOnDevice(1)
    try:
        allocate("this thread")
        other = threading.Thread(target=allocate, args=("other thread",))
        other.start()
        other.join()
    finally:
        rt.mxSetHostSharedOnDevice(0)
    allocate("after")
    assert seen == {"this thread": False, "other thread": True, "after": True}


def test_torch_rejects_host_tensors(modules):
    torch, data, module = _torch_check(modules, "dq_f32")
    with pytest.raises(TypeError, match="dq_f32: arguments must be CUDA tensors"):
        module.call("dq_f32", [torch.from_numpy(data["arg0"]), torch.from_numpy(data["arg1"])],
                    [((1024, 128), torch.float32)])


def test_torch_results_do_not_share_arguments(modules):
    """Arguments go to the program as they are (it never writes into them);
    a result that is an argument returned as it is comes back as a copy."""
    torch, data, module = _torch_check(modules, "passthrough")
    x = _to_torch(torch, data["arg0"])
    same, codes, scales = module.call("passthrough", [x], [((64, 32), torch.float32),
                                                          ((64, 16), torch.uint8),
                                                          ((64, 1), torch.uint8)])
    assert torch.equal(same, x)
    assert same.data_ptr() != x.data_ptr()
    before = same.clone()
    x.add_(1.0)
    assert torch.equal(same, before)
