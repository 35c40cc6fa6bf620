"""Compile mx programs for the CPU and call them on numpy arrays.

``compile_module`` runs ``mx-opt --mx-cpu-pipeline``, Debian's
``mlir-translate`` and ``llc``, and links a shared library; ``Module`` loads
it and calls its functions through the C interface wrappers
(``_mlir_ciface_<name>``) with memref descriptors built by ctypes.

Arguments and results use the storage types of the CPU pipeline: E2M1 codes
as ``uint8`` arrays holding two codes per byte along the last axis (see
``reference.pack_codes``), E8M0 scales as ``uint8``, bf16 as ``uint16`` bit
patterns. The compiled code may reuse an argument's buffer for a result, so
arguments are passed as private copies. Returned buffers belong to the caller;
they are copied into numpy arrays and freed.
"""

from __future__ import annotations

import ctypes
import os
import pathlib
import re
import subprocess
import tempfile

import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
LLVM_BIN = pathlib.Path(os.environ.get("MX_LLVM_BIN", "/usr/lib/llvm-22/bin"))


def mx_opt_path() -> pathlib.Path:
    """mx-opt of the build the tests run against ($MX_OPT, else build/)."""
    return pathlib.Path(os.environ.get("MX_OPT", REPO / "build" / "bin" / "mx-opt"))


def _run(command, stdin=None):
    result = subprocess.run(
        [str(c) for c in command], input=stdin, capture_output=True
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{command[0]} failed ({result.returncode}):\n"
            + result.stderr.decode(errors="replace")
        )
    return result.stdout


def compile_module(source: str, workdir: pathlib.Path | None = None) -> "Module":
    """Compiles mx IR text to a shared library and loads it."""
    workdir = pathlib.Path(workdir or tempfile.mkdtemp(prefix="mx-cpu-"))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "input.mlir").write_text(source)
    llvm_dialect = _run([mx_opt_path(), workdir / "input.mlir", "--mx-cpu-pipeline"])
    llvm_ir = _run([LLVM_BIN / "mlir-translate", "--mlir-to-llvmir"], llvm_dialect)
    (workdir / "module.ll").write_bytes(llvm_ir)
    _run(
        [
            LLVM_BIN / "llc",
            "-O2",
            "-filetype=obj",
            "-relocation-model=pic",
            workdir / "module.ll",
            "-o",
            workdir / "module.o",
        ]
    )
    # memref copies call memrefCopy from MLIR's C runner utilities; erf and
    # friends come from libm.
    lib = LLVM_BIN.parent / "lib"
    _run(
        [
            "cc", "-shared", workdir / "module.o", "-o", workdir / "module.so",
            f"-L{lib}", f"-Wl,-rpath,{lib}", "-lmlir_c_runner_utils", "-lm",
        ]
    )
    return Module(workdir / "module.so")


_DTYPES = {"f32": np.float32, "f64": np.float64, "f16": np.float16, "bf16": np.uint16,
           "i64": np.int64, "i32": np.int32, "i8": np.uint8}


def _parse_type(text: str):
    """'tensor<4x8xf32>' -> ((4, 8), float32); 'i64' -> (None, int64):
    a shape of None is a scalar passed by value."""
    text = text.strip()
    if not text.startswith("tensor<"):
        return None, np.dtype(_DTYPES[text]) if text in _DTYPES else None
    body = text[len("tensor<"):-1]
    *dims, element = body.split("x")
    return tuple(int(d) for d in dims), np.dtype(_DTYPES[element])


def function_signature(source: str, name: str):
    """The argument and result types of ``func.func @name`` in ``source``, as
    lists of (shape, dtype); dtype is None for scalars. Static shapes only."""
    start = source.index(f"func.func @{name}(")
    depth, i = 0, source.index("(", start)
    for j in range(i, len(source)):
        depth += {"(": 1, ")": -1}.get(source[j], 0)
        if depth == 0:
            break
    params = source[i + 1 : j]
    rest = source[j + 1 : source.index("{", j) if "{" in source[j:] else None]
    args = [
        _parse_type(t.split("{")[0])
        for t in re.findall(r"%[\w]+: ([^,{]+(?:\{[^}]*\})?)", params)
    ]
    results = []
    if "->" in rest:
        text = rest.split("->", 1)[1].strip()
        text = text[1:-1] if text.startswith("(") else text
        results = [_parse_type(t) for t in re.findall(r"tensor<[^>]*>|\bi64\b|\bf32\b", text)]
    return args, results


