// mx-training-step on a one-layer gradient function: the functions it adds
// and the annotations a driver reads. Numerics: python/tests/test_training.py.
// RUN: mx-opt %s --mx-tetrajet=qema=true --mx-training-step 2>/dev/null | FileCheck %s
// RUN: mx-opt %s --mx-tetrajet --mx-training-step="ramping=true ramping-max-period=50" 2>/dev/null | FileCheck %s --check-prefix=RAMP
// RUN: mx-opt %s --mx-tetrajet=qema=true --mx-training-step=ramping=true -o /dev/null 2>&1 | FileCheck %s --check-prefix=BOTH

// The step: parameters, moments, EMA and its counter, step, lr, inputs, seed.
// CHECK-LABEL: func.func @grad_step(
// CHECK-SAME: %[[W:[^:]*]]: tensor<64x32xf32> {mx.of = "fc.weight", mx.state = "param"}
// CHECK-SAME: %[[B:[^:]*]]: tensor<64xf32> {mx.of = "fc.bias", mx.state = "param"}
// CHECK-SAME: %[[M:[^:]*]]: tensor<64x32xf32> {mx.of = "fc.weight", mx.state = "exp_avg"}
// CHECK-SAME: {mx.of = "fc.bias", mx.state = "exp_avg"}
// CHECK-SAME: %[[V:[^:]*]]: tensor<64x32xf32> {mx.of = "fc.weight", mx.state = "exp_avg_sq"}
// CHECK-SAME: {mx.of = "fc.bias", mx.state = "exp_avg_sq"}
// CHECK-SAME: %[[EMA:[^:]*]]: tensor<64x32xf32> {mx.of = "fc.weight", mx.state = "ema"}
// CHECK-SAME: %[[UPDATES:[^:]*]]: i64 {mx.state = "ema_updates"}
// CHECK-SAME: %[[STEP:[^:]*]]: i64 {mx.state = "step"}
// CHECK-SAME: %[[LR:[^:]*]]: f32 {mx.state = "lr"}
// CHECK-SAME: {mx.state = "input"}
// CHECK-SAME: {mx.state = "input"}
// CHECK-SAME: %[[SEED:[^:]*]]: i64 {mx.state = "seed"})
// CHECK-SAME: -> (tensor<64x32xf32> {mx.of = "fc.weight", mx.state = "param"}
// CHECK-SAME: i64 {mx.state = "step"}, tensor<f32> {mx.state = "loss"})
// CHECK-SAME: attributes {mx.optimizer = {beta1 = 9.000000e-01 : f64, beta2 = 0.99899999999999999 : f64, eps = 1.000000e-08 : f64, kind = "adamw", qema_beta = 0.998 : f64, weight_decay = 5.000000e-02 : f64}}
// The gradient function with its arguments in its own order.
// CHECK: %[[G:.*]]:3 = call @grad(%[[W]], %[[B]], %{{.*}}, %{{.*}}, %[[EMA]], %[[UPDATES]], %[[SEED]])
// Bias corrections from t = step + 1.
// CHECK: %[[T:.*]] = arith.addi %[[STEP]], %{{.*}} : i64
// CHECK: arith.sitofp %[[T]] : i64 to f32
// CHECK: math.powf
// CHECK: math.powf
// AdamW on the weight, reading W, dW, m, v.
// CHECK: linalg.generic {{.*}} ins(%[[W]], %[[G]]#0, %[[M]], %[[V]] :
// CHECK: math.sqrt
// The EMA follows the updated weight.
// CHECK: linalg.generic {{.*}} ins(%[[EMA]], %{{.*}} :
// CHECK: arith.addi %[[UPDATES]]
// CHECK: return

// Initial state: zero moments, EMA = W, no update yet, step 0.
// CHECK-LABEL: func.func @grad_init(
// CHECK: return

// The metrics of the quantized weight.
// CHECK-LABEL: func.func @grad_oscillation(
// CHECK-SAME: -> (tensor<f32> {mx.of = "fc.weight", mx.state = "change_w"}, tensor<f32> {mx.of = "fc.weight", mx.state = "change_q"})
// CHECK-LABEL: func.func @grad_oscillating_fraction(
// CHECK-LABEL: func.func @grad_confidence(

// Q-Ramping: period, count and accumulator for the quantized weight only.
// RAMP-LABEL: func.func @grad_step(
// RAMP-SAME: {mx.of = "fc.weight", mx.state = "period"}
// RAMP-SAME: {mx.of = "fc.weight", mx.state = "count"}
// RAMP-SAME: {mx.of = "fc.weight", mx.state = "accumulator"}
// RAMP-NOT: mx.of = "fc.bias", mx.state = "period"
// RAMP-SAME: kind = "adamw_ramping"
// The element updates when count + 1 is a multiple of its period.
// RAMP: arith.remsi
// RAMP: arith.cmpi eq
// RAMP-LABEL: func.func @grad_calibration_update(
// RAMP-LABEL: func.func @grad_periods(
// RAMP-SAME: -> (tensor<64x32xi32> {mx.of = "fc.weight", mx.state = "period"})
// RAMP: arith.constant 5.000000e+01 : f32
// RAMP: math.floor

// BOTH: warning: mx-training-step: combining Q-EMA with Q-Ramping, which the TetraJet paper advises against (its appendix C.4)

func.func @grad(%w: tensor<64x32xf32> {mx.name = "fc.weight"}, %b: tensor<64xf32> {mx.name = "fc.bias"},
                %x: tensor<32x32xf32>, %dy: tensor<32x64xf32>) -> (tensor<64x32xf32>, tensor<64xf32>, tensor<f32>) {
  %zero = arith.constant 0.0 : f32
  %wt_init = tensor.empty() : tensor<32x64xf32>
  %wt = linalg.transpose ins(%w : tensor<64x32xf32>) outs(%wt_init : tensor<32x64xf32>) permutation = [1, 0]
  %z = linalg.fill ins(%zero : f32) outs(%wt_init : tensor<32x64xf32>) -> tensor<32x64xf32>
  %y = linalg.matmul ins(%x, %wt : tensor<32x32xf32>, tensor<32x64xf32>) outs(%z : tensor<32x64xf32>) -> tensor<32x64xf32>
  %dw_init = tensor.empty() : tensor<64x32xf32>
  %dwz = linalg.fill ins(%zero : f32) outs(%dw_init : tensor<64x32xf32>) -> tensor<64x32xf32>
  %dyt = linalg.transpose ins(%dy : tensor<32x64xf32>) outs(%dw_init : tensor<64x32xf32>) permutation = [1, 0]
  %dw = linalg.matmul ins(%dyt, %x : tensor<64x32xf32>, tensor<32x32xf32>) outs(%dwz : tensor<64x32xf32>) -> tensor<64x32xf32>
  %db_init = tensor.empty() : tensor<64xf32>
  %dbz = linalg.fill ins(%zero : f32) outs(%db_init : tensor<64xf32>) -> tensor<64xf32>
  %db = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>], iterator_types = ["reduction", "parallel"]} ins(%dy : tensor<32x64xf32>) outs(%dbz : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<64xf32>
  %l_init = tensor.empty() : tensor<f32>
  %l = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>], iterator_types = ["reduction", "reduction"]} ins(%y : tensor<32x64xf32>) outs(%l_init : tensor<f32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  } -> tensor<f32>
  return %dw, %db, %l : tensor<64x32xf32>, tensor<64xf32>, tensor<f32>
}
