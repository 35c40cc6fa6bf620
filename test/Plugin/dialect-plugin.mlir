// The plugin loads into Debian's own mlir-opt, which then parses, verifies
// and prints mx IR in both forms.
// RUN: %host-mlir-opt %s --load-dialect-plugin=%mx_libs/MXPlugin%shlibext | FileCheck %s
// RUN: %host-mlir-opt %s --load-dialect-plugin=%mx_libs/MXPlugin%shlibext --mlir-print-op-generic \
// RUN:   | %host-mlir-opt --load-dialect-plugin=%mx_libs/MXPlugin%shlibext | FileCheck %s

// CHECK-LABEL: func.func @roundtrip
func.func @roundtrip(%x: tensor<8x64xf32>, %w: tensor<4x64xf32>, %seed: i64, %offset: i64) -> tensor<8x4xf32> {
  // CHECK: mx.quantize %{{.*}} axis 1 scale<ceil> : tensor<8x64xf32> -> tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>
  %xc, %xs = mx.quantize %x axis 1 scale<ceil> : tensor<8x64xf32> -> tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>
  // CHECK: mx.quantize %{{.*}} axis 1 scale<floor> rounding<stochastic> seed(%{{.*}}, %{{.*}})
  %wc, %ws = mx.quantize %w axis 1 scale<floor> rounding<stochastic> seed(%seed, %offset) : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  // CHECK: mx.matmul
  %y = mx.matmul %xc, %xs, %wc, %ws : tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>, tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU> -> tensor<8x4xf32>
  // CHECK: mx.dequantize
  %xd = mx.dequantize %xc, %xs axis 1 : tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<8x64xf32>
  return %y : tensor<8x4xf32>
}
