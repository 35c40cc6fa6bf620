// Every form of the quantizing kernel assembles with ptxas for each chip:
// f32, bf16 and f16 input; nearest (both tie rules), stochastic and Q-EMA
// rounding; scales also tiled; blocks along columns. On sm_90a the bf16
// nearest ones are the bf16-pair kernel, on sm_100a and sm_120a
// nearest-even is cvt.rn, and on sm_100a stochastic rounding is cvt.rs.
// REQUIRES: ptxas
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s
// RUN: mx-opt %s --mx-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s
// CHECK-DAG: gpu.binary @f32_stochastic_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @bf16_away_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @bf16_even_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @f16_stochastic_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @bf16_stochastic_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @bf16_qema_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @f32_tiled_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @columns_f16_stochastic_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @columns_bf16_qema_kernel {{.*}}bin = "
// CHECK-DAG: gpu.binary @columns_f32_even_kernel {{.*}}bin = "

func.func @f32_stochastic(%x: tensor<64x128xf32>, %seed: i64, %offset: i64) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> rounding<stochastic> seed(%seed, %offset) : tensor<64x128xf32> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @bf16_away(%x: tensor<64x128xbf16>) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> rounding<nearest_away> : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @bf16_even(%x: tensor<64x128xbf16>) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @f16_stochastic(%x: tensor<64x128xf16>, %seed: i64, %offset: i64) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> rounding<stochastic> seed(%seed, %offset) : tensor<64x128xf16> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @bf16_stochastic(%x: tensor<64x128xbf16>, %seed: i64, %offset: i64) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> rounding<stochastic> seed(%seed, %offset) : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @bf16_qema(%w: tensor<64x128xbf16>, %ema: tensor<64x128xbf16>) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %w axis 1 scale<floor> ema(%ema : tensor<64x128xbf16>) : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

func.func @f32_tiled(%x: tensor<200x128xf32>) -> (tensor<200x128xf4E2M1FN>, tensor<2x1x32x16xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> : tensor<200x128xf32> -> tensor<200x128xf4E2M1FN>, tensor<200x4xf8E8M0FNU>
  %t = mx.tile_scales %s : tensor<200x4xf8E8M0FNU> -> tensor<2x1x32x16xf8E8M0FNU>
  return %c, %t : tensor<200x128xf4E2M1FN>, tensor<2x1x32x16xf8E8M0FNU>
}

func.func @columns_f16_stochastic(%x: tensor<64x128xf16>, %seed: i64, %offset: i64) -> (tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 0 scale<floor> rounding<stochastic> seed(%seed, %offset) : tensor<64x128xf16> -> tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
}

func.func @columns_bf16_qema(%w: tensor<64x128xbf16>, %ema: tensor<64x128xbf16>) -> (tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>) {
  %c, %s = mx.quantize %w axis 0 scale<ceil> ema(%ema : tensor<64x128xbf16>) : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
}

func.func @columns_f32_even(%x: tensor<64x128xf32>) -> (tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64x128xf32> -> tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
}
