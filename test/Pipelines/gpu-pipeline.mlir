// mx-gpu-pipeline: every op becomes a kernel, compiled for the chosen chip
// with the PTX version that chip needs.
// RUN: mx-opt %s --mx-gpu-pipeline=chip=sm_90a | FileCheck %s --check-prefixes=COMMON,SM90
// RUN: mx-opt %s --mx-gpu-pipeline=chip=sm_100a | FileCheck %s --check-prefixes=COMMON,SM100
// RUN: mx-opt %s --mx-gpu-pipeline=chip=sm_120a | FileCheck %s --check-prefixes=COMMON,SM120
// RUN: not mx-opt %s --mx-gpu-pipeline=chip=sm_80 2>&1 | FileCheck %s --check-prefix=BADCHIP

// COMMON-LABEL: llvm.func @quantize
// COMMON: gpu.launch_func @quantize_kernel
// COMMON: gpu.binary @quantize_kernel
// SM90-SAME: #nvvm.target<chip = "sm_90a", features = "+ptx84">
// SM90-SAME: .version 8.4
// SM90-SAME: .target sm_90a
// SM100-SAME: #nvvm.target<chip = "sm_100a", features = "+ptx88">
// SM100-SAME: .target sm_100a
// SM120-SAME: #nvvm.target<chip = "sm_120a", features = "+ptx88">
// SM120-SAME: .target sm_120a
// COMMON-SAME: .entry quantize_kernel

// BADCHIP: Cannot find option named 'sm_80'!

func.func @quantize(%x: tensor<64x128xf32>, %seed: i64, %off: i64) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> rounding<stochastic> seed(%seed, %off) : tensor<64x128xf32> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @matmul(%a: tensor<64x128xf4E2M1FN>, %as: tensor<64x4xf8E8M0FNU>,
                  %b: tensor<32x128xf4E2M1FN>, %bs: tensor<32x4xf8E8M0FNU>) -> tensor<64x32xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>, tensor<32x128xf4E2M1FN>, tensor<32x4xf8E8M0FNU> -> tensor<64x32xf32>
  return %d : tensor<64x32xf32>
}
