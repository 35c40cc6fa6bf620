// The sm_90a streamed matmul for M below 1024 through the whole pipeline:
// one kernel writes A's bf16 image; in the matmul, the producer warpgroup
// copies B's codes into shared memory with cp.async, converts them into
// the stage, votes per warp on the E4M3 path, makes its stores visible to
// wgmma and arrives on the stage's mbarrier, thread 0 with A's bytes from
// cp.async.bulk to expect (the other threads' plain arrive is laid out
// elsewhere); ptxas makes a cubin of it where it is present.
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s
// RUN: %if ptxas %{ mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s --check-prefix=BIN %}

// CHECK-LABEL: llvm.func @matmul
// CHECK: gpu.launch_func @matmul_kernel::@matmul_kernel
// CHECK: gpu.launch_func @matmul_kernel_0::@matmul_kernel {{.*}} dynamic_shared_memory_size
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @matmul_kernel_0
// CHECK-SAME: .target sm_90a
// CHECK-SAME: .maxntid 384, 1, 1
// CHECK-SAME: setmaxnreg.dec.sync.aligned.u32 \0956;
// CHECK-SAME: cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16;
// CHECK-SAME: cp.async.commit_group;
// CHECK-SAME: cp.async.wait_group \093;
// CHECK-SAME: mbarrier.try_wait.parity.shared.b64
// CHECK-SAME: cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes
// CHECK-SAME: mul.rn.bf16x2
// CHECK-SAME: st.shared.v4.b32
// CHECK-SAME: vote.sync.any.pred
// CHECK-SAME: fence.proxy.async.shared::cta;
// CHECK-SAME: mbarrier.arrive.expect_tx.shared.b64
// CHECK-SAME: setmaxnreg.inc.sync.aligned.u32 \09224;
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16
// BIN: gpu.binary @matmul_kernel_0
// BIN-SAME: bin = "
func.func @matmul(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                  %b: tensor<1024x512xf4E2M1FN>, %bs: tensor<1024x16xf8E8M0FNU>) -> tensor<256x1024xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<1024x512xf4E2M1FN>, tensor<1024x16xf8E8M0FNU> -> tensor<256x1024xf32>
  return %d : tensor<256x1024xf32>
}
