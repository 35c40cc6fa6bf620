// Host buffers become host-shared GPU allocations, freed asynchronously;
// allocations inside kernels are left alone.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-shared-allocations))" | FileCheck %s

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

// -----

// A constant global that a kernel reads, here through a view, is copied
// into host-shared memory at entry (by the driver: the runtime may serve
// host-shared buffers from device memory) and freed before each return;
// every use but a return reads the copy.
// CHECK-LABEL: func.func @global
// CHECK: %[[G:.*]] = memref.get_global @shifts : memref<2xi8>
// CHECK: %[[C:.*]] = gpu.alloc  host_shared () : memref<2xi8>
// CHECK: %[[S:.*]] = gpu.wait async
// CHECK: %[[M:.*]] = gpu.memcpy async [%[[S]]] %[[C]], %[[G]] : memref<2xi8>, memref<2xi8>
// CHECK: gpu.wait [%[[M]]]
// CHECK: %[[V:.*]] = memref.subview %[[C]][1] [1] [1]
// CHECK: gpu.launch_func @kernels::@read {{.*}} args(%[[V]] : memref<1xi8, strided<[1], offset: 1>>)
// CHECK: memref.load %[[C]]
// CHECK: %[[T0:.*]] = gpu.wait async
// CHECK: gpu.dealloc async [%[[T0]]] %[[C]]
// CHECK: return %{{.*}}, %[[G]]
module attributes {gpu.container_module} {
  memref.global "private" constant @shifts : memref<2xi8> = dense<[0, 4]>
  gpu.module @kernels {
    gpu.func @read(%m: memref<1xi8, strided<[1], offset: 1>>) kernel {
      gpu.return
    }
  }
  func.func @global() -> (i8, memref<2xi8>) {
    %c1 = arith.constant 1 : index
    %g = memref.get_global @shifts : memref<2xi8>
    %v = memref.subview %g[1] [1] [1] : memref<2xi8> to memref<1xi8, strided<[1], offset: 1>>
    gpu.launch_func @kernels::@read blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%v : memref<1xi8, strided<[1], offset: 1>>)
    %x = memref.load %g[%c1] : memref<2xi8>
    return %x, %g : i8, memref<2xi8>
  }
}

// -----

// A mutable global is not copied (kernels could write it).
// CHECK-LABEL: func.func @mutable
// CHECK: %[[G:.*]] = memref.get_global @state
// CHECK-NOT: gpu.alloc
// CHECK: gpu.launch_func @kernels::@touch {{.*}} args(%[[G]] : memref<2xi8>)
module attributes {gpu.container_module} {
  memref.global "private" @state : memref<2xi8> = dense<0>
  gpu.module @kernels {
    gpu.func @touch(%m: memref<2xi8>) kernel {
      gpu.return
    }
  }
  func.func @mutable() {
    %c1 = arith.constant 1 : index
    %g = memref.get_global @state : memref<2xi8>
    gpu.launch_func @kernels::@touch blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%g : memref<2xi8>)
    return
  }
}

// -----

// Host copies between contiguous buffers go through the driver (arguments
// may be device memory); strided ones stay on the host.
// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[A:.*]]: memref<4x8xf32>, %[[S:.*]]: memref<4x4xf32, strided<[8, 1]>>)
// CHECK: %[[B:.*]] = gpu.alloc  host_shared () : memref<4x8xf32>
// CHECK: %[[T0:.*]] = gpu.wait async
// CHECK: %[[T1:.*]] = gpu.memcpy async [%[[T0]]] %[[B]], %[[A]] : memref<4x8xf32>, memref<4x8xf32>
// CHECK: gpu.wait [%[[T1]]]
// CHECK: %[[C:.*]] = gpu.alloc  host_shared () : memref<4x4xf32>
// CHECK: memref.copy %[[S]], %[[C]]
// CHECK-NOT: memref.copy
func.func @copies(%a: memref<4x8xf32>, %s: memref<4x4xf32, strided<[8, 1]>>) -> (memref<4x8xf32>, memref<4x4xf32>) {
  %b = memref.alloc() : memref<4x8xf32>
  memref.copy %a, %b : memref<4x8xf32> to memref<4x8xf32>
  %c = memref.alloc() : memref<4x4xf32>
  memref.copy %s, %c : memref<4x4xf32, strided<[8, 1]>> to memref<4x4xf32>
  return %b, %c : memref<4x8xf32>, memref<4x4xf32>
}
