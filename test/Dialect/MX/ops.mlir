// Round trip of every mx op and attribute: custom form, generic form and
// bytecode must all print back to the same custom form.
// RUN: mx-opt %s | mx-opt | FileCheck %s
// RUN: mx-opt %s --mlir-print-op-generic | mx-opt | FileCheck %s
// RUN: mx-opt %s --emit-bytecode | mx-opt | FileCheck %s

// CHECK-LABEL: func.func @quantize_nearest
func.func @quantize_nearest(%x: tensor<16x64xf32>) -> (tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>) {
  // CHECK: %{{.*}}, %{{.*}} = mx.quantize %{{.*}} axis 1 scale<ceil> : tensor<16x64xf32> -> tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<16x64xf32> -> tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>
  return %c, %s : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>
}

// The default rounding, spelled out, is elided when printed.
// CHECK-LABEL: func.func @quantize_default_rounding_elided
func.func @quantize_default_rounding_elided(%x: tensor<64xbf16>) -> tensor<64xf4E2M1FN> {
  // CHECK: mx.quantize %{{.*}} axis 0 scale<floor> : tensor<64xbf16>
  // CHECK-NOT: rounding
  %c, %s = mx.quantize %x axis 0 scale<floor> rounding<nearest_even> : tensor<64xbf16> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return %c : tensor<64xf4E2M1FN>
}

// CHECK-LABEL: func.func @quantize_nearest_away
func.func @quantize_nearest_away(%x: tensor<2x32x3xf16>) -> tensor<2x1x3xf8E8M0FNU> {
  // CHECK: mx.quantize %{{.*}} axis 1 scale<floor> rounding<nearest_away> : tensor<2x32x3xf16> -> tensor<2x32x3xf4E2M1FN>, tensor<2x1x3xf8E8M0FNU>
  %c, %s = mx.quantize %x axis 1 scale<floor> rounding<nearest_away> : tensor<2x32x3xf16> -> tensor<2x32x3xf4E2M1FN>, tensor<2x1x3xf8E8M0FNU>
  return %s : tensor<2x1x3xf8E8M0FNU>
}

// CHECK-LABEL: func.func @quantize_stochastic
// CHECK-SAME: (%[[X:.*]]: tensor<64x16xf32>, %[[SEED:.*]]: i64, %[[OFF:.*]]: i64)
func.func @quantize_stochastic(%x: tensor<64x16xf32>, %seed: i64, %offset: i64) -> tensor<2x16xf8E8M0FNU> {
  // CHECK: mx.quantize %[[X]] axis 0 scale<ceil> rounding<stochastic> seed(%[[SEED]], %[[OFF]]) : tensor<64x16xf32> -> tensor<64x16xf4E2M1FN>, tensor<2x16xf8E8M0FNU>
  %c, %s = mx.quantize %x axis 0 scale<ceil> rounding<stochastic> seed(%seed, %offset) : tensor<64x16xf32> -> tensor<64x16xf4E2M1FN>, tensor<2x16xf8E8M0FNU>
  return %s : tensor<2x16xf8E8M0FNU>
}

// CHECK-LABEL: func.func @quantize_ema
// CHECK-SAME: (%[[W:.*]]: tensor<32x64xbf16>, %[[EMA:.*]]: tensor<32x64xf32>)
func.func @quantize_ema(%w: tensor<32x64xbf16>, %ema: tensor<32x64xf32>) -> tensor<32x64xf4E2M1FN> {
  // CHECK: mx.quantize %[[W]] axis 1 scale<ceil> ema(%[[EMA]] : tensor<32x64xf32>) : tensor<32x64xbf16> -> tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU>
  %c, %s = mx.quantize %w axis 1 scale<ceil> ema(%ema : tensor<32x64xf32>) : tensor<32x64xbf16> -> tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU>
  return %c : tensor<32x64xf4E2M1FN>
}

// Dynamic sizes are checked once they are known.
// CHECK-LABEL: func.func @quantize_dynamic
func.func @quantize_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf8E8M0FNU> {
  // CHECK: mx.quantize %{{.*}} axis 1 scale<ceil> : tensor<?x?xf32> -> tensor<?x?xf4E2M1FN>, tensor<?x?xf8E8M0FNU>
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<?x?xf32> -> tensor<?x?xf4E2M1FN>, tensor<?x?xf8E8M0FNU>
  return %s : tensor<?x?xf8E8M0FNU>
}

