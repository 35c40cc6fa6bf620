// Outermost parallel loops are tiled so that one tile (one GPU block) has
// up to `threads` iterations, innermost dimension first.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-tile-parallel-loops))" | FileCheck %s
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-tile-parallel-loops{threads=64}))" | FileCheck %s --check-prefix=T64
// RUN: not mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-tile-parallel-loops{threads=2048}))" 2>&1 | FileCheck %s --check-prefix=BAD

// 800 x 4 x 32: 32 innermost, then 4, then 2 (256 in all); 64 threads
// give 32 x 2 x 1.
// CHECK-LABEL: func.func @rank3
// CHECK-DAG: %[[S0:.*]] = arith.muli %c1, %c2 : index
// CHECK-DAG: %[[S1:.*]] = arith.muli %c1, %c4{{.*}} : index
// CHECK-DAG: %[[S2:.*]] = arith.muli %c1, %c32{{.*}} : index
// CHECK: scf.parallel ({{.*}}) = {{.*}} step (%[[S0]], %[[S1]], %[[S2]])
// CHECK: scf.parallel ({{.*}}) = {{.*}} to (%[[S0]], %[[S1]], %[[S2]])
// CHECK: memref.store
// T64-LABEL: func.func @rank3
// T64-DAG: %[[S0:.*]] = arith.muli %c1, %c1{{.*}} : index
// T64-DAG: %[[S1:.*]] = arith.muli %c1, %c2 : index
// T64-DAG: %[[S2:.*]] = arith.muli %c1, %c32{{.*}} : index
// T64: scf.parallel ({{.*}}) = {{.*}} step (%[[S0]], %[[S1]], %[[S2]])
func.func @rank3(%m: memref<800x4x32xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %c800 = arith.constant 800 : index
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c800, %c4, %c32) step (%c1, %c1, %c1) {
    memref.store %v, %m[%i, %j, %k] : memref<800x4x32xf32>
  }
  return
}

// -----

// A dynamic innermost dimension takes all 256 threads; tiles that may run
// past the bounds are guarded.
// CHECK-LABEL: func.func @dynamic
// CHECK: %[[S:.*]] = arith.muli %c1, %c256 : index
// CHECK: scf.parallel ({{.*}}) = {{.*}} step (%{{.*}}, %[[S]])
// CHECK: scf.if
// CHECK: memref.store
func.func @dynamic(%m: memref<?x?xf32>, %n: index, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %n) step (%c1, %c1) {
    memref.store %v, %m[%i, %j] : memref<?x?xf32>
  }
  return
}

// -----

// Loops with reductions are left alone.
// CHECK-LABEL: func.func @reduction
// CHECK: scf.parallel ({{.*}}) = ({{.*}}) to ({{.*}}) step (%c1) init
// CHECK-NOT: scf.parallel
func.func @reduction(%m: memref<1024xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c1024 = arith.constant 1024 : index
  %zero = arith.constant 0.0 : f32
  %s = scf.parallel (%i) = (%c0) to (%c1024) step (%c1) init (%zero) -> f32 {
    %x = memref.load %m[%i] : memref<1024xf32>
    scf.reduce(%x : f32) {
    ^bb0(%a: f32, %b: f32):
      %r = arith.addf %a, %b : f32
      scf.reduce.return %r : f32
    }
  }
  return %s : f32
}

// -----

// So are loops with non-unit steps.
// CHECK-LABEL: func.func @strided
// CHECK: scf.parallel ({{.*}}) = ({{.*}}) to ({{.*}}) step (%c2)
// CHECK-NOT: scf.parallel
func.func @strided(%m: memref<1024xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c1024 = arith.constant 1024 : index
  scf.parallel (%i) = (%c0) to (%c1024) step (%c2) {
    memref.store %v, %m[%i] : memref<1024xf32>
  }
  return
}

// BAD: error: mx-gpu-tile-parallel-loops: threads must be in 1..1024, not 2048
