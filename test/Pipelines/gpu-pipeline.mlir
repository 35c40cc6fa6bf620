// mx-gpu-pipeline: every op becomes a kernel, compiled for the chosen chip
// with the PTX version that chip needs; matmuls use the tensor cores where
// the chip has a kernel for them, unless tensor-cores=false; quantizations
// along rows are one kernel each, unless fused-quantize=false.
// RUN: mx-opt %s --mx-gpu-pipeline=chip=sm_90a | FileCheck %s --check-prefixes=COMMON,SM90
// RUN: mx-opt %s --mx-gpu-pipeline=chip=sm_100a | FileCheck %s --check-prefixes=COMMON,SM100
// RUN: mx-opt %s --mx-gpu-pipeline=chip=sm_120a | FileCheck %s --check-prefixes=COMMON,SM120
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a sm90-operands=e4m3" | FileCheck %s --check-prefixes=COMMON,E4M3
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a tensor-cores=false" | FileCheck %s --check-prefixes=COMMON,SIMT
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a fused-quantize=false" | FileCheck %s --check-prefix=LINALG
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
// One kernel per quantization along rows (mx-gpu-quantize): 16-byte loads,
// the block's amax by a shuffle, two words of codes per thread.
// COMMON-SAME: ld.global.v4
// COMMON-SAME: shfl.sync.bfly.b32
// COMMON-SAME: st.global.v2.b32
// LINALG: gpu.binary @quantize_kernel
// LINALG-NOT: shfl.sync
// LINALG: gpu.binary @quantize_kernel_0

// COMMON-LABEL: llvm.func @matmul
// COMMON: gpu.binary @matmul_kernel
// COMMON: gpu.binary @matmul_kernel_{{[0-9]+}}
// Scales folded into bf16 operands; E4M3 block sums where a scale is too
// large for that.
// SM90-SAME: ld.global.v4.b32
// SM90-SAME: vote.sync.any.pred
// SM90-SAME: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// SM90-SAME: mul.rn.bf16x2
// SM90-SAME: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// E4M3-SAME: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// E4M3-NOT: bf16
// SM120-SAME: mma.sync.aligned.m16n8k64.row.col.kind::mxf4.block_scale.scale_vec::2X.f32.e2m1.e2m1.f32.ue8m0
// SM100-NOT: mma.sync
// SIMT-NOT: mma.sync

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
