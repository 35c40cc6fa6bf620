// What convert-mx-to-linalg cannot lower is reported with a location.
// RUN: mx-opt %s --split-input-file --convert-mx-to-linalg -verify-diagnostics

func.func @odd_innermost(%x: tensor<64x3xf32>) -> tensor<2x3xf8E8M0FNU> {
  // expected-error @+1 {{cannot store 'tensor<64x3xf4E2M1FN>' in bytes: codes are packed two per byte along the innermost dimension, which must have an even size}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64x3xf32> -> tensor<64x3xf4E2M1FN>, tensor<2x3xf8E8M0FNU>
  return %s : tensor<2x3xf8E8M0FNU>
}

// -----

// expected-error @+1 {{cannot store 'tensor<32x1xf4E2M1FN>' in bytes}}
func.func @odd_argument(%c: tensor<32x1xf4E2M1FN>, %s: tensor<1x1xf8E8M0FNU>) -> tensor<32x1xf32> {
  %0 = mx.dequantize %c, %s axis 0 : tensor<32x1xf4E2M1FN>, tensor<1x1xf8E8M0FNU> -> tensor<32x1xf32>
  return %0 : tensor<32x1xf32>
}

// -----

func.func @foreign_user(%x: tensor<4x64xf32>) -> tensor<4x32xf4E2M1FN> {
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  // expected-error @+1 {{'tensor.extract_slice' uses MXFP4 codes or scales, which only mx ops, scf control flow, arith.constant, func.func, func.call and func.return may use when lowering to linalg}}
  %half = tensor.extract_slice %c[0, 0] [4, 32] [1, 1] : tensor<4x64xf4E2M1FN> to tensor<4x32xf4E2M1FN>
  return %half : tensor<4x32xf4E2M1FN>
}
