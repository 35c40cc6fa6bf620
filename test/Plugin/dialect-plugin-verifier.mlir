// The verifiers run inside the host tool too: bad mx IR is rejected with
// the dialect's own diagnostic and a non-zero exit code.
// RUN: not %host-mlir-opt %s --load-dialect-plugin=%mx_libs/MXPlugin%shlibext 2>&1 | FileCheck %s

func.func @bad(%x: tensor<4x48xf32>) {
  // CHECK: dialect-plugin-verifier.mlir:[[@LINE+1]]:12: error: 'mx.quantize' op 'input' has size 48 along the quantized axis 1, which is not a multiple of the block size 32
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x48xf32> -> tensor<4x48xf4E2M1FN>, tensor<4x1xf8E8M0FNU>
  return
}
