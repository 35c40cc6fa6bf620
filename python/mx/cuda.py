"""Compile mx programs for an NVIDIA GPU here, run them on a GPU machine.

The GPU machine has CUDA but no MLIR, so compilation and execution are
split:

* ``compile_gpu_object(source, out, chip)`` (here): ``mx-opt
  --mx-gpu-pipeline`` with a fatbin for ``chip``, ``mlir-translate`` and
  ``llc`` make one host object with the GPU binary embedded;
* ``load(object, runtime)`` (there): links it against the mx CUDA runtime
  (``runtime/``, built by ``build_runtime``) and returns a ``cpu.Module``
  whose arguments and results live in CUDA managed memory, so the same
  calls with numpy arrays work as on the CPU;
* ``load_torch(object, runtime)`` (there): the same module called on
  PyTorch CUDA tensors, returning PyTorch CUDA tensors, without a copy
  through the host.
"""

from __future__ import annotations

import ctypes
import pathlib
import subprocess

import numpy as np

from mx import cpu


def compile_gpu_object(source: str, out: pathlib.Path, chip: str = "sm_90a",
                       options: str = "") -> pathlib.Path:
    """``options``: more mx-gpu-pipeline options, e.g. `` tensor-cores=false``."""
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "input.mlir").write_text(source)
    lowered = cpu._run([cpu.mx_opt_path(), out / "input.mlir",
                        f"--mx-gpu-pipeline=chip={chip} format=fatbin{options}"])
    llvm_ir = cpu._run([cpu.LLVM_BIN / "mlir-translate", "--mlir-to-llvmir"], lowered)
    # The LLVM IR goes to llc through a pipe: kept, it would triple the size
    # of what travels to the GPU machine.
    cpu._run([cpu.LLVM_BIN / "llc", "-O2", "-filetype=obj", "-relocation-model=pic",
              "-", "-o", out / "module.o"], llvm_ir)
    return out / "module.o"


ROOT = pathlib.Path(__file__).resolve().parents[2]


def build_runtime(build: pathlib.Path) -> pathlib.Path:
    """Builds ``runtime/`` (CMake, Ninja, CUDA; no MLIR) into ``build`` and
    returns the path of libmx_cuda_runtime.so."""
    build = pathlib.Path(build)
    subprocess.run(["cmake", "-G", "Ninja", "-S", str(ROOT / "runtime"), "-B", str(build),
                    "-DCMAKE_BUILD_TYPE=Release"], check=True, capture_output=True)
    subprocess.run(["ninja", "-C", str(build)], check=True, capture_output=True)
    return build / "libmx_cuda_runtime.so"


def _link(obj: pathlib.Path, runtime: pathlib.Path):
    """Links ``obj`` into a shared library against the runtime; returns its
    path and the runtime, loaded."""
    obj, runtime = pathlib.Path(obj), pathlib.Path(runtime)
    library = obj.with_suffix(".so")
    subprocess.run(["g++", "-shared", str(obj), "-o", str(library),
                    f"-L{runtime.parent}", f"-Wl,-rpath,{runtime.parent}", "-lmx_cuda_runtime"],
                   check=True)
    return library, load_runtime(runtime)


def load_runtime(runtime: pathlib.Path) -> ctypes.CDLL:
    """The runtime library ``runtime`` (libmx_cuda_runtime.so), loaded,
    with the signatures of the functions drivers call."""
    rt = ctypes.CDLL(str(runtime))
    rt.mxManagedAlloc.restype = ctypes.c_void_p
    rt.mxManagedAlloc.argtypes = [ctypes.c_uint64]
    rt.mxManagedFree.argtypes = [ctypes.c_void_p]
    rt.mxPrefetchToDevice.argtypes = [ctypes.c_void_p, ctypes.c_uint64]
    rt.mxSetHostSharedOnDevice.argtypes = [ctypes.c_int]
    return rt


def load(obj: pathlib.Path, runtime: pathlib.Path) -> cpu.Module:
    """Links ``obj`` with the runtime library ``runtime`` (libmx_cuda_runtime.so)."""
    library, rt = _link(obj, runtime)
    keep = []

    def place(array):
        array = np.ascontiguousarray(array)
        pointer = rt.mxManagedAlloc(max(array.nbytes, 1))
        buffer = (ctypes.c_char * max(array.nbytes, 1)).from_address(pointer)
        managed = np.frombuffer(buffer, dtype=array.dtype, count=array.size).reshape(array.shape)
        managed[...] = array
        # Arguments start the call on the device, like device tensors.
        rt.mxPrefetchToDevice(pointer, array.nbytes)
        keep.append(pointer)
        return managed

    module = cpu.Module(library, place=place, release=rt.mxManagedFree)
    module.runtime = rt
    return module


