// Exported by python/tools/export_torch_graphs.py (a depth-2 ViT on 8x8 images, cross-entropy loss). Do not edit.
#map = affine_map<(d0, d1, d2) -> (d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map2 = affine_map<(d0, d1, d2) -> (0, d1, d2)>
#map3 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#map4 = affine_map<(d0, d1, d2) -> (d0, d1)>
#map5 = affine_map<(d0, d1, d2) -> (d2)>
#map6 = affine_map<(d0, d1) -> (d1)>
#map7 = affine_map<(d0, d1) -> (d0, d1)>
#map8 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map9 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#map10 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
#map11 = affine_map<(d0, d1) -> (d0)>
#map12 = affine_map<(d0, d1) -> ()>
#map13 = affine_map<(d0, d1) -> (d0, 0)>
#map14 = affine_map<(d0) -> (d0)>
#map15 = affine_map<(d0) -> ()>
#map16 = affine_map<() -> ()>
#map17 = affine_map<(d0, d1) -> (0, d1)>
#map18 = affine_map<(d0, d1, d2) -> (d0, d2)>
#map19 = affine_map<(d0, d1, d2) -> (0, d1, 0)>
#map20 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#map21 = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2, d3, d4)>
#map22 = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, 0, 0, 0)>
#map23 = affine_map<(d0, d1, d2, d3) -> (d1)>
module {
  func.func @vit_step(%arg0: tensor<1x1x32xf32> {mx.name = "cls_token"}, %arg1: tensor<1x5x32xf32> {mx.name = "pos_embed"}, %arg2: tensor<32x3x4x4xf32> {mx.name = "patch_embed.weight"}, %arg3: tensor<32xf32> {mx.name = "patch_embed.bias"}, %arg4: tensor<32xf32> {mx.name = "blocks.0.norm1.weight"}, %arg5: tensor<32xf32> {mx.name = "blocks.0.norm1.bias"}, %arg6: tensor<96x32xf32> {mx.name = "blocks.0.attn.qkv.weight"}, %arg7: tensor<96xf32> {mx.name = "blocks.0.attn.qkv.bias"}, %arg8: tensor<32x32xf32> {mx.name = "blocks.0.attn.proj.weight"}, %arg9: tensor<32xf32> {mx.name = "blocks.0.attn.proj.bias"}, %arg10: tensor<32xf32> {mx.name = "blocks.0.norm2.weight"}, %arg11: tensor<32xf32> {mx.name = "blocks.0.norm2.bias"}, %arg12: tensor<64x32xf32> {mx.name = "blocks.0.mlp.fc1.weight"}, %arg13: tensor<64xf32> {mx.name = "blocks.0.mlp.fc1.bias"}, %arg14: tensor<32x64xf32> {mx.name = "blocks.0.mlp.fc2.weight"}, %arg15: tensor<32xf32> {mx.name = "blocks.0.mlp.fc2.bias"}, %arg16: tensor<32xf32> {mx.name = "blocks.1.norm1.weight"}, %arg17: tensor<32xf32> {mx.name = "blocks.1.norm1.bias"}, %arg18: tensor<96x32xf32> {mx.name = "blocks.1.attn.qkv.weight"}, %arg19: tensor<96xf32> {mx.name = "blocks.1.attn.qkv.bias"}, %arg20: tensor<32x32xf32> {mx.name = "blocks.1.attn.proj.weight"}, %arg21: tensor<32xf32> {mx.name = "blocks.1.attn.proj.bias"}, %arg22: tensor<32xf32> {mx.name = "blocks.1.norm2.weight"}, %arg23: tensor<32xf32> {mx.name = "blocks.1.norm2.bias"}, %arg24: tensor<64x32xf32> {mx.name = "blocks.1.mlp.fc1.weight"}, %arg25: tensor<64xf32> {mx.name = "blocks.1.mlp.fc1.bias"}, %arg26: tensor<32x64xf32> {mx.name = "blocks.1.mlp.fc2.weight"}, %arg27: tensor<32xf32> {mx.name = "blocks.1.mlp.fc2.bias"}, %arg28: tensor<32xf32> {mx.name = "norm.weight"}, %arg29: tensor<32xf32> {mx.name = "norm.bias"}, %arg30: tensor<10x32xf32> {mx.name = "head.weight"}, %arg31: tensor<10xf32> {mx.name = "head.bias"}, %arg32: tensor<32x3x8x8xf32>, %arg33: tensor<32x10xf32>) -> (tensor<1x1x32xf32>, tensor<1x5x32xf32>, tensor<32x3x4x4xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<96x32xf32>, tensor<96xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<64xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<96x32xf32>, tensor<96xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<64xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<f32>) {
    %c2_i64 = arith.constant 2 : i64
    %c1_i64 = arith.constant 1 : i64
    %c0_i64 = arith.constant 0 : i64
    %cst = arith.constant 0.000000e+00 : f32
    %cst_0 = arith.constant 0xFF800000 : f32
    %cst_1 = arith.constant 1.000000e+00 : f32
    %cst_2 = arith.constant 5.000000e-01 : f32
    %cst_3 = arith.constant dense<0.000000e+00> : tensor<3x32x2x5x16xf32>
    %cst_4 = arith.constant dense<0.000000e+00> : tensor<32x5x32xf32>
    %cst_5 = arith.constant dense<1.000000e+00> : tensor<32xf32>
    %cst_6 = arith.constant dense<0.000000e+00> : tensor<f32>
    %cst_7 = arith.constant 0.3989422804014327 : f64
    %cst_8 = arith.constant 0.70710678118654757 : f64
    %cst_9 = arith.constant 0x7FF0000000000000 : f64
    %cst_10 = arith.constant 1.000000e-05 : f64
    %cst_11 = arith.constant 3.200000e+01 : f32
    %cst_12 = arith.constant 2.500000e-01 : f32
    %cst_13 = arith.constant 1.41421354 : f32
    %cst_14 = arith.constant -5.000000e-01 : f32
    %0 = tensor.empty() : tensor<32x32x2x2xf32>
    %broadcasted = linalg.broadcast ins(%arg3 : tensor<32xf32>) outs(%0 : tensor<32x32x2x2xf32>) dimensions = [0, 2, 3] 
    %1 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<4> : vector<2xi64>} ins(%arg32, %arg2 : tensor<32x3x8x8xf32>, tensor<32x3x4x4xf32>) outs(%broadcasted : tensor<32x32x2x2xf32>) -> tensor<32x32x2x2xf32>
    %collapsed = tensor.collapse_shape %1 [[0], [1], [2, 3]] : tensor<32x32x2x2xf32> into tensor<32x32x4xf32>
    %2 = tensor.empty() : tensor<32x4x32xf32>
    %transposed = linalg.transpose ins(%collapsed : tensor<32x32x4xf32>) outs(%2 : tensor<32x4x32xf32>) permutation = [0, 2, 1] 
    %3 = tensor.empty() : tensor<32x1x32xf32>
    %collapsed_15 = tensor.collapse_shape %arg0 [[0, 1], [2]] : tensor<1x1x32xf32> into tensor<1x32xf32>
    %4 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_15 : tensor<1x32xf32>) outs(%3 : tensor<32x1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x1x32xf32>
    %concat = tensor.concat dim(1) %4, %transposed : (tensor<32x1x32xf32>, tensor<32x4x32xf32>) -> tensor<32x5x32xf32>
    %5 = tensor.empty() : tensor<32x5x32xf32>
    %6 = linalg.generic {indexing_maps = [#map1, #map2, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%concat, %arg1 : tensor<32x5x32xf32>, tensor<1x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %7 = tensor.empty() : tensor<32x5x1xf32>
    %8 = linalg.fill ins(%cst : f32) outs(%7 : tensor<32x5x1xf32>) -> tensor<32x5x1xf32>
    %9 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%6 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %10 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%9 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_16 = tensor.collapse_shape %10 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %11 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_16 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %12 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %11 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %13 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%12, %12 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %14 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%13 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %15 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%14 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %16 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%15 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_10 : f64 to f32
      %385 = arith.addf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x1xf32>
    %17 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%16 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.rsqrt %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_17 = tensor.collapse_shape %17 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %18 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_17 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %19 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%12, %18 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %20 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%19, %arg4 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %21 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%20, %arg5 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %22 = tensor.empty() : tensor<32x96xf32>
    %transposed_18 = linalg.transpose ins(%arg6 : tensor<96x32xf32>) outs(%22 : tensor<32x96xf32>) permutation = [1, 0] 
    %collapsed_19 = tensor.collapse_shape %21 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %23 = tensor.empty() : tensor<160x96xf32>
    %24 = linalg.fill ins(%cst : f32) outs(%23 : tensor<160x96xf32>) -> tensor<160x96xf32>
    %25 = linalg.matmul ins(%collapsed_19, %transposed_18 : tensor<160x32xf32>, tensor<32x96xf32>) outs(%24 : tensor<160x96xf32>) -> tensor<160x96xf32>
    %26 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg7, %25 : tensor<96xf32>, tensor<160x96xf32>) outs(%23 : tensor<160x96xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x96xf32>
    %expanded = tensor.expand_shape %26 [[0, 1], [2, 3, 4]] output_shape [32, 5, 3, 2, 16] : tensor<160x96xf32> into tensor<32x5x3x2x16xf32>
    %27 = tensor.empty() : tensor<3x32x2x5x16xf32>
    %transposed_20 = linalg.transpose ins(%expanded : tensor<32x5x3x2x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) permutation = [2, 0, 3, 1, 4] 
    %extracted_slice = tensor.extract_slice %transposed_20[0, 0, 0, 0, 0] [1, 32, 2, 5, 16] [1, 1, 1, 1, 1] : tensor<3x32x2x5x16xf32> to tensor<1x32x2x5x16xf32>
    %extracted_slice_21 = tensor.extract_slice %transposed_20[1, 0, 0, 0, 0] [1, 32, 2, 5, 16] [1, 1, 1, 1, 1] : tensor<3x32x2x5x16xf32> to tensor<1x32x2x5x16xf32>
    %collapsed_22 = tensor.collapse_shape %extracted_slice_21 [[0, 1], [2], [3], [4]] : tensor<1x32x2x5x16xf32> into tensor<32x2x5x16xf32>
    %extracted_slice_23 = tensor.extract_slice %transposed_20[2, 0, 0, 0, 0] [1, 32, 2, 5, 16] [1, 1, 1, 1, 1] : tensor<3x32x2x5x16xf32> to tensor<1x32x2x5x16xf32>
    %28 = tensor.empty() : tensor<32x2x16x5xf32>
    %transposed_24 = linalg.transpose ins(%collapsed_22 : tensor<32x2x5x16xf32>) outs(%28 : tensor<32x2x16x5xf32>) permutation = [0, 1, 3, 2] 
    %collapsed_25 = tensor.collapse_shape %extracted_slice [[0, 1, 2], [3], [4]] : tensor<1x32x2x5x16xf32> into tensor<64x5x16xf32>
    %collapsed_26 = tensor.collapse_shape %transposed_24 [[0, 1], [2], [3]] : tensor<32x2x16x5xf32> into tensor<64x16x5xf32>
    %29 = tensor.empty() : tensor<64x5x5xf32>
    %30 = linalg.fill ins(%cst : f32) outs(%29 : tensor<64x5x5xf32>) -> tensor<64x5x5xf32>
    %31 = linalg.batch_matmul ins(%collapsed_25, %collapsed_26 : tensor<64x5x16xf32>, tensor<64x16x5xf32>) outs(%30 : tensor<64x5x5xf32>) -> tensor<64x5x5xf32>
    %expanded_27 = tensor.expand_shape %31 [[0, 1], [2], [3]] output_shape [32, 2, 5, 5] : tensor<64x5x5xf32> into tensor<32x2x5x5xf32>
    %32 = tensor.empty() : tensor<32x2x5x5xf32>
    %33 = linalg.generic {indexing_maps = [#map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_27 : tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_12 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %34 = tensor.empty() : tensor<32x2x5xi64>
    %35 = linalg.fill ins(%c0_i64 : i64) outs(%34 : tensor<32x2x5xi64>) -> tensor<32x2x5xi64>
    %36 = tensor.empty() : tensor<32x2x5xf32>
    %37 = linalg.fill ins(%cst_0 : f32) outs(%36 : tensor<32x2x5xf32>) -> tensor<32x2x5xf32>
    %38:2 = linalg.generic {indexing_maps = [#map8, #map9, #map9], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%33 : tensor<32x2x5x5xf32>) outs(%37, %35 : tensor<32x2x5xf32>, tensor<32x2x5xi64>) {
    ^bb0(%in: f32, %out: f32, %out_154: i64):
      %384 = linalg.index 3 : index
      %385 = arith.index_cast %384 : index to i64
      %386 = arith.maximumf %in, %out : f32
      %387 = arith.cmpf ogt, %in, %out : f32
      %388 = arith.select %387, %385, %out_154 : i64
      linalg.yield %386, %388 : f32, i64
    } -> (tensor<32x2x5xf32>, tensor<32x2x5xi64>)
    %expanded_28 = tensor.expand_shape %38#0 [[0], [1], [2, 3]] output_shape [32, 2, 5, 1] : tensor<32x2x5xf32> into tensor<32x2x5x1xf32>
    %39 = linalg.generic {indexing_maps = [#map8, #map10, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%33, %expanded_28 : tensor<32x2x5x5xf32>, tensor<32x2x5x1xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %40 = linalg.generic {indexing_maps = [#map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%39 : tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.exp %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %41 = tensor.empty() : tensor<32x2x5x1xf32>
    %42 = linalg.fill ins(%cst : f32) outs(%41 : tensor<32x2x5x1xf32>) -> tensor<32x2x5x1xf32>
    %43 = linalg.generic {indexing_maps = [#map8, #map10], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%40 : tensor<32x2x5x5xf32>) outs(%42 : tensor<32x2x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x1xf32>
    %44 = linalg.generic {indexing_maps = [#map8, #map10, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%40, %43 : tensor<32x2x5x5xf32>, tensor<32x2x5x1xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.divf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %collapsed_29 = tensor.collapse_shape %44 [[0, 1], [2], [3]] : tensor<32x2x5x5xf32> into tensor<64x5x5xf32>
    %collapsed_30 = tensor.collapse_shape %extracted_slice_23 [[0, 1, 2], [3], [4]] : tensor<1x32x2x5x16xf32> into tensor<64x5x16xf32>
    %45 = tensor.empty() : tensor<64x5x16xf32>
    %46 = linalg.fill ins(%cst : f32) outs(%45 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %47 = linalg.batch_matmul ins(%collapsed_29, %collapsed_30 : tensor<64x5x5xf32>, tensor<64x5x16xf32>) outs(%46 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %expanded_31 = tensor.expand_shape %47 [[0, 1], [2], [3]] output_shape [32, 2, 5, 16] : tensor<64x5x16xf32> into tensor<32x2x5x16xf32>
    %48 = tensor.empty() : tensor<32x5x2x16xf32>
    %transposed_32 = linalg.transpose ins(%expanded_31 : tensor<32x2x5x16xf32>) outs(%48 : tensor<32x5x2x16xf32>) permutation = [0, 2, 1, 3] 
    %49 = tensor.empty() : tensor<32x32xf32>
    %transposed_33 = linalg.transpose ins(%arg8 : tensor<32x32xf32>) outs(%49 : tensor<32x32xf32>) permutation = [1, 0] 
    %collapsed_34 = tensor.collapse_shape %transposed_32 [[0, 1], [2, 3]] : tensor<32x5x2x16xf32> into tensor<160x32xf32>
    %50 = tensor.empty() : tensor<160x32xf32>
    %51 = linalg.fill ins(%cst : f32) outs(%50 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %52 = linalg.matmul ins(%collapsed_34, %transposed_33 : tensor<160x32xf32>, tensor<32x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %53 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg9, %52 : tensor<32xf32>, tensor<160x32xf32>) outs(%50 : tensor<160x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x32xf32>
    %expanded_35 = tensor.expand_shape %53 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %54 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %expanded_35 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %55 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%54 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %56 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%55 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_36 = tensor.collapse_shape %56 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %57 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_36 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %58 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%54, %57 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %59 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%58, %58 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %60 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%59 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %61 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%60 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %62 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%61 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_10 : f64 to f32
      %385 = arith.addf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x1xf32>
    %63 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%62 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.rsqrt %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_37 = tensor.collapse_shape %63 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %64 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_37 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %65 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%58, %64 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %66 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%65, %arg10 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %67 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%66, %arg11 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %68 = tensor.empty() : tensor<32x64xf32>
    %transposed_38 = linalg.transpose ins(%arg12 : tensor<64x32xf32>) outs(%68 : tensor<32x64xf32>) permutation = [1, 0] 
    %collapsed_39 = tensor.collapse_shape %67 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %69 = tensor.empty() : tensor<160x64xf32>
    %70 = linalg.fill ins(%cst : f32) outs(%69 : tensor<160x64xf32>) -> tensor<160x64xf32>
    %71 = linalg.matmul ins(%collapsed_39, %transposed_38 : tensor<160x32xf32>, tensor<32x64xf32>) outs(%70 : tensor<160x64xf32>) -> tensor<160x64xf32>
    %72 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg13, %71 : tensor<64xf32>, tensor<160x64xf32>) outs(%69 : tensor<160x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x64xf32>
    %expanded_40 = tensor.expand_shape %72 [[0, 1], [2]] output_shape [32, 5, 64] : tensor<160x64xf32> into tensor<32x5x64xf32>
    %73 = tensor.empty() : tensor<32x5x64xf32>
    %74 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_40 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_13 : f32
      %385 = math.erf %384 : f32
      %386 = arith.addf %385, %cst_1 : f32
      %387 = arith.mulf %386, %cst_2 : f32
      %388 = arith.mulf %in, %387 : f32
      linalg.yield %388 : f32
    } -> tensor<32x5x64xf32>
    %75 = tensor.empty() : tensor<64x32xf32>
    %transposed_41 = linalg.transpose ins(%arg14 : tensor<32x64xf32>) outs(%75 : tensor<64x32xf32>) permutation = [1, 0] 
    %collapsed_42 = tensor.collapse_shape %74 [[0, 1], [2]] : tensor<32x5x64xf32> into tensor<160x64xf32>
    %76 = linalg.matmul ins(%collapsed_42, %transposed_41 : tensor<160x64xf32>, tensor<64x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %77 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg15, %76 : tensor<32xf32>, tensor<160x32xf32>) outs(%50 : tensor<160x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x32xf32>
    %expanded_43 = tensor.expand_shape %77 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %78 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%54, %expanded_43 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %79 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%78 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %80 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%79 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_44 = tensor.collapse_shape %80 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %81 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_44 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %82 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%78, %81 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %83 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%82, %82 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %84 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%83 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %85 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%84 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %86 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%85 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_10 : f64 to f32
      %385 = arith.addf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x1xf32>
    %87 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%86 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.rsqrt %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_45 = tensor.collapse_shape %87 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %88 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_45 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %89 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%82, %88 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %90 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%89, %arg16 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %91 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%90, %arg17 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %transposed_46 = linalg.transpose ins(%arg18 : tensor<96x32xf32>) outs(%22 : tensor<32x96xf32>) permutation = [1, 0] 
    %collapsed_47 = tensor.collapse_shape %91 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %92 = linalg.matmul ins(%collapsed_47, %transposed_46 : tensor<160x32xf32>, tensor<32x96xf32>) outs(%24 : tensor<160x96xf32>) -> tensor<160x96xf32>
    %93 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg19, %92 : tensor<96xf32>, tensor<160x96xf32>) outs(%23 : tensor<160x96xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x96xf32>
    %expanded_48 = tensor.expand_shape %93 [[0, 1], [2, 3, 4]] output_shape [32, 5, 3, 2, 16] : tensor<160x96xf32> into tensor<32x5x3x2x16xf32>
    %transposed_49 = linalg.transpose ins(%expanded_48 : tensor<32x5x3x2x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) permutation = [2, 0, 3, 1, 4] 
    %extracted_slice_50 = tensor.extract_slice %transposed_49[0, 0, 0, 0, 0] [1, 32, 2, 5, 16] [1, 1, 1, 1, 1] : tensor<3x32x2x5x16xf32> to tensor<1x32x2x5x16xf32>
    %extracted_slice_51 = tensor.extract_slice %transposed_49[1, 0, 0, 0, 0] [1, 32, 2, 5, 16] [1, 1, 1, 1, 1] : tensor<3x32x2x5x16xf32> to tensor<1x32x2x5x16xf32>
    %collapsed_52 = tensor.collapse_shape %extracted_slice_51 [[0, 1], [2], [3], [4]] : tensor<1x32x2x5x16xf32> into tensor<32x2x5x16xf32>
    %extracted_slice_53 = tensor.extract_slice %transposed_49[2, 0, 0, 0, 0] [1, 32, 2, 5, 16] [1, 1, 1, 1, 1] : tensor<3x32x2x5x16xf32> to tensor<1x32x2x5x16xf32>
    %transposed_54 = linalg.transpose ins(%collapsed_52 : tensor<32x2x5x16xf32>) outs(%28 : tensor<32x2x16x5xf32>) permutation = [0, 1, 3, 2] 
    %collapsed_55 = tensor.collapse_shape %extracted_slice_50 [[0, 1, 2], [3], [4]] : tensor<1x32x2x5x16xf32> into tensor<64x5x16xf32>
    %collapsed_56 = tensor.collapse_shape %transposed_54 [[0, 1], [2], [3]] : tensor<32x2x16x5xf32> into tensor<64x16x5xf32>
    %94 = linalg.batch_matmul ins(%collapsed_55, %collapsed_56 : tensor<64x5x16xf32>, tensor<64x16x5xf32>) outs(%30 : tensor<64x5x5xf32>) -> tensor<64x5x5xf32>
    %expanded_57 = tensor.expand_shape %94 [[0, 1], [2], [3]] output_shape [32, 2, 5, 5] : tensor<64x5x5xf32> into tensor<32x2x5x5xf32>
    %95 = linalg.generic {indexing_maps = [#map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_57 : tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_12 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %96:2 = linalg.generic {indexing_maps = [#map8, #map9, #map9], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%95 : tensor<32x2x5x5xf32>) outs(%37, %35 : tensor<32x2x5xf32>, tensor<32x2x5xi64>) {
    ^bb0(%in: f32, %out: f32, %out_154: i64):
      %384 = linalg.index 3 : index
      %385 = arith.index_cast %384 : index to i64
      %386 = arith.maximumf %in, %out : f32
      %387 = arith.cmpf ogt, %in, %out : f32
      %388 = arith.select %387, %385, %out_154 : i64
      linalg.yield %386, %388 : f32, i64
    } -> (tensor<32x2x5xf32>, tensor<32x2x5xi64>)
    %expanded_58 = tensor.expand_shape %96#0 [[0], [1], [2, 3]] output_shape [32, 2, 5, 1] : tensor<32x2x5xf32> into tensor<32x2x5x1xf32>
    %97 = linalg.generic {indexing_maps = [#map8, #map10, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%95, %expanded_58 : tensor<32x2x5x5xf32>, tensor<32x2x5x1xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %98 = linalg.generic {indexing_maps = [#map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%97 : tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.exp %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %99 = linalg.generic {indexing_maps = [#map8, #map10], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%98 : tensor<32x2x5x5xf32>) outs(%42 : tensor<32x2x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x1xf32>
    %100 = linalg.generic {indexing_maps = [#map8, #map10, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%98, %99 : tensor<32x2x5x5xf32>, tensor<32x2x5x1xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.divf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %collapsed_59 = tensor.collapse_shape %100 [[0, 1], [2], [3]] : tensor<32x2x5x5xf32> into tensor<64x5x5xf32>
    %collapsed_60 = tensor.collapse_shape %extracted_slice_53 [[0, 1, 2], [3], [4]] : tensor<1x32x2x5x16xf32> into tensor<64x5x16xf32>
    %101 = linalg.batch_matmul ins(%collapsed_59, %collapsed_60 : tensor<64x5x5xf32>, tensor<64x5x16xf32>) outs(%46 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %expanded_61 = tensor.expand_shape %101 [[0, 1], [2], [3]] output_shape [32, 2, 5, 16] : tensor<64x5x16xf32> into tensor<32x2x5x16xf32>
    %transposed_62 = linalg.transpose ins(%expanded_61 : tensor<32x2x5x16xf32>) outs(%48 : tensor<32x5x2x16xf32>) permutation = [0, 2, 1, 3] 
    %transposed_63 = linalg.transpose ins(%arg20 : tensor<32x32xf32>) outs(%49 : tensor<32x32xf32>) permutation = [1, 0] 
    %collapsed_64 = tensor.collapse_shape %transposed_62 [[0, 1], [2, 3]] : tensor<32x5x2x16xf32> into tensor<160x32xf32>
    %102 = linalg.matmul ins(%collapsed_64, %transposed_63 : tensor<160x32xf32>, tensor<32x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %103 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg21, %102 : tensor<32xf32>, tensor<160x32xf32>) outs(%50 : tensor<160x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x32xf32>
    %expanded_65 = tensor.expand_shape %103 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %104 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%78, %expanded_65 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %105 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%104 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %106 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%105 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_66 = tensor.collapse_shape %106 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %107 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_66 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %108 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%104, %107 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %109 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%108, %108 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %110 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%109 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %111 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%110 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %112 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%111 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_10 : f64 to f32
      %385 = arith.addf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x1xf32>
    %113 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%112 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.rsqrt %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_67 = tensor.collapse_shape %113 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %114 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_67 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %115 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%108, %114 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %116 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%115, %arg22 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %117 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%116, %arg23 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %transposed_68 = linalg.transpose ins(%arg24 : tensor<64x32xf32>) outs(%68 : tensor<32x64xf32>) permutation = [1, 0] 
    %collapsed_69 = tensor.collapse_shape %117 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %118 = linalg.matmul ins(%collapsed_69, %transposed_68 : tensor<160x32xf32>, tensor<32x64xf32>) outs(%70 : tensor<160x64xf32>) -> tensor<160x64xf32>
    %119 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg25, %118 : tensor<64xf32>, tensor<160x64xf32>) outs(%69 : tensor<160x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x64xf32>
    %expanded_70 = tensor.expand_shape %119 [[0, 1], [2]] output_shape [32, 5, 64] : tensor<160x64xf32> into tensor<32x5x64xf32>
    %120 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_70 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_13 : f32
      %385 = math.erf %384 : f32
      %386 = arith.addf %385, %cst_1 : f32
      %387 = arith.mulf %386, %cst_2 : f32
      %388 = arith.mulf %in, %387 : f32
      linalg.yield %388 : f32
    } -> tensor<32x5x64xf32>
    %transposed_71 = linalg.transpose ins(%arg26 : tensor<32x64xf32>) outs(%75 : tensor<64x32xf32>) permutation = [1, 0] 
    %collapsed_72 = tensor.collapse_shape %120 [[0, 1], [2]] : tensor<32x5x64xf32> into tensor<160x64xf32>
    %121 = linalg.matmul ins(%collapsed_72, %transposed_71 : tensor<160x64xf32>, tensor<64x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %122 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg27, %121 : tensor<32xf32>, tensor<160x32xf32>) outs(%50 : tensor<160x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<160x32xf32>
    %expanded_73 = tensor.expand_shape %122 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %123 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%104, %expanded_73 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %124 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%123 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %125 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%124 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_74 = tensor.collapse_shape %125 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %126 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_74 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %127 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%123, %126 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %128 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%127, %127 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %129 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%128 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %130 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%129 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %131 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%130 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_10 : f64 to f32
      %385 = arith.addf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x1xf32>
    %132 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%131 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.rsqrt %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %collapsed_75 = tensor.collapse_shape %132 [[0], [1, 2]] : tensor<32x5x1xf32> into tensor<32x5xf32>
    %133 = linalg.generic {indexing_maps = [#map4, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_75 : tensor<32x5xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %134 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%127, %133 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %135 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%134, %arg28 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %136 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%135, %arg29 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %extracted_slice_76 = tensor.extract_slice %136[0, 0, 0] [32, 1, 32] [1, 1, 1] : tensor<32x5x32xf32> to tensor<32x1x32xf32>
    %collapsed_77 = tensor.collapse_shape %extracted_slice_76 [[0, 1], [2]] : tensor<32x1x32xf32> into tensor<32x32xf32>
    %137 = tensor.empty() : tensor<32x10xf32>
    %transposed_78 = linalg.transpose ins(%arg30 : tensor<10x32xf32>) outs(%137 : tensor<32x10xf32>) permutation = [1, 0] 
    %138 = linalg.fill ins(%cst : f32) outs(%137 : tensor<32x10xf32>) -> tensor<32x10xf32>
    %139 = linalg.matmul ins(%collapsed_77, %transposed_78 : tensor<32x32xf32>, tensor<32x10xf32>) outs(%138 : tensor<32x10xf32>) -> tensor<32x10xf32>
    %140 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%arg31, %139 : tensor<10xf32>, tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %141 = tensor.empty() : tensor<32xi64>
    %142 = linalg.fill ins(%c0_i64 : i64) outs(%141 : tensor<32xi64>) -> tensor<32xi64>
    %143 = tensor.empty() : tensor<32xf32>
    %144 = linalg.fill ins(%cst_0 : f32) outs(%143 : tensor<32xf32>) -> tensor<32xf32>
    %145:2 = linalg.generic {indexing_maps = [#map7, #map11, #map11], iterator_types = ["parallel", "reduction"]} ins(%140 : tensor<32x10xf32>) outs(%144, %142 : tensor<32xf32>, tensor<32xi64>) {
    ^bb0(%in: f32, %out: f32, %out_154: i64):
      %384 = linalg.index 1 : index
      %385 = arith.index_cast %384 : index to i64
      %386 = arith.maximumf %in, %out : f32
      %387 = arith.cmpf ogt, %in, %out : f32
      %388 = arith.select %387, %385, %out_154 : i64
      linalg.yield %386, %388 : f32, i64
    } -> (tensor<32xf32>, tensor<32xi64>)
    %expanded_79 = tensor.expand_shape %145#0 [[0, 1]] output_shape [32, 1] : tensor<32xf32> into tensor<32x1xf32>
    %146 = tensor.empty() : tensor<32x1xf32>
    %147 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%expanded_79 : tensor<32x1xf32>) outs(%146 : tensor<32x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.absf %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x1xf32>
    %148 = tensor.empty() : tensor<32x1xi1>
    %149 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%147 : tensor<32x1xf32>) outs(%148 : tensor<32x1xi1>) {
    ^bb0(%in: f32, %out: i1):
      %384 = arith.extf %in : f32 to f64
      %385 = arith.cmpf oeq, %384, %cst_9 : f64
      linalg.yield %385 : i1
    } -> tensor<32x1xi1>
    %150 = linalg.generic {indexing_maps = [#map7, #map12, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%149, %cst_6, %expanded_79 : tensor<32x1xi1>, tensor<f32>, tensor<32x1xf32>) outs(%146 : tensor<32x1xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<32x1xf32>
    %collapsed_80 = tensor.collapse_shape %150 [[0, 1]] : tensor<32x1xf32> into tensor<32xf32>
    %151 = linalg.generic {indexing_maps = [#map7, #map13, #map7], iterator_types = ["parallel", "parallel"]} ins(%140, %150 : tensor<32x10xf32>, tensor<32x1xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %152 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%151 : tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.exp %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %153 = linalg.fill ins(%cst : f32) outs(%143 : tensor<32xf32>) -> tensor<32xf32>
    %154 = linalg.generic {indexing_maps = [#map7, #map11], iterator_types = ["parallel", "reduction"]} ins(%152 : tensor<32x10xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %155 = linalg.generic {indexing_maps = [#map14, #map14], iterator_types = ["parallel"]} ins(%154 : tensor<32xf32>) outs(%143 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.log %in : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %156 = linalg.generic {indexing_maps = [#map14, #map14, #map14], iterator_types = ["parallel"]} ins(%155, %collapsed_80 : tensor<32xf32>, tensor<32xf32>) outs(%143 : tensor<32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %157 = linalg.generic {indexing_maps = [#map7, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%140, %arg33 : tensor<32x10xf32>, tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %158 = linalg.generic {indexing_maps = [#map7, #map11], iterator_types = ["parallel", "reduction"]} ins(%157 : tensor<32x10xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %159 = linalg.generic {indexing_maps = [#map14, #map14, #map14], iterator_types = ["parallel"]} ins(%156, %158 : tensor<32xf32>, tensor<32xf32>) outs(%143 : tensor<32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %160 = tensor.empty() : tensor<f32>
    %161 = linalg.fill ins(%cst : f32) outs(%160 : tensor<f32>) -> tensor<f32>
    %162 = linalg.generic {indexing_maps = [#map14, #map15], iterator_types = ["reduction"]} ins(%159 : tensor<32xf32>) outs(%161 : tensor<f32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<f32>
    %163 = linalg.generic {indexing_maps = [#map16, #map16], iterator_types = []} ins(%162 : tensor<f32>) outs(%160 : tensor<f32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<f32>
    %164 = linalg.generic {indexing_maps = [#map14, #map14], iterator_types = ["parallel"]} ins(%cst_5 : tensor<32xf32>) outs(%143 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %165 = linalg.generic {indexing_maps = [#map14, #map14], iterator_types = ["parallel"]} ins(%164 : tensor<32xf32>) outs(%143 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.negf %in : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %166 = linalg.generic {indexing_maps = [#map11, #map7], iterator_types = ["parallel", "parallel"]} ins(%165 : tensor<32xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x10xf32>
    %167 = linalg.generic {indexing_maps = [#map7, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%166, %arg33 : tensor<32x10xf32>, tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %expanded_81 = tensor.expand_shape %164 [[0, 1]] output_shape [32, 1] : tensor<32xf32> into tensor<32x1xf32>
    %expanded_82 = tensor.expand_shape %156 [[0, 1]] output_shape [32, 1] : tensor<32xf32> into tensor<32x1xf32>
    %168 = linalg.generic {indexing_maps = [#map7, #map13, #map7], iterator_types = ["parallel", "parallel"]} ins(%140, %expanded_82 : tensor<32x10xf32>, tensor<32x1xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %169 = linalg.generic {indexing_maps = [#map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%168 : tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.exp %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %170 = linalg.generic {indexing_maps = [#map13, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%expanded_81, %169 : tensor<32x1xf32>, tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %171 = linalg.generic {indexing_maps = [#map7, #map7, #map7], iterator_types = ["parallel", "parallel"]} ins(%167, %170 : tensor<32x10xf32>, tensor<32x10xf32>) outs(%137 : tensor<32x10xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x10xf32>
    %172 = linalg.fill ins(%cst : f32) outs(%49 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %173 = linalg.matmul ins(%171, %arg30 : tensor<32x10xf32>, tensor<10x32xf32>) outs(%172 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %174 = tensor.empty() : tensor<10x32xf32>
    %transposed_83 = linalg.transpose ins(%171 : tensor<32x10xf32>) outs(%174 : tensor<10x32xf32>) permutation = [1, 0] 
    %175 = linalg.fill ins(%cst : f32) outs(%174 : tensor<10x32xf32>) -> tensor<10x32xf32>
    %176 = linalg.matmul ins(%transposed_83, %collapsed_77 : tensor<10x32xf32>, tensor<32x32xf32>) outs(%175 : tensor<10x32xf32>) -> tensor<10x32xf32>
    %177 = tensor.empty() : tensor<1x10xf32>
    %178 = linalg.fill ins(%cst : f32) outs(%177 : tensor<1x10xf32>) -> tensor<1x10xf32>
    %179 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%171 : tensor<32x10xf32>) outs(%178 : tensor<1x10xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x10xf32>
    %collapsed_84 = tensor.collapse_shape %179 [[0, 1]] : tensor<1x10xf32> into tensor<10xf32>
    %180 = tensor.empty() : tensor<5xi64>
    %181 = linalg.generic {indexing_maps = [#map14], iterator_types = ["parallel"]} outs(%180 : tensor<5xi64>) {
    ^bb0(%out: i64):
      %384 = linalg.index 0 : index
      %385 = arith.index_cast %384 : index to i64
      linalg.yield %385 : i64
    } -> tensor<5xi64>
    %expanded_85 = tensor.expand_shape %181 [[0, 1, 2]] output_shape [1, 5, 1] : tensor<5xi64> into tensor<1x5x1xi64>
    %182 = tensor.empty() : tensor<1x5x1xi1>
    %183 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_85 : tensor<1x5x1xi64>) outs(%182 : tensor<1x5x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %384 = arith.cmpi eq, %in, %c0_i64 : i64
      linalg.yield %384 : i1
    } -> tensor<1x5x1xi1>
    %184 = linalg.generic {indexing_maps = [#map18, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%173 : tensor<32x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<32x5x32xf32>
    %185 = linalg.generic {indexing_maps = [#map19, #map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%183, %184, %cst_4 : tensor<1x5x1xi1>, tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %186 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%123, %125 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %187 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%186, %132 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %188 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%185, %arg28 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %189 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%188 : tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %190 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%188 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %191 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%188, %187 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %192 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%191 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %193 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%187, %192 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %194 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%189, %190 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %195 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%194, %193 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %196 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%132 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %197 = linalg.generic {indexing_maps = [#map3, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%196, %195 : tensor<32x5x1xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %198 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%185, %187 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %199 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%198 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %200 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%185 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %collapsed_86 = tensor.collapse_shape %197 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %201 = linalg.matmul ins(%collapsed_86, %arg26 : tensor<160x32xf32>, tensor<32x64xf32>) outs(%70 : tensor<160x64xf32>) -> tensor<160x64xf32>
    %202 = tensor.empty() : tensor<32x160xf32>
    %transposed_87 = linalg.transpose ins(%collapsed_86 : tensor<160x32xf32>) outs(%202 : tensor<32x160xf32>) permutation = [1, 0] 
    %203 = linalg.fill ins(%cst : f32) outs(%68 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %204 = linalg.matmul ins(%transposed_87, %collapsed_72 : tensor<32x160xf32>, tensor<160x64xf32>) outs(%203 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %205 = tensor.empty() : tensor<1x32xf32>
    %206 = linalg.fill ins(%cst : f32) outs(%205 : tensor<1x32xf32>) -> tensor<1x32xf32>
    %207 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_86 : tensor<160x32xf32>) outs(%206 : tensor<1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x32xf32>
    %collapsed_88 = tensor.collapse_shape %207 [[0, 1]] : tensor<1x32xf32> into tensor<32xf32>
    %expanded_89 = tensor.expand_shape %201 [[0, 1], [2]] output_shape [32, 5, 64] : tensor<160x64xf32> into tensor<32x5x64xf32>
    %208 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_70 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_8 : f64 to f32
      %385 = arith.mulf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x64xf32>
    %209 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%208 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.erf %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %210 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%209 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %cst_1 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %211 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%210 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_2 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %212 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_70, %expanded_70 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %213 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%212 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_14 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %214 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%213 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.exp %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %215 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%214 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_7 : f64 to f32
      %385 = arith.mulf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x64xf32>
    %216 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_70, %215 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %217 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%211, %216 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %218 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_89, %217 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %collapsed_90 = tensor.collapse_shape %218 [[0, 1], [2]] : tensor<32x5x64xf32> into tensor<160x64xf32>
    %219 = linalg.matmul ins(%collapsed_90, %arg24 : tensor<160x64xf32>, tensor<64x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %220 = tensor.empty() : tensor<64x160xf32>
    %transposed_91 = linalg.transpose ins(%collapsed_90 : tensor<160x64xf32>) outs(%220 : tensor<64x160xf32>) permutation = [1, 0] 
    %221 = linalg.fill ins(%cst : f32) outs(%75 : tensor<64x32xf32>) -> tensor<64x32xf32>
    %222 = linalg.matmul ins(%transposed_91, %collapsed_69 : tensor<64x160xf32>, tensor<160x32xf32>) outs(%221 : tensor<64x32xf32>) -> tensor<64x32xf32>
    %223 = tensor.empty() : tensor<1x64xf32>
    %224 = linalg.fill ins(%cst : f32) outs(%223 : tensor<1x64xf32>) -> tensor<1x64xf32>
    %225 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_90 : tensor<160x64xf32>) outs(%224 : tensor<1x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x64xf32>
    %collapsed_92 = tensor.collapse_shape %225 [[0, 1]] : tensor<1x64xf32> into tensor<64xf32>
    %expanded_93 = tensor.expand_shape %219 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %226 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%104, %106 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %227 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%226, %113 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %228 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_93, %arg22 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %229 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%228 : tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %230 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%228 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %231 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%228, %227 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %232 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%231 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %233 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%227, %232 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %234 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%229, %230 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %235 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%234, %233 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %236 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%113 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %237 = linalg.generic {indexing_maps = [#map3, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%236, %235 : tensor<32x5x1xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %238 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_93, %227 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %239 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%238 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %240 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%expanded_93 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %241 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%197, %237 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %collapsed_94 = tensor.collapse_shape %241 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %242 = linalg.matmul ins(%collapsed_94, %arg20 : tensor<160x32xf32>, tensor<32x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %transposed_95 = linalg.transpose ins(%collapsed_94 : tensor<160x32xf32>) outs(%202 : tensor<32x160xf32>) permutation = [1, 0] 
    %243 = linalg.matmul ins(%transposed_95, %collapsed_64 : tensor<32x160xf32>, tensor<160x32xf32>) outs(%172 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %244 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_94 : tensor<160x32xf32>) outs(%206 : tensor<1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x32xf32>
    %collapsed_96 = tensor.collapse_shape %244 [[0, 1]] : tensor<1x32xf32> into tensor<32xf32>
    %expanded_97 = tensor.expand_shape %242 [[0, 1], [2, 3]] output_shape [32, 5, 2, 16] : tensor<160x32xf32> into tensor<32x5x2x16xf32>
    %245 = tensor.empty() : tensor<32x2x5x16xf32>
    %transposed_98 = linalg.transpose ins(%expanded_97 : tensor<32x5x2x16xf32>) outs(%245 : tensor<32x2x5x16xf32>) permutation = [0, 2, 1, 3] 
    %collapsed_99 = tensor.collapse_shape %transposed_98 [[0, 1], [2], [3]] : tensor<32x2x5x16xf32> into tensor<64x5x16xf32>
    %transposed_100 = linalg.transpose ins(%collapsed_59 : tensor<64x5x5xf32>) outs(%29 : tensor<64x5x5xf32>) permutation = [0, 2, 1] 
    %246 = linalg.batch_matmul ins(%transposed_100, %collapsed_99 : tensor<64x5x5xf32>, tensor<64x5x16xf32>) outs(%46 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %247 = tensor.empty() : tensor<64x16x5xf32>
    %transposed_101 = linalg.transpose ins(%collapsed_60 : tensor<64x5x16xf32>) outs(%247 : tensor<64x16x5xf32>) permutation = [0, 2, 1] 
    %248 = linalg.batch_matmul ins(%collapsed_99, %transposed_101 : tensor<64x5x16xf32>, tensor<64x16x5xf32>) outs(%30 : tensor<64x5x5xf32>) -> tensor<64x5x5xf32>
    %expanded_102 = tensor.expand_shape %248 [[0, 1], [2], [3]] output_shape [32, 2, 5, 5] : tensor<64x5x5xf32> into tensor<32x2x5x5xf32>
    %249 = linalg.generic {indexing_maps = [#map8, #map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_102, %100 : tensor<32x2x5x5xf32>, tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %250 = linalg.generic {indexing_maps = [#map8, #map10], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%249 : tensor<32x2x5x5xf32>) outs(%42 : tensor<32x2x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x1xf32>
    %251 = linalg.generic {indexing_maps = [#map8, #map10, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%100, %250 : tensor<32x2x5x5xf32>, tensor<32x2x5x1xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %252 = linalg.generic {indexing_maps = [#map8, #map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%249, %251 : tensor<32x2x5x5xf32>, tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %253 = linalg.generic {indexing_maps = [#map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%252 : tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_12 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %collapsed_103 = tensor.collapse_shape %253 [[0, 1], [2], [3]] : tensor<32x2x5x5xf32> into tensor<64x5x5xf32>
    %transposed_104 = linalg.transpose ins(%collapsed_55 : tensor<64x5x16xf32>) outs(%247 : tensor<64x16x5xf32>) permutation = [0, 2, 1] 
    %254 = linalg.fill ins(%cst : f32) outs(%247 : tensor<64x16x5xf32>) -> tensor<64x16x5xf32>
    %255 = linalg.batch_matmul ins(%transposed_104, %collapsed_103 : tensor<64x16x5xf32>, tensor<64x5x5xf32>) outs(%254 : tensor<64x16x5xf32>) -> tensor<64x16x5xf32>
    %transposed_105 = linalg.transpose ins(%collapsed_56 : tensor<64x16x5xf32>) outs(%45 : tensor<64x5x16xf32>) permutation = [0, 2, 1] 
    %256 = linalg.batch_matmul ins(%collapsed_103, %transposed_105 : tensor<64x5x5xf32>, tensor<64x5x16xf32>) outs(%46 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %expanded_106 = tensor.expand_shape %255 [[0, 1], [2], [3]] output_shape [32, 2, 16, 5] : tensor<64x16x5xf32> into tensor<32x2x16x5xf32>
    %transposed_107 = linalg.transpose ins(%expanded_106 : tensor<32x2x16x5xf32>) outs(%245 : tensor<32x2x5x16xf32>) permutation = [0, 1, 3, 2] 
    %257 = tensor.empty() : tensor<3xi64>
    %258 = linalg.generic {indexing_maps = [#map14], iterator_types = ["parallel"]} outs(%257 : tensor<3xi64>) {
    ^bb0(%out: i64):
      %384 = linalg.index 0 : index
      %385 = arith.index_cast %384 : index to i64
      linalg.yield %385 : i64
    } -> tensor<3xi64>
    %expanded_108 = tensor.expand_shape %258 [[0, 1, 2, 3, 4]] output_shape [3, 1, 1, 1, 1] : tensor<3xi64> into tensor<3x1x1x1x1xi64>
    %259 = tensor.empty() : tensor<3x1x1x1x1xi1>
    %260 = linalg.generic {indexing_maps = [#map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_108 : tensor<3x1x1x1x1xi64>) outs(%259 : tensor<3x1x1x1x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %384 = arith.cmpi eq, %in, %c2_i64 : i64
      linalg.yield %384 : i1
    } -> tensor<3x1x1x1x1xi1>
    %expanded_109 = tensor.expand_shape %246 [[0, 1], [2], [3]] output_shape [32, 2, 5, 16] : tensor<64x5x16xf32> into tensor<32x2x5x16xf32>
    %261 = linalg.generic {indexing_maps = [#map21, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_109 : tensor<32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x32x2x5x16xf32>
    %262 = linalg.generic {indexing_maps = [#map22, #map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%260, %261, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %263 = linalg.generic {indexing_maps = [#map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_108 : tensor<3x1x1x1x1xi64>) outs(%259 : tensor<3x1x1x1x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %384 = arith.cmpi eq, %in, %c1_i64 : i64
      linalg.yield %384 : i1
    } -> tensor<3x1x1x1x1xi1>
    %264 = linalg.generic {indexing_maps = [#map21, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%transposed_107 : tensor<32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x32x2x5x16xf32>
    %265 = linalg.generic {indexing_maps = [#map22, #map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%263, %264, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %266 = linalg.generic {indexing_maps = [#map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%262, %265 : tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %267 = linalg.generic {indexing_maps = [#map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_108 : tensor<3x1x1x1x1xi64>) outs(%259 : tensor<3x1x1x1x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %384 = arith.cmpi eq, %in, %c0_i64 : i64
      linalg.yield %384 : i1
    } -> tensor<3x1x1x1x1xi1>
    %expanded_110 = tensor.expand_shape %256 [[0, 1], [2], [3]] output_shape [32, 2, 5, 16] : tensor<64x5x16xf32> into tensor<32x2x5x16xf32>
    %268 = linalg.generic {indexing_maps = [#map21, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_110 : tensor<32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x32x2x5x16xf32>
    %269 = linalg.generic {indexing_maps = [#map22, #map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%267, %268, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %270 = linalg.generic {indexing_maps = [#map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%266, %269 : tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %271 = tensor.empty() : tensor<32x5x3x2x16xf32>
    %transposed_111 = linalg.transpose ins(%270 : tensor<3x32x2x5x16xf32>) outs(%271 : tensor<32x5x3x2x16xf32>) permutation = [1, 3, 0, 2, 4] 
    %collapsed_112 = tensor.collapse_shape %transposed_111 [[0, 1], [2, 3, 4]] : tensor<32x5x3x2x16xf32> into tensor<160x96xf32>
    %272 = linalg.matmul ins(%collapsed_112, %arg18 : tensor<160x96xf32>, tensor<96x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %273 = tensor.empty() : tensor<96x160xf32>
    %transposed_113 = linalg.transpose ins(%collapsed_112 : tensor<160x96xf32>) outs(%273 : tensor<96x160xf32>) permutation = [1, 0] 
    %274 = tensor.empty() : tensor<96x32xf32>
    %275 = linalg.fill ins(%cst : f32) outs(%274 : tensor<96x32xf32>) -> tensor<96x32xf32>
    %276 = linalg.matmul ins(%transposed_113, %collapsed_47 : tensor<96x160xf32>, tensor<160x32xf32>) outs(%275 : tensor<96x32xf32>) -> tensor<96x32xf32>
    %277 = tensor.empty() : tensor<1x96xf32>
    %278 = linalg.fill ins(%cst : f32) outs(%277 : tensor<1x96xf32>) -> tensor<1x96xf32>
    %279 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_112 : tensor<160x96xf32>) outs(%278 : tensor<1x96xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x96xf32>
    %collapsed_114 = tensor.collapse_shape %279 [[0, 1]] : tensor<1x96xf32> into tensor<96xf32>
    %expanded_115 = tensor.expand_shape %272 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %280 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%78, %80 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %281 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%280, %87 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %282 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_115, %arg16 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %283 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%282 : tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %284 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%282 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %285 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%282, %281 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %286 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%285 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %287 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%281, %286 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %288 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%283, %284 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %289 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%288, %287 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %290 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%87 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %291 = linalg.generic {indexing_maps = [#map3, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%290, %289 : tensor<32x5x1xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %292 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_115, %281 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %293 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%292 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %294 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%expanded_115 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %295 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%241, %291 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %collapsed_116 = tensor.collapse_shape %295 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %296 = linalg.matmul ins(%collapsed_116, %arg14 : tensor<160x32xf32>, tensor<32x64xf32>) outs(%70 : tensor<160x64xf32>) -> tensor<160x64xf32>
    %transposed_117 = linalg.transpose ins(%collapsed_116 : tensor<160x32xf32>) outs(%202 : tensor<32x160xf32>) permutation = [1, 0] 
    %297 = linalg.matmul ins(%transposed_117, %collapsed_42 : tensor<32x160xf32>, tensor<160x64xf32>) outs(%203 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %298 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_116 : tensor<160x32xf32>) outs(%206 : tensor<1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x32xf32>
    %collapsed_118 = tensor.collapse_shape %298 [[0, 1]] : tensor<1x32xf32> into tensor<32xf32>
    %expanded_119 = tensor.expand_shape %296 [[0, 1], [2]] output_shape [32, 5, 64] : tensor<160x64xf32> into tensor<32x5x64xf32>
    %299 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_40 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_8 : f64 to f32
      %385 = arith.mulf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x64xf32>
    %300 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%299 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.erf %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %301 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%300 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %cst_1 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %302 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%301 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_2 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %303 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_40, %expanded_40 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %304 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%303 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_14 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %305 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%304 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = math.exp %in : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %306 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%305 : tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.truncf %cst_7 : f64 to f32
      %385 = arith.mulf %in, %384 : f32
      linalg.yield %385 : f32
    } -> tensor<32x5x64xf32>
    %307 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_40, %306 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %308 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%302, %307 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %309 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_119, %308 : tensor<32x5x64xf32>, tensor<32x5x64xf32>) outs(%73 : tensor<32x5x64xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x64xf32>
    %collapsed_120 = tensor.collapse_shape %309 [[0, 1], [2]] : tensor<32x5x64xf32> into tensor<160x64xf32>
    %310 = linalg.matmul ins(%collapsed_120, %arg12 : tensor<160x64xf32>, tensor<64x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %transposed_121 = linalg.transpose ins(%collapsed_120 : tensor<160x64xf32>) outs(%220 : tensor<64x160xf32>) permutation = [1, 0] 
    %311 = linalg.matmul ins(%transposed_121, %collapsed_39 : tensor<64x160xf32>, tensor<160x32xf32>) outs(%221 : tensor<64x32xf32>) -> tensor<64x32xf32>
    %312 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_120 : tensor<160x64xf32>) outs(%224 : tensor<1x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x64xf32>
    %collapsed_122 = tensor.collapse_shape %312 [[0, 1]] : tensor<1x64xf32> into tensor<64xf32>
    %expanded_123 = tensor.expand_shape %310 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %313 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%54, %56 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %314 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%313, %63 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %315 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_123, %arg10 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %316 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%315 : tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %317 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%315 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %318 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%315, %314 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %319 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%318 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %320 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%314, %319 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %321 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%316, %317 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %322 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%321, %320 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %323 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%63 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %324 = linalg.generic {indexing_maps = [#map3, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%323, %322 : tensor<32x5x1xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %325 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_123, %314 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %326 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%325 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %327 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%expanded_123 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %328 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%295, %324 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %collapsed_124 = tensor.collapse_shape %328 [[0, 1], [2]] : tensor<32x5x32xf32> into tensor<160x32xf32>
    %329 = linalg.matmul ins(%collapsed_124, %arg8 : tensor<160x32xf32>, tensor<32x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %transposed_125 = linalg.transpose ins(%collapsed_124 : tensor<160x32xf32>) outs(%202 : tensor<32x160xf32>) permutation = [1, 0] 
    %330 = linalg.matmul ins(%transposed_125, %collapsed_34 : tensor<32x160xf32>, tensor<160x32xf32>) outs(%172 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %331 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_124 : tensor<160x32xf32>) outs(%206 : tensor<1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x32xf32>
    %collapsed_126 = tensor.collapse_shape %331 [[0, 1]] : tensor<1x32xf32> into tensor<32xf32>
    %expanded_127 = tensor.expand_shape %329 [[0, 1], [2, 3]] output_shape [32, 5, 2, 16] : tensor<160x32xf32> into tensor<32x5x2x16xf32>
    %transposed_128 = linalg.transpose ins(%expanded_127 : tensor<32x5x2x16xf32>) outs(%245 : tensor<32x2x5x16xf32>) permutation = [0, 2, 1, 3] 
    %collapsed_129 = tensor.collapse_shape %transposed_128 [[0, 1], [2], [3]] : tensor<32x2x5x16xf32> into tensor<64x5x16xf32>
    %transposed_130 = linalg.transpose ins(%collapsed_29 : tensor<64x5x5xf32>) outs(%29 : tensor<64x5x5xf32>) permutation = [0, 2, 1] 
    %332 = linalg.batch_matmul ins(%transposed_130, %collapsed_129 : tensor<64x5x5xf32>, tensor<64x5x16xf32>) outs(%46 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %transposed_131 = linalg.transpose ins(%collapsed_30 : tensor<64x5x16xf32>) outs(%247 : tensor<64x16x5xf32>) permutation = [0, 2, 1] 
    %333 = linalg.batch_matmul ins(%collapsed_129, %transposed_131 : tensor<64x5x16xf32>, tensor<64x16x5xf32>) outs(%30 : tensor<64x5x5xf32>) -> tensor<64x5x5xf32>
    %expanded_132 = tensor.expand_shape %333 [[0, 1], [2], [3]] output_shape [32, 2, 5, 5] : tensor<64x5x5xf32> into tensor<32x2x5x5xf32>
    %334 = linalg.generic {indexing_maps = [#map8, #map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_132, %44 : tensor<32x2x5x5xf32>, tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %335 = linalg.generic {indexing_maps = [#map8, #map10], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%334 : tensor<32x2x5x5xf32>) outs(%42 : tensor<32x2x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x1xf32>
    %336 = linalg.generic {indexing_maps = [#map8, #map10, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%44, %335 : tensor<32x2x5x5xf32>, tensor<32x2x5x1xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %337 = linalg.generic {indexing_maps = [#map8, #map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%334, %336 : tensor<32x2x5x5xf32>, tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %338 = linalg.generic {indexing_maps = [#map8, #map8], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%337 : tensor<32x2x5x5xf32>) outs(%32 : tensor<32x2x5x5xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_12 : f32
      linalg.yield %384 : f32
    } -> tensor<32x2x5x5xf32>
    %collapsed_133 = tensor.collapse_shape %338 [[0, 1], [2], [3]] : tensor<32x2x5x5xf32> into tensor<64x5x5xf32>
    %transposed_134 = linalg.transpose ins(%collapsed_25 : tensor<64x5x16xf32>) outs(%247 : tensor<64x16x5xf32>) permutation = [0, 2, 1] 
    %339 = linalg.batch_matmul ins(%transposed_134, %collapsed_133 : tensor<64x16x5xf32>, tensor<64x5x5xf32>) outs(%254 : tensor<64x16x5xf32>) -> tensor<64x16x5xf32>
    %transposed_135 = linalg.transpose ins(%collapsed_26 : tensor<64x16x5xf32>) outs(%45 : tensor<64x5x16xf32>) permutation = [0, 2, 1] 
    %340 = linalg.batch_matmul ins(%collapsed_133, %transposed_135 : tensor<64x5x5xf32>, tensor<64x5x16xf32>) outs(%46 : tensor<64x5x16xf32>) -> tensor<64x5x16xf32>
    %expanded_136 = tensor.expand_shape %339 [[0, 1], [2], [3]] output_shape [32, 2, 16, 5] : tensor<64x16x5xf32> into tensor<32x2x16x5xf32>
    %transposed_137 = linalg.transpose ins(%expanded_136 : tensor<32x2x16x5xf32>) outs(%245 : tensor<32x2x5x16xf32>) permutation = [0, 1, 3, 2] 
    %expanded_138 = tensor.expand_shape %332 [[0, 1], [2], [3]] output_shape [32, 2, 5, 16] : tensor<64x5x16xf32> into tensor<32x2x5x16xf32>
    %341 = linalg.generic {indexing_maps = [#map21, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_138 : tensor<32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x32x2x5x16xf32>
    %342 = linalg.generic {indexing_maps = [#map22, #map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%260, %341, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %343 = linalg.generic {indexing_maps = [#map21, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%transposed_137 : tensor<32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x32x2x5x16xf32>
    %344 = linalg.generic {indexing_maps = [#map22, #map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%263, %343, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %345 = linalg.generic {indexing_maps = [#map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%342, %344 : tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %expanded_139 = tensor.expand_shape %340 [[0, 1], [2], [3]] output_shape [32, 2, 5, 16] : tensor<64x5x16xf32> into tensor<32x2x5x16xf32>
    %346 = linalg.generic {indexing_maps = [#map21, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_139 : tensor<32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x32x2x5x16xf32>
    %347 = linalg.generic {indexing_maps = [#map22, #map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%267, %346, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: i1, %in_154: f32, %in_155: f32, %out: f32):
      %384 = arith.select %in, %in_154, %in_155 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %348 = linalg.generic {indexing_maps = [#map20, #map20, #map20], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%345, %347 : tensor<3x32x2x5x16xf32>, tensor<3x32x2x5x16xf32>) outs(%27 : tensor<3x32x2x5x16xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<3x32x2x5x16xf32>
    %transposed_140 = linalg.transpose ins(%348 : tensor<3x32x2x5x16xf32>) outs(%271 : tensor<32x5x3x2x16xf32>) permutation = [1, 3, 0, 2, 4] 
    %collapsed_141 = tensor.collapse_shape %transposed_140 [[0, 1], [2, 3, 4]] : tensor<32x5x3x2x16xf32> into tensor<160x96xf32>
    %349 = linalg.matmul ins(%collapsed_141, %arg6 : tensor<160x96xf32>, tensor<96x32xf32>) outs(%51 : tensor<160x32xf32>) -> tensor<160x32xf32>
    %transposed_142 = linalg.transpose ins(%collapsed_141 : tensor<160x96xf32>) outs(%273 : tensor<96x160xf32>) permutation = [1, 0] 
    %350 = linalg.matmul ins(%transposed_142, %collapsed_19 : tensor<96x160xf32>, tensor<160x32xf32>) outs(%275 : tensor<96x32xf32>) -> tensor<96x32xf32>
    %351 = linalg.generic {indexing_maps = [#map7, #map17], iterator_types = ["reduction", "parallel"]} ins(%collapsed_141 : tensor<160x96xf32>) outs(%278 : tensor<1x96xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x96xf32>
    %collapsed_143 = tensor.collapse_shape %351 [[0, 1]] : tensor<1x96xf32> into tensor<96xf32>
    %expanded_144 = tensor.expand_shape %349 [[0, 1], [2]] output_shape [32, 5, 32] : tensor<160x32xf32> into tensor<32x5x32xf32>
    %352 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %10 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %353 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%352, %17 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %354 = linalg.generic {indexing_maps = [#map1, #map5, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_144, %arg4 : tensor<32x5x32xf32>, tensor<32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %355 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%354 : tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.mulf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %356 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%354 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %357 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%354, %353 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %358 = linalg.generic {indexing_maps = [#map1, #map3], iterator_types = ["parallel", "parallel", "reduction"]} ins(%357 : tensor<32x5x32xf32>) outs(%8 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %359 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%353, %358 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %360 = linalg.generic {indexing_maps = [#map1, #map3, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%355, %356 : tensor<32x5x32xf32>, tensor<32x5x1xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %361 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%360, %359 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.subf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %362 = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%17 : tensor<32x5x1xf32>) outs(%7 : tensor<32x5x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.divf %in, %cst_11 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x1xf32>
    %363 = linalg.generic {indexing_maps = [#map3, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%362, %361 : tensor<32x5x1xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %364 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_144, %353 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.mulf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %365 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%364 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %366 = linalg.generic {indexing_maps = [#map1, #map5], iterator_types = ["reduction", "reduction", "parallel"]} ins(%expanded_144 : tensor<32x5x32xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    %367 = linalg.generic {indexing_maps = [#map1, #map1, #map1], iterator_types = ["parallel", "parallel", "parallel"]} ins(%328, %363 : tensor<32x5x32xf32>, tensor<32x5x32xf32>) outs(%5 : tensor<32x5x32xf32>) {
    ^bb0(%in: f32, %in_154: f32, %out: f32):
      %384 = arith.addf %in, %in_154 : f32
      linalg.yield %384 : f32
    } -> tensor<32x5x32xf32>
    %368 = tensor.empty() : tensor<1x5x32xf32>
    %369 = linalg.fill ins(%cst : f32) outs(%368 : tensor<1x5x32xf32>) -> tensor<1x5x32xf32>
    %370 = linalg.generic {indexing_maps = [#map1, #map2], iterator_types = ["reduction", "parallel", "parallel"]} ins(%367 : tensor<32x5x32xf32>) outs(%369 : tensor<1x5x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x5x32xf32>
    %extracted_slice_145 = tensor.extract_slice %367[0, 0, 0] [32, 1, 32] [1, 1, 1] : tensor<32x5x32xf32> to tensor<32x1x32xf32>
    %extracted_slice_146 = tensor.extract_slice %367[0, 1, 0] [32, 4, 32] [1, 1, 1] : tensor<32x5x32xf32> to tensor<32x4x32xf32>
    %371 = tensor.empty() : tensor<1x1x32xf32>
    %372 = linalg.fill ins(%cst : f32) outs(%371 : tensor<1x1x32xf32>) -> tensor<1x1x32xf32>
    %373 = linalg.generic {indexing_maps = [#map1, #map2], iterator_types = ["reduction", "parallel", "parallel"]} ins(%extracted_slice_145 : tensor<32x1x32xf32>) outs(%372 : tensor<1x1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<1x1x32xf32>
    %374 = tensor.empty() : tensor<32x32x4xf32>
    %transposed_147 = linalg.transpose ins(%extracted_slice_146 : tensor<32x4x32xf32>) outs(%374 : tensor<32x32x4xf32>) permutation = [0, 2, 1] 
    %expanded_148 = tensor.expand_shape %transposed_147 [[0], [1], [2, 3]] output_shape [32, 32, 2, 2] : tensor<32x32x4xf32> into tensor<32x32x2x2xf32>
    %375 = tensor.empty() : tensor<3x32x8x8xf32>
    %transposed_149 = linalg.transpose ins(%arg32 : tensor<32x3x8x8xf32>) outs(%375 : tensor<3x32x8x8xf32>) permutation = [1, 0, 2, 3] 
    %376 = tensor.empty() : tensor<3x1024x4x4xf32>
    %expanded_150 = tensor.expand_shape %transposed_149 [[0], [1, 2], [3], [4]] output_shape [3, 32, 1, 8, 8] : tensor<3x32x8x8xf32> into tensor<3x32x1x8x8xf32>
    %expanded_151 = tensor.expand_shape %transposed_147 [[0], [1], [2, 3, 4]] output_shape [32, 32, 1, 2, 2] : tensor<32x32x4xf32> into tensor<32x32x1x2x2xf32>
    %expanded_152 = tensor.expand_shape %376 [[0], [1, 2], [3], [4]] output_shape [3, 32, 32, 4, 4] : tensor<3x1024x4x4xf32> into tensor<3x32x32x4x4xf32>
    %377 = linalg.fill ins(%cst : f32) outs(%expanded_152 : tensor<3x32x32x4x4xf32>) -> tensor<3x32x32x4x4xf32>
    %378 = linalg.conv_2d_ngchw_gfchw {dilations = dense<4> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%expanded_150, %expanded_151 : tensor<3x32x1x8x8xf32>, tensor<32x32x1x2x2xf32>) outs(%377 : tensor<3x32x32x4x4xf32>) -> tensor<3x32x32x4x4xf32>
    %379 = tensor.empty() : tensor<32x32x3x4x4xf32>
    %transposed_153 = linalg.transpose ins(%378 : tensor<3x32x32x4x4xf32>) outs(%379 : tensor<32x32x3x4x4xf32>) permutation = [1, 2, 0, 3, 4] 
    %380 = tensor.empty() : tensor<32x3x4x4xf32>
    %381 = linalg.fill ins(%cst : f32) outs(%380 : tensor<32x3x4x4xf32>) -> tensor<32x3x4x4xf32>
    %382 = linalg.generic {indexing_maps = [#map20, #map21], iterator_types = ["reduction", "parallel", "parallel", "parallel", "parallel"]} ins(%transposed_153 : tensor<32x32x3x4x4xf32>) outs(%381 : tensor<32x3x4x4xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32x3x4x4xf32>
    %383 = linalg.generic {indexing_maps = [#map8, #map23], iterator_types = ["reduction", "parallel", "reduction", "reduction"]} ins(%expanded_148 : tensor<32x32x2x2xf32>) outs(%153 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %384 = arith.addf %in, %out : f32
      linalg.yield %384 : f32
    } -> tensor<32xf32>
    return %373, %370, %382, %383, %365, %366, %350, %collapsed_143, %330, %collapsed_126, %326, %327, %311, %collapsed_122, %297, %collapsed_118, %293, %294, %276, %collapsed_114, %243, %collapsed_96, %239, %240, %222, %collapsed_92, %204, %collapsed_88, %199, %200, %176, %collapsed_84, %163 : tensor<1x1x32xf32>, tensor<1x5x32xf32>, tensor<32x3x4x4xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<96x32xf32>, tensor<96xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<64xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<96x32xf32>, tensor<96xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<64xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<10x32xf32>, tensor<10xf32>, tensor<f32>
  }
}