def function_slots(source: str, name: str):
    """Like function_signature, with the mx.state and mx.of attributes of
    each argument and result: two lists of dicts with keys shape, dtype,
    state, of."""
    def balanced(i):
        """The index just past the parenthesis group that opens at i."""
        depth = 0
        for j in range(i, len(source)):
            depth += {"(": 1, ")": -1}.get(source[j], 0)
            if depth == 0:
                return j + 1
        raise ValueError("unbalanced function header")

    start = source.index(f"func.func @{name}(")
    params_end = balanced(source.index("(", start))
    params_text = source[start:params_end]
    results_text = ""
    rest = source[params_end:params_end + 4]
    if rest.startswith(" -> "):
        if source[params_end + 4] == "(":
            results_text = source[params_end + 4:balanced(params_end + 4)]
        else:
            results_text = source[params_end + 4:source.index(" ", params_end + 4)]
    def slots(text, pattern):
        out = []
        for match in re.finditer(pattern, text):
            shape, dtype = _parse_type(match.group(1))
            attrs = match.group(2) or ""
            state = re.search(r'mx.state = "([^"]*)"', attrs)
            of = re.search(r'mx.of = "([^"]*)"', attrs)
            out.append({"shape": shape, "dtype": dtype,
                        "state": state.group(1) if state else None,
                        "of": of.group(1) if of else None})
        return out
    type_re = r"(tensor<[^>]*>|i64|f32)(?: (\{[^}]*\}))?"
    args = slots(params_text, r"%\w+: " + type_re)
    results = slots(results_text, type_re)
    return args, results


def descriptor_type(rank: int):
    """The ctypes structure of a memref descriptor of ``rank`` (MLIR's C
    interface: allocated and aligned pointers, offset, sizes, strides)."""
    fields = [
        ("allocated", ctypes.c_void_p),
        ("aligned", ctypes.c_void_p),
        ("offset", ctypes.c_int64),
    ]
    if rank:
        fields += [
            ("sizes", ctypes.c_int64 * rank),
            ("strides", ctypes.c_int64 * rank),
        ]
    return type(f"MemRef{rank}D", (ctypes.Structure,), {"_fields_": fields})


def _descriptor(array: np.ndarray, place=None):
    # A private copy: the compiled code may write results into the buffers of
    # its tensor arguments (bufferization reuses them in place). ``place``
    # puts the copy in other memory (the GPU runtime's managed memory).
    array = place(array) if place else np.array(array, order="C", copy=True)
    desc = descriptor_type(array.ndim)()
    pointer = array.ctypes.data_as(ctypes.c_void_p)
    desc.allocated = pointer
    desc.aligned = pointer
    desc.offset = 0
    if array.ndim:
        desc.sizes[:] = array.shape
        desc.strides[:] = [s // array.itemsize for s in array.strides]
    return desc, array


def scalar_argument(arg):
    """The ctypes value of a Python int (i64) or float (f32) argument, None
    for anything else."""
    if isinstance(arg, (int, np.integer)):
        return ctypes.c_int64(int(arg))
    if isinstance(arg, float):
        return ctypes.c_float(arg)
    return None


_libc = ctypes.CDLL(None)
_libc.free.argtypes = [ctypes.c_void_p]


class Result:
    """What a function returns: its shape and element type; a shape of None
    is a scalar returned by value (i64 or f32)."""

    def __init__(self, shape, dtype):
        self.shape = None if shape is None else tuple(shape)
        self.dtype = np.dtype(dtype)

    def ctype(self):
        if self.shape is None:
            return np.ctypeslib.as_ctypes_type(self.dtype)
        return descriptor_type(len(self.shape))


class Module:
    """A compiled mx module. ``place`` copies an argument array into the
    memory the code needs, ``release`` frees a returned buffer (by default:
    plain host memory and libc's free)."""

    def __init__(self, path: pathlib.Path, place=None, release=None):
        self.path = path
        self.library = ctypes.CDLL(str(path))
        self.place = place
        self.release = release or _libc.free

    def invoke(self, name: str, c_args, results):
        """Calls ``name`` with ctypes arguments (memref descriptors by
        reference, scalars) and returns one returned memref descriptor, or
        scalar value, per entry of ``results`` (list of Result)."""
        function = getattr(self.library, f"_mlir_ciface_{name}")
        result_types = [r.ctype() for r in results]
        if len(results) == 1 and results[0].shape is not None:
            out = result_types[0]()
        else:
            fields = [(f"r{i}", t) for i, t in enumerate(result_types)]
            out = type("Results", (ctypes.Structure,), {"_fields_": fields})()
        function.restype = None
        function(ctypes.byref(out), *c_args)
        returned = []
        for i, spec in enumerate(results):
            value = out if len(results) == 1 and spec.shape is not None else getattr(out, f"r{i}")
            if spec.shape:
                assert tuple(value.sizes) == spec.shape, (tuple(value.sizes), spec.shape)
            returned.append(value)
        return returned

    def call(self, name: str, args, results):
        """Calls ``name`` with numpy arrays and Python ints (i64) and returns
        a list of numpy arrays described by ``results`` (list of Result)."""
        keep = []
        c_args = []
        for arg in args:
            scalar = scalar_argument(arg)
            if scalar is not None:
                c_args.append(scalar)
            else:
                desc, array = _descriptor(arg, self.place)
                keep.append(array)
                c_args.append(ctypes.byref(desc))
        arrays = []
        for spec, value in zip(results, self.invoke(name, c_args, results)):
            if spec.shape is None:
                arrays.append(spec.dtype.type(value))
                continue
            count = int(np.prod(spec.shape)) if spec.shape else 1
            address = value.aligned + value.offset * spec.dtype.itemsize
            buffer = (ctypes.c_char * (count * spec.dtype.itemsize)).from_address(address)
            arrays.append(np.frombuffer(bytes(buffer), dtype=spec.dtype).reshape(spec.shape))
            self.release(value.allocated)
        return arrays
