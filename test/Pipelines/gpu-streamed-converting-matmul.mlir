// The sm_90a streamed matmul for M below 1024 through the whole pipeline:
// one kernel writes A's bf16 image; in the matmul, the producer warpgroup
// copies B's codes into shared memory with cp.async, converts them into
// the stage, votes per warp on the E4M3 path, makes its stores visible to
// wgmma and arrives on the stage's mbarrier, thread 0 with A's bytes from
// cp.async.bulk to expect (the other threads' plain arrive is laid out
// elsewhere); ptxas makes a cubin of it where it is present. @matmul has
// the tall tile (256 x 128: A's stage is 32 KiB, two blocks of 64 rows per
// consumer warpgroup), @matmul_wide the 128 x 256 one. @matmul_shared has
// 134 tiles, more than a wave of 132 blocks: the runtime zeroes a flag per
// tile, and 132 blocks share out the tiles' steps; a block that finished
// its part of a tile counts it in the tile's flag with release semantics,
// and a block with earlier steps waits for the count with acquire loads.
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
// CHECK-SAME: mov.b32 \09[[BYTES:%r[0-9]+]], 32768;
// CHECK-SAME: cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [{{%rd[0-9]+}}], [{{%rd[0-9]+}}], [[BYTES]],
// CHECK-SAME: mul.rn.bf16x2
// CHECK-SAME: st.shared.v4.b32
// CHECK-SAME: vote.sync.any.pred
// CHECK-SAME: fence.proxy.async.shared::cta;
// CHECK-SAME: mbarrier.arrive.expect_tx.shared.b64
// CHECK-SAME: setmaxnreg.inc.sync.aligned.u32 \09224;
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// CHECK-LABEL: llvm.func @matmul_wide
// CHECK: gpu.binary @matmul_wide_kernel_1
// CHECK-SAME: setmaxnreg.dec.sync.aligned.u32 \0956;
// CHECK-SAME: mov.b32 \09[[BYTES:%r[0-9]+]], 16384;
// CHECK-SAME: cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [{{%rd[0-9]+}}], [{{%rd[0-9]+}}], [[BYTES]],
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n256k16.f32.bf16.bf16
// CHECK-LABEL: llvm.func @matmul_shared
// CHECK: llvm.call @mgpuMemset32
// CHECK: gpu.launch_func @matmul_shared_kernel_2::@matmul_shared_kernel
// CHECK: gpu.binary @matmul_shared_kernel_2
// CHECK-SAME: wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16
// CHECK-SAME: ld.acquire.gpu.global.b32
// CHECK-SAME: fence.acq_rel.gpu;
// CHECK-SAME: bar.sync \091, 256;
// CHECK-SAME: st.release.gpu.global.b32 \09[{{%rd[0-9]+}}], {{%r[0-9]+}};
// BIN: gpu.binary @matmul_kernel_0
// BIN-SAME: bin = "
// BIN: gpu.binary @matmul_wide_kernel_1
// BIN-SAME: bin = "
// BIN: gpu.binary @matmul_shared_kernel_2
// BIN-SAME: bin = "
func.func @matmul(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                  %b: tensor<8192x512xf4E2M1FN>, %bs: tensor<8192x16xf8E8M0FNU>) -> tensor<256x8192xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<8192x512xf4E2M1FN>, tensor<8192x16xf8E8M0FNU> -> tensor<256x8192xf32>
  return %d : tensor<256x8192xf32>
}

func.func @matmul_wide(%a: tensor<128x512xf4E2M1FN>, %as: tensor<128x16xf8E8M0FNU>,
                       %b: tensor<16384x512xf4E2M1FN>, %bs: tensor<16384x16xf8E8M0FNU>) -> tensor<128x16384xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<128x512xf4E2M1FN>, tensor<128x16xf8E8M0FNU>, tensor<16384x512xf4E2M1FN>, tensor<16384x16xf8E8M0FNU> -> tensor<128x16384xf32>
  return %d : tensor<128x16384xf32>
}

func.func @matmul_shared(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                         %b: tensor<17152x512xf4E2M1FN>, %bs: tensor<17152x16xf8E8M0FNU>) -> tensor<256x17152xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<17152x512xf4E2M1FN>, tensor<17152x16xf8E8M0FNU> -> tensor<256x17152xf32>
  return %d : tensor<256x17152xf32>
}
