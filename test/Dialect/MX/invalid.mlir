// Every verifier error of the mx dialect, one case per split.
// RUN: mx-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// mx.quantize
//===----------------------------------------------------------------------===//

func.func @quantize_integer_input(%x: tensor<64xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64xi32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_f64_input(%x: tensor<64xf64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64xf64> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_unranked_input(%x: tensor<*xf32>) {
  // expected-error @+1 {{invalid kind of type specified: expected builtin.tensor, but found 'tensor<*xf32>'}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<*xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_codes_not_e2m1(%x: tensor<64xf32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of f4E2M1FN type values}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64xf32> -> tensor<64xf8E4M3FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_scales_not_e8m0(%x: tensor<64xf32>) {
  // expected-error @+1 {{result #1 must be ranked tensor of f8E8M0FNU type values}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xi8>
  return
}

// -----

func.func @quantize_negative_axis(%x: tensor<64xf32>) {
  // expected-error @+1 {{attribute 'axis' failed to satisfy constraint: 64-bit signless integer attribute whose value is non-negative}}
  %c, %s = "mx.quantize"(%x) <{axis = -1 : i64, scale_rule = #mx.scale_rule<ceil>, operandSegmentSizes = array<i32: 1, 0, 0, 0>}> : (tensor<64xf32>) -> (tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>)
  return
}

// -----

func.func @quantize_axis_out_of_range(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{quantized axis 2 is out of range for 'input' of rank 2}}
  %c, %s = mx.quantize %x axis 2 scale<ceil> : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{quantized axis 0 is out of range for 'input' of rank 0}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<f32> -> tensor<f4E2M1FN>, tensor<f8E8M0FNU>
  return
}

// -----

func.func @quantize_axis_not_multiple_of_32(%x: tensor<4x48xf32>) {
  // expected-error @+1 {{'input' has size 48 along the quantized axis 1, which is not a multiple of the block size 32}}
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x48xf32> -> tensor<4x48xf4E2M1FN>, tensor<4x1xf8E8M0FNU>
  return
}

// -----

func.func @quantize_codes_shape(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'codes' must have the shape of 'input' ('tensor<4x64xf32>'), got 'tensor<4x32xf4E2M1FN>'}}
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x64xf32> -> tensor<4x32xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_scales_rank(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'scales' must have rank 2 like 'input', got 'tensor<8xf8E8M0FNU>'}}
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<8xf8E8M0FNU>
  return
}

// -----

func.func @quantize_scales_along_axis(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'scales' has size 64 along dimension 1, expected 2 (64 / 32 blocks along the quantized axis)}}
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x64xf8E8M0FNU>
  return
}

// -----

