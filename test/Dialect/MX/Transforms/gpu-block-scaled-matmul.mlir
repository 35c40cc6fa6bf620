// The block-scaled contraction of mx.matmul becomes a gpu.launch of
// warp-level MMA over tiles of 16x8 (up to 4x4 of them per warp, up to 2x2
// warps per block) that reads packed codes as 32-bit words; shapes that do
// not tile, and sm_100a unless sm100-tcgen05 is on and the shape fits its
// kernel, keep the linalg.generic (and get a remark).
// RUN: mx-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a}),canonicalize)" | FileCheck %s --check-prefixes=COMMON,SM90
// RUN: mx-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a sm90-operands=e4m3}),canonicalize)" | FileCheck %s --check-prefixes=COMMON,E4M3
// RUN: mx-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_120a}),canonicalize)" | FileCheck %s --check-prefixes=COMMON,SM120
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_100a}))" 2>&1 | FileCheck %s --check-prefix=SM100
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_100a sm100-tcgen05=true}))" 2>&1 | FileCheck %s --check-prefix=SM100ON
// RUN: not mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-block-scaled-matmul{chip=sm_89}))" 2>&1 | FileCheck %s --check-prefix=BADCHIP
// RUN: not mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-block-scaled-matmul{sm90-operands=fp8}))" 2>&1 | FileCheck %s --check-prefix=BADOPERANDS

