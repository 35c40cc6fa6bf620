//===- Passes.td - Conversions out of the mx dialect -------*- tablegen -*-===//

#ifndef MX_CONVERSION_PASSES_TD
#define MX_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertMXToLinalg : Pass<"convert-mx-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower mx ops to linalg, arith and tensor ops on packed bytes";
  let description = [{
    Gives every mx operation its one precise meaning as upstream IR on
    tensors: `linalg.generic` ops whose bodies are `arith` integer and float
    arithmetic, plus `tensor` reshapes. The result is the reference semantics
    that every other target is checked against, and the first step of the CPU
    pipeline (`mx-cpu-pipeline`).

    Scale exponents come from the bits of the block maximum, never from a
    floating-point `log2`. Rounding compares the scaled value with the exact
    midpoints of the E2M1 grid. Stochastic rounding draws its random byte
    from Philox4x32-10, computed inline with 32-bit integer arithmetic.

    MXFP4 values change type on the way, to the storage form that memory
    holds:

    | mx type | stored as |
    | --- | --- |
    | `tensor<...xNxf4E2M1FN>` codes | `tensor<...x(N/2)xi8>`: two codes per byte along the innermost dimension, the even element in the low nibble |
    | `tensor<...xf8E8M0FNU>` scales | `tensor<...xi8>`: the E8M0 byte itself |

    The innermost dimension of a codes tensor must therefore be even. The
    signatures of functions, calls, returns and `scf` control flow that carry
    codes or scales are rewritten the same way, and dense `arith.constant`s of codes or scales are
    packed at compile time. Any other operation that touches codes or scales
    is reported as an error, since its meaning on packed storage is unknown.
    Dynamic sizes that must be multiples of 32 (or even, for the packed
    innermost dimension) are checked at run time with `cf.assert`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::cf::ControlFlowDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MX_CONVERSION_PASSES_TD
