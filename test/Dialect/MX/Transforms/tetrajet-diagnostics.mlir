// What --mx-tetrajet reports: a remark per layer, a warning with the reason
// for each contraction it does not rewrite, an error for bad options.
// RUN: mx-opt %s -split-input-file --mx-tetrajet -verify-diagnostics
// RUN: not mx-opt %s --mx-tetrajet="layers=nope" 2>&1 | FileCheck %s --check-prefix=NOPE
// RUN: not mx-opt %s --mx-tetrajet="quantizers=1,7" 2>&1 | FileCheck %s --check-prefix=BADQ
// RUN: not mx-opt %s --mx-tetrajet="scale-rule=round" 2>&1 | FileCheck %s --check-prefix=BADRULE
// RUN: not mx-opt %s --mx-tetrajet="exclude-layers=(" 2>&1 | FileCheck %s --check-prefix=BADRE

// NOPE: error: mx-tetrajet: layer pattern 'nope' matches no linear layer of @forward (found: fc1)
// BADQ: error: mx-tetrajet: quantizers must list numbers 1 to 6, got '1,7'
// BADRULE: error: mx-tetrajet: unknown scale-rule 'round' (expected ceil or floor)
// BADRE: error: mx-tetrajet: invalid layer pattern '('

func.func @forward(%w: tensor<64x32xf32> {mx.name = "fc1.weight"}, %x: tensor<32x32xf32>) -> tensor<32x64xf32> {
  %zero = arith.constant 0.0 : f32
  %wt_init = tensor.empty() : tensor<32x64xf32>
  %wt = linalg.transpose ins(%w : tensor<64x32xf32>) outs(%wt_init : tensor<32x64xf32>) permutation = [1, 0]
  %z = linalg.fill ins(%zero : f32) outs(%wt_init : tensor<32x64xf32>) -> tensor<32x64xf32>
  // expected-remark @+1 {{linear layer 'fc1' (X 32x32, W 64x32): forward Q1 Q2 -> mx.matmul}}
  %y = linalg.matmul ins(%x, %wt : tensor<32x32xf32>, tensor<32x64xf32>) outs(%z : tensor<32x64xf32>) -> tensor<32x64xf32>
  return %y : tensor<32x64xf32>
}

// -----

// A layer whose sizes do not split into blocks of 32 stays in full precision.
func.func @tokens_not_multiple_of_32(%w: tensor<64x32xf32>, %x: tensor<10x32xf32>) -> tensor<10x64xf32> {
  %zero = arith.constant 0.0 : f32
  %wt_init = tensor.empty() : tensor<32x64xf32>
  %wt = linalg.transpose ins(%w : tensor<64x32xf32>) outs(%wt_init : tensor<32x64xf32>) permutation = [1, 0]
  %e = tensor.empty() : tensor<10x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<10x64xf32>) -> tensor<10x64xf32>
  // expected-warning @+1 {{mx-tetrajet: linear layer 'arg0' not quantized: tokens N = 10 is not a multiple of 32}}
  %y = linalg.matmul ins(%x, %wt : tensor<10x32xf32>, tensor<32x64xf32>) outs(%z : tensor<10x64xf32>) -> tensor<10x64xf32>
  return %y : tensor<10x64xf32>
}

// -----

// The classifier head is recognised by name and kept in full precision.
func.func @head(%w: tensor<32x32xf32> {mx.name = "head.weight"}, %x: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %wt = linalg.transpose ins(%w : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) permutation = [1, 0]
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  // expected-remark @+1 {{linear layer 'head' left in full precision (the classifier head; see quantize-head)}}
  %y = linalg.matmul ins(%x, %wt : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  return %y : tensor<32x32xf32>
}

// -----

// A weight used as the A operand (Y^T = W X^T) is not a form the pass knows.
// (Were X an argument too, this would read as X's forward GEMM.)
func.func @weight_on_the_left(%w: tensor<64x32xf32>, %x0: tensor<32x32xf32>) -> tensor<64x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %x = linalg.negf ins(%x0 : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %xt = linalg.transpose ins(%x : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) permutation = [1, 0]
  %e2 = tensor.empty() : tensor<64x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e2 : tensor<64x32xf32>) -> tensor<64x32xf32>
  // expected-warning @+1 {{mx-tetrajet: contraction not rewritten: reads the function argument 'arg0' but not as the weight of a linear layer (Y = X W^T, dX = dY W, dW = dY^T X)}}
  %yt = linalg.matmul ins(%w, %xt : tensor<64x32xf32>, tensor<32x32xf32>) outs(%z : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %yt : tensor<64x32xf32>
}

// -----

// Two forward GEMMs on one weight (tied weights): their backward GEMMs could
// not be told apart, so the weight's GEMMs all stay in full precision.
func.func @shared_weight(%w: tensor<32x32xf32>, %x: tensor<32x32xf32>, %x2: tensor<32x32xf32>) -> (tensor<32x32xf32>, tensor<32x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %wt = linalg.transpose ins(%w : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) permutation = [1, 0]
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  // expected-warning @+1 {{mx-tetrajet: contraction not rewritten: weight 'arg0' feeds more than one forward GEMM (shared weights are not supported); none of its GEMMs is rewritten}}
  %y = linalg.matmul ins(%x, %wt : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  // expected-warning @+1 {{mx-tetrajet: contraction not rewritten: weight 'arg0' feeds more than one forward GEMM (shared weights are not supported); none of its GEMMs is rewritten}}
  %y2 = linalg.matmul ins(%x2, %wt : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  return %y, %y2 : tensor<32x32xf32>, tensor<32x32xf32>
}

// -----

// A function that is called cannot get a seed argument.
// expected-error @+1 {{mx-tetrajet: @called is called, so no seed or Q-EMA argument can be added to it; rewrite the function that is called from outside, or pass microscaling=true}}
func.func @called(%w: tensor<32x32xf32>, %x: tensor<32x32xf32>, %dy: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %wt = linalg.transpose ins(%w : tensor<32x32xf32>) outs(%e : tensor<32x32xf32>) permutation = [1, 0]
  %y = linalg.matmul ins(%x, %wt : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  %dx = linalg.matmul ins(%dy, %w : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  return %dx : tensor<32x32xf32>
}
func.func @caller(%w: tensor<32x32xf32>, %x: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %0 = call @called(%w, %x, %x) : (tensor<32x32xf32>, tensor<32x32xf32>, tensor<32x32xf32>) -> tensor<32x32xf32>
  return %0 : tensor<32x32xf32>
}

// -----

// An annotation names a role, but the GEMM must still have its shape.
func.func @wrong_annotation(%w: tensor<32x32xf32>, %x: tensor<32x32xf32>) -> tensor<32x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  // Y = X W reads W over its dimension 0: not a forward GEMM of W.
  // expected-warning @+1 {{mx-tetrajet: contraction not rewritten: annotated as a forward GEMM, but it is not Y = X W^T with W a rank-2 function argument as its B operand}}
  %y = linalg.matmul {mx.gemm = "forward"} ins(%x, %w : tensor<32x32xf32>, tensor<32x32xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  return %y : tensor<32x32xf32>
}
