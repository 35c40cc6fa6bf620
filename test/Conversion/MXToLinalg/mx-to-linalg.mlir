// The shape of the IR that convert-mx-to-linalg produces. The numerics are
// checked by the executable tests (test/Integration/CPU) and the differential
// tests against the numpy reference (python/tests).
// RUN: mx-opt %s --split-input-file --convert-mx-to-linalg | FileCheck %s

// Codes become packed bytes along the innermost dimension; scales bytes.
// CHECK-LABEL: func.func @quantize_nearest
// CHECK-SAME: (%[[X:.*]]: tensor<4x64xf32>) -> (tensor<4x32xi8>, tensor<4x2xi8>)
// Blocks of 32 are split off the quantized axis.
// CHECK: %[[BLOCKS:.*]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2]] output_shape [4, 2, 32] : tensor<4x64xf32> into tensor<4x2x32xf32>
// The block amax, as the bits of |x|, is a reduction over the 32 lanes.
// CHECK: %[[AMAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]{{.*}} ins(%[[BLOCKS]] : tensor<4x2x32xf32>)
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.maxsi
// The scale byte comes from the exponent field, clamped to [-127, 127].
// CHECK: %[[SCALES:.*]] = linalg.generic {{.*}} ins(%[[AMAX]] : tensor<4x2xi32>) outs(%{{.*}} : tensor<4x2xi8>)
// CHECK: arith.shrui %{{.*}}, %{{.*}} : i32
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} ins(%[[BLOCKS]], %[[AMAX]], %[[SCALES]] : tensor<4x2x32xf32>, tensor<4x2xi32>, tensor<4x2xi8>)
// Nearest rounding compares with the seven midpoints of the grid.
// CHECK-COUNT-7: arith.cmpf {{o[gt][te]}}
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[CODES]] {{\[}}[0], [1, 2]] : tensor<4x2x32xi8> into tensor<4x64xi8>
// Two codes per byte: the even element in the low nibble.
// CHECK: %[[PACKED:.*]] = linalg.generic {indexing_maps = [#[[EVEN:.*]], #[[ODD:.*]], #{{.*}}], {{.*}} ins(%[[FLAT]], %[[FLAT]] : tensor<4x64xi8>, tensor<4x64xi8>) outs(%{{.*}} : tensor<4x32xi8>)
// CHECK: arith.shli
// CHECK: arith.ori
// CHECK: return %[[PACKED]], %[[SCALES]] : tensor<4x32xi8>, tensor<4x2xi8>
func.func @quantize_nearest(%x: tensor<4x64xf32>) -> (tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return %c, %s : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
}

// -----

// Stochastic rounding runs Philox4x32-10 inline: ten rounds of two 32x32-bit
// multiplications, indexed by the element's row-major position.
// CHECK-LABEL: func.func @quantize_stochastic
// CHECK-SAME: %[[SEED:[^:]*]]: i64, %[[OFFSET:[^:]*]]: i64
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: linalg.index 1
// CHECK: linalg.index 2
// CHECK-COUNT-20: arith.mului_extended
// The grid point below a comes from a's bits; the step to the next one is a
// power of two, so the position between them is a multiplication.
// CHECK: arith.minui %{{.*}}, %c7_i32 : i32
// CHECK-NOT: arith.divf
// CHECK: arith.fptoui
func.func @quantize_stochastic(%x: tensor<64x8xbf16>, %seed: i64, %offset: i64) -> tensor<2x8xf8E8M0FNU> {
  %c, %s = mx.quantize %x axis 0 scale<floor> rounding<stochastic> seed(%seed, %offset) : tensor<64x8xbf16> -> tensor<64x8xf4E2M1FN>, tensor<2x8xf8E8M0FNU>
  return %s : tensor<2x8xf8E8M0FNU>
}

// -----

// Q-EMA reads the EMA tensor in the same blocks as the weight.
// CHECK-LABEL: func.func @quantize_ema
// CHECK-SAME: (%[[W:.*]]: tensor<8x32xf16>, %[[EMA:.*]]: tensor<8x32xf32>)
// CHECK-DAG: %[[WB:.*]] = tensor.expand_shape %[[W]]
// CHECK-DAG: %[[EB:.*]] = tensor.expand_shape %[[EMA]]
// CHECK: linalg.generic {{.*}} ins(%[[WB]], %{{.*}}, %{{.*}}, %[[EB]] : tensor<8x1x32xf16>, tensor<8x1xi32>, tensor<8x1xi8>, tensor<8x1x32xf32>)
// CHECK: arith.extf %{{.*}} : f16 to f32
func.func @quantize_ema(%w: tensor<8x32xf16>, %ema: tensor<8x32xf32>) -> tensor<8x32xf4E2M1FN> {
  %c, %s = mx.quantize %w axis 1 scale<ceil> ema(%ema : tensor<8x32xf32>) : tensor<8x32xf16> -> tensor<8x32xf4E2M1FN>, tensor<8x1xf8E8M0FNU>
  return %c : tensor<8x32xf4E2M1FN>
}

