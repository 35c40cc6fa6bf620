// The sm_100a tcgen05 kernel (sm100-tcgen05=true): one block of 128
// threads per 128 x 128 tile, 256 K-elements per stage.
// RUN: mx-opt %s --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_100a sm100-tcgen05=true}),canonicalize)" | FileCheck %s

// CHECK-LABEL: func.func @matmul
// CHECK-COUNT-4: cf.assert {{.*}}, "mx.matmul on tcgen05: packed codes must be 16-byte and scales 4-byte aligned"
// A 2 x 2 grid; two buffers, each with two tiles of codes (16 KiB each)
// and two of scales (1 KiB each), an mbarrier per buffer, the
// tensor-memory slot, and a KiB to align them.
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c2, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c128, {{.*}} = %c1, {{.*}} = %c1) dynamic_shared_memory_size %c70680_i32
// Warp 0 allocates 256 columns of tensor memory; thread 0 sets up the
// mbarriers.
// CHECK: scf.if
// CHECK: llvm.inttoptr
// CHECK-NEXT: nvvm.tcgen05.alloc {{.*}}, %c256_i32 : !llvm.ptr<3>, i32
// CHECK-NEXT: nvvm.tcgen05.relinquish_alloc_permit
// CHECK-COUNT-2: nvvm.mbarrier.init {{.*}}, %c1_i32 : !llvm.ptr<3>, i32
// CHECK: nvvm.tcgen05.fence <before>
// CHECK-NEXT: nvvm.barrier
// CHECK-NEXT: nvvm.tcgen05.fence <after>
// Stage 0 into buffer 0: each thread copies eight 16-byte chunks of its
// row of A and of B, and two scale words of each, with cp.async in one
// commit group.
// CHECK-COUNT-8: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 4, cache = ca : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-COUNT-8: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 4, cache = ca : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-NEXT: nvvm.cp.async.commit.group
// CHECK-NOT: vector.store
// K = 512: two stages. Each begins with the thread's wait for its copies,
// the fence that shows them to tcgen05, and the barrier.
// CHECK: scf.for {{.*}} = %c0 to %c2 step %c1
// CHECK-NEXT: arith.remui
// CHECK-NEXT: nvvm.cp.async.wait.group 0
// CHECK-NEXT: nvvm.fence.proxy
// CHECK-NEXT: nvvm.barrier
// Thread 0: four scale chunks to the buffer's tensor-memory columns, four
// MMAs, one commit to the buffer's mbarrier.
// CHECK: scf.if
// CHECK-NEXT: nvvm.tcgen05.fence <after>
// The buffer's scale columns start at 128 + 16 buffer, its bytes at
// 34816 buffer.
// CHECK-NEXT: %[[BUFFER:.*]] = arith.index_castui
// CHECK-NEXT: %[[COLUMNS:.*]] = arith.muli %[[BUFFER]], %c16_i32
// CHECK-NEXT: arith.addi %[[COLUMNS]], %c128_i32
// CHECK-NEXT: arith.muli %[[BUFFER]], %c34816_i32
// CHECK-COUNT-4: nvvm.tcgen05.cp {{.*}} {multicast = #nvvm.tcgen05_cp_multicast<warpx4>, shape = #nvvm.tcgen05_cp_shape<shape_32x128b>}
// Instruction descriptors (E2M1 A and B, N = 128, UE8M0, M = 128): 0x08A00480
// with scale-factor IDs 0, then 0x48A004A0 with IDs 2 (bits 4-5 and 29-30).
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}, %c144704640_i32, {{.*}} {blockScale = #nvvm.tcgen05_mma_block_scale<block32>, ctaGroup = #nvvm.cta_group<cta_1>, kind = #nvvm.block_scale_kind<mxf4>}
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}, %c1218446496_i32, {{.*}} {blockScale = #nvvm.tcgen05_mma_block_scale<block32>, ctaGroup = #nvvm.cta_group<cta_1>, kind = #nvvm.block_scale_kind<mxf4>}
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}, %c144704640_i32, {{.*}} {blockScale = #nvvm.tcgen05_mma_block_scale<block32>, ctaGroup = #nvvm.cta_group<cta_1>, kind = #nvvm.block_scale_kind<mxf4>}
// CHECK: nvvm.tcgen05.mma.block_scale {{.*}}, %c1218446496_i32, {{.*}} {blockScale = #nvvm.tcgen05_mma_block_scale<block32>, ctaGroup = #nvvm.cta_group<cta_1>, kind = #nvvm.block_scale_kind<mxf4>}
// CHECK: nvvm.tcgen05.commit
// CHECK-NEXT: }
// Meanwhile, before the last stage, every thread stages the next stage
// into the other buffer, from the second stage on after waiting for the
// MMAs of the stage before, which read it.
// CHECK: scf.if
// CHECK: scf.if
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK-NEXT: }
// CHECK-COUNT-8: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 4, cache = ca : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-COUNT-8: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 4, cache = ca : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-NEXT: nvvm.cp.async.commit.group
// After the loop, the last stage's MMAs (stage 1: buffer 1, phase 0).
// CHECK: nvvm.mbarrier.try_wait.parity {{.*}}, %c0_i32, %c10000000_i32
// CHECK-NEXT: nvvm.tcgen05.fence <after>
// Readback: each warp its 32 lanes, 128 columns, added to the result.
// CHECK: nvvm.tcgen05.ld {{.*}} {shape = #nvvm.tcgen05_ldst_shape<shape_32x32b>} : vector<128xi32>
// CHECK-NEXT: nvvm.tcgen05.wait <load>
// CHECK-COUNT-128: memref.store {{.*}} : memref<256x256xf32>
// CHECK: nvvm.tcgen05.dealloc {{.*}}, %c256_i32 : !llvm.ptr<6>, i32
func.func @matmul(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                  %b: tensor<256x512xf4E2M1FN>, %bs: tensor<256x16xf8E8M0FNU>) -> tensor<256x256xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU> -> tensor<256x256xf32>
  return %d : tensor<256x256xf32>
}