func.func @quantize_scales_other_dim(%x: tensor<4x64xf32>) {
  // expected-error @+1 {{'scales' has size 3 along dimension 0, expected 4}}
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<3x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_stochastic_without_seed(%x: tensor<64xf32>) {
  // expected-error @+1 {{stochastic rounding requires 'seed' and 'offset' operands}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> rounding<stochastic> : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_seed_without_stochastic(%x: tensor<64xf32>, %seed: i64, %offset: i64) {
  // expected-error @+1 {{'seed' and 'offset' are only used by stochastic rounding, but rounding is 'nearest_away'}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> rounding<nearest_away> seed(%seed, %offset) : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_seed_with_default_rounding(%x: tensor<64xf32>, %seed: i64, %offset: i64) {
  // expected-error @+1 {{'seed' and 'offset' are only used by stochastic rounding, but rounding is 'nearest_even'}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> seed(%seed, %offset) : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_seed_without_offset(%x: tensor<64xf32>, %seed: i64) {
  // expected-error @+1 {{'seed' and 'offset' must be given together}}
  %c, %s = "mx.quantize"(%x, %seed) <{axis = 0 : i64, scale_rule = #mx.scale_rule<ceil>, rounding = #mx.rounding<stochastic>, operandSegmentSizes = array<i32: 1, 1, 0, 0>}> : (tensor<64xf32>, i64) -> (tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>)
  return
}

// -----

func.func @quantize_seed_not_i64(%x: tensor<64xf32>, %seed: i32, %offset: i64) {
  // expected-error @+1 {{operand #1 must be 64-bit signless integer}}
  %c, %s = "mx.quantize"(%x, %seed, %offset) <{axis = 0 : i64, scale_rule = #mx.scale_rule<ceil>, rounding = #mx.rounding<stochastic>, operandSegmentSizes = array<i32: 1, 1, 1, 0>}> : (tensor<64xf32>, i32, i64) -> (tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>)
  return
}

// -----

func.func @quantize_ema_shape(%w: tensor<4x64xf32>, %ema: tensor<64x4xf32>) {
  // expected-error @+1 {{'ema' must have the shape of 'input' ('tensor<4x64xf32>'), got 'tensor<64x4xf32>'}}
  %c, %s = mx.quantize %w axis 1 scale<ceil> ema(%ema : tensor<64x4xf32>) : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_ema_integer(%w: tensor<4x64xf32>, %ema: tensor<4x64xi32>) {
  // The optional seed and offset are absent, so 'ema' is operand #1.
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %c, %s = mx.quantize %w axis 1 scale<ceil> ema(%ema : tensor<4x64xi32>) : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_ema_stochastic(%w: tensor<4x64xf32>, %ema: tensor<4x64xf32>, %seed: i64, %offset: i64) {
  // expected-error @+1 {{an 'ema' operand selects Q-EMA rounding, which cannot be combined with rounding 'stochastic'}}
  %c, %s = mx.quantize %w axis 1 scale<ceil> rounding<stochastic> seed(%seed, %offset) ema(%ema : tensor<4x64xf32>) : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_ema_nearest_away(%w: tensor<4x64xf32>, %ema: tensor<4x64xf32>) {
  // expected-error @+1 {{an 'ema' operand selects Q-EMA rounding, which cannot be combined with rounding 'nearest_away'}}
  %c, %s = mx.quantize %w axis 1 scale<ceil> rounding<nearest_away> ema(%ema : tensor<4x64xf32>) : tensor<4x64xf32> -> tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_unknown_rounding(%x: tensor<64xf32>) {
  // expected-error @+2 {{expected ::mlir::mx::Rounding to be one of: nearest_even, nearest_away, stochastic}}
  // expected-error @+1 {{failed to parse MX_RoundingAttr parameter 'value'}}
  %c, %s = mx.quantize %x axis 0 scale<ceil> rounding<toward_zero> : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_unknown_scale_rule(%x: tensor<64xf32>) {
  // expected-error @+2 {{expected ::mlir::mx::ScaleRule to be one of: floor, ceil}}
  // expected-error @+1 {{failed to parse MX_ScaleRuleAttr parameter 'value'}}
  %c, %s = mx.quantize %x axis 0 scale<even> : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

// -----

func.func @quantize_missing_scale_rule(%x: tensor<64xf32>) {
  // expected-error @+1 {{expected 'scale'}}
  %c, %s = mx.quantize %x axis 0 : tensor<64xf32> -> tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>
  return
}

//===----------------------------------------------------------------------===//
// mx.dequantize
//===----------------------------------------------------------------------===//

// -----

func.func @dequantize_result_integer(%c: tensor<64xf4E2M1FN>, %s: tensor<2xf8E8M0FNU>) {
  // expected-error @+1 {{result #0 must be ranked tensor of 32-bit float or bfloat16 type or 16-bit float values}}
  %0 = mx.dequantize %c, %s axis 0 : tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU> -> tensor<64xi8>
  return
}

// -----

func.func @dequantize_codes_not_e2m1(%c: tensor<64xf8E4M3FN>, %s: tensor<2xf8E8M0FNU>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of f4E2M1FN type values}}
  %0 = mx.dequantize %c, %s axis 0 : tensor<64xf8E4M3FN>, tensor<2xf8E8M0FNU> -> tensor<64xf32>
  return
}

// -----

func.func @dequantize_scales_not_e8m0(%c: tensor<64xf4E2M1FN>, %s: tensor<2xui8>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of f8E8M0FNU type values}}
  %0 = mx.dequantize %c, %s axis 0 : tensor<64xf4E2M1FN>, tensor<2xui8> -> tensor<64xf32>
  return
}

// -----

func.func @dequantize_result_shape(%c: tensor<4x64xf4E2M1FN>, %s: tensor<4x2xf8E8M0FNU>) {
  // expected-error @+1 {{'result' must have the shape of 'codes' ('tensor<4x64xf4E2M1FN>'), got 'tensor<64x4xf32>'}}
  %0 = mx.dequantize %c, %s axis 1 : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU> -> tensor<64x4xf32>
  return
}

// -----

func.func @dequantize_axis_out_of_range(%c: tensor<4x64xf4E2M1FN>, %s: tensor<4x2xf8E8M0FNU>) {
  // expected-error @+1 {{quantized axis 5 is out of range for 'codes' of rank 2}}
  %0 = mx.dequantize %c, %s axis 5 : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU> -> tensor<4x64xf32>
  return
}

// -----

func.func @dequantize_axis_not_multiple_of_32(%c: tensor<4x64xf4E2M1FN>, %s: tensor<1x64xf8E8M0FNU>) {
  // expected-error @+1 {{'codes' has size 4 along the quantized axis 0, which is not a multiple of the block size 32}}
  %0 = mx.dequantize %c, %s axis 0 : tensor<4x64xf4E2M1FN>, tensor<1x64xf8E8M0FNU> -> tensor<4x64xf32>
  return
}

// -----

func.func @dequantize_scales_shape(%c: tensor<4x64xf4E2M1FN>, %s: tensor<4x1xf8E8M0FNU>) {
  // expected-error @+1 {{'scales' has size 1 along dimension 1, expected 2 (64 / 32 blocks along the quantized axis)}}
  %0 = mx.dequantize %c, %s axis 1 : tensor<4x64xf4E2M1FN>, tensor<4x1xf8E8M0FNU> -> tensor<4x64xf32>
  return
}

//===----------------------------------------------------------------------===//
// mx.matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_rank_1(%a: tensor<64xf4E2M1FN>, %as: tensor<2xf8E8M0FNU>, %b: tensor<64xf4E2M1FN>, %bs: tensor<2xf8E8M0FNU>) {
  // expected-error @+1 {{operand 'a' must have rank 2 or more ([batch..., M, K]), got 'tensor<64xf4E2M1FN>'}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU>, tensor<64xf4E2M1FN>, tensor<2xf8E8M0FNU> -> tensor<f32>
  return
}

// -----

func.func @matmul_rank_mismatch(%a: tensor<2x4x64xf4E2M1FN>, %as: tensor<2x4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) {
  // expected-error @+1 {{operand 'b' must have the rank of 'a' (3, [batch..., N, K]), got 'tensor<8x64xf4E2M1FN>'}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<2x4x64xf4E2M1FN>, tensor<2x4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<2x4x8xf32>
  return
}

// -----

func.func @matmul_result_rank(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) {
  // expected-error @+1 {{result must have the rank of 'a' (2, [batch..., M, N]), got 'tensor<32xf32>'}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<32xf32>
  return
}

// -----

func.func @matmul_k_mismatch(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x96xf4E2M1FN>, %bs: tensor<8x3xf8E8M0FNU>) {
  // expected-error @+1 {{reduction sizes differ: 'a' has K = 64, 'b' has K = 96}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x96xf4E2M1FN>, tensor<8x3xf8E8M0FNU> -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_k_not_multiple_of_32(%a: tensor<4x48xf4E2M1FN>, %as: tensor<4x1xf8E8M0FNU>, %b: tensor<8x48xf4E2M1FN>, %bs: tensor<8x1xf8E8M0FNU>) {
  // expected-error @+1 {{'a' has size 48 along the quantized axis 1, which is not a multiple of the block size 32}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x48xf4E2M1FN>, tensor<4x1xf8E8M0FNU>, tensor<8x48xf4E2M1FN>, tensor<8x1xf8E8M0FNU> -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_a_scales(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x64xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) {
  // expected-error @+1 {{'a_scales' has size 64 along dimension 1, expected 2 (64 / 32 blocks along the quantized axis)}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x64xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_b_scales(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<4x2xf8E8M0FNU>) {
  // expected-error @+1 {{'b_scales' has size 4 along dimension 0, expected 8}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU> -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_b_scales_rank(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<16xf8E8M0FNU>) {
  // expected-error @+1 {{'b_scales' must have rank 2 like 'b', got 'tensor<16xf8E8M0FNU>'}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<16xf8E8M0FNU> -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x4x64xf4E2M1FN>, %as: tensor<2x4x2xf8E8M0FNU>, %b: tensor<3x8x64xf4E2M1FN>, %bs: tensor<3x8x2xf8E8M0FNU>) {
  // expected-error @+1 {{batch dimension 0 differs: 'a' has 2, 'b' has 3}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<2x4x64xf4E2M1FN>, tensor<2x4x2xf8E8M0FNU>, tensor<3x8x64xf4E2M1FN>, tensor<3x8x2xf8E8M0FNU> -> tensor<2x4x8xf32>
  return
}

// -----

func.func @matmul_result_batch(%a: tensor<2x4x64xf4E2M1FN>, %as: tensor<2x4x2xf8E8M0FNU>, %b: tensor<2x8x64xf4E2M1FN>, %bs: tensor<2x8x2xf8E8M0FNU>) {
  // expected-error @+1 {{result has size 5 along batch dimension 0, expected 2}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<2x4x64xf4E2M1FN>, tensor<2x4x2xf8E8M0FNU>, tensor<2x8x64xf4E2M1FN>, tensor<2x8x2xf8E8M0FNU> -> tensor<5x4x8xf32>
  return
}

// -----

func.func @matmul_result_shape(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) {
  // expected-error @+1 {{result shape 'tensor<8x4xf32>' does not match M = 4 of 'a' and N = 8 of 'b'}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<8x4xf32>
  return
}

// -----

func.func @matmul_result_not_f32(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) {
  // expected-error @+1 {{'result' must be ranked tensor of 32-bit float values, but got 'tensor<4x8xbf16>'}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<4x8xbf16>
  return
}

// -----

func.func @matmul_operand_not_e2m1(%a: tensor<4x64xf8E4M3FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of f4E2M1FN type values}}
  %d = mx.matmul %a, %as, %b, %bs : tensor<4x64xf8E4M3FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU> -> tensor<4x8xf32>
  return
}

// -----

func.func @matmul_acc_type(%a: tensor<4x64xf4E2M1FN>, %as: tensor<4x2xf8E8M0FNU>, %b: tensor<8x64xf4E2M1FN>, %bs: tensor<8x2xf8E8M0FNU>, %c: tensor<4x4xf32>) {
  // expected-error @+1 {{failed to verify that accumulator has the type of the result}}
  %d = "mx.matmul"(%a, %as, %b, %bs, %c) : (tensor<4x64xf4E2M1FN>, tensor<4x2xf8E8M0FNU>, tensor<8x64xf4E2M1FN>, tensor<8x2xf8E8M0FNU>, tensor<4x4xf32>) -> tensor<4x8xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// mx.tile_scales
//===----------------------------------------------------------------------===//

func.func @tile_scales_shape(%s: tensor<200x6xf8E8M0FNU>) {
  // expected-error @+1 {{result must have shape [2, 2, 32, 16] (128 x 4 tiles of 'tensor<200x6xf8E8M0FNU>'), got 'tensor<1x2x32x16xf8E8M0FNU>'}}
  %t = mx.tile_scales %s : tensor<200x6xf8E8M0FNU> -> tensor<1x2x32x16xf8E8M0FNU>
  return
}

// -----

func.func @tile_scales_dynamic(%s: tensor<?x6xf8E8M0FNU>) {
  // expected-error @+1 {{scales must be a static 2-D tensor ([rows, K/32]), got 'tensor<?x6xf8E8M0FNU>'}}
  %t = mx.tile_scales %s : tensor<?x6xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
  return
}

// -----

func.func @tile_scales_codes(%s: tensor<128x4xf4E2M1FN>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of f8E8M0FNU type values}}
  %t = mx.tile_scales %s : tensor<128x4xf4E2M1FN> -> tensor<1x1x32x16xf8E8M0FNU>
  return
}

// -----

//===----------------------------------------------------------------------===//
// mx.untile_scales
//===----------------------------------------------------------------------===//

func.func @untile_scales_shape(%t: tensor<2x2x32x16xf8E8M0FNU>) {
  // expected-error @+1 {{operand must have shape [1, 2, 32, 16] (128 x 4 tiles of 'tensor<100x6xf8E8M0FNU>'), got 'tensor<2x2x32x16xf8E8M0FNU>'}}
  %s = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<100x6xf8E8M0FNU>
  return
}

// -----

func.func @untile_scales_rank(%t: tensor<1x1x32x16xf8E8M0FNU>) {
  // expected-error @+1 {{result must be a static 2-D tensor ([rows, K/32]), got 'tensor<128xf8E8M0FNU>'}}
  %s = mx.untile_scales %t : tensor<1x1x32x16xf8E8M0FNU> -> tensor<128xf8E8M0FNU>
  return
}
