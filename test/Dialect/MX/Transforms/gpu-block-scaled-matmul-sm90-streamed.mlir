// The sm_90a streamed kernel: for matmuls with M, N >= 1024, M % 128,
// N % 256 and K % 64 = 0 (M from 128 up: see @converting_b), one kernel
// per operand writes it as bf16 (times
// its scales) in global memory, laid out as the wgmma stages, with a flag
// per tile and K step for scales above 2^125; then blocks of three
// warpgroups multiply 128 x 256 tiles: thread 0 copies each step's stages
// with cp.async.bulk into a ring of four (mbarriers mark them full and
// empty), warpgroups 1 and 2 run wgmma on them.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a}),canonicalize)" | FileCheck %s
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a sm90-streamed=false}),canonicalize)" | FileCheck %s --check-prefix=OFF
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a sm90-warpgroup=false}),canonicalize)" | FileCheck %s --check-prefix=MMA

// A fresh result: the zero fill goes, and the kernel stores its sums.
// K = 128: two steps. The images: 1024 x 128 bf16 each (65536 words); the
// flags: 8 tiles of A and 4 of B, two steps each.
// CHECK-LABEL: func.func @streamed
// CHECK-NOT: linalg.fill
// CHECK: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 16-byte aligned"
// In device memory, allocated and freed on a stream of their own.
// CHECK: %[[AIMAGE:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<65536xi32>
// CHECK: %[[AFLAGS:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<16xi32>
// CHECK: %[[BIMAGE:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<65536xi32>
// CHECK: %[[BFLAGS:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<8xi32>
// A's image: a block per step and tile of 128 rows; a thread converts one
// code word (8 codes, 16 bytes of bf16) of each of four rows; the flag is
// reduced over the block.
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c8, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1)
// CHECK: memref.load {{.*}} : memref<1024x16xi32>
// CHECK-COUNT-4: vector.store {{.*}}, %[[AIMAGE]][{{.*}}] {alignment = 16 : i64} : memref<65536xi32>, vector<4xi32>
// CHECK: nvvm.barrier #nvvm.reduction<or>
// CHECK: memref.store {{.*}}, %[[AFLAGS]]
// B's: tiles of 256 rows, eight words per thread.
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c4, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1)
// CHECK-COUNT-8: vector.store {{.*}}, %[[BIMAGE]][{{.*}}] {alignment = 16 : i64} : memref<65536xi32>, vector<4xi32>
// CHECK: memref.store {{.*}}, %[[BFLAGS]]
// The matmul: 4 x 8 tiles, 384 threads, four stages of 48 KiB, their
// eight mbarriers and four E4M3-path words, and a KiB to align them.
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c4, {{.*}} = %c8, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c384, {{.*}} = %c1, {{.*}} = %c1) dynamic_shared_memory_size %c197712_i32
// CHECK-COUNT-4: nvvm.mbarrier.init {{.*}}, %c1_i32 : !llvm.ptr<3>, i32
// CHECK: nvvm.barrier
// The producer: thread 0 of warpgroup 0. It loads the step's flags before
// it waits for the stage and stores them beside it before the arrive that
// releases the stage.
// CHECK: nvvm.setmaxregister decrease 40
// CHECK: scf.for
// CHECK: memref.load %[[AFLAGS]]
// CHECK: memref.load %[[BFLAGS]]
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
// CHECK: nvvm.mbarrier.arrive.expect_tx {{.*}}, %c49152_i32
// CHECK: nvvm.cp.async.bulk.shared.cluster.global {{.*}}, %c16384_i32 : !llvm.ptr<7>, <1>
// CHECK: nvvm.cp.async.bulk.shared.cluster.global {{.*}}, %c32768_i32 : !llvm.ptr<7>, <1>
// The consumers read the step's flag from the stage once it is full.
// CHECK: } else {
// CHECK: nvvm.setmaxregister increase 232
// CHECK-NOT: memref.load %[[AFLAGS]]
// CHECK: scf.for
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
// CHECK: scf.if
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-COUNT-64: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// CHECK: } else {
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 256, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>]
// CHECK-NEXT: nvvm.wgmma.commit.group.sync.aligned
// CHECK: nvvm.wgmma.wait.group.sync.aligned 1
// CHECK: nvvm.mbarrier.arrive
// Epilogue: a thread's 128 sums as 64 pairs.
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-COUNT-64: vector.store {{.*}} {alignment = 8 : i64} : memref<1024x1024xf32>, vector<2xf32>
// CHECK-NOT: memref.store
// CHECK: gpu.dealloc async [%{{.*}}] %[[AIMAGE]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[AFLAGS]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[BIMAGE]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[BFLAGS]]
// OFF-LABEL: func.func @streamed
// OFF-NOT: cp.async.bulk
// OFF: <m = 64, n = 128, k = 16>
// OFF-NOT: cp.async.bulk
// MMA-LABEL: func.func @streamed
// MMA-NOT: wgmma
// MMA: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<bf16>
// MMA-NOT: wgmma
func.func @streamed(%a: tensor<1024x128xf4E2M1FN>, %as: tensor<1024x4xf8E8M0FNU>,
                    %b: tensor<1024x128xf4E2M1FN>, %bs: tensor<1024x4xf8E8M0FNU>) -> tensor<1024x1024xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU>, tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU> -> tensor<1024x1024xf32>
  return %d : tensor<1024x1024xf32>
}

