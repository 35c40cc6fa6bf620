// include-attention, and annotations that override the analysis.
// RUN: mx-opt %s -split-input-file --mx-tetrajet=include-attention=true 2>/dev/null | FileCheck %s

// CHECK-LABEL: func.func @attention
// CHECK: %[[Q:.*]] = linalg.negf
// The B operand K^T is read as K: quantized along the head dimension.
// CHECK-DAG: %[[QC:.*]], %[[QS:.*]] = mx.quantize %[[Q]] axis 2 scale<ceil> : tensor<4x8x32xf32> -> tensor<4x8x32xf4E2M1FN>, tensor<4x8x1xf8E8M0FNU>
// CHECK-DAG: %[[KC:.*]], %[[KS:.*]] = mx.quantize %{{.*}} axis 2 scale<ceil> : tensor<4x8x32xf32>
// CHECK: mx.matmul %[[QC]], %[[QS]], %[[KC]], %[[KS]] : {{.*}} -> tensor<4x8x8xf32>
// CHECK-NOT: linalg.batch_matmul
func.func @attention(%q0: tensor<4x8x32xf32>, %k0: tensor<4x8x32xf32>) -> tensor<4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  // Activations, as attention's q and k are (matmuls on arguments are not
  // taken as attention).
  %qe = tensor.empty() : tensor<4x8x32xf32>
  %q = linalg.negf ins(%q0 : tensor<4x8x32xf32>) outs(%qe : tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
  %k = linalg.negf ins(%k0 : tensor<4x8x32xf32>) outs(%qe : tensor<4x8x32xf32>) -> tensor<4x8x32xf32>
  %kt_init = tensor.empty() : tensor<4x32x8xf32>
  %kt = linalg.transpose ins(%k : tensor<4x8x32xf32>) outs(%kt_init : tensor<4x32x8xf32>) permutation = [0, 2, 1]
  %e = tensor.empty() : tensor<4x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<4x8x32xf32>, tensor<4x32x8xf32>) outs(%z : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  return %s : tensor<4x8x8xf32>
}

// -----

// mx.gemm = "none" keeps a GEMM out of the rewrite; mx.layer names a layer.
// CHECK-LABEL: func.func @annotated
// CHECK: mx.matmul
// CHECK: linalg.matmul {mx.gemm = "none"}
func.func @annotated(%w: tensor<32x32xf32>, %x: tensor<32x32xf32>, %w2: tensor<32x32xf32>) -> (tensor<32x32xf32>, tensor<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %wt = linalg.transpose ins(%w : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) permutation = [1, 0]
  %y = linalg.matmul {mx.layer = "encoder"} ins(%x, %wt : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  %w2t = linalg.transpose ins(%w2 : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) permutation = [1, 0]
  %y2 = linalg.matmul {mx.gemm = "none"} ins(%x, %w2t : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  return %y, %y2 : tensor<32x32xf32>, tensor<32x32xf32>
}
