// mx-training-step rejects what it cannot wrap, with a location.
// RUN: mx-opt %s -split-input-file --mx-training-step -verify-diagnostics
// RUN: not mx-opt %s -split-input-file --mx-training-step="ramping=true ramping-max-period=0" 2>&1 | FileCheck %s --check-prefix=PERIOD
// PERIOD: error: mx-training-step: ramping-max-period must be at least 1, got 0

// expected-error @+1 {{mx-training-step: parameter 't' has type 'f32'; parameters must be statically shaped f32, bf16 or f16 tensors}}
func.func @scalar_param(%t: f32 {mx.name = "t"}) -> (f32, tensor<f32>) {
  %l = tensor.empty() : tensor<f32>
  return %t, %l : f32, tensor<f32>
}

// -----

// expected-error @+1 {{mx-training-step: @wrong_gradient has 1 parameters, so it must return at least 2 results (each parameter's gradient first, the loss last), not 1}}
func.func @wrong_gradient(%w: tensor<4xf32> {mx.name = "w"}) -> tensor<f32> {
  %l = tensor.empty() : tensor<f32>
  return %l : tensor<f32>
}

// -----

// expected-error @+1 {{mx-training-step: result #0 of @wrong_type has type 'tensor<8xf32>', but the gradient of 'w' must have type 'tensor<4xf32>'}}
func.func @wrong_type(%w: tensor<4xf32> {mx.name = "w"}) -> (tensor<8xf32>, tensor<f32>) {
  %g = tensor.empty() : tensor<8xf32>
  %l = tensor.empty() : tensor<f32>
  return %g, %l : tensor<8xf32>, tensor<f32>
}

// -----

// expected-error @+1 {{mx-training-step: the last result of @bad_loss (the loss) must be tensor<f32>}}
func.func @bad_loss(%w: tensor<4xf32> {mx.name = "w"}) -> (tensor<4xf32>, tensor<2xf32>) {
  %g = tensor.empty() : tensor<4xf32>
  %l = tensor.empty() : tensor<2xf32>
  return %g, %l : tensor<4xf32>, tensor<2xf32>
}