// CHECK-LABEL: func.func @dequantize
func.func @dequantize(%c: tensor<16x64xf4E2M1FN>, %s: tensor<16x2xf8E8M0FNU>) -> (tensor<16x64xf32>, tensor<16x64xbf16>, tensor<16x64xf16>) {
  // CHECK: mx.dequantize %{{.*}}, %{{.*}} axis 1 : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xf32>
  // CHECK: mx.dequantize %{{.*}}, %{{.*}} axis 1 : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xbf16>
  // CHECK: mx.dequantize %{{.*}}, %{{.*}} axis 1 : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xf16>
  %0 = mx.dequantize %c, %s axis 1 : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xf32>
  %1 = mx.dequantize %c, %s axis 1 : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xbf16>
  %2 = mx.dequantize %c, %s axis 1 : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xf16>
  return %0, %1, %2 : tensor<16x64xf32>, tensor<16x64xbf16>, tensor<16x64xf16>
}

// CHECK-LABEL: func.func @dequantize_along_rows
func.func @dequantize_along_rows(%c: tensor<64x3xf4E2M1FN>, %s: tensor<2x3xf8E8M0FNU>) -> tensor<64x3xf32> {
  // CHECK: mx.dequantize %{{.*}}, %{{.*}} axis 0 : tensor<64x3xf4E2M1FN>, tensor<2x3xf8E8M0FNU> -> tensor<64x3xf32>
  %0 = mx.dequantize %c, %s axis 0 : tensor<64x3xf4E2M1FN>, tensor<2x3xf8E8M0FNU> -> tensor<64x3xf32>
  return %0 : tensor<64x3xf32>
}

// CHECK-LABEL: func.func @matmul
func.func @matmul(%a: tensor<16x64xf4E2M1FN>, %as: tensor<16x2xf8E8M0FNU>,
                  %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) -> tensor<16x8xf32> {
  // CHECK: mx.matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<16x8xf32>
  %d = mx.matmul %a, %as, %b, %bs : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<16x8xf32>
  return %d : tensor<16x8xf32>
}

// CHECK-LABEL: func.func @matmul_acc
// CHECK-SAME: %[[C:[^:]*]]: tensor<16x8xf32>
func.func @matmul_acc(%a: tensor<16x64xf4E2M1FN>, %as: tensor<16x2xf8E8M0FNU>,
                      %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>,
                      %c: tensor<16x8xf32>) -> tensor<16x8xf32> {
  // CHECK: mx.matmul %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} acc(%[[C]]) : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<16x8xf32>
  %d = mx.matmul %a, %as, %b, %bs acc(%c) : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<16x8xf32>
  return %d : tensor<16x8xf32>
}

// CHECK-LABEL: func.func @matmul_batched_dynamic
func.func @matmul_batched_dynamic(%a: tensor<2x3x?x64xf4E2M1FN>, %as: tensor<2x3x?x2xf8E8M0FNU>,
                                  %b: tensor<2x?x8x64xf4E2M1FN>, %bs: tensor<2x?x8x2xf8E8M0FNU>) -> tensor<2x3x?x8xf32> {
  // CHECK: mx.matmul {{.*}} : tensor<2x3x?x64xf4E2M1FN>, tensor<2x3x?x2xf8E8M0FNU>, tensor<2x?x8x64xf4E2M1FN>, tensor<2x?x8x2xf8E8M0FNU> -> tensor<2x3x?x8xf32>
  %d = mx.matmul %a, %as, %b, %bs : tensor<2x3x?x64xf4E2M1FN>, tensor<2x3x?x2xf8E8M0FNU>, tensor<2x?x8x64xf4E2M1FN>, tensor<2x?x8x2xf8E8M0FNU> -> tensor<2x3x?x8xf32>
  return %d : tensor<2x3x?x8xf32>
}

// CHECK-LABEL: func.func @tile_scales
func.func @tile_scales(%s: tensor<200x6xf8E8M0FNU>) -> tensor<2x2x32x16xf8E8M0FNU> {
  // CHECK: mx.tile_scales %{{.*}} : tensor<200x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  %t = mx.tile_scales %s : tensor<200x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  return %t : tensor<2x2x32x16xf8E8M0FNU>
}

// CHECK-LABEL: func.func @untile_scales
func.func @untile_scales(%t: tensor<2x2x32x16xf8E8M0FNU>) -> tensor<200x6xf8E8M0FNU> {
  // CHECK: mx.untile_scales %{{.*}} : tensor<2x2x32x16xf8E8M0FNU> -> tensor<200x6xf8E8M0FNU>
  %s = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<200x6xf8E8M0FNU>
  return %s : tensor<200x6xf8E8M0FNU>
}

// The attributes print in their own form when they stand alone.
// CHECK-LABEL: func.func @attributes
// CHECK-SAME: mx.rounding = #mx.rounding<stochastic>
// CHECK-SAME: mx.scale_rule = #mx.scale_rule<floor>
func.func @attributes() attributes {mx.scale_rule = #mx.scale_rule<floor>, mx.rounding = #mx.rounding<stochastic>} {
  return
}
