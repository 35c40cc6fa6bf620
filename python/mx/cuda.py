"""Compile mx programs for an NVIDIA GPU here, run them on a GPU machine.

The GPU machine has CUDA but no MLIR, so compilation and execution are
split:

* ``compile_gpu_object(source, out, chip)`` (here): ``mx-opt
  --mx-gpu-pipeline`` with a fatbin for ``chip``, ``mlir-translate`` and
  ``llc`` make one host object with the GPU binary embedded;
* ``load(object, runtime)`` (there): links it against the mx CUDA runtime
  (``runtime/``) and returns a ``cpu.Module`` whose arguments and results
  live in CUDA managed memory, so the same calls work as on the CPU.
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
    (out / "module.ll").write_bytes(llvm_ir)
    cpu._run([cpu.LLVM_BIN / "llc", "-O2", "-filetype=obj", "-relocation-model=pic",
              out / "module.ll", "-o", out / "module.o"])
    return out / "module.o"


def load(obj: pathlib.Path, runtime: pathlib.Path) -> cpu.Module:
    """Links ``obj`` with the runtime library ``runtime`` (libmx_cuda_runtime.so)."""
    obj, runtime = pathlib.Path(obj), pathlib.Path(runtime)
    library = obj.with_suffix(".so")
    subprocess.run(["g++", "-shared", str(obj), "-o", str(library),
                    f"-L{runtime.parent}", f"-Wl,-rpath,{runtime.parent}", "-lmx_cuda_runtime"],
                   check=True)
    rt = ctypes.CDLL(str(runtime))
    rt.mxManagedAlloc.restype = ctypes.c_void_p
    rt.mxManagedAlloc.argtypes = [ctypes.c_uint64]
    rt.mxManagedFree.argtypes = [ctypes.c_void_p]
    rt.mxPrefetchToDevice.argtypes = [ctypes.c_void_p, ctypes.c_uint64]
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
