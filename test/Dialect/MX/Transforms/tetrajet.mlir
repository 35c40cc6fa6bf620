// The TetraJet rewrite on the forms a linear layer takes in linalg training
// graphs. Remarks and warnings are checked in tetrajet-diagnostics.mlir.
// RUN: mx-opt %s -split-input-file --mx-tetrajet 2>/dev/null | FileCheck %s
// RUN: mx-opt %s -split-input-file --mx-tetrajet=microscaling=true 2>/dev/null | FileCheck %s --check-prefix=MICRO
// RUN: mx-opt %s -split-input-file --mx-tetrajet="quantizers=1,3 tie-rule=nearest_away" 2>/dev/null | FileCheck %s --check-prefix=ABLATE

#bias = affine_map<(d0, d1) -> (d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (0, d1)>

// The form torch-mlir emits for nn.Linear on [B, T, D] inputs: forward
// matmul(collapse(X), transpose(W)), dX = matmul(dY, W),
// dW = matmul(transpose(dY), X), bias gradient a column sum of dY.

// CHECK-LABEL: func.func @torch_linear
// CHECK-SAME: %[[W:[^:]*]]: tensor<64x32xf32> {mx.name = "fc.weight"}
// CHECK-SAME: %[[SEED:[^:]*]]: i64 {mx.seed})
// Q2(W) along D, nearest; its dequantized values, transposed, feed Q4.
// CHECK: %[[W2:.*]], %[[W2S:.*]] = mx.quantize %[[W]] axis 1 scale<ceil> {{.*}} : tensor<64x32xf32>
// CHECK: %[[WD:.*]] = mx.dequantize %[[W2]], %[[W2S]] axis 1
// CHECK: %[[WDT:.*]] = linalg.transpose ins(%[[WD]] : tensor<64x32xf32>)
// CHECK: %[[OFF4:.*]] = arith.constant 4 : i64
// CHECK: %[[W4:.*]], %[[W4S:.*]] = mx.quantize %[[WDT]] axis 1 scale<ceil> rounding<stochastic> seed(%[[SEED]], %[[OFF4]]) {{.*}} : tensor<32x64xf32>
// Q1(X) along D, nearest; deq Q1(X) transposed feeds Q6.
// CHECK: %[[X2:.*]] = tensor.collapse_shape
// CHECK: %[[X1:.*]], %[[X1S:.*]] = mx.quantize %[[X2]] axis 1 scale<ceil> {{.*}} : tensor<32x32xf32>
// CHECK: %[[XD:.*]] = mx.dequantize %[[X1]], %[[X1S]] axis 1
// CHECK: %[[XDT:.*]] = linalg.transpose ins(%[[XD]] : tensor<32x32xf32>)
// CHECK: %[[OFF6:.*]] = arith.constant 6 : i64
// CHECK: %[[X6:.*]], %[[X6S:.*]] = mx.quantize %[[XDT]] axis 1 scale<ceil> rounding<stochastic> seed(%[[SEED]], %[[OFF6]])
// CHECK: %[[Y:.*]] = mx.matmul %[[X1]], %[[X1S]], %[[W2]], %[[W2S]] : {{.*}} -> tensor<32x64xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[Y]] : tensor<64xf32>, tensor<32x64xf32>)
// Q3(dY) along C feeds dX and the bias gradient.
// CHECK: %[[DY:.*]] = tensor.collapse_shape %{{.*}} : tensor<4x8x64xf32> into tensor<32x64xf32>
// CHECK: %[[OFF3:.*]] = arith.constant 3 : i64
// CHECK: %[[G3:.*]], %[[G3S:.*]] = mx.quantize %[[DY]] axis 1 scale<ceil> rounding<stochastic> seed(%[[SEED]], %[[OFF3]])
// CHECK: %[[GD:.*]] = mx.dequantize %[[G3]], %[[G3S]] axis 1
// CHECK: mx.matmul %[[G3]], %[[G3S]], %[[W4]], %[[W4S]] : {{.*}} -> tensor<32x32xf32>
// Q5(dY^T) along N.
// CHECK: %[[DYT:.*]] = linalg.transpose ins(%[[DY]] : tensor<32x64xf32>)
// CHECK: %[[OFF5:.*]] = arith.constant 5 : i64
// CHECK: %[[G5:.*]], %[[G5S:.*]] = mx.quantize %[[DYT]] axis 1 scale<ceil> rounding<stochastic> seed(%[[SEED]], %[[OFF5]]) {{.*}} : tensor<64x32xf32>
// CHECK: %[[DW:.*]] = mx.matmul %[[G5]], %[[G5S]], %[[X6]], %[[X6S]] : {{.*}} -> tensor<64x32xf32>
// CHECK: %[[DB:.*]] = linalg.generic {{.*}} ins(%[[GD]] : tensor<32x64xf32>) outs(%{{.*}} : tensor<1x64xf32>)
// CHECK: return %{{.*}}, %{{.*}}, %[[DW]], %[[DB]]
// CHECK-NOT: linalg.matmul

