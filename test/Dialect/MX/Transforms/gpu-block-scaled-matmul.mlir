// The block-scaled contraction of mx.matmul becomes one warp per 16x8 tile
// with warp-level MMA; shapes that do not tile, and sm_100a, keep the
// linalg.generic (and get a remark).
// RUN: mx-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a}),canonicalize)" | FileCheck %s --check-prefixes=COMMON,SM90
// RUN: mx-opt %s -split-input-file -verify-diagnostics --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_120a}),canonicalize)" | FileCheck %s --check-prefixes=COMMON,SM120
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_100a}))" 2>&1 | FileCheck %s --check-prefix=SM100
// RUN: not mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-block-scaled-matmul{chip=sm_89}))" 2>&1 | FileCheck %s --check-prefix=BADCHIP

// M = 32, N = 16: a 2x2 grid of one-warp blocks; K = 128 is two k64 steps
// (sm_120a) or four 32-element blocks (sm_90a).
// COMMON-LABEL: func.func @tiles
// COMMON: linalg.fill
// COMMON: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c2, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c1, {{.*}} = %c1)
// COMMON-NOT: linalg.generic
// COMMON: scf.for
// SM90: llvm.inline_asm "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 {$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13};"
// The block's product is scaled by both blocks' scales and added in f32.
// SM90-COUNT-8: arith.mulf
// SM120: llvm.inline_asm "mma.sync.aligned.m16n8k64.row.col.kind::mxf4.block_scale.scale_vec::2X.f32.e2m1.e2m1.f32.ue8m0 {$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13}, $14, {0, 0}, $15, {0, 0};"
// SM120-NOT: arith.mulf
// COMMON: scf.yield
// COMMON-COUNT-4: memref.store
// COMMON: gpu.terminator
// SM100: remark: mx-gpu-block-scaled-matmul: no tcgen05 kernel yet
// SM100-NOT: gpu.launch
// SM100: linalg.generic {{.*}} attrs = {mx.block_scaled_matmul}
func.func @tiles(%a: tensor<32x128xf4E2M1FN>, %as: tensor<32x4xf8E8M0FNU>,
                 %b: tensor<16x128xf4E2M1FN>, %bs: tensor<16x4xf8E8M0FNU>) -> tensor<32x16xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<32x128xf4E2M1FN>, tensor<32x4xf8E8M0FNU>, tensor<16x128xf4E2M1FN>, tensor<16x4xf8E8M0FNU> -> tensor<32x16xf32>
  return %0 : tensor<32x16xf32>
}

// -----

// M = 8 is not a multiple of the 16-row tile.
// COMMON-LABEL: func.func @untiled
// COMMON-NOT: gpu.launch
// COMMON: linalg.generic {{.*}} attrs = {mx.block_scaled_matmul}
func.func @untiled(%a: tensor<8x64xf4E2M1FN>, %as: tensor<8x2xf8E8M0FNU>,
                   %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) -> tensor<8x8xf32> {
  // expected-remark @+1 {{needs a static, non-empty 2-D matmul with M % 16, N % 8 and K %}}
  %0 = mx.matmul %a, %as, %b, %bs : tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<8x8xf32>
  return %0 : tensor<8x8xf32>
}

// BADCHIP: error: mx-gpu-block-scaled-matmul: unknown chip 'sm_89'
