// Nearest rounding, both scale rules and the special blocks, executed on the
// CPU. Every expected value is derived by hand from docs/numerics.md.
// RUN: mx-opt %s --mx-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

// Prints the dequantized values, then each block's scale 2^s (by
// dequantizing a block of 1.0 codes with the same scales).
func.func @show(%c: tensor<1x32xf4E2M1FN>, %s: tensor<1x1xf8E8M0FNU>) {
  %y = mx.dequantize %c, %s axis 1 : tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU> -> tensor<1x32xf32>
  %u = tensor.cast %y : tensor<1x32xf32> to tensor<*xf32>
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  %ones = arith.constant dense<1.0> : tensor<1x32xf4E2M1FN>
  %scale = mx.dequantize %ones, %s axis 1 : tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU> -> tensor<1x32xf32>
  %first = tensor.extract_slice %scale[0, 0] [1, 1] [1, 1] : tensor<1x32xf32> to tensor<1x1xf32>
  %v = tensor.cast %first : tensor<1x1xf32> to tensor<*xf32>
  call @printMemrefF32(%v) : (tensor<*xf32>) -> ()
  return
}

func.func @main() {
  // The midpoints of the E2M1 grid and their negatives, at scale 2^0 (the
  // 6.0 fixes it under both rules), then values that round to zero.
  %ties = arith.constant dense<[[6.0, 0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0,
      -0.25, -0.75, -1.25, -1.75, -2.5, -3.5, -5.0, -0.1,
      0.2, 0.3, 2.6, 5.9, 0.0, -0.0, 1.0, 4.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %c0, %s0 = mx.quantize %ties axis 1 scale<ceil> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  // Ties to the even code: 0.25->0 0.75->1 1.25->1 1.75->2 2.5->2 3.5->4 5->4.
  // CHECK: [6, 0, 1, 1, 2, 2, 4, 4, -0, -1, -1, -2, -2, -4, -4, -0, 0, 0.5, 3, 6, 0, -0, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0]
  // CHECK-NEXT: Unranked Memref
  // CHECK-NEXT: {{\[\[}}1]]
  call @show(%c0, %s0) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()
  %c1, %s1 = mx.quantize %ties axis 1 scale<ceil> rounding<nearest_away> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  // Ties away from zero: every midpoint goes to its upper neighbour.
  // CHECK: [6, 0.5, 1, 1.5, 2, 3, 4, 6, -0.5, -1, -1.5, -2, -3, -4, -6, -0, 0, 0.5, 3, 6, 0, -0, 1, 4, 0, 0, 0, 0, 0, 0, 0, 0]
  call @show(%c1, %s1) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()

  // amax 7: floor picks 2^(floor(log2 7) - 2) = 1 and saturates 7 and 6.5
  // to 6; ceil picks 2^ceil(log2(7/6)) = 2, so nothing saturates.
  %big = arith.constant dense<[[7.0, 6.5, -6.5, 3.0, 1.0, 0.6, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %c2, %s2 = mx.quantize %big axis 1 scale<floor> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  // CHECK: [6, 6, -6, 3, 1, 0.5, 0, 0
  // CHECK-NEXT: Unranked Memref
  // CHECK-NEXT: {{\[\[}}1]]
  call @show(%c2, %s2) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()
  // 7/2 = 3.5 ties to 4 (code 6 even), 6.5/2 = 3.25 -> 3, 3/2 = 1.5, 1/2 = 0.5,
  // 0.6/2 = 0.3 -> 0.5.
  // CHECK: [8, 6, -6, 3, 1, 1, 0, 0
  // CHECK-NEXT: Unranked Memref
  // CHECK-NEXT: {{\[\[}}2]]
  %c3, %s3 = mx.quantize %big axis 1 scale<ceil> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  call @show(%c3, %s3) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()

  // All zeros (with -0): scale byte 0 (2^-127) and +0 codes.
  %zeros = arith.constant dense<[[-0.0, 0.0, -0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %c4, %s4 = mx.quantize %zeros axis 1 scale<ceil> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  // CHECK: [0, 0, 0, 0, 0
  // CHECK-NEXT: Unranked Memref
  // CHECK-NEXT: {{\[\[}}5.87747e-39]]
  call @show(%c4, %s4) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()

  // An infinity makes the whole block NaN (scale byte 0xFF).
  %inf = arith.constant dense<[[1.0, 0x7F800000, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %c5, %s5 = mx.quantize %inf axis 1 scale<floor> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  // CHECK: [nan, nan, nan, nan
  call @show(%c5, %s5) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()

  // Subnormal inputs: amax 3 * 2^-140 clamps the scale to 2^-127, where the
  // values are 3 * 2^-13 and round to 0 (keeping their signs).
  %tiny = arith.constant dense<[[0x00000018, 0x80000018, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %c6, %s6 = mx.quantize %tiny axis 1 scale<ceil> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  // CHECK: [0, -0, 0
  // CHECK-NEXT: Unranked Memref
  // CHECK-NEXT: {{\[\[}}5.87747e-39]]
  call @show(%c6, %s6) : (tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>) -> ()
  return
}
