// The sm_100a tcgen05 matmul (opt-in: sm100-tcgen05=true), through the
// whole pipeline: tensor memory allocated and freed by warp 0, operands
// copied with cp.async into two buffers of shared memory (each thread
// waits for its copies before the fence and barrier), scale chunks copied to tensor
// memory, four kind::mxf4 MMAs of K = 64 per stage committed to the
// buffer's mbarrier, the accumulators read back with tcgen05.ld; a cubin
// from ptxas where ptxas is present. Without the option the matmul stays SIMT, with a remark.
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_100a format=isa sm100-tcgen05=true" | FileCheck %s
// RUN: %if ptxas %{ mx-opt %s --mx-gpu-pipeline="chip=sm_100a format=bin sm100-tcgen05=true" | FileCheck %s --check-prefix=BIN %}
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_100a format=isa" 2>&1 | FileCheck %s --check-prefix=OFF

// CHECK-LABEL: llvm.func @matmul
// CHECK: gpu.launch_func @matmul_kernel_0::@matmul_kernel {{.*}} dynamic_shared_memory_size
// CHECK: gpu.binary @matmul_kernel_0
// CHECK-SAME: .target sm_100a
// CHECK-SAME: tcgen05.alloc.cta_group::1.sync.aligned.shared::cta.b32
// CHECK-SAME: tcgen05.relinquish_alloc_permit.cta_group::1.sync.aligned;
// CHECK-SAME: mbarrier.init.shared.b64
// CHECK-SAME: mbarrier.init.shared.b64
// CHECK-SAME: cp.async.cg.shared.global [{{[^]]*}}], [{{[^]]*}}], 16;
// CHECK-SAME: cp.async.ca.shared.global [{{[^]]*}}], [{{[^]]*}}], 4;
// CHECK-SAME: cp.async.commit_group;
// CHECK-SAME: cp.async.wait_group \090;
// CHECK-SAME: fence.proxy.async.shared::cta;
// CHECK-SAME: tcgen05.cp.cta_group::1.32x128b.warpx4
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf4.block_scale.block32
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf4.block_scale.block32
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf4.block_scale.block32
// CHECK-SAME: tcgen05.mma.cta_group::1.kind::mxf4.block_scale.block32
// CHECK-SAME: tcgen05.commit.cta_group::1.mbarrier::arrive::one.shared::cluster.b64
// CHECK-SAME: mbarrier.try_wait.parity.shared.b64
// CHECK-SAME: tcgen05.ld.sync.aligned.32x32b.x128.b32
// CHECK-SAME: tcgen05.wait::ld.sync.aligned;
// CHECK-SAME: tcgen05.dealloc.cta_group::1.sync.aligned.b32
// CHECK-NOT: kind::mxf8f6f4
// BIN: gpu.binary @matmul_kernel_0
// BIN-SAME: bin = "
// OFF: remark: mx-gpu-block-scaled-matmul: the tcgen05 kernel is off (sm100-tcgen05); the block-scaled matmul stays on the CUDA cores
// OFF-NOT: tcgen05.mma
func.func @matmul(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                  %b: tensor<256x512xf4E2M1FN>, %bs: tensor<256x16xf8E8M0FNU>) -> tensor<256x256xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU> -> tensor<256x256xf32>
  return %d : tensor<256x256xf32>
}
