// Stochastic rounding on the CPU, derived by hand from the stream layout:
// with seed 0 and offset 0, elements 0..15 take the bytes of the Philox4x32-10
// output for the all-zero counter and key, words 0x6627e8d5 0xe169c58d
// 0xbc57ac4c 0x9b00dbd8 (Random123's known answer), little-endian:
//   r = d5 e8 27 66 | 8d c5 69 e1 | 4c ac 57 bc | d8 db 00 9b
// The 6.0 pins the block's scale to 2^0. An element x between q_lo < q_hi
// with t = floor(256 (x - q_lo) / (q_hi - q_lo)) goes up iff t + r >= 256.
// RUN: mx-opt %s --mx-cpu-pipeline \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s

func.func private @printMemrefF32(tensor<*xf32>)

func.func @main() {
  %x = arith.constant dense<[[
      6.0,          // r 213: a grid point stays
      1.25,         // r 232: t 128, 360 >= 256: up to 1.5
      1.25,         // r  39: t 128, 167: down to 1
      2.5,          // r 102: t 128, 230: down to 2
      2.44921875,   // r 141: t 115, 256: up to 3 (exactly at the carry)
      1.11328125,   // r 197: t  58, 255: down to 1 (one short of the carry)
      -0.25,        // r 105: t 128, 233: down to -0
      -0.25,        // r 225: t 128, 353: up to -0.5
      5.0,          // r  76: t 128, 204: down to 4
      5.0,          // r 172: t 128, 300: up to 6
      3.0,          // r  87: a grid point stays
      -0.5,         // r 188: a grid point stays
      0.75,         // r 216: t 128, 344: up to 1
      0.75,         // r 219: t 128, 347: up to 1
      0.75,         // r   0: t 128, 128: down to 0.5
      -6.0,         // r 155: a grid point stays
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %seed = arith.constant 0 : i64
  %offset = arith.constant 0 : i64
  %c, %s = mx.quantize %x axis 1 scale<ceil> rounding<stochastic> seed(%seed, %offset)
      : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  %y = mx.dequantize %c, %s axis 1 : tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU> -> tensor<1x32xf32>
  %u = tensor.cast %y : tensor<1x32xf32> to tensor<*xf32>
  // CHECK: [6, 1.5, 1, 2, 3, 1, -0, -0.5, 4, 6, 3, -0.5, 1, 1, 0.5, -6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