class _ReturnedBuffer:
    """A buffer that a compiled function returned (runtime-allocated, on the
    device), seen by PyTorch through the CUDA array interface: the data at
    ``address``, the allocation from ``allocated``, which the runtime frees
    when the last tensor on it goes."""

    # PyTorch takes no bf16 through the interface: bf16 results travel as
    # int16 and are viewed as bf16 afterwards.
    TYPESTR = {"uint8": "|u1", "int8": "|i1", "int16": "<i2", "int32": "<i4", "int64": "<i8",
               "float16": "<f2", "float32": "<f4", "float64": "<f8", "bfloat16": "<i2"}

    def __init__(self, allocated: int, address: int, shape, dtype_name: str, free):
        self.allocated, self.free = allocated, free
        self.__cuda_array_interface__ = {
            "shape": tuple(shape), "typestr": self.TYPESTR[dtype_name],
            "data": (address, False), "strides": None, "version": 3}

    def __del__(self):
        self.free(self.allocated)


class TorchModule:
    """A compiled mx module called on PyTorch CUDA tensors (device 0).

    Tensor arguments are passed by their device address: tensors of the
    function's element types (f4E2M1FN and f8E8M0FNU as uint8 bytes, two
    codes per byte, as everywhere in mx), as they are where they are
    contiguous (else a contiguous copy): mx-gpu-pipeline programs never
    write into their arguments (mx-read-only-arguments). The work PyTorch
    queued before the call is waited for (the runtime launches on streams
    of its own), and the function returns when its kernels are done.
    Results are returned as CUDA tensors on the runtime's buffers, without a
    copy; a result that is an argument, or part of one, returned as it is
    comes back as a copy, so that results never share memory with
    arguments. During the call, buffers the program allocates "host shared"
    (its results among them) come from the device's memory pool instead of
    managed memory, which took longer to allocate and free than a
    quantization's kernels."""

    def __init__(self, library: pathlib.Path, rt):
        self.module = cpu.Module(library)
        self.runtime = rt

    def call(self, name: str, args, results):
        """``args``: CUDA tensors and Python ints (i64) or floats (f32);
        ``results``: a (shape, torch dtype) pair per result (shape None for a
        returned scalar). Returns a list of CUDA tensors (and scalars)."""
        import torch

        keep, c_args = {}, []
        for arg in args:
            scalar = cpu.scalar_argument(arg)
            if scalar is not None:
                c_args.append(scalar)
                continue
            if not (isinstance(arg, torch.Tensor) and arg.is_cuda and arg.device.index in (0, None)):
                raise TypeError(f"{name}: arguments must be CUDA tensors of device 0 "
                                f"or Python numbers, not {type(arg).__name__}"
                                + (f" on {arg.device}" if isinstance(arg, torch.Tensor) else ""))
            tensor = arg.contiguous()
            keep[tensor.data_ptr()] = tensor
            desc = cpu.descriptor_type(tensor.dim())()
            desc.allocated = desc.aligned = tensor.data_ptr()
            desc.offset = 0
            if tensor.dim():
                desc.sizes[:] = tensor.shape
                desc.strides[:] = tensor.stride()
            c_args.append(ctypes.byref(desc))
        torch.cuda.current_stream().synchronize()
        specs = [cpu.Result(shape, _numpy_dtype(dtype)) for shape, dtype in results]
        self.runtime.mxSetHostSharedOnDevice(1)
        try:
            returned = self.module.invoke(name, c_args, specs)
        finally:
            self.runtime.mxSetHostSharedOnDevice(0)
        out = []
        for (shape, dtype), spec, value in zip(results, specs, returned):
            if shape is None:
                out.append(spec.dtype.type(value).item())
                continue
            if value.allocated in keep:
                # An argument (or part of it) returned as it is: no buffer
                # of the runtime's; a copy of it.
                base = keep[value.allocated]
                start = (value.aligned + value.offset * spec.dtype.itemsize
                         - base.data_ptr()) // spec.dtype.itemsize
                flat = base.view(-1).view(torch.int16 if dtype == torch.bfloat16 else dtype)
                tensor = flat[start:start + int(np.prod(shape))].view(shape).clone()
                out.append(tensor.view(dtype) if dtype == torch.bfloat16 else tensor)
                continue
            buffer = _ReturnedBuffer(value.allocated,
                                     value.aligned + value.offset * spec.dtype.itemsize,
                                     shape, str(dtype).removeprefix("torch."),
                                     self.runtime.mxManagedFree)
            tensor = torch.as_tensor(buffer, device="cuda")
            out.append(tensor.view(dtype) if dtype == torch.bfloat16 else tensor)
        return out


def _numpy_dtype(dtype) -> np.dtype:
    """The numpy type of a torch dtype's bytes (bf16 as uint16)."""
    name = str(dtype).removeprefix("torch.")
    return np.dtype("uint16" if name == "bfloat16" else name)


def load_torch(obj: pathlib.Path, runtime: pathlib.Path) -> TorchModule:
    """Links ``obj`` with the runtime library ``runtime`` for calls on PyTorch
    CUDA tensors."""
    library, rt = _link(obj, runtime)
    return TorchModule(library, rt)