// M = 32, N = 16: one warp with 2x2 MMA tiles. K = 256 is two steps of
// four 32-element blocks (sm_90a, scales folded into bf16 operands), eight
// blocks (sm_90a, E4M3 block sums) or four k64 steps (sm_120a).
// COMMON-LABEL: func.func @tiles
// The E4M3 bytes of the E2M1 magnitudes, the table prmt looks up.
// E4M3-DAG: arith.constant 1010315264 : i32
// E4M3-DAG: arith.constant 1279804480 : i32
// 2^126 in both halves of a bf16 pair.
// SM90-DAG: arith.constant 2122350208 : i32
// The scale selectors of the sm_120a MMA: byte 0, lane 0 of the quad.
// SM120-DAG: %[[ZERO:.*]] = llvm.mlir.constant(0 : i16) : i16
// COMMON: linalg.fill
// SM90: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 16-byte aligned"
// E4M3: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 4-byte aligned"
// SM120: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 4-byte aligned"
// COMMON: memref.view {{.*}} : memref<4096xi8> to memref<32x32xi32>
// COMMON: cf.assert
// COMMON: memref.view {{.*}} : memref<2048xi8> to memref<16x32xi32>
// COMMON: gpu.launch blocks({{.*}}) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c1, {{.*}} = %c1)
// COMMON-NOT: linalg.generic
// SM90: scf.for {{.*}} = %c0 to %c2 step %c1 iter_args({{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)
// E4M3: scf.for {{.*}} = %c0 to %c8 step %c1 iter_args({{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)
// SM120: scf.for {{.*}} = %c0 to %c4 step %c1 iter_args({{.*}}) -> (f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32, f32)
// Scales folded: one 16-byte load per row of A (4) and column of B (2),
// four whole K-blocks per quad, and the block's scale.
// SM90-COUNT-6: vector.load {{.*}} {alignment = 16 : i64} : memref<{{32|16}}x32xi32>, vector<4xi32>
// SM90-NOT: vector.load
// If a scale of the warp's A is above 189 or one of its B outside 58 to
// 191, the step's four blocks run as E4M3 block sums (16 MMAs), else as 32
// bf16 MMAs on scaled operands: 2^(scale - 64) as a bf16 pair is
// (scale + 63) * 0x00800080.
// SM90: arith.cmpi ugt, {{.*}}, %c189_i32 : i32
// SM90: arith.cmpi ugt, {{.*}}, %c191_i32 : i32
// SM90: arith.cmpi ult, {{.*}}, %c58_i32 : i32
// SM90: nvvm.vote.sync  any
// SM90: scf.if
// SM90-COUNT-16: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// SM90: } else {
// SM90: %[[SUM:.*]] = arith.addi {{.*}}, %c63_i32 : i32
// SM90: arith.muli %[[SUM]], %c8388736_i32 : i32
// SM90: llvm.inline_asm "mul.rn.bf16x2 $0, $1, $2;", "=r,r,r"
// SM90-COUNT-32: nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>}
// SM90-NOT: mma.sync
// SM90: scf.yield
// E4M3: memref.load {{.*}} : memref<32x32xi32>
// E4M3: llvm.inline_asm "prmt.b32 $0, $1, $2, $3;", "=r,r,r,r"
// Per MMA tile: the block's product, scaled by both blocks' scales (the
// smaller first) and added in f32.
// E4M3: llvm.inline_asm "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 {$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13};"
// E4M3-COUNT-4: llvm.intr.fma
// E4M3: llvm.inline_asm "mma.sync.aligned.m16n8k32
// E4M3-COUNT-4: llvm.intr.fma
// E4M3: llvm.inline_asm "mma.sync.aligned.m16n8k32
// E4M3-COUNT-4: llvm.intr.fma
// E4M3: llvm.inline_asm "mma.sync.aligned.m16n8k32
// E4M3-COUNT-4: llvm.intr.fma
// E4M3-NOT: mma.sync
// SM120: memref.load {{.*}} : memref<32x32xi32>
// SM120-COUNT-4: nvvm.mma.block_scale A[{{.*}}] B[{{.*}}] C[{{.*}}] scaleA[%{{.*}}, %[[ZERO]], %[[ZERO]]] scaleB[%{{.*}}, %[[ZERO]], %[[ZERO]]] {blockScaleFormat = #nvvm.block_scale_format<ue8m0>, kind = #nvvm.block_scale_kind<mxf4>, multiplicandAPtxType = #nvvm.mma_type<e2m1>, multiplicandBPtxType = #nvvm.mma_type<e2m1>, scaleVecSize = #nvvm.scale_vec_size<x2>, shape = #nvvm.shape<m = 16, n = 8, k = 64>}
// SM120-NOT: arith.mulf
// SM120-NOT: mma.block_scale
// COMMON: scf.yield
// The initial value of the result is added at the end.
// COMMON-COUNT-16: memref.store
// COMMON: gpu.terminator
// SM100: remark: mx-gpu-block-scaled-matmul: the tcgen05 kernel is off (sm100-tcgen05); the block-scaled matmul stays on the CUDA cores
// SM100-NOT: gpu.launch
// SM100: linalg.generic {{.*}} attrs = {mx.block_scaled_matmul}
// SM100ON: remark: mx-gpu-block-scaled-matmul: the tcgen05 kernel needs a non-empty matmul with M % 128, N % 128 and K % 256 = 0 and contiguous operands; the block-scaled matmul stays on the CUDA cores
// SM100ON-NOT: gpu.launch
// SM100ON: linalg.generic {{.*}} attrs = {mx.block_scaled_matmul}
func.func @tiles(%a: tensor<32x256xf4E2M1FN>, %as: tensor<32x8xf8E8M0FNU>,
                 %b: tensor<16x256xf4E2M1FN>, %bs: tensor<16x8xf8E8M0FNU>) -> tensor<32x16xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<32x256xf4E2M1FN>, tensor<32x8xf8E8M0FNU>, tensor<16x256xf4E2M1FN>, tensor<16x8xf8E8M0FNU> -> tensor<32x16xf32>
  return %0 : tensor<32x16xf32>
}

// -----

// M = 128, N = 64: one block of 2x2 warps, each with 4x4 MMA tiles.
// COMMON-LABEL: func.func @warps
// COMMON: gpu.launch blocks({{.*}}) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c2, {{.*}} = %c2)
// SM90-COUNT-64: mma.sync.aligned.m16n8k32
// SM90: } else {
// SM90-COUNT-128: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// E4M3-COUNT-16: mma.sync.aligned.m16n8k32
// SM120-COUNT-16: nvvm.mma.block_scale {{.*}}kind = #nvvm.block_scale_kind<mxf4>
// COMMON-NOT: mma.sync
// SM120-NOT: mma.block_scale
// COMMON: scf.yield
func.func @warps(%a: tensor<128x128xf4E2M1FN>, %as: tensor<128x4xf8E8M0FNU>,
                 %b: tensor<64x128xf4E2M1FN>, %bs: tensor<64x4xf8E8M0FNU>) -> tensor<128x64xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<128x128xf4E2M1FN>, tensor<128x4xf8E8M0FNU>, tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU> -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}

