// How the sm_90a kernel with scales folded into bf16 operands loads codes:
// a quad takes as many whole K-blocks per step as K allows (eight, 32
// bytes a lane, where M is one tile; four, 16 bytes, in
// gpu-block-scaled-matmul.mlir), two (8 bytes) or one word of one block;
// how a small grid splits K; and the transposed product for M <= 8.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a}),canonicalize)" | FileCheck %s

// K = 192: two blocks per step.
// CHECK-LABEL: func.func @two_blocks
// CHECK: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 8-byte aligned"
// CHECK: scf.for {{.*}} = %c0 to %c3 step %c1
// CHECK-COUNT-2: vector.load {{.*}} {alignment = 8 : i64} : memref<16x24xi32>, vector<2xi32>
// CHECK: scf.if
// CHECK-COUNT-2: mma.sync.aligned.m16n8k32
// CHECK: } else {
// CHECK-COUNT-4: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// CHECK-NOT: mma.sync
func.func @two_blocks(%a: tensor<16x192xf4E2M1FN>, %as: tensor<16x6xf8E8M0FNU>,
                      %b: tensor<8x192xf4E2M1FN>, %bs: tensor<8x6xf8E8M0FNU>) -> tensor<16x8xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<16x192xf4E2M1FN>, tensor<16x6xf8E8M0FNU>, tensor<8x192xf4E2M1FN>, tensor<8x6xf8E8M0FNU> -> tensor<16x8xf32>
  return %0 : tensor<16x8xf32>
}

// -----

// K = 96: one word of one block per lane and step.
// CHECK-LABEL: func.func @one_word
// CHECK: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 4-byte aligned"
// CHECK: scf.for {{.*}} = %c0 to %c3 step %c1
// CHECK-NOT: vector.load
// CHECK-COUNT-2: memref.load {{.*}} : memref<16x12xi32>
// CHECK: scf.if
// CHECK-COUNT-1: mma.sync.aligned.m16n8k32
// CHECK: } else {
// CHECK-COUNT-2: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// CHECK-NOT: mma.sync
func.func @one_word(%a: tensor<16x96xf4E2M1FN>, %as: tensor<16x3xf8E8M0FNU>,
                    %b: tensor<8x96xf4E2M1FN>, %bs: tensor<8x3xf8E8M0FNU>) -> tensor<16x8xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<16x96xf4E2M1FN>, tensor<16x3xf8E8M0FNU>, tensor<8x96xf4E2M1FN>, tensor<8x3xf8E8M0FNU> -> tensor<16x8xf32>
  return %0 : tensor<16x8xf32>
}

// -----

// A grid of two warps with K = 8192 (a weight-bound shape): one MMA tile
// along M, so a lane loads two whole blocks (32 bytes) of each row a step,
// 32 steps; K is split four ways, 8 steps per block along z, and the
// blocks add their sums to the result atomically.
// CHECK-LABEL: func.func @split_k
// CHECK: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 16-byte aligned"
// CHECK: gpu.launch blocks(%{{.*}}, %{{.*}}, %[[Z:.*]]) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c4) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c2, {{.*}} = %c1)
// CHECK: %[[FIRST:.*]] = arith.muli %[[Z]], %c8 : index
// The first step's operands (rows g and g + 8 of A, four columns of B,
// these past L1) are loaded before the loop, and each step loads the next
// one's (at most the split's last step) before computing.
// CHECK-COUNT-4: vector.load {{.*}} : memref<16x1024xi32>, vector<4xi32>
// CHECK-COUNT-8: ld.global.nc.L1::no_allocate.v4.u32
// CHECK: %[[LAST:.*]] = arith.addi %[[FIRST]], %c8 : index
// CHECK: scf.for %[[STEP:.*]] = %[[FIRST]] to %[[LAST]] step %c1 iter_args({{.*}}) -> ({{.*}}f32, i32,
// CHECK: %[[NEXT:.*]] = arith.addi %[[STEP]], %c1 : index
// CHECK: arith.minui %[[NEXT]]
// CHECK-COUNT-4: vector.load {{.*}} : memref<16x1024xi32>, vector<4xi32>
// CHECK-COUNT-8: ld.global.nc.L1::no_allocate.v4.u32
// CHECK: nvvm.vote.sync  any
// CHECK: } else {
// Four tiles, eight words and two halves of each: 64 MMAs a step.
// CHECK-COUNT-64: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// CHECK-NOT: nvvm.mma.sync
// CHECK-NOT: memref.store {{.*}} : memref<16x64xf32>
// CHECK-COUNT-16: memref.atomic_rmw addf %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : (f32, memref<16x64xf32>) -> f32
func.func @split_k(%a: tensor<16x8192xf4E2M1FN>, %as: tensor<16x256xf8E8M0FNU>,
                   %b: tensor<64x8192xf4E2M1FN>, %bs: tensor<64x256xf8E8M0FNU>) -> tensor<16x64xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<16x8192xf4E2M1FN>, tensor<16x256xf8E8M0FNU>, tensor<64x8192xf4E2M1FN>, tensor<64x256xf8E8M0FNU> -> tensor<16x64xf32>
  return %0 : tensor<16x64xf32>
}

// -----

// M = 3 (at most 8): the MMAs compute the transposed product. Rows g and
// g + 8 of each MMA's A operand are rows of B (four tiles of B make two
// MMA tiles of 16 rows), loaded past L1; A's row g (clamped to row 2) is
// the MMAs' B operand. Half as many MMAs a step, and lane 4g + t adds the
// sums of A's rows 2t and 2t + 1, where they exist.
// CHECK-LABEL: func.func @transposed
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c4) threads({{.*}}) in ({{.*}} = %c32, {{.*}} = %c2, {{.*}} = %c1)
// CHECK: %[[ROW:.*]] = arith.minui %{{.*}}, %c2 : index
// CHECK-COUNT-8: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-COUNT-2: vector.load %{{.*}}[%[[ROW]], %{{.*}}] {{.*}} : memref<3x1024xi32>, vector<4xi32>
// CHECK: scf.for
// CHECK-COUNT-8: ld.global.nc.L1::no_allocate.v4.u32
// CHECK-COUNT-2: vector.load %{{.*}}[%[[ROW]], %{{.*}}] {{.*}} : memref<3x1024xi32>, vector<4xi32>
// CHECK: nvvm.vote.sync  any
// CHECK: } else {
// CHECK-COUNT-32: nvvm.mma.sync {{.*}}shape = #nvvm.shape<m = 16, n = 8, k = 16>
// CHECK-NOT: nvvm.mma.sync
// CHECK-COUNT-8: memref.atomic_rmw addf %{{.*}}, %{{.*}}[%{{.*}}, %{{.*}}] : (f32, memref<3x64xf32>) -> f32
// CHECK-NOT: memref.atomic_rmw
func.func @transposed(%a: tensor<3x8192xf4E2M1FN>, %as: tensor<3x256xf8E8M0FNU>,
                      %b: tensor<64x8192xf4E2M1FN>, %bs: tensor<64x256xf8E8M0FNU>) -> tensor<3x64xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<3x8192xf4E2M1FN>, tensor<3x256xf8E8M0FNU>, tensor<64x8192xf4E2M1FN>, tensor<64x256xf8E8M0FNU> -> tensor<3x64xf32>
  return %0 : tensor<3x64xf32>
}
