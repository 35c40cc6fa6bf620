// The sm_90a streamed matmul through the whole pipeline: two kernels write
// the bf16 images of A and B, and the matmul's PTX copies them into shared
// memory with cp.async.bulk on mbarriers, shifts registers from the
// producer warpgroup to the consumers, and multiplies with wgmma
// m64n256k16; ptxas makes a cubin of it (format=bin) where it is present.
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s
// RUN: %if ptxas %{ mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s --check-prefix=BIN %}

// CHECK-LABEL: llvm.func @matmul
// CHECK: llvm.call @mgpuMemAlloc
// CHECK: gpu.launch_func @matmul_kernel::@matmul_kernel
// CHECK: gpu.launch_func @matmul_kernel_0::@matmul_kernel
// CHECK: gpu.launch_func @matmul_kernel_1::@matmul_kernel {{.*}} dynamic_shared_memory_size
// CHECK: llvm.call @mgpuMemFree
// CHECK: gpu.binary @matmul_kernel_1
// CHECK-SAME: .target sm_90a
// CHECK-SAME: .maxntid 384, 1, 1
// CHECK-SAME: mbarrier.init.shared.b64
// CHECK-SAME: setmaxnreg.dec.sync.aligned.u32 \0940;
// CHECK-SAME: mbarrier.try_wait.parity.shared.b64
// CHECK-SAME: mbarrier.arrive.expect_tx.shared.b64
// CHECK-SAME: cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes
// CHECK-SAME: setmaxnreg.inc.sync.aligned.u32 \09232;
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16
// CHECK-SAME: wgmma.commit_group.sync.aligned;
// CHECK-SAME: wgmma.wait_group.sync.aligned \091;
// CHECK-SAME: mbarrier.arrive.shared.b64
// CHECK-SAME: st.global.v2.b32
// BIN: gpu.binary @matmul_kernel_1
// BIN-SAME: bin = "
func.func @matmul(%a: tensor<1024x512xf4E2M1FN>, %as: tensor<1024x16xf8E8M0FNU>,
                  %b: tensor<1024x512xf4E2M1FN>, %bs: tensor<1024x16xf8E8M0FNU>) -> tensor<1024x1024xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<1024x512xf4E2M1FN>, tensor<1024x16xf8E8M0FNU>, tensor<1024x512xf4E2M1FN>, tensor<1024x16xf8E8M0FNU> -> tensor<1024x1024xf32>
  return %d : tensor<1024x1024xf32>
}
