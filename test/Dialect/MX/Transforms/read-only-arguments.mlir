// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-read-only-arguments))" | FileCheck %s
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-read-only-arguments),one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map})" | FileCheck %s --check-prefix=BUF

// Tensor arguments of public functions become read-only for bufferization;
// scalars, an explicit choice and private functions are left alone.
// CHECK-LABEL: func.func @public
// CHECK-SAME: %{{.*}}: tensor<4xf32> {bufferization.writable = false}
// CHECK-SAME: %{{.*}}: f32,
// CHECK-SAME: %{{.*}}: tensor<4xf32> {bufferization.writable = true}
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: bufferization.writable
// The fill that would have written into %x writes a new buffer instead.
// BUF-LABEL: func.func @public
// BUF-SAME: (%[[X:.*]]: memref<4xf32>
// BUF: %[[NEW:.*]] = memref.alloc() {{.*}} : memref<4xf32>
// BUF: linalg.fill ins(%{{.*}} : f32) outs(%[[NEW]] : memref<4xf32>)
// BUF-NOT: outs(%[[X]]
func.func @public(%x: tensor<4xf32>, %v: f32, %y: tensor<4xf32> {bufferization.writable = true}) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = linalg.fill ins(%v : f32) outs(%x : tensor<4xf32>) -> tensor<4xf32>
  %1 = call @helper(%y, %v) : (tensor<4xf32>, f32) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

func.func private @helper(%t: tensor<4xf32>, %v: f32) -> tensor<4xf32> {
  %0 = linalg.fill ins(%v : f32) outs(%t : tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
