// The sm_90a mma.sync kernel on weight-bound shapes (one 16-row MMA tile
// along M, K = 8192) through the whole pipeline: two whole K-blocks of B
// per lane and step, loaded past L1, bf16 MMAs, K split with atomic
// additions into the zero-filled result; for M <= 8 the transposed product
// (16 rows of B per MMA, half the MMAs). A cubin from ptxas (format=bin)
// where ptxas is present.
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s
// RUN: %if ptxas %{ mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s --check-prefix=BIN %}

// CHECK-LABEL: llvm.func @decode
// CHECK: gpu.launch_func @decode_kernel::@decode_kernel
// CHECK: gpu.launch_func @decode_kernel_0::@decode_kernel
// CHECK: gpu.binary @decode_kernel
// CHECK: gpu.binary @decode_kernel_0
// The first step's loads (four rows of B, 32 bytes a row and lane, past
// L1), the bf16 MMAs, the next step's loads, the vote on the scales' range
// and the E4M3 way for steps outside it, then the atomic additions.
// CHECK-SAME: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-SAME: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK-SAME: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-SAME: vote.sync.any.pred
// CHECK-SAME: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// CHECK-SAME: atom.global.add.f32
// BIN: gpu.binary @decode_kernel_0
// BIN-SAME: bin = "
func.func @decode(%a: tensor<1x8192xf4E2M1FN>, %as: tensor<1x256xf8E8M0FNU>,
                  %b: tensor<64x8192xf4E2M1FN>, %bs: tensor<64x256xf8E8M0FNU>) -> tensor<1x64xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<1x8192xf4E2M1FN>, tensor<1x256xf8E8M0FNU>, tensor<64x8192xf4E2M1FN>, tensor<64x256xf8E8M0FNU> -> tensor<1x64xf32>
  return %d : tensor<1x64xf32>
}

// CHECK-LABEL: llvm.func @prefill
// CHECK: gpu.binary @prefill_kernel_1
// CHECK-SAME: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-SAME: mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32
// CHECK-SAME: vote.sync.any.pred
// CHECK-SAME: atom.global.add.f32
// BIN: gpu.binary @prefill_kernel_1
// BIN-SAME: bin = "
func.func @prefill(%a: tensor<16x8192xf4E2M1FN>, %as: tensor<16x256xf8E8M0FNU>,
                   %b: tensor<64x8192xf4E2M1FN>, %bs: tensor<64x256xf8E8M0FNU>) -> tensor<16x64xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<16x8192xf4E2M1FN>, tensor<16x256xf8E8M0FNU>, tensor<64x8192xf4E2M1FN>, tensor<64x256xf8E8M0FNU> -> tensor<16x64xf32>
  return %d : tensor<16x64xf32>
}
