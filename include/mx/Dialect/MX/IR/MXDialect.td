//===- MXDialect.td - The mx dialect -----------------------*- tablegen -*-===//
//
// The mx dialect: MXFP4 tensors and the quantizers of TetraJet training.
//
//===----------------------------------------------------------------------===//

#ifndef MX_DIALECT_MX_IR_MXDIALECT_TD
#define MX_DIALECT_MX_IR_MXDIALECT_TD

include "mlir/IR/DialectBase.td"

def MX_Dialect : Dialect {
  let name = "mx";
  let cppNamespace = "::mlir::mx";
  let summary = "MXFP4 block-scaled tensors and their quantizers";
  let description = [{
    The `mx` dialect models tensors in the OCP Microscaling MXFP4 format and
    the operations that training with MXFP4 needs: quantization with a choice
    of scale rule and rounding (including the stochastic and Q-EMA roundings
    of the TetraJet method), dequantization, and the block-scaled matrix
    product that Blackwell tensor cores execute natively.

    An MXFP4 tensor is a pair of builtin tensors that travel together:

    * the **codes**, one `f4E2M1FN` element per value, with the shape of the
      original tensor. E2M1 represents 0, 0.5, 1, 1.5, 2, 3, 4 and 6 and
      their negatives; it has no infinity and no NaN.
    * the **scales**, one `f8E8M0FNU` element per block of 32 consecutive
      values along one *quantized axis*. Its shape is the codes' shape with
      that axis divided by 32. An E8M0 byte `b` stands for `2^(b-127)`;
      `0xFF` is NaN.

    Value `i` of a block decodes as `decode(code_i) * 2^(b - 127)`. The
    quantized axis is the reduction axis of the matrix product that consumes
    the tensor, so every operand of `mx.matmul` is quantized along `K`.

    The dialect keeps to builtin tensor types on purpose: codes and scales
    are ordinary values that upstream passes (bufferization, tiling, fusion)
    already understand, and the block structure is stated by the `axis`
    attribute of the operation that reads or writes them. Dimensions along
    the quantized axis must be multiples of 32; the verifiers reject anything
    else rather than pad silently.

    No operation folds a quantize into a dequantize or back: quantization
    loses information, so `dequantize(quantize(x))` is not `x`.
  }];
  let useDefaultAttributePrinterParser = 1;
}

#endif // MX_DIALECT_MX_IR_MXDIALECT_TD