// -----

// M = 256, N = 80: blocks of 2x1 warps with 4x2 MMA tiles (N / 8 = 10 is
// not a multiple of 4 or 3), a grid of 5x2 blocks.
// COMMON-LABEL: func.func @grid
// COMMON: gpu.launch blocks({{.*}}) in ({{.*}} = %c5, {{.*}} = %c2, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c1, {{.*}} = %c2)
// SM90-COUNT-32: mma.sync.aligned.m16n8k32
// SM90: } else {
// SM90-COUNT-64: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// E4M3-COUNT-8: mma.sync.aligned.m16n8k32
// SM120-COUNT-8: nvvm.mma.block_scale
// COMMON-NOT: mma.sync
// SM120-NOT: mma.block_scale
// COMMON: scf.yield
func.func @grid(%a: tensor<256x128xf4E2M1FN>, %as: tensor<256x4xf8E8M0FNU>,
                %b: tensor<80x128xf4E2M1FN>, %bs: tensor<80x4xf8E8M0FNU>) -> tensor<256x80xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<256x128xf4E2M1FN>, tensor<256x4xf8E8M0FNU>, tensor<80x128xf4E2M1FN>, tensor<80x4xf8E8M0FNU> -> tensor<256x80xf32>
  return %0 : tensor<256x80xf32>
}

// -----

// M = 3 is padded to one 16-row tile: rows past M load row 2 of A and
// store nothing.
// COMMON-LABEL: func.func @padded
// COMMON: gpu.launch blocks({{.*}}) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c1, {{.*}} = %c1)
// COMMON: arith.minui %{{.*}}, %c2 : index
// COMMON: arith.minui %{{.*}}, %c2 : index
// COMMON: {{mma.sync|mma.block_scale}}
// COMMON: arith.cmpi ult, %{{.*}}, %c3 : index
// COMMON-NEXT: scf.if
// COMMON: memref.store {{.*}} : memref<3x8xf32>
func.func @padded(%a: tensor<3x64xf4E2M1FN>, %as: tensor<3x2xf8E8M0FNU>,
                  %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) -> tensor<3x8xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<3x64xf4E2M1FN>, tensor<3x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}

// -----

// N = 4 is not a multiple of the 8-column tile.
// COMMON-LABEL: func.func @untiled
// COMMON-NOT: gpu.launch
// COMMON: linalg.generic {{.*}} attrs = {mx.block_scaled_matmul}
func.func @untiled(%a: tensor<16x64xf4E2M1FN>, %as: tensor<16x2xf8E8M0FNU>,
                   %b: tensor<4x64xf4E2M1FN>, %bs: tensor<4x2xf8E8M0FNU>) -> tensor<16x4xf32> {
  // expected-remark @+1 {{needs a static, non-empty 2-D matmul with N % 8 and K %}}
  %0 = mx.matmul %a, %as, %b, %bs : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>, tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU> -> tensor<16x4xf32>
  return %0 : tensor<16x4xf32>
}

// -----

// K = 0: nothing to multiply and no K steps for a kernel to walk, so no
// kernel; the empty product folds away and the result is its zero fill.
// COMMON-LABEL: func.func @empty_k
// COMMON-NOT: gpu.launch
// COMMON: linalg.fill
// COMMON-NEXT: return
func.func @empty_k(%a: tensor<128x0xf4E2M1FN>, %as: tensor<128x0xf8E8M0FNU>,
                   %b: tensor<1024x0xf4E2M1FN>, %bs: tensor<1024x0xf8E8M0FNU>) -> tensor<128x1024xf32> {
  // expected-remark @+1 {{needs a static, non-empty 2-D matmul with N % 8 and K %}}
  %0 = mx.matmul %a, %as, %b, %bs : tensor<128x0xf4E2M1FN>, tensor<128x0xf8E8M0FNU>, tensor<1024x0xf4E2M1FN>, tensor<1024x0xf8E8M0FNU> -> tensor<128x1024xf32>
  return %0 : tensor<128x1024xf32>
}

// BADCHIP: error: mx-gpu-block-scaled-matmul: unknown chip 'sm_89'
// BADOPERANDS: error: mx-gpu-block-scaled-matmul: sm90-operands must be bf16 or e4m3, not 'fp8'
