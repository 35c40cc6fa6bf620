// One linear layer Y = X W^T trained the TetraJet way, written in mx by hand:
// the six quantizers Q1..Q6 around the three GEMMs of forward and backward.
// (The --mx-tetrajet pass will produce this form from a plain linalg graph.)
//
//   X: N x D tokens x in features     W: C x D out x in features
//   N = 32, D = 64, C = 32
func.func @linear_forward_backward(
    %x: tensor<32x64xf32>, %w: tensor<32x64xf32>, %dy: tensor<32x32xf32>,
    %seed: i64) -> (tensor<32x32xf32>, tensor<32x64xf32>, tensor<32x64xf32>) {
  // Stream offsets: every stochastic quantizer draws its own random bits.
  %off3 = arith.constant 3 : i64
  %off4 = arith.constant 4 : i64
  %off5 = arith.constant 5 : i64
  %off6 = arith.constant 6 : i64

  // Forward: Y = Q1(X) . Q2(W)^T, both quantized along D with nearest rounding.
  %xq, %xs = mx.quantize %x axis 1 scale<ceil> : tensor<32x64xf32> -> tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU>
  %wq, %ws = mx.quantize %w axis 1 scale<ceil> : tensor<32x64xf32> -> tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU>
  %y = mx.matmul %xq, %xs, %wq, %ws : tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU>, tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU> -> tensor<32x32xf32>

  // Backward, dX = Q3(dY) . Q4(deq Q2(W)): reduction over C.
  %dy3q, %dy3s = mx.quantize %dy axis 1 scale<ceil> rounding<stochastic> seed(%seed, %off3) : tensor<32x32xf32> -> tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
  %wd = mx.dequantize %wq, %ws axis 1 : tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU> -> tensor<32x64xf32>
  %wt_init = tensor.empty() : tensor<64x32xf32>
  %wt = linalg.transpose ins(%wd : tensor<32x64xf32>) outs(%wt_init : tensor<64x32xf32>) permutation = [1, 0]
  %w4q, %w4s = mx.quantize %wt axis 1 scale<ceil> rounding<stochastic> seed(%seed, %off4) : tensor<64x32xf32> -> tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU>
  %dx = mx.matmul %dy3q, %dy3s, %w4q, %w4s : tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>, tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU> -> tensor<32x64xf32>

  // Backward, dW = Q5(dY)^T . Q6(deq Q1(X)): reduction over N.
  %dyt_init = tensor.empty() : tensor<32x32xf32>
  %dyt = linalg.transpose ins(%dy : tensor<32x32xf32>) outs(%dyt_init : tensor<32x32xf32>) permutation = [1, 0]
  %dy5q, %dy5s = mx.quantize %dyt axis 1 scale<ceil> rounding<stochastic> seed(%seed, %off5) : tensor<32x32xf32> -> tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
  %xd = mx.dequantize %xq, %xs axis 1 : tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU> -> tensor<32x64xf32>
  %xt_init = tensor.empty() : tensor<64x32xf32>
  %xt = linalg.transpose ins(%xd : tensor<32x64xf32>) outs(%xt_init : tensor<64x32xf32>) permutation = [1, 0]
  %x6q, %x6s = mx.quantize %xt axis 1 scale<ceil> rounding<stochastic> seed(%seed, %off6) : tensor<64x32xf32> -> tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU>
  %dw = mx.matmul %dy5q, %dy5s, %x6q, %x6s : tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>, tensor<64x32xf4E2M1FN>, tensor<64x1xf8E8M0FNU> -> tensor<32x64xf32>

  return %y, %dx, %dw : tensor<32x32xf32>, tensor<32x64xf32>, tensor<32x64xf32>
}