// -----

// With an accumulator, the sums are added to it.
// CHECK-LABEL: func.func @accumulate
// CHECK: nvvm.cp.async.bulk.shared.cluster.global
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-COUNT-128: memref.store {{.*}} : memref<1024x1024xf32>
func.func @accumulate(%a: tensor<1024x128xf4E2M1FN>, %as: tensor<1024x4xf8E8M0FNU>,
                      %b: tensor<1024x128xf4E2M1FN>, %bs: tensor<1024x4xf8E8M0FNU>,
                      %c: tensor<1024x1024xf32>) -> tensor<1024x1024xf32> {
  %d = mx.matmul %a, %as, %b, %bs acc(%c) : tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU>, tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU> -> tensor<1024x1024xf32>
  return %d : tensor<1024x1024xf32>
}

// -----

// M = 512 is below the streamed kernel's 1024: B's image would cost more
// than it saves. Only A gets an image, with 2^63 moved onto it from B's
// scales (so its scales above 189 are flagged); warpgroup 0 of the
// streamed kernel converts B itself, one multiplication per pair of codes
// (by 2^(s - 64)). M divides into the tall tile (256 x 128): per K step
// the producers convert 128 rows of B, every thread its own two rows'
// K-blocks, from a ring of four steps of codes that it fills with cp.async
// three steps ahead (a commit group per step, empty past the last). Per
// step and producer warp, a word says whether any scale is outside 58 to
// 191 (warp 0's also A's flag). Each consumer warpgroup multiplies two
// blocks of 64 rows.
// CHECK-LABEL: func.func @converting_b
// CHECK-NOT: linalg.fill
// CHECK: %[[AIMAGE:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<32768xi32>
// CHECK: %[[AFLAGS:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<4xi32>
// CHECK-NOT: gpu.alloc
// A's image in tiles of 256 rows: a block per step and tile.
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c2, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1)
// CHECK: arith.cmpi ugt, %{{.*}}, %c189_i32
// CHECK-NOT: gpu.launch blocks({{.*}}) in ({{.*}}) threads({{.*}}) in ({{.*}} = %c256
// The matmul: the stages, mbarriers and flags of the image-fed kernel, the
// ring of raw codes (4 x 8 KiB at most), four flag words per stage, a KiB
// to align.
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c32, {{.*}} = %c2, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c384, {{.*}} = %c1, {{.*}} = %c1) dynamic_shared_memory_size %c230544_i32
// Each `full` mbarrier waits for the 128 producer threads.
// CHECK: nvvm.mbarrier.init {{.*}}, %c128_i32 : !llvm.ptr<3>, i32
// CHECK: nvvm.setmaxregister decrease 56
// The prologue: K = 128 has two steps, so the third commit group is empty.
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-NEXT: nvvm.cp.async.commit.group
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-NEXT: nvvm.cp.async.commit.group
// CHECK-NOT: nvvm.cp.async.shared.global
// CHECK: nvvm.cp.async.commit.group
// CHECK: scf.for
// CHECK-NEXT: arith.addi
// CHECK: scf.if
// CHECK-COUNT-2: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-NEXT: }
// CHECK-NEXT: nvvm.cp.async.commit.group
// CHECK: nvvm.cp.async.wait.group 3
// CHECK-COUNT-2: vector.load {{.*}} : memref<57380xi32, #gpu.address_space<workgroup>>, vector<4xi32>
// CHECK-NOT: vector.load
// CHECK: memref.load %[[AFLAGS]]
// CHECK: nvvm.mbarrier.try_wait.parity
// Thread 0 copies A's stage (256 rows of 128 bytes).
// CHECK: scf.if
// CHECK: nvvm.cp.async.bulk.shared.cluster.global {{.*}}, %c32768_i32 : !llvm.ptr<7>, <1>
// No multiplication by 2^126 (%c2122350208_i32) first, as the images do.
// CHECK-NOT: "mul.rn.bf16x2 $0, $1, $2;", "=r,r,r" %{{.*}}, %c2122350208_i32
// CHECK: llvm.inline_asm "mul.rn.bf16x2 $0, $1, $2;", "=r,r,r" %{{.*}}, %[[FACTOR:[0-9]+]] :
// CHECK-COUNT-3: llvm.inline_asm "mul.rn.bf16x2 $0, $1, $2;", "=r,r,r" %{{.*}}, %[[FACTOR]] :
// CHECK-NOT: mul.rn.bf16x2
// CHECK-COUNT-8: vector.store {{.*}} : memref<57380xi32, #gpu.address_space<workgroup>>, vector<4xi32>
// CHECK: arith.cmpi ult, %{{.*}}, %c58_i32
// CHECK: arith.cmpi ugt, %{{.*}}, %c191_i32
// CHECK-NOT: vector.store
// CHECK: nvvm.vote.sync any
// CHECK: llvm.store %{{.*}}, %{{.*}} : i32, !llvm.ptr<3>
// CHECK: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK: nvvm.mbarrier.arrive.expect_tx {{.*}}, %c32768_i32
// CHECK: } else {
// CHECK-NEXT: nvvm.mbarrier.arrive
// CHECK: nvvm.setmaxregister increase 224
// CHECK: scf.for {{.*}} iter_args({{.*}}, {{.*}}) -> (!llvm.struct<({{.*}})>, !llvm.struct<({{.*}})>)
// CHECK: nvvm.mbarrier.try_wait.parity
// CHECK-COUNT-4: llvm.load %{{.*}} : !llvm.ptr<3> -> i32
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-8: <m = 64, n = 128, k = 16>
// CHECK-NEXT: nvvm.wgmma.commit.group.sync.aligned
// CHECK: gpu.dealloc async [%{{.*}}] %[[AIMAGE]]
// CHECK: gpu.dealloc async [%{{.*}}] %[[AFLAGS]]
// CHECK-NOT: gpu.dealloc
func.func @converting_b(%a: tensor<512x128xf4E2M1FN>, %as: tensor<512x4xf8E8M0FNU>,
                        %b: tensor<4096x128xf4E2M1FN>, %bs: tensor<4096x4xf8E8M0FNU>) -> tensor<512x4096xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<512x128xf4E2M1FN>, tensor<512x4xf8E8M0FNU>, tensor<4096x128xf4E2M1FN>, tensor<4096x4xf8E8M0FNU> -> tensor<512x4096xf32>
  return %d : tensor<512x4096xf32>
}

