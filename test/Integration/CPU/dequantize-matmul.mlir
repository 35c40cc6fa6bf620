// Dequantization of every code and of the extreme scales, and a block-scaled
// matmul, executed on the CPU. Expected values are derived by hand.
// RUN: mx-opt %s --mx-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  // All 16 codes twice, in two blocks with scales 2^0 and 2^-1.
  %codes = arith.constant dense<[[0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
      -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0,
      0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
      -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0,
      0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
      -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0,
      0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0,
      -0.0, -0.5, -1.0, -1.5, -2.0, -3.0, -4.0, -6.0]]> : tensor<1x64xf4E2M1FN>
  %scales = arith.constant dense<[[1.0, 0.5]]> : tensor<1x2xf8E8M0FNU>
  %d = mx.dequantize %codes, %scales axis 1 : tensor<1x64xf4E2M1FN>, tensor<1x2xf8E8M0FNU> -> tensor<1x64xf32>
  %du = tensor.cast %d : tensor<1x64xf32> to tensor<*xf32>
  // CHECK: [0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6, 0, 0.5, 1, 1.5, 2, 3, 4, 6, -0, -0.5, -1, -1.5, -2, -3, -4, -6, 0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, -0, -0.25, -0.5, -0.75, -1, -1.5, -2, -3, 0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, -0, -0.25, -0.5, -0.75, -1, -1.5, -2, -3]
  call @printMemrefF32(%du) : (tensor<*xf32>) -> ()

  // The extreme scales: 2^127 (byte 0xFE) and 2^-127 (byte 0x00) times 6,
  // and NaN (byte 0xFF) times 0.
  %six = arith.constant dense<[[6.0, 6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [6.0, -0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<3x32xf4E2M1FN>
  %extreme = arith.constant dense<[[0xFE], [0x00], [0xFF]]> : tensor<3x1xf8E8M0FNU>
  %e = mx.dequantize %six, %extreme axis 1 : tensor<3x32xf4E2M1FN>, tensor<3x1xf8E8M0FNU> -> tensor<3x32xf32>
  %slice = tensor.extract_slice %e[0, 0] [3, 2] [1, 1] : tensor<3x32xf32> to tensor<3x2xf32>
  %eu = tensor.cast %slice : tensor<3x2xf32> to tensor<*xf32>
  // 6 * 2^127 overflows f32: inf. 6 * 2^-127 = 1.5 * 2^-125 and -0.5 * 2^-127
  // = -2^-128 are f32 subnormals, exact.
  // CHECK: [inf, inf]
  // CHECK-NEXT: [3.52648e-38, -2.93874e-39]
  // CHECK-NEXT: [nan, nan]
  call @printMemrefF32(%eu) : (tensor<*xf32>) -> ()

  // A row 0: 32 x 0.5 (scale 1), 32 x 1 (scale 2); row 1: -6 (scale 0.25), 3, 3 (scale 1).
  // B row 0: 64 x 1 (scales 1, 1); row 1: 0.5, -0.5, ... (scales 4, 0.5).
  %a = arith.constant dense<[[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
      0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
      [-6.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      3.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x64xf4E2M1FN>
  %as = arith.constant dense<[[1.0, 2.0], [0.25, 1.0]]> : tensor<2x2xf8E8M0FNU>
  %b = arith.constant dense<[[1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
      [0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5,
      0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5,
      0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5,
      0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5, 0.5, -0.5]]> : tensor<2x64xf4E2M1FN>
  %bs = arith.constant dense<[[1.0, 1.0], [4.0, 0.5]]> : tensor<2x2xf8E8M0FNU>
  %acc = arith.constant dense<[[0.0, 0.0], [100.0, 0.0]]> : tensor<2x2xf32>
  %p = mx.matmul %a, %as, %b, %bs acc(%acc)
      : tensor<2x64xf4E2M1FN>, tensor<2x2xf8E8M0FNU>, tensor<2x64xf4E2M1FN>, tensor<2x2xf8E8M0FNU> -> tensor<2x2xf32>
  %pu = tensor.cast %p : tensor<2x2xf32> to tensor<*xf32>
  // D00 = 32 * 0.5 * 1 + 32 * (1 * 2) * 1 = 16 + 64 = 80
  // D01 = sum over alternating +-0.5: block 0 cancels, block 1 cancels: 0
  // D10 = 100 + (-6 * 0.25) + (3 + 3) * 1 = 104.5
  // D11 = (-6 * 0.25) * (0.5 * 4) + (3 * 0.5 - 3 * 0.5) * 0.5 = -3
  // CHECK: [80, 0]
  // CHECK-NEXT: [104.5, -3]
  call @printMemrefF32(%pu) : (tensor<*xf32>) -> ()
  return
}