// The Microscaling baseline: floor scales, nearest everywhere, backward
// operands re-quantized from full precision, no seed.
// MICRO-LABEL: func.func @torch_linear
// MICRO-NOT: mx.seed
// MICRO-SAME: {
// MICRO-DAG: %[[W2:.*]], %{{.*}} = mx.quantize %arg0 axis 1 scale<floor> {{.*}} :
// MICRO-DAG: %[[WT:.*]] = linalg.transpose ins(%arg0 : tensor<64x32xf32>)
// MICRO-DAG: mx.quantize %[[WT]] axis 1 scale<floor> {{.*}} :
// MICRO-NOT: rounding<stochastic>
// MICRO: return

// Only Q1 and Q3: the forward GEMM and dX stay linalg.matmul and read the
// dequantized X and dY; dW is untouched; the bias gradient uses deq Q3(dY).
// ABLATE-LABEL: func.func @torch_linear
// ABLATE: %[[X1:.*]], %[[X1S:.*]] = mx.quantize %{{.*}} axis 1 scale<ceil> rounding<nearest_away> {{.*}} : tensor<32x32xf32>
// ABLATE: %[[XD:.*]] = mx.dequantize %[[X1]], %[[X1S]]
// ABLATE: linalg.matmul ins(%[[XD]], %{{.*}} : tensor<32x32xf32>, tensor<32x64xf32>)
// ABLATE: %[[G3:.*]], %[[G3S:.*]] = mx.quantize %{{.*}} axis 1 scale<ceil> rounding<stochastic>
// ABLATE: %[[GD:.*]] = mx.dequantize %[[G3]], %[[G3S]]
// ABLATE: linalg.matmul ins(%[[GD]], %arg0 : tensor<32x64xf32>, tensor<64x32xf32>)
// ABLATE: linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<64x32xf32>, tensor<32x32xf32>)
// ABLATE-NOT: mx.matmul
func.func @torch_linear(%w: tensor<64x32xf32> {mx.name = "fc.weight"}, %b: tensor<64xf32>,
                        %x: tensor<4x8x32xf32>, %dy: tensor<4x8x64xf32>)
    -> (tensor<4x8x64xf32>, tensor<4x8x32xf32>, tensor<64x32xf32>, tensor<1x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %wt_init = tensor.empty() : tensor<32x64xf32>
  %wt = linalg.transpose ins(%w : tensor<64x32xf32>) outs(%wt_init : tensor<32x64xf32>) permutation = [1, 0]
  %x2 = tensor.collapse_shape %x [[0, 1], [2]] : tensor<4x8x32xf32> into tensor<32x32xf32>
  %y_init = tensor.empty() : tensor<32x64xf32>
  %y_zero = linalg.fill ins(%zero : f32) outs(%y_init : tensor<32x64xf32>) -> tensor<32x64xf32>
  %y = linalg.matmul ins(%x2, %wt : tensor<32x32xf32>, tensor<32x64xf32>) outs(%y_zero : tensor<32x64xf32>) -> tensor<32x64xf32>
  %yb = linalg.generic {indexing_maps = [#bias, #id, #id], iterator_types = ["parallel", "parallel"]} ins(%b, %y : tensor<64xf32>, tensor<32x64xf32>) outs(%y_init : tensor<32x64xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %s = arith.addf %in, %in_1 : f32
    linalg.yield %s : f32
  } -> tensor<32x64xf32>
  %y3 = tensor.expand_shape %yb [[0, 1], [2]] output_shape [4, 8, 64] : tensor<32x64xf32> into tensor<4x8x64xf32>
  %dy2 = tensor.collapse_shape %dy [[0, 1], [2]] : tensor<4x8x64xf32> into tensor<32x64xf32>
  %dx_init = tensor.empty() : tensor<32x32xf32>
  %dx_zero = linalg.fill ins(%zero : f32) outs(%dx_init : tensor<32x32xf32>) -> tensor<32x32xf32>
  %dx = linalg.matmul ins(%dy2, %w : tensor<32x64xf32>, tensor<64x32xf32>) outs(%dx_zero : tensor<32x32xf32>) -> tensor<32x32xf32>
  %dx3 = tensor.expand_shape %dx [[0, 1], [2]] output_shape [4, 8, 32] : tensor<32x32xf32> into tensor<4x8x32xf32>
  %dyt_init = tensor.empty() : tensor<64x32xf32>
  %dyt = linalg.transpose ins(%dy2 : tensor<32x64xf32>) outs(%dyt_init : tensor<64x32xf32>) permutation = [1, 0]
  %dw_zero = linalg.fill ins(%zero : f32) outs(%dyt_init : tensor<64x32xf32>) -> tensor<64x32xf32>
  %dw = linalg.matmul ins(%dyt, %x2 : tensor<64x32xf32>, tensor<32x32xf32>) outs(%dw_zero : tensor<64x32xf32>) -> tensor<64x32xf32>
  %db_init = tensor.empty() : tensor<1x64xf32>
  %db_zero = linalg.fill ins(%zero : f32) outs(%db_init : tensor<1x64xf32>) -> tensor<1x64xf32>
  %db = linalg.generic {indexing_maps = [#id, #col], iterator_types = ["reduction", "parallel"]} ins(%dy2 : tensor<32x64xf32>) outs(%db_zero : tensor<1x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<1x64xf32>
  return %y3, %dx3, %dw, %db : tensor<4x8x64xf32>, tensor<4x8x32xf32>, tensor<64x32xf32>, tensor<1x64xf32>
}

// -----

// Transposes written as indexing maps of linalg.matmul, and the weight
// gradient computed transposed (dW^T = X^T dY) on a 2-D input.
#ma = affine_map<(m, n, k) -> (m, k)>
#mbt = affine_map<(m, n, k) -> (n, k)>
#mc = affine_map<(m, n, k) -> (m, n)>
#mat = affine_map<(m, n, k) -> (k, m)>
#mb = affine_map<(m, n, k) -> (k, n)>

// CHECK-LABEL: func.func @indexing_maps
// CHECK-SAME: %[[W:[^:]*]]: tensor<32x64xf32>
// CHECK-SAME: %[[X:[^:]*]]: tensor<32x64xf32>
// CHECK-DAG: %[[X1:.*]], %[[X1S:.*]] = mx.quantize %[[X]] axis 1 scale<ceil> {{.*}} : tensor<32x64xf32>
// CHECK-DAG: %[[W2:.*]], %[[W2S:.*]] = mx.quantize %[[W]] axis 1 scale<ceil> {{.*}} : tensor<32x64xf32>
// dW^T = X^T dY: Q6(X^T) is the A operand, Q5(dY^T) the B operand.
// CHECK-DAG: %[[X6:.*]], %[[X6S:.*]] = mx.quantize %{{.*}} axis 1 {{.*}} seed(%{{.*}}, %{{.*}}) {{.*}} : tensor<64x32xf32>
// CHECK-DAG: %[[G5:.*]], %[[G5S:.*]] = mx.quantize %{{.*}} axis 1 {{.*}} seed(%{{.*}}, %{{.*}}) {{.*}} : tensor<32x32xf32>
// CHECK: mx.matmul %[[X1]], %[[X1S]], %[[W2]], %[[W2S]] : {{.*}} -> tensor<32x32xf32>
// CHECK: mx.matmul %[[X6]], %[[X6S]], %[[G5]], %[[G5S]] : {{.*}} -> tensor<64x32xf32>
// MICRO-LABEL: func.func @indexing_maps
// ABLATE-LABEL: func.func @indexing_maps
func.func @indexing_maps(%w: tensor<32x64xf32>, %x: tensor<32x64xf32>, %dy: tensor<32x32xf32>)
    -> (tensor<32x32xf32>, tensor<64x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<32x32xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<32x32xf32>) -> tensor<32x32xf32>
  %y = linalg.matmul indexing_maps = [#ma, #mbt, #mc] ins(%x, %w : tensor<32x64xf32>, tensor<32x64xf32>) outs(%z : tensor<32x32xf32>) -> tensor<32x32xf32>
  %e2 = tensor.empty() : tensor<64x32xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<64x32xf32>) -> tensor<64x32xf32>
  %dwt = linalg.matmul indexing_maps = [#mat, #mb, #mc] ins(%x, %dy : tensor<32x64xf32>, tensor<32x32xf32>) outs(%z2 : tensor<64x32xf32>) -> tensor<64x32xf32>
  return %y, %dwt : tensor<32x32xf32>, tensor<64x32xf32>
}

// -----

// A bf16 graph: the products come back to bf16 after the f32 mx.matmul.
// CHECK-LABEL: func.func @bf16_forward
// CHECK: %[[P:.*]] = mx.matmul {{.*}} -> tensor<32x32xf32>
// CHECK: arith.truncf %[[P]] : tensor<32x32xf32> to tensor<32x32xbf16>
// MICRO-LABEL: func.func @bf16_forward
// ABLATE-LABEL: func.func @bf16_forward
// ABLATE: %[[XD:.*]] = mx.dequantize {{.*}} -> tensor<32x64xf32>
// ABLATE: %[[XB:.*]] = arith.truncf %[[XD]] : tensor<32x64xf32> to tensor<32x64xbf16>
// ABLATE: linalg.matmul ins(%[[XB]]
func.func @bf16_forward(%w: tensor<32x64xbf16>, %x: tensor<32x64xbf16>) -> tensor<32x32xbf16> {
  %zero = arith.constant 0.0 : bf16
  %wt_init = tensor.empty() : tensor<64x32xbf16>
  %wt = linalg.transpose ins(%w : tensor<32x64xbf16>) outs(%wt_init : tensor<64x32xbf16>) permutation = [1, 0]
  %e = tensor.empty() : tensor<32x32xbf16>
  %z = linalg.fill ins(%zero : bf16) outs(%e : tensor<32x32xbf16>) -> tensor<32x32xbf16>
  %y = linalg.matmul ins(%x, %wt : tensor<32x64xbf16>, tensor<64x32xbf16>) outs(%z : tensor<32x32xbf16>) -> tensor<32x32xbf16>
  return %y : tensor<32x32xbf16>
}

// -----

// Attention's batched matmuls are left alone by default.
// CHECK-LABEL: func.func @attention_untouched
// CHECK: linalg.batch_matmul
// CHECK-NOT: mx.
// MICRO-LABEL: func.func @attention_untouched
// ABLATE-LABEL: func.func @attention_untouched
func.func @attention_untouched(%q: tensor<4x8x32xf32>, %k: tensor<4x8x32xf32>) -> tensor<4x8x8xf32> {
  %zero = arith.constant 0.0 : f32
  %kt_init = tensor.empty() : tensor<4x32x8xf32>
  %kt = linalg.transpose ins(%k : tensor<4x8x32xf32>) outs(%kt_init : tensor<4x32x8xf32>) permutation = [0, 2, 1]
  %e = tensor.empty() : tensor<4x8x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  %s = linalg.batch_matmul ins(%q, %kt : tensor<4x8x32xf32>, tensor<4x32x8xf32>) outs(%z : tensor<4x8x8xf32>) -> tensor<4x8x8xf32>
  return %s : tensor<4x8x8xf32>
}