// -----

// Dequantize reads byte j floordiv 2 and the scale of block i floordiv 32.
// CHECK-DAG: #[[PACKED:.*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 2)>
// CHECK-DAG: #[[SCALE:.*]] = affine_map<(d0, d1) -> (d0 floordiv 32, d1)>
// CHECK-LABEL: func.func @dequantize_axis0
// CHECK-SAME: (%[[C:.*]]: tensor<64x4xi8>, %[[S:.*]]: tensor<2x8xi8>) -> tensor<64x8xbf16>
// CHECK: linalg.generic {indexing_maps = [#[[PACKED]], #[[SCALE]], #{{.*}}]
// CHECK-SAME: ins(%[[C]], %[[S]] : tensor<64x4xi8>, tensor<2x8xi8>) outs(%{{.*}} : tensor<64x8xbf16>)
// CHECK: linalg.index 1
// CHECK: arith.mulf
// CHECK: arith.truncf %{{.*}} : f32 to bf16
func.func @dequantize_axis0(%c: tensor<64x8xf4E2M1FN>, %s: tensor<2x8xf8E8M0FNU>) -> tensor<64x8xbf16> {
  %0 = mx.dequantize %c, %s axis 0 : tensor<64x8xf4E2M1FN>, tensor<2x8xf8E8M0FNU> -> tensor<64x8xbf16>
  return %0 : tensor<64x8xbf16>
}

// -----

// Matmul is one contraction over (batch, m, n, byte of k, nibble of k) that
// reads the packed codes and scales directly, tagged for GPU lowerings.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3)>
// CHECK-DAG: #[[AS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3 floordiv 16)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3)>
// CHECK-DAG: #[[BS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d3 floordiv 16)>
// CHECK-DAG: #[[NIBBLE:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_batched_acc
// CHECK-SAME: (%[[AC:.*]]: tensor<2x4x32xi8>, %[[ASC:.*]]: tensor<2x4x2xi8>, %[[BC:.*]]: tensor<2x8x32xi8>, %[[BSC:.*]]: tensor<2x8x2xi8>, %[[ACC:.*]]: tensor<2x4x8xf32>)
// CHECK: %[[SHIFTS:.*]] = arith.constant dense<[0, 4]> : tensor<2xi8>
// CHECK: linalg.generic {indexing_maps = [#[[A]], #[[AS]], #[[B]], #[[BS]], #[[NIBBLE]], #[[C]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction"]}
// CHECK-SAME: ins(%[[AC]], %[[ASC]], %[[BC]], %[[BSC]], %[[SHIFTS]] :
// CHECK-SAME: outs(%[[ACC]] : tensor<2x4x8xf32>) attrs = {mx.block_scaled_matmul}
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @matmul_batched_acc(%a: tensor<2x4x64xf4E2M1FN>, %as: tensor<2x4x2xf8E8M0FNU>,
                              %b: tensor<2x8x64xf4E2M1FN>, %bs: tensor<2x8x2xf8E8M0FNU>,
                              %acc: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %0 = mx.matmul %a, %as, %b, %bs acc(%acc) : tensor<2x4x64xf4E2M1FN>, tensor<2x4x2xf8E8M0FNU>, tensor<2x8x64xf4E2M1FN>, tensor<2x8x2xf8E8M0FNU> -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

// Without an accumulator the sum starts from a zero-filled tensor.
// CHECK-LABEL: func.func @matmul_dynamic
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<?x?xf32>)
// CHECK: linalg.generic {{.*}} outs(%[[INIT]] : tensor<?x?xf32>)
func.func @matmul_dynamic(%a: tensor<?x?xf4E2M1FN>, %as: tensor<?x?xf8E8M0FNU>,
                          %b: tensor<?x?xf4E2M1FN>, %bs: tensor<?x?xf8E8M0FNU>) -> tensor<?x?xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<?x?xf4E2M1FN>, tensor<?x?xf8E8M0FNU>, tensor<?x?xf4E2M1FN>, tensor<?x?xf8E8M0FNU> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// Calls and returns carry the storage types.
