// Folds of mx ops.
// RUN: mx-opt %s --split-input-file --canonicalize | FileCheck %s

// Untiling tiled scales to their own shape gives them back.
// CHECK-LABEL: func.func @untile_of_tile
// CHECK-SAME: (%[[S:.*]]: tensor<200x6xf8E8M0FNU>)
// CHECK-NOT: mx.
// CHECK: return %[[S]]
func.func @untile_of_tile(%s: tensor<200x6xf8E8M0FNU>) -> tensor<200x6xf8E8M0FNU> {
  %t = mx.tile_scales %s : tensor<200x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  %u = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<200x6xf8E8M0FNU>
  return %u : tensor<200x6xf8E8M0FNU>
}

// -----

// To fewer rows (the same tiles), the scales are cut: no fold.
// CHECK-LABEL: func.func @untile_to_fewer_rows
// CHECK: mx.tile_scales
// CHECK: mx.untile_scales
func.func @untile_to_fewer_rows(%s: tensor<200x6xf8E8M0FNU>) -> tensor<150x6xf8E8M0FNU> {
  %t = mx.tile_scales %s : tensor<200x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  %u = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<150x6xf8E8M0FNU>
  return %u : tensor<150x6xf8E8M0FNU>
}

// -----

// Tiling untiled scales does not fold: the padding of the tiles may hold
// anything, the result's padding holds zeros.
// CHECK-LABEL: func.func @tile_of_untile
// CHECK: mx.untile_scales
// CHECK: mx.tile_scales
func.func @tile_of_untile(%t: tensor<2x2x32x16xf8E8M0FNU>) -> tensor<2x2x32x16xf8E8M0FNU> {
  %s = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<200x6xf8E8M0FNU>
  %u = mx.tile_scales %s : tensor<200x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  return %u : tensor<2x2x32x16xf8E8M0FNU>
}