// -----

// M = 384 does not divide into the tall tile: the converting kernel keeps
// the 128 x 256 tile, each producer thread with four rows of B, each
// consumer warpgroup with one block of 64 rows.
// CHECK-LABEL: func.func @converting_b_wide
// CHECK: gpu.alloc async [%{{.*}}] () : memref<24576xi32>
// CHECK: gpu.alloc async [%{{.*}}] () : memref<6xi32>
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c22, {{.*}} = %c3, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c384, {{.*}} = %c1, {{.*}} = %c1) dynamic_shared_memory_size %c230544_i32
// CHECK: nvvm.setmaxregister decrease 56
// CHECK-COUNT-4: nvvm.cp.async.shared.global {{.*}}, 16, cache = cg : !llvm.ptr<3>, !llvm.ptr<1>
// CHECK-NEXT: nvvm.cp.async.commit.group
// CHECK: scf.for
// CHECK: nvvm.cp.async.bulk.shared.cluster.global {{.*}}, %c16384_i32 : !llvm.ptr<7>, <1>
// CHECK-COUNT-16: vector.store {{.*}} : memref<57380xi32, #gpu.address_space<workgroup>>, vector<4xi32>
// CHECK-NOT: vector.store
// CHECK: nvvm.mbarrier.arrive.expect_tx {{.*}}, %c16384_i32
// CHECK: nvvm.setmaxregister increase 224
// CHECK: scf.for {{.*}} iter_args({{[^,]*}}) -> (!llvm.struct<({{.*}})>)
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-4: <m = 64, n = 256, k = 16>
// CHECK-NEXT: nvvm.wgmma.commit.group.sync.aligned
func.func @converting_b_wide(%a: tensor<384x128xf4E2M1FN>, %as: tensor<384x4xf8E8M0FNU>,
                             %b: tensor<5632x128xf4E2M1FN>, %bs: tensor<5632x4xf8E8M0FNU>) -> tensor<384x5632xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<384x128xf4E2M1FN>, tensor<384x4xf8E8M0FNU>, tensor<5632x128xf4E2M1FN>, tensor<5632x4xf8E8M0FNU> -> tensor<384x5632xf32>
  return %d : tensor<384x5632xf32>
}