// CHECK-LABEL: func.func @caller
// CHECK-SAME: (%[[C:.*]]: tensor<4x32xi8>, %[[S:.*]]: tensor<4x2xi8>) -> tensor<4x2xi8>
// CHECK: call @callee(%[[C]], %[[S]]) : (tensor<4x32xi8>, tensor<4x2xi8>) -> tensor<4x2xi8>
func.func private @callee(tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>) -> tensor<4x2xf8E8M0FNU>
func.func @caller(%c: tensor<4x64xf4E2M1FN>, %s: tensor<4x2xf8E8M0FNU>) -> tensor<4x2xf8E8M0FNU> {
  %0 = call @callee(%c, %s) : (tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>) -> tensor<4x2xf8E8M0FNU>
  return %0 : tensor<4x2xf8E8M0FNU>
}

// -----

// Constants are packed at compile time: 0.5 (0x1) and 1.0 (0x2) make 0x21;
// -6.0 (0xF) and -0.0 (0x8) make 0x8F.
// CHECK-LABEL: func.func @constants
// CHECK: arith.constant dense<{{\[\[}}33, -113]]> : tensor<1x2xi8>
// CHECK: arith.constant dense<[127, 126]> : tensor<2xi8>
func.func @constants() -> (tensor<1x4xf4E2M1FN>, tensor<2xf8E8M0FNU>) {
  %c = arith.constant dense<[[0.5, 1.0, -6.0, -0.0]]> : tensor<1x4xf4E2M1FN>
  %s = arith.constant dense<[1.0, 0.5]> : tensor<2xf8E8M0FNU>
  return %c, %s : tensor<1x4xf4E2M1FN>, tensor<2xf8E8M0FNU>
}

// -----

// A declared result more static than the operands: the lowering casts to it.
// CHECK-LABEL: func.func @more_static_result
// CHECK-SAME: -> (tensor<8x32xi8>, tensor<8x2xi8>)
// CHECK: %[[C:.*]] = tensor.cast %{{.*}} : tensor<?x32xi8> to tensor<8x32xi8>
// CHECK: %[[S:.*]] = tensor.cast %{{.*}} : tensor<?x2xi8> to tensor<8x2xi8>
// CHECK: return %[[C]], %[[S]]
func.func @more_static_result(%x: tensor<?x64xf32>) -> (tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<?x64xf32> -> tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>
  return %c, %s : tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>
}

// -----

// Dynamic sizes that must split into blocks (and pack) are checked at run time.
// CHECK-LABEL: func.func @dynamic_checks
// CHECK: arith.remui
// CHECK: cf.assert %{{.*}}, "mx.quantize: the quantized dimension is not a multiple of 32"
// CHECK: cf.assert %{{.*}}, "mx.quantize: codes need an even innermost dimension"
func.func @dynamic_checks(%x: tensor<4x?xf32>) -> tensor<4x?xf8E8M0FNU> {
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x?xf32> -> tensor<4x?xf4E2M1FN>, tensor<4x?xf8E8M0FNU>
  return %s : tensor<4x?xf8E8M0FNU>
}

// -----

// Scales in 128 x 4 tiles: one generic over the tiled bytes, each reading
// its scale (clamped into range) or zero in the padding.
// CHECK-LABEL: func.func @tile_scales
// CHECK-SAME: (%[[S:.*]]: tensor<200x6xi8>) -> tensor<2x2x32x16xi8>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<2x2x32x16xi8>)
// CHECK-DAG: arith.minui %{{.*}}, %c199 : index
// CHECK-DAG: arith.minui %{{.*}}, %c5 : index
// CHECK: tensor.extract %[[S]]
// CHECK: arith.select
func.func @tile_scales(%s: tensor<200x6xf8E8M0FNU>) -> tensor<2x2x32x16xf8E8M0FNU> {
  %t = mx.tile_scales %s : tensor<200x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  return %t : tensor<2x2x32x16xf8E8M0FNU>
}

// -----

// Scales back from the tiles: one generic over the rows, each scale reading
// its byte [r / 128, c / 4, r % 32, 4 ((r % 128) / 32) + c % 4].
// CHECK-LABEL: func.func @untile_scales
// CHECK-SAME: (%[[T:.*]]: tensor<2x2x32x16xi8>) -> tensor<200x6xi8>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<200x6xi8>)
// CHECK: %[[R:.*]] = linalg.index 0
// CHECK: %[[C:.*]] = linalg.index 1
// CHECK-DAG: %[[RT:.*]] = arith.divui %[[R]], %c128
// CHECK-DAG: %[[CT:.*]] = arith.divui %[[C]], %c4
// CHECK-DAG: %[[I:.*]] = arith.remui %[[R]], %c32
// CHECK: tensor.extract %[[T]][%[[RT]], %[[CT]], %[[I]], %{{.*}}]
func.func @untile_scales(%t: tensor<2x2x32x16xf8E8M0FNU>) -> tensor<200x6xf8E8M0FNU> {
  %s = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<200x6xf8E8M0FNU>
  return %s : tensor<200x6xf8E8M0FNU>
}
