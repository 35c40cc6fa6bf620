// Host buffers become host-shared GPU allocations, freed asynchronously;
// allocations inside kernels are left alone.
// RUN: mx-opt %s --pass-pipeline="builtin.module(func.func(mx-gpu-shared-allocations))" | FileCheck %s

// CHECK-LABEL: func.func @host
// CHECK: %[[M:.*]] = gpu.alloc  host_shared () : memref<64xf32>
// CHECK: gpu.launch
// CHECK: memref.alloc() : memref<4xf32>
// CHECK: %[[T0:.*]] = gpu.wait async
// CHECK: %[[T1:.*]] = gpu.dealloc async [%[[T0]]] %[[M]] : memref<64xf32>
// CHECK: gpu.wait [%[[T1]]]
// CHECK-NOT: memref.dealloc
func.func @host() {
  %m = memref.alloc() : memref<64xf32>
  %c1 = arith.constant 1 : index
  gpu.launch blocks(%bx, %by, %bz) in (%x = %c1, %y = %c1, %z = %c1)
             threads(%tx, %ty, %tz) in (%u = %c1, %v = %c1, %w = %c1) {
    %s = memref.alloc() : memref<4xf32>
    gpu.terminator
  }
  memref.dealloc %m : memref<64xf32>
  return
}