// -----

// M = 512 with N = 1024 makes 16 tall tiles, fewer than the 64 blocks that
// the converting kernel needs to keep the GPU busy: the warpgroup kernel,
// with its smaller tiles, takes it.
// CHECK-LABEL: func.func @few_blocks
// CHECK-NOT: cp.async.bulk
// CHECK-NOT: nvvm.setmaxregister
// CHECK: <m = 64, n = 128, k = 16>
func.func @few_blocks(%a: tensor<512x128xf4E2M1FN>, %as: tensor<512x4xf8E8M0FNU>,
                      %b: tensor<1024x128xf4E2M1FN>, %bs: tensor<1024x4xf8E8M0FNU>) -> tensor<512x1024xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<512x128xf4E2M1FN>, tensor<512x4xf8E8M0FNU>, tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU> -> tensor<512x1024xf32>
  return %d : tensor<512x1024xf32>
}

// -----

// M = 64 is not a multiple of the streamed kernel's 128 rows: the
// warpgroup kernel, which converts in the matmul kernel, and it too stores
// a fresh result.
// CHECK-LABEL: func.func @small_m
// CHECK-NOT: linalg.fill
// CHECK-NOT: cp.async.bulk
// CHECK: <m = 64, n = 128, k = 16>
// CHECK-NOT: cp.async.bulk
// CHECK: vector.store {{.*}} {alignment = 8 : i64} : memref<64x1024xf32>, vector<2xf32>
func.func @small_m(%a: tensor<64x128xf4E2M1FN>, %as: tensor<64x4xf8E8M0FNU>,
                   %b: tensor<1024x128xf4E2M1FN>, %bs: tensor<1024x4xf8E8M0FNU>) -> tensor<64x1024xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>, tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU> -> tensor<64x1024xf32>
  return %d : tensor<64x1024xf32>
}

// -----

// N = 1152 is a multiple of 128 but not of the streamed kernel's 256
// columns: the warpgroup kernel.
// CHECK-LABEL: func.func @narrow_n
// CHECK-NOT: cp.async.bulk
// CHECK: <m = 64, n = 128, k = 16>
// CHECK-NOT: cp.async.bulk
func.func @narrow_n(%a: tensor<1024x128xf4E2M1FN>, %as: tensor<1024x4xf8E8M0FNU>,
                    %b: tensor<1152x128xf4E2M1FN>, %bs: tensor<1152x4xf8E8M0FNU>) -> tensor<1024x1152xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<1024x128xf4E2M1FN>, tensor<1024x4xf8E8M0FNU>, tensor<1152x128xf4E2M1FN>, tensor<1152x4xf8E8M0FNU> -> tensor<1024x1152xf32>
  return %d : tensor<1024x1152xf32>
}

