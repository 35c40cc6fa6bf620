"""A small emitter of linalg-on-tensors MLIR, in the forms torch-mlir uses.

``Graph`` collects the body of one ``func.func``: every method appends ops
and returns a ``Tensor`` (an SSA name with its static shape). The ops are
the ones a torch-mlir export of a training graph contains: ``linalg.matmul``
fed by ``linalg.transpose``, ``linalg.batch_matmul``, ``linalg.generic`` for
elementwise ops and reductions, ``tensor.collapse_shape``/``expand_shape``,
``tensor.extract_slice``/``insert_slice``.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable, Sequence


@dataclasses.dataclass(frozen=True)
class Tensor:
    name: str
    shape: tuple
    dtype: str = "f32"

    @property
    def type(self) -> str:
        dims = "x".join(str(d) for d in self.shape)
        return f"tensor<{dims}x{self.dtype}>" if dims else f"tensor<{self.dtype}>"

    @property
    def rank(self) -> int:
        return len(self.shape)


def _dims(names: Sequence[str]) -> str:
    return ", ".join(names)


def _affine_map(rank: int, results: Sequence[str]) -> str:
    loops = _dims([f"d{i}" for i in range(rank)])
    return f"affine_map<({loops}) -> ({_dims(results)})>"


class Graph:
    """The body of one function."""

    def __init__(self, name: str, dtype: str = "f32"):
        self.name = name
        self.dtype = dtype
        self.args: list[tuple[Tensor, str]] = []
        self.lines: list[str] = []
        self._next = 0
        self._constants: dict[str, str] = {}

    # -- names -----------------------------------------------------------------

    def _fresh(self, hint: str = "v") -> str:
        self._next += 1
        return f"%{hint}{self._next}"

    def emit(self, line: str) -> None:
        self.lines.append("  " + line)

    # -- arguments and constants -------------------------------------------------

    def arg(self, shape, name: str | None = None, kind: str = "param") -> Tensor:
        """A function argument: a parameter (``mx.name``) or an input of the
        step (``mx.input``), named as given."""
        tensor = Tensor(f"%arg{len(self.args)}", tuple(shape), self.dtype)
        key = "mx.name" if kind == "param" else "mx.input"
        attr = f' {{{key} = "{name}"}}' if name else ""
        self.args.append((tensor, attr))
        return tensor

    def scalar(self, value: float) -> str:
        """A scalar constant of the graph's element type."""
        key = repr(float(value))
        if key not in self._constants:
            name = self._fresh("k")
            if math.isinf(value):
                bits = {"f32": 0x7F800000, "f64": 0x7FF0000000000000}[self.dtype]
                sign = {"f32": 0x80000000, "f64": 0x8000000000000000}[self.dtype]
                literal = hex(bits | (sign if value < 0 else 0))
            else:
                # Enough digits to round-trip the element type.
                literal = ("%.9e" if self.dtype == "f32" else "%.17e") % float(value)
            self.emit(f"{name} = arith.constant {literal} : {self.dtype}")
            self._constants[key] = name
        return self._constants[key]

    def empty(self, shape) -> Tensor:
        name = self._fresh("e")
        t = Tensor(name, tuple(shape), self.dtype)
        self.emit(f"{name} = tensor.empty() : {t.type}")
        return t

    def full(self, shape, value: float) -> Tensor:
        init = self.empty(shape)
        name = self._fresh("f")
        self.emit(
            f"{name} = linalg.fill ins({self.scalar(value)} : {self.dtype}) "
            f"outs({init.name} : {init.type}) -> {init.type}"
        )
        return Tensor(name, init.shape, self.dtype)

    # -- structured ops ------------------------------------------------------------

    def _contraction(self, op: str, a: Tensor, b: Tensor, shape) -> Tensor:
        out = self.full(shape, 0.0)
        name = self._fresh("mm")
        self.emit(
            f"{name} = linalg.{op} ins({a.name}, {b.name} : {a.type}, {b.type}) "
            f"outs({out.name} : {out.type}) -> {out.type}"
        )
        return Tensor(name, out.shape, self.dtype)

    def matmul(self, a: Tensor, b: Tensor) -> Tensor:
        """[M, K] x [K, N]."""
        assert a.shape[1] == b.shape[0], (a.shape, b.shape)
        return self._contraction("matmul", a, b, (a.shape[0], b.shape[1]))

    def batch_matmul(self, a: Tensor, b: Tensor) -> Tensor:
        """[B, M, K] x [B, K, N]."""
        assert a.shape[0] == b.shape[0] and a.shape[2] == b.shape[1], (a.shape, b.shape)
        return self._contraction("batch_matmul", a, b, (a.shape[0], a.shape[1], b.shape[2]))

    def transpose(self, x: Tensor, perm: Sequence[int]) -> Tensor:
        shape = tuple(x.shape[p] for p in perm)
        init = self.empty(shape)
        name = self._fresh("t")
        self.emit(
            f"{name} = linalg.transpose ins({x.name} : {x.type}) outs({init.name} : {init.type}) "
            f"permutation = [{_dims(str(p) for p in perm)}]"
        )
        return Tensor(name, shape, self.dtype)

    def t(self, x: Tensor) -> Tensor:
        return self.transpose(x, list(range(x.rank - 2)) + [x.rank - 1, x.rank - 2])

    def collapse(self, x: Tensor, groups: Sequence[Sequence[int]]) -> Tensor:
        shape = tuple(math.prod(x.shape[i] for i in g) for g in groups)
        name = self._fresh("c")
        out = Tensor(name, shape, self.dtype)
        reassociation = ", ".join("[" + _dims(str(i) for i in g) + "]" for g in groups)
        self.emit(f"{name} = tensor.collapse_shape {x.name} [{reassociation}] : {x.type} into {out.type}")
        return out

    def expand(self, x: Tensor, groups: Sequence[Sequence[int]], shape) -> Tensor:
        name = self._fresh("x")
        out = Tensor(name, tuple(shape), self.dtype)
        reassociation = ", ".join("[" + _dims(str(i) for i in g) + "]" for g in groups)
        self.emit(
            f"{name} = tensor.expand_shape {x.name} [{reassociation}] "
            f"output_shape [{_dims(str(d) for d in shape)}] : {x.type} into {out.type}"
        )
        return out

    def extract_slice(self, x: Tensor, offsets, sizes) -> Tensor:
        name = self._fresh("s")
        out = Tensor(name, tuple(sizes), self.dtype)
        strides = _dims("1" for _ in sizes)
        self.emit(
            f"{name} = tensor.extract_slice {x.name}[{_dims(str(o) for o in offsets)}] "
            f"[{_dims(str(s) for s in sizes)}] [{strides}] : {x.type} to {out.type}"
        )
        return out

    def insert_slice(self, x: Tensor, into: Tensor, offsets) -> Tensor:
        name = self._fresh("i")
        strides = _dims("1" for _ in x.shape)
        self.emit(
            f"{name} = tensor.insert_slice {x.name} into {into.name}[{_dims(str(o) for o in offsets)}] "
            f"[{_dims(str(s) for s in x.shape)}] [{strides}] : {x.type} into {into.type}"
        )
        return Tensor(name, into.shape, self.dtype)

    def generic(
        self,
        inputs: Sequence[tuple[Tensor, Sequence[str]]],
        out_shape,
        body: Callable[..., str],
        reduce: Sequence[int] = (),
        out_exprs: Sequence[str] | None = None,
        init: float | None = None,
        result_shape=None,
    ) -> Tensor:
        """A linalg.generic over loops d0..d(n-1) of ``out_shape`` (plus the
        loops in ``reduce``, for which ``out_shape`` gives the sizes and which
        the result drops). Each input comes with the affine expressions of its
        indices. ``body(emit, *scalars, out)`` emits the scalar ops with
        ``emit(op_text) -> name`` and returns the yielded value's name."""
        rank = len(out_shape)
        if out_exprs is None:
            out_exprs = [f"d{i}" for i in range(rank) if i not in reduce]
        if result_shape is None:
            result_shape = tuple(out_shape[i] for i in range(rank) if i not in reduce)
        result_shape = tuple(result_shape)
        if init is None:
            out = self.empty(result_shape)
        else:
            out = self.full(result_shape, init)
        maps = [_affine_map(rank, exprs) for _, exprs in inputs] + [_affine_map(rank, out_exprs)]
        iterators = ", ".join(
            '"reduction"' if i in reduce else '"parallel"' for i in range(rank)
        )
        name = self._fresh("g")
        ins = ", ".join(t.name for t, _ in inputs)
        in_types = ", ".join(t.type for t, _ in inputs)
        args = [f"%in{i}" for i in range(len(inputs))]
        block_args = ", ".join(f"{a}: {self.dtype}" for a in args + ["%out"])
        head = f"{name} = linalg.generic {{indexing_maps = [{', '.join(maps)}], iterator_types = [{iterators}]}}"
        ins_text = f" ins({ins} : {in_types})" if inputs else ""
        self.emit(f"{head}{ins_text} outs({out.name} : {out.type}) {{")
        self.emit(f"^bb0({block_args}):")
        counter = [0]

        def emit(text: str) -> str:
            counter[0] += 1
            value = f"%b{counter[0]}"
            self.emit(f"  {value} = {text}")
            return value

        result = body(emit, *args, "%out")
        self.emit(f"  linalg.yield {result} : {self.dtype}")
        self.emit(f"}} -> {out.type}")
        return Tensor(name, result_shape, self.dtype)

    # -- elementwise helpers -------------------------------------------------------

    def map(self, fn: Callable[..., str], *tensors: Tensor, shape=None) -> Tensor:
        """Elementwise over tensors of one shape, or broadcast along leading
        dimensions (a tensor of lower rank aligns with the trailing ones)."""
        shape = tuple(shape or max((t.shape for t in tensors), key=len))
        rank = len(shape)
        inputs = []
        for t in tensors:
            offset = rank - t.rank
            inputs.append((t, [f"d{offset + i}" if t.shape[i] == shape[offset + i] else "0" for i in range(t.rank)]))
        return self.generic(inputs, shape, lambda emit, *args: fn(emit, *args[:-1]))

    def binary(self, op: str, a: Tensor, b: Tensor) -> Tensor:
        return self.map(lambda emit, x, y: emit(f"arith.{op} {x}, {y} : {self.dtype}"), a, b)

    def add(self, a, b):
        return self.binary("addf", a, b)

    def sub(self, a, b):
        return self.binary("subf", a, b)

    def mul(self, a, b):
        return self.binary("mulf", a, b)

    def scale(self, x: Tensor, factor: float) -> Tensor:
        c = self.scalar(factor)
        return self.map(lambda emit, v: emit(f"arith.mulf {v}, {c} : {self.dtype}"), x)

    def _reduction(self, x: Tensor, out_exprs, iterators, shape, kind="sum") -> Tensor:
        """Reduces ``x`` (read with the identity map) into a tensor of
        ``shape`` indexed by ``out_exprs``; ``kind`` is sum or max."""
        op = "arith.addf" if kind == "sum" else "arith.maximumf"
        out = self.full(shape, 0.0 if kind == "sum" else -math.inf)
        maps = [_affine_map(x.rank, [f"d{i}" for i in range(x.rank)]), _affine_map(x.rank, out_exprs)]
        name = self._fresh("r")
        kinds = ", ".join('"' + it + '"' for it in iterators)
        self.emit(
            f"{name} = linalg.generic {{indexing_maps = [{', '.join(maps)}], iterator_types = [{kinds}]}}"
            f" ins({x.name} : {x.type}) outs({out.name} : {out.type}) {{"
        )
        self.emit(f"^bb0(%in: {self.dtype}, %out: {self.dtype}):")
        self.emit(f"  %r = {op} %in, %out : {self.dtype}")
        self.emit(f"  linalg.yield %r : {self.dtype}")
        self.emit(f"}} -> {out.type}")
        return Tensor(name, tuple(shape), self.dtype)

    def reduce_last(self, x: Tensor, kind: str = "sum") -> Tensor:
        """Sum or max over the last dimension, keeping it as size 1."""
        exprs = [f"d{i}" for i in range(x.rank - 1)] + ["0"]
        iterators = ["parallel"] * (x.rank - 1) + ["reduction"]
        return self._reduction(x, exprs, iterators, x.shape[:-1] + (1,), kind)

    def column_sum(self, x: Tensor) -> Tensor:
        """Sum of a 2-D tensor over its rows: [N, C] -> [C]."""
        return self._reduction(x, ["d1"], ["reduction", "parallel"], (x.shape[1],))

    def sum_all(self, x: Tensor) -> Tensor:
        return self._reduction(x, [], ["reduction"] * x.rank, ())

    # -- output ------------------------------------------------------------------------

    def function(self, results: Sequence[Tensor], result_names: Sequence[str] | None = None) -> str:
        args = ", ".join(f"{t.name}: {t.type}{attr}" for t, attr in self.args)
        result_types = ", ".join(t.type for t in results)
        body = "\n".join(self.lines)
        returns = ", ".join(t.name for t in results)
        return (
            f"func.func @{self.name}({args}) -> ({result_types}) {{\n{body}\n"
            f"  return {returns} : {result_types}\n}}\n"
        )
