// The sm_90a warpgroup matmul through the whole pipeline: PTX with
// 128-byte-swizzled shared-memory descriptors feeding wgmma, and a cubin
// from ptxas (format=bin) where ptxas is present.
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=isa" | FileCheck %s
// RUN: %if ptxas %{ mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s --check-prefix=BIN %}

// CHECK-LABEL: llvm.func @matmul
// One kernel: the matmul stores into the fresh result, which needs no fill.
// CHECK: gpu.launch_func @matmul_kernel::@matmul_kernel {{.*}} dynamic_shared_memory_size
// CHECK-NOT: gpu.launch_func
// CHECK: gpu.binary @matmul_kernel
// CHECK-SAME: .target sm_90a
// CHECK-SAME: .shared .align 16 .b8 __dynamic_shmem__0
// CHECK-SAME: st.shared.v4.b32
// CHECK-SAME: fence.proxy.async.shared::cta;
// CHECK-SAME: bar.red.or.pred
// CHECK-SAME: wgmma.fence.sync.aligned;
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// CHECK-SAME: wgmma.commit_group.sync.aligned;
// CHECK-SAME: wgmma.wait_group.sync.aligned \091;
// CHECK-SAME: st.global.v2.b32
// BIN: gpu.binary @matmul_kernel
// BIN-SAME: bin = "
func.func @matmul(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                  %b: tensor<256x512xf4E2M1FN>, %bs: tensor<256x16xf8E8M0FNU>) -> tensor<256x256xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU> -> tensor<256x256xf32>
  return %d : tensor<256x256xf32>
}