// -----

// 134 tall tiles: more than the H200's 132 multiprocessors, and a second
// wave of two. The converting kernel then runs 132 blocks, each with an
// equal share (8 * 134 / 132 steps) of all tiles' K steps (stream-K), and
// a zeroed flag per tile. The producers walk their block's share step by
// step; the consumers tile by tile, with fresh accumulators for each. Of
// a tile whose steps blocks share, the block with the last steps (the
// tail) stores its sums; each other block waits until the tile's flag
// counts the parts after its own, then adds its sums; each but the first
// then counts its part in the flag. The wait for the wgmma comes before
// that branch.
// CHECK-LABEL: func.func @shared_steps
// CHECK-NOT: linalg.fill
// CHECK: %[[FLAGS:.*]], %{{.*}} = gpu.alloc async [%{{.*}}] () : memref<134xi32>
// CHECK: gpu.memset async [%{{.*}}] %[[FLAGS]], %c0_i32 : memref<134xi32>, i32
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c132, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c384, {{.*}} = %c1, {{.*}} = %c1)
// CHECK: nvvm.setmaxregister decrease 56
// CHECK: nvvm.setmaxregister increase 224
// CHECK: scf.for
// CHECK-NEXT: arith.divui
// CHECK: scf.for {{.*}} iter_args({{.*}}, {{.*}}) -> (!llvm.struct<({{.*}})>, !llvm.struct<({{.*}})>)
// CHECK: nvvm.wgmma.wait.group.sync.aligned 1
// CHECK: scf.yield
// CHECK-NEXT: }
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK: scf.if
// CHECK: memref.extract_aligned_pointer_as_index %[[FLAGS]]
// CHECK: scf.while
// CHECK-NEXT: llvm.load %{{.*}} atomic syncscope("device") acquire
// CHECK-NEXT: arith.cmpi ult
// CHECK-COUNT-128: memref.store {{.*}} : memref<256x17152xf32>
// CHECK: } else {
// CHECK-COUNT-64: vector.store {{.*}} {alignment = 8 : i64} : memref<256x17152xf32>, vector<2xf32>
// CHECK: scf.if
// CHECK: llvm.fence syncscope("device") release
// CHECK-NEXT: nvvm.barrier id = %c1_i32 number_of_threads = %c256_i32
// CHECK: memref.extract_aligned_pointer_as_index %[[FLAGS]]
// CHECK: llvm.store %{{.*}}, %{{.*}} atomic syncscope("device") release
// CHECK: gpu.dealloc async [%{{.*}}] %[[FLAGS]]
func.func @shared_steps(%a: tensor<256x512xf4E2M1FN>, %as: tensor<256x16xf8E8M0FNU>,
                        %b: tensor<17152x512xf4E2M1FN>, %bs: tensor<17152x16xf8E8M0FNU>) -> tensor<256x17152xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x512xf4E2M1FN>, tensor<256x16xf8E8M0FNU>, tensor<17152x512xf4E2M1FN>, tensor<17152x16xf8E8M0FNU> -> tensor<256x17152xf32>
  return %d : tensor<256x17152xf32>
}

// -----

// 264 tall tiles fill two waves of 132: a block per tile, no flags.
// CHECK-LABEL: func.func @full_waves
// CHECK-NOT: gpu.memset
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c264, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c384, {{.*}} = %c1, {{.*}} = %c1)
// CHECK-NOT: scf.while
// CHECK: gpu.dealloc
func.func @full_waves(%a: tensor<256x128xf4E2M1FN>, %as: tensor<256x4xf8E8M0FNU>,
                      %b: tensor<33792x128xf4E2M1FN>, %bs: tensor<33792x4xf8E8M0FNU>) -> tensor<256x33792xf32> {
  %d = mx.matmul %a, %as, %b, %bs : tensor<256x128xf4E2M1FN>, tensor<256x4xf8E8M0FNU>, tensor<33792x128xf4E2M1FN>, tensor<33792x4xf8E8M0FNU> -> tensor<256x33792xf32>
  return %d : tensor<256x33792xf32>
}
