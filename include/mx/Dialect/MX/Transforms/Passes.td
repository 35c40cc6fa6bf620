//===- Passes.td - Transformations of the mx dialect -------*- tablegen -*-===//

#ifndef MX_DIALECT_MX_TRANSFORMS_PASSES_TD
#define MX_DIALECT_MX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TetraJet : Pass<"mx-tetrajet", "::mlir::func::FuncOp"> {
  let summary = "Insert TetraJet's six MXFP4 quantizers into a linalg training graph";
  let description = [{
    Finds every linear layer `Y = X W^T (+ b)` of a training graph in the
    `linalg` dialect, forward and backward, by dataflow, and rewrites its
    three GEMMs to run on MXFP4 operands made by TetraJet's quantizers
    (Chen et al., ICML 2025):

    | GEMM | operands |
    | --- | --- |
    | `Y = X W^T` | `Q1(X)` along D, `Q2(W)` along D, nearest rounding |
    | `dX = dY W` | `Q3(dY)` along C, `Q4(deq Q2(W))` along C, stochastic |
    | `dW = dY^T X` | `Q5(dY)` along N, `Q6(deq Q1(X))` along N, stochastic |

    and the bias gradient becomes the column sum of `deq Q3(dY)`. A GEMM
    whose operands are both quantized becomes `mx.matmul`; one with a
    quantizer switched off keeps its linalg op and reads the dequantized
    values of the quantized operand.

    **What is a linear layer.** A weight is a rank-2 argument `W` (C x D) of
    the function. Operands are traced back through `linalg.transpose`,
    `tensor.collapse_shape`/`expand_shape`, `tensor.cast` and
    `linalg.broadcast` to find where they come from. A 2-D contraction is

    * the **forward GEMM** of `W` when its B operand (the one providing the
      result's columns) comes from `W` reduced over W's dimension 1 and its A
      operand is an activation reduced over its last dimension;
    * the **input-gradient GEMM** when its B operand comes from `W` reduced
      over W's dimension 0;
    * the **weight-gradient GEMM** when one operand comes from the forward
      activation `X` and the other from the output gradient, both reduced
      over the token dimensions, with a C x D (or D x C) result;
    * and a reduction that sums the output gradient over the tokens is the
      **bias gradient**.

    Annotations override the analysis: a contraction with the attributes
    `mx.layer = "<name>"` and `mx.gemm = "forward" | "input_grad" |
    "weight_grad"` is taken as that GEMM of that layer, and
    `mx.gemm = "none"` keeps a contraction out of the rewrite.

    **Names.** A layer is named after its weight: the `mx.name` attribute of
    the function argument without a trailing `.weight`, else `arg<N>`.

    **Random streams.** Stochastic quantizers draw from one 64-bit seed, an
    argument added at the end of the function (marked `mx.seed`; an existing
    argument so marked is reused). The quantizer `Qq` of the layer found
    `i`-th gets the stream offset `8 * i + q`, so no two quantizers share
    random bits.

    **Diagnostics.** A remark for each linear layer (name, shapes, what was
    inserted); a warning, with the reason, for each contraction that looks
    like part of a linear layer but is not rewritten; an error for a name
    pattern in `layers` or `exclude-layers` that matches no layer.
  }];
  let options = [
    Option<"scaleRule", "scale-rule", "std::string", /*default=*/"\"ceil\"",
           "Scale rule of every quantizer: ceil (TetraJet) or floor (OCP)">,
    Option<"tieRule", "tie-rule", "std::string", /*default=*/"\"nearest_even\"",
           "Rounding of the deterministic quantizers: nearest_even or nearest_away">,
    Option<"quantizers", "quantizers", "std::string", /*default=*/"\"1,2,3,4,5,6\"",
           "Which of Q1..Q6 are on, as a comma-separated list (the paper's ablation)">,
    Option<"microscaling", "microscaling", "bool", /*default=*/"false",
           "The 'Microscaling' baseline: floor scale, nearest rounding everywhere, "
           "backward operands re-quantized from full precision">,
    Option<"layers", "layers", "std::string", /*default=*/"\"\"",
           "Only rewrite layers whose names match one of these comma-separated regexes">,
    Option<"excludeLayers", "exclude-layers", "std::string", /*default=*/"\"\"",
           "Do not rewrite layers whose names match one of these comma-separated regexes">,
    Option<"quantizeHead", "quantize-head", "bool", /*default=*/"false",
           "Also rewrite a layer named 'head' (the classifier), which TetraJet keeps in full precision">,
    Option<"includeAttention", "include-attention", "bool", /*default=*/"false",
           "Also quantize the batched matmuls between activations (attention's "
           "QK^T and PV, forward and backward) with nearest rounding">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::mx::MXDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // MX_DIALECT_MX_TRANSFORMS_PASSES_TD
