// Exported by python/tools/export_torch_graphs.py (a ViT block, loss mean(y^2)). Do not edit.
#map = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#map1 = affine_map<(d0, d1, d2) -> (d0, d1, 0)>
#map2 = affine_map<(d0, d1, d2) -> (d0, d1)>
#map3 = affine_map<(d0, d1, d2) -> (d2)>
#map4 = affine_map<(d0, d1) -> (d1)>
#map5 = affine_map<(d0, d1) -> (d0, d1)>
#map6 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#map7 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
#map8 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, 0)>
#map9 = affine_map<(d0, d1, d2) -> ()>
#map10 = affine_map<() -> ()>
#map11 = affine_map<(d0, d1) -> (0, d1)>
#map12 = affine_map<(d0) -> (d0)>
#map13 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#map14 = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2, d3, d4)>
#map15 = affine_map<(d0, d1, d2, d3, d4) -> (d0, 0, 0, 0, 0)>
module {
  func.func @vit_block_step(%arg0: tensor<32xf32> {mx.name = "norm1.weight"}, %arg1: tensor<32xf32> {mx.name = "norm1.bias"}, %arg2: tensor<96x32xf32> {mx.name = "attn.qkv.weight"}, %arg3: tensor<96xf32> {mx.name = "attn.qkv.bias"}, %arg4: tensor<32x32xf32> {mx.name = "attn.proj.weight"}, %arg5: tensor<32xf32> {mx.name = "attn.proj.bias"}, %arg6: tensor<32xf32> {mx.name = "norm2.weight"}, %arg7: tensor<32xf32> {mx.name = "norm2.bias"}, %arg8: tensor<64x32xf32> {mx.name = "mlp.fc1.weight"}, %arg9: tensor<64xf32> {mx.name = "mlp.fc1.bias"}, %arg10: tensor<32x64xf32> {mx.name = "mlp.fc2.weight"}, %arg11: tensor<32xf32> {mx.name = "mlp.fc2.bias"}, %arg12: tensor<4x8x32xf32>) -> (tensor<32xf32>, tensor<32xf32>, tensor<96x32xf32>, tensor<96xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<64xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<f32>) {
    %c2_i64 = arith.constant 2 : i64
    %c0_i64 = arith.constant 0 : i64
    %c1_i64 = arith.constant 1 : i64
    %cst = arith.constant 0.000000e+00 : f32
    %cst_0 = arith.constant 0xFF800000 : f32
    %cst_1 = arith.constant 1.000000e+00 : f32
    %cst_2 = arith.constant 5.000000e-01 : f32
    %cst_3 = arith.constant dense<0.000000e+00> : tensor<3x4x2x8x16xf32>
    %cst_4 = arith.constant dense<1.000000e+00> : tensor<4x8x32xf32>
    %cst_5 = arith.constant 0.3989422804014327 : f64
    %cst_6 = arith.constant 0.70710678118654757 : f64
    %cst_7 = arith.constant 1.000000e-05 : f64
    %cst_8 = arith.constant 3.200000e+01 : f32
    %cst_9 = arith.constant 2.500000e-01 : f32
    %cst_10 = arith.constant 1.41421354 : f32
    %cst_11 = arith.constant 1.024000e+03 : f32
    %cst_12 = arith.constant -5.000000e-01 : f32
    %0 = tensor.empty() : tensor<4x8x1xf32>
    %1 = linalg.fill ins(%cst : f32) outs(%0 : tensor<4x8x1xf32>) -> tensor<4x8x1xf32>
    %2 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg12 : tensor<4x8x32xf32>) outs(%1 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %3 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_8 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %4 = tensor.empty() : tensor<4x8x32xf32>
    %collapsed = tensor.collapse_shape %3 [[0], [1, 2]] : tensor<4x8x1xf32> into tensor<4x8xf32>
    %5 = linalg.generic {indexing_maps = [#map2, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed : tensor<4x8xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<4x8x32xf32>
    %6 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg12, %5 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %7 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %6 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %8 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%7 : tensor<4x8x32xf32>) outs(%1 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %9 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%8 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_8 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %10 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%9 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.truncf %cst_7 : f64 to f32
      %161 = arith.addf %in, %160 : f32
      linalg.yield %161 : f32
    } -> tensor<4x8x1xf32>
    %11 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%10 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = math.rsqrt %in : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %collapsed_13 = tensor.collapse_shape %11 [[0], [1, 2]] : tensor<4x8x1xf32> into tensor<4x8xf32>
    %12 = linalg.generic {indexing_maps = [#map2, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_13 : tensor<4x8xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<4x8x32xf32>
    %13 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%6, %12 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %14 = linalg.generic {indexing_maps = [#map, #map3, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%13, %arg0 : tensor<4x8x32xf32>, tensor<32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %15 = linalg.generic {indexing_maps = [#map, #map3, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%14, %arg1 : tensor<4x8x32xf32>, tensor<32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %16 = tensor.empty() : tensor<32x96xf32>
    %transposed = linalg.transpose ins(%arg2 : tensor<96x32xf32>) outs(%16 : tensor<32x96xf32>) permutation = [1, 0] 
    %collapsed_14 = tensor.collapse_shape %15 [[0, 1], [2]] : tensor<4x8x32xf32> into tensor<32x32xf32>
    %17 = linalg.fill ins(%cst : f32) outs(%16 : tensor<32x96xf32>) -> tensor<32x96xf32>
    %18 = linalg.matmul ins(%collapsed_14, %transposed : tensor<32x32xf32>, tensor<32x96xf32>) outs(%17 : tensor<32x96xf32>) -> tensor<32x96xf32>
    %19 = linalg.generic {indexing_maps = [#map4, #map5, #map5], iterator_types = ["parallel", "parallel"]} ins(%arg3, %18 : tensor<96xf32>, tensor<32x96xf32>) outs(%16 : tensor<32x96xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<32x96xf32>
    %expanded = tensor.expand_shape %19 [[0, 1], [2, 3, 4]] output_shape [4, 8, 3, 2, 16] : tensor<32x96xf32> into tensor<4x8x3x2x16xf32>
    %20 = tensor.empty() : tensor<3x4x2x8x16xf32>
    %transposed_15 = linalg.transpose ins(%expanded : tensor<4x8x3x2x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) permutation = [2, 0, 3, 1, 4] 
    %extracted_slice = tensor.extract_slice %transposed_15[0, 0, 0, 0, 0] [1, 4, 2, 8, 16] [1, 1, 1, 1, 1] : tensor<3x4x2x8x16xf32> to tensor<1x4x2x8x16xf32>
    %extracted_slice_16 = tensor.extract_slice %transposed_15[1, 0, 0, 0, 0] [1, 4, 2, 8, 16] [1, 1, 1, 1, 1] : tensor<3x4x2x8x16xf32> to tensor<1x4x2x8x16xf32>
    %collapsed_17 = tensor.collapse_shape %extracted_slice_16 [[0, 1], [2], [3], [4]] : tensor<1x4x2x8x16xf32> into tensor<4x2x8x16xf32>
    %extracted_slice_18 = tensor.extract_slice %transposed_15[2, 0, 0, 0, 0] [1, 4, 2, 8, 16] [1, 1, 1, 1, 1] : tensor<3x4x2x8x16xf32> to tensor<1x4x2x8x16xf32>
    %21 = tensor.empty() : tensor<4x2x16x8xf32>
    %transposed_19 = linalg.transpose ins(%collapsed_17 : tensor<4x2x8x16xf32>) outs(%21 : tensor<4x2x16x8xf32>) permutation = [0, 1, 3, 2] 
    %collapsed_20 = tensor.collapse_shape %extracted_slice [[0, 1, 2], [3], [4]] : tensor<1x4x2x8x16xf32> into tensor<8x8x16xf32>
    %collapsed_21 = tensor.collapse_shape %transposed_19 [[0, 1], [2], [3]] : tensor<4x2x16x8xf32> into tensor<8x16x8xf32>
    %22 = tensor.empty() : tensor<8x8x8xf32>
    %23 = linalg.fill ins(%cst : f32) outs(%22 : tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
    %24 = linalg.batch_matmul ins(%collapsed_20, %collapsed_21 : tensor<8x8x16xf32>, tensor<8x16x8xf32>) outs(%23 : tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
    %expanded_22 = tensor.expand_shape %24 [[0, 1], [2], [3]] output_shape [4, 2, 8, 8] : tensor<8x8x8xf32> into tensor<4x2x8x8xf32>
    %25 = tensor.empty() : tensor<4x2x8x8xf32>
    %26 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_22 : tensor<4x2x8x8xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.mulf %in, %cst_9 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %27 = tensor.empty() : tensor<4x2x8xi64>
    %28 = linalg.fill ins(%c0_i64 : i64) outs(%27 : tensor<4x2x8xi64>) -> tensor<4x2x8xi64>
    %29 = tensor.empty() : tensor<4x2x8xf32>
    %30 = linalg.fill ins(%cst_0 : f32) outs(%29 : tensor<4x2x8xf32>) -> tensor<4x2x8xf32>
    %31:2 = linalg.generic {indexing_maps = [#map6, #map7, #map7], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%26 : tensor<4x2x8x8xf32>) outs(%30, %28 : tensor<4x2x8xf32>, tensor<4x2x8xi64>) {
    ^bb0(%in: f32, %out: f32, %out_69: i64):
      %160 = linalg.index 3 : index
      %161 = arith.index_cast %160 : index to i64
      %162 = arith.maximumf %in, %out : f32
      %163 = arith.cmpf ogt, %in, %out : f32
      %164 = arith.select %163, %161, %out_69 : i64
      linalg.yield %162, %164 : f32, i64
    } -> (tensor<4x2x8xf32>, tensor<4x2x8xi64>)
    %expanded_23 = tensor.expand_shape %31#0 [[0], [1], [2, 3]] output_shape [4, 2, 8, 1] : tensor<4x2x8xf32> into tensor<4x2x8x1xf32>
    %32 = linalg.generic {indexing_maps = [#map6, #map8, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%26, %expanded_23 : tensor<4x2x8x8xf32>, tensor<4x2x8x1xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %33 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%32 : tensor<4x2x8x8xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = math.exp %in : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %34 = tensor.empty() : tensor<4x2x8x1xf32>
    %35 = linalg.fill ins(%cst : f32) outs(%34 : tensor<4x2x8x1xf32>) -> tensor<4x2x8x1xf32>
    %36 = linalg.generic {indexing_maps = [#map6, #map8], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%33 : tensor<4x2x8x8xf32>) outs(%35 : tensor<4x2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x1xf32>
    %37 = linalg.generic {indexing_maps = [#map6, #map8, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%33, %36 : tensor<4x2x8x8xf32>, tensor<4x2x8x1xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.divf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %collapsed_24 = tensor.collapse_shape %37 [[0, 1], [2], [3]] : tensor<4x2x8x8xf32> into tensor<8x8x8xf32>
    %collapsed_25 = tensor.collapse_shape %extracted_slice_18 [[0, 1, 2], [3], [4]] : tensor<1x4x2x8x16xf32> into tensor<8x8x16xf32>
    %38 = tensor.empty() : tensor<8x8x16xf32>
    %39 = linalg.fill ins(%cst : f32) outs(%38 : tensor<8x8x16xf32>) -> tensor<8x8x16xf32>
    %40 = linalg.batch_matmul ins(%collapsed_24, %collapsed_25 : tensor<8x8x8xf32>, tensor<8x8x16xf32>) outs(%39 : tensor<8x8x16xf32>) -> tensor<8x8x16xf32>
    %expanded_26 = tensor.expand_shape %40 [[0, 1], [2], [3]] output_shape [4, 2, 8, 16] : tensor<8x8x16xf32> into tensor<4x2x8x16xf32>
    %41 = tensor.empty() : tensor<4x8x2x16xf32>
    %transposed_27 = linalg.transpose ins(%expanded_26 : tensor<4x2x8x16xf32>) outs(%41 : tensor<4x8x2x16xf32>) permutation = [0, 2, 1, 3] 
    %42 = tensor.empty() : tensor<32x32xf32>
    %transposed_28 = linalg.transpose ins(%arg4 : tensor<32x32xf32>) outs(%42 : tensor<32x32xf32>) permutation = [1, 0] 
    %collapsed_29 = tensor.collapse_shape %transposed_27 [[0, 1], [2, 3]] : tensor<4x8x2x16xf32> into tensor<32x32xf32>
    %43 = linalg.fill ins(%cst : f32) outs(%42 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %44 = linalg.matmul ins(%collapsed_29, %transposed_28 : tensor<32x32xf32>, tensor<32x32xf32>) outs(%43 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %45 = linalg.generic {indexing_maps = [#map4, #map5, #map5], iterator_types = ["parallel", "parallel"]} ins(%arg5, %44 : tensor<32xf32>, tensor<32x32xf32>) outs(%42 : tensor<32x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<32x32xf32>
    %expanded_30 = tensor.expand_shape %45 [[0, 1], [2]] output_shape [4, 8, 32] : tensor<32x32xf32> into tensor<4x8x32xf32>
    %46 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg12, %expanded_30 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %47 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%46 : tensor<4x8x32xf32>) outs(%1 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %48 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%47 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_8 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %collapsed_31 = tensor.collapse_shape %48 [[0], [1, 2]] : tensor<4x8x1xf32> into tensor<4x8xf32>
    %49 = linalg.generic {indexing_maps = [#map2, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_31 : tensor<4x8xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<4x8x32xf32>
    %50 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%46, %49 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %51 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%50, %50 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %52 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%51 : tensor<4x8x32xf32>) outs(%1 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %53 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%52 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_8 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %54 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%53 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.truncf %cst_7 : f64 to f32
      %161 = arith.addf %in, %160 : f32
      linalg.yield %161 : f32
    } -> tensor<4x8x1xf32>
    %55 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%54 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = math.rsqrt %in : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %collapsed_32 = tensor.collapse_shape %55 [[0], [1, 2]] : tensor<4x8x1xf32> into tensor<4x8xf32>
    %56 = linalg.generic {indexing_maps = [#map2, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%collapsed_32 : tensor<4x8xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<4x8x32xf32>
    %57 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%50, %56 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %58 = linalg.generic {indexing_maps = [#map, #map3, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%57, %arg6 : tensor<4x8x32xf32>, tensor<32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %59 = linalg.generic {indexing_maps = [#map, #map3, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%58, %arg7 : tensor<4x8x32xf32>, tensor<32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %60 = tensor.empty() : tensor<32x64xf32>
    %transposed_33 = linalg.transpose ins(%arg8 : tensor<64x32xf32>) outs(%60 : tensor<32x64xf32>) permutation = [1, 0] 
    %collapsed_34 = tensor.collapse_shape %59 [[0, 1], [2]] : tensor<4x8x32xf32> into tensor<32x32xf32>
    %61 = linalg.fill ins(%cst : f32) outs(%60 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %62 = linalg.matmul ins(%collapsed_34, %transposed_33 : tensor<32x32xf32>, tensor<32x64xf32>) outs(%61 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %63 = linalg.generic {indexing_maps = [#map4, #map5, #map5], iterator_types = ["parallel", "parallel"]} ins(%arg9, %62 : tensor<64xf32>, tensor<32x64xf32>) outs(%60 : tensor<32x64xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<32x64xf32>
    %expanded_35 = tensor.expand_shape %63 [[0, 1], [2]] output_shape [4, 8, 64] : tensor<32x64xf32> into tensor<4x8x64xf32>
    %64 = tensor.empty() : tensor<4x8x64xf32>
    %65 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_35 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_10 : f32
      %161 = math.erf %160 : f32
      %162 = arith.addf %161, %cst_1 : f32
      %163 = arith.mulf %162, %cst_2 : f32
      %164 = arith.mulf %in, %163 : f32
      linalg.yield %164 : f32
    } -> tensor<4x8x64xf32>
    %66 = tensor.empty() : tensor<64x32xf32>
    %transposed_36 = linalg.transpose ins(%arg10 : tensor<32x64xf32>) outs(%66 : tensor<64x32xf32>) permutation = [1, 0] 
    %collapsed_37 = tensor.collapse_shape %65 [[0, 1], [2]] : tensor<4x8x64xf32> into tensor<32x64xf32>
    %67 = linalg.matmul ins(%collapsed_37, %transposed_36 : tensor<32x64xf32>, tensor<64x32xf32>) outs(%43 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %68 = linalg.generic {indexing_maps = [#map4, #map5, #map5], iterator_types = ["parallel", "parallel"]} ins(%arg11, %67 : tensor<32xf32>, tensor<32x32xf32>) outs(%42 : tensor<32x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<32x32xf32>
    %expanded_38 = tensor.expand_shape %68 [[0, 1], [2]] output_shape [4, 8, 32] : tensor<32x32xf32> into tensor<4x8x32xf32>
    %69 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%46, %expanded_38 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %70 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%69, %69 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %71 = tensor.empty() : tensor<f32>
    %72 = linalg.fill ins(%cst : f32) outs(%71 : tensor<f32>) -> tensor<f32>
    %73 = linalg.generic {indexing_maps = [#map, #map9], iterator_types = ["reduction", "reduction", "reduction"]} ins(%70 : tensor<4x8x32xf32>) outs(%72 : tensor<f32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<f32>
    %74 = linalg.generic {indexing_maps = [#map10, #map10], iterator_types = []} ins(%73 : tensor<f32>) outs(%71 : tensor<f32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_11 : f32
      linalg.yield %160 : f32
    } -> tensor<f32>
    %75 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%cst_4 : tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_11 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %76 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%75, %69 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %77 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%76, %76 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %collapsed_39 = tensor.collapse_shape %77 [[0, 1], [2]] : tensor<4x8x32xf32> into tensor<32x32xf32>
    %78 = linalg.matmul ins(%collapsed_39, %arg10 : tensor<32x32xf32>, tensor<32x64xf32>) outs(%61 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %transposed_40 = linalg.transpose ins(%collapsed_39 : tensor<32x32xf32>) outs(%42 : tensor<32x32xf32>) permutation = [1, 0] 
    %79 = linalg.matmul ins(%transposed_40, %collapsed_37 : tensor<32x32xf32>, tensor<32x64xf32>) outs(%61 : tensor<32x64xf32>) -> tensor<32x64xf32>
    %80 = tensor.empty() : tensor<1x32xf32>
    %81 = linalg.fill ins(%cst : f32) outs(%80 : tensor<1x32xf32>) -> tensor<1x32xf32>
    %82 = linalg.generic {indexing_maps = [#map5, #map11], iterator_types = ["reduction", "parallel"]} ins(%collapsed_39 : tensor<32x32xf32>) outs(%81 : tensor<1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<1x32xf32>
    %collapsed_41 = tensor.collapse_shape %82 [[0, 1]] : tensor<1x32xf32> into tensor<32xf32>
    %expanded_42 = tensor.expand_shape %78 [[0, 1], [2]] output_shape [4, 8, 64] : tensor<32x64xf32> into tensor<4x8x64xf32>
    %83 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_35 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.truncf %cst_6 : f64 to f32
      %161 = arith.mulf %in, %160 : f32
      linalg.yield %161 : f32
    } -> tensor<4x8x64xf32>
    %84 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%83 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = math.erf %in : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %85 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%84 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %cst_1 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %86 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%85 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.mulf %in, %cst_2 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %87 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_35, %expanded_35 : tensor<4x8x64xf32>, tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %88 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%87 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.mulf %in, %cst_12 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %89 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%88 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = math.exp %in : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %90 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%89 : tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.truncf %cst_5 : f64 to f32
      %161 = arith.mulf %in, %160 : f32
      linalg.yield %161 : f32
    } -> tensor<4x8x64xf32>
    %91 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_35, %90 : tensor<4x8x64xf32>, tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %92 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%86, %91 : tensor<4x8x64xf32>, tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %93 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_42, %92 : tensor<4x8x64xf32>, tensor<4x8x64xf32>) outs(%64 : tensor<4x8x64xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x64xf32>
    %collapsed_43 = tensor.collapse_shape %93 [[0, 1], [2]] : tensor<4x8x64xf32> into tensor<32x64xf32>
    %94 = linalg.matmul ins(%collapsed_43, %arg8 : tensor<32x64xf32>, tensor<64x32xf32>) outs(%43 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %transposed_44 = linalg.transpose ins(%collapsed_43 : tensor<32x64xf32>) outs(%66 : tensor<64x32xf32>) permutation = [1, 0] 
    %95 = linalg.fill ins(%cst : f32) outs(%66 : tensor<64x32xf32>) -> tensor<64x32xf32>
    %96 = linalg.matmul ins(%transposed_44, %collapsed_34 : tensor<64x32xf32>, tensor<32x32xf32>) outs(%95 : tensor<64x32xf32>) -> tensor<64x32xf32>
    %97 = tensor.empty() : tensor<1x64xf32>
    %98 = linalg.fill ins(%cst : f32) outs(%97 : tensor<1x64xf32>) -> tensor<1x64xf32>
    %99 = linalg.generic {indexing_maps = [#map5, #map11], iterator_types = ["reduction", "parallel"]} ins(%collapsed_43 : tensor<32x64xf32>) outs(%98 : tensor<1x64xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<1x64xf32>
    %collapsed_45 = tensor.collapse_shape %99 [[0, 1]] : tensor<1x64xf32> into tensor<64xf32>
    %expanded_46 = tensor.expand_shape %94 [[0, 1], [2]] output_shape [4, 8, 32] : tensor<32x32xf32> into tensor<4x8x32xf32>
    %100 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%46, %48 : tensor<4x8x32xf32>, tensor<4x8x1xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %101 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%100, %55 : tensor<4x8x32xf32>, tensor<4x8x1xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %102 = linalg.generic {indexing_maps = [#map, #map3, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_46, %arg6 : tensor<4x8x32xf32>, tensor<32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %103 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%102 : tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.mulf %in, %cst_8 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %104 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%102 : tensor<4x8x32xf32>) outs(%1 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %105 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%102, %101 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %106 = linalg.generic {indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel", "reduction"]} ins(%105 : tensor<4x8x32xf32>) outs(%1 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %107 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%101, %106 : tensor<4x8x32xf32>, tensor<4x8x1xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %108 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%103, %104 : tensor<4x8x32xf32>, tensor<4x8x1xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %109 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%108, %107 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %110 = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%55 : tensor<4x8x1xf32>) outs(%0 : tensor<4x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.divf %in, %cst_8 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x1xf32>
    %111 = linalg.generic {indexing_maps = [#map1, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%110, %109 : tensor<4x8x1xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %112 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_46, %101 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %113 = tensor.empty() : tensor<32xf32>
    %114 = linalg.fill ins(%cst : f32) outs(%113 : tensor<32xf32>) -> tensor<32xf32>
    %115 = linalg.generic {indexing_maps = [#map, #map3], iterator_types = ["reduction", "reduction", "parallel"]} ins(%112 : tensor<4x8x32xf32>) outs(%114 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<32xf32>
    %116 = linalg.generic {indexing_maps = [#map, #map3], iterator_types = ["reduction", "reduction", "parallel"]} ins(%expanded_46 : tensor<4x8x32xf32>) outs(%114 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<32xf32>
    %117 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%77, %111 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %collapsed_47 = tensor.collapse_shape %117 [[0, 1], [2]] : tensor<4x8x32xf32> into tensor<32x32xf32>
    %118 = linalg.matmul ins(%collapsed_47, %arg4 : tensor<32x32xf32>, tensor<32x32xf32>) outs(%43 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %transposed_48 = linalg.transpose ins(%collapsed_47 : tensor<32x32xf32>) outs(%42 : tensor<32x32xf32>) permutation = [1, 0] 
    %119 = linalg.matmul ins(%transposed_48, %collapsed_29 : tensor<32x32xf32>, tensor<32x32xf32>) outs(%43 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %120 = linalg.generic {indexing_maps = [#map5, #map11], iterator_types = ["reduction", "parallel"]} ins(%collapsed_47 : tensor<32x32xf32>) outs(%81 : tensor<1x32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<1x32xf32>
    %collapsed_49 = tensor.collapse_shape %120 [[0, 1]] : tensor<1x32xf32> into tensor<32xf32>
    %expanded_50 = tensor.expand_shape %118 [[0, 1], [2, 3]] output_shape [4, 8, 2, 16] : tensor<32x32xf32> into tensor<4x8x2x16xf32>
    %121 = tensor.empty() : tensor<4x2x8x16xf32>
    %transposed_51 = linalg.transpose ins(%expanded_50 : tensor<4x8x2x16xf32>) outs(%121 : tensor<4x2x8x16xf32>) permutation = [0, 2, 1, 3] 
    %collapsed_52 = tensor.collapse_shape %transposed_51 [[0, 1], [2], [3]] : tensor<4x2x8x16xf32> into tensor<8x8x16xf32>
    %transposed_53 = linalg.transpose ins(%collapsed_24 : tensor<8x8x8xf32>) outs(%22 : tensor<8x8x8xf32>) permutation = [0, 2, 1] 
    %122 = linalg.batch_matmul ins(%transposed_53, %collapsed_52 : tensor<8x8x8xf32>, tensor<8x8x16xf32>) outs(%39 : tensor<8x8x16xf32>) -> tensor<8x8x16xf32>
    %123 = tensor.empty() : tensor<8x16x8xf32>
    %transposed_54 = linalg.transpose ins(%collapsed_25 : tensor<8x8x16xf32>) outs(%123 : tensor<8x16x8xf32>) permutation = [0, 2, 1] 
    %124 = linalg.batch_matmul ins(%collapsed_52, %transposed_54 : tensor<8x8x16xf32>, tensor<8x16x8xf32>) outs(%23 : tensor<8x8x8xf32>) -> tensor<8x8x8xf32>
    %expanded_55 = tensor.expand_shape %124 [[0, 1], [2], [3]] output_shape [4, 2, 8, 8] : tensor<8x8x8xf32> into tensor<4x2x8x8xf32>
    %125 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%expanded_55, %37 : tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %126 = linalg.generic {indexing_maps = [#map6, #map8], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%125 : tensor<4x2x8x8xf32>) outs(%35 : tensor<4x2x8x1xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x1xf32>
    %127 = linalg.generic {indexing_maps = [#map6, #map8, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%37, %126 : tensor<4x2x8x8xf32>, tensor<4x2x8x1xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %128 = linalg.generic {indexing_maps = [#map6, #map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%125, %127 : tensor<4x2x8x8xf32>, tensor<4x2x8x8xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %129 = linalg.generic {indexing_maps = [#map6, #map6], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%128 : tensor<4x2x8x8xf32>) outs(%25 : tensor<4x2x8x8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.mulf %in, %cst_9 : f32
      linalg.yield %160 : f32
    } -> tensor<4x2x8x8xf32>
    %collapsed_56 = tensor.collapse_shape %129 [[0, 1], [2], [3]] : tensor<4x2x8x8xf32> into tensor<8x8x8xf32>
    %transposed_57 = linalg.transpose ins(%collapsed_20 : tensor<8x8x16xf32>) outs(%123 : tensor<8x16x8xf32>) permutation = [0, 2, 1] 
    %130 = linalg.fill ins(%cst : f32) outs(%123 : tensor<8x16x8xf32>) -> tensor<8x16x8xf32>
    %131 = linalg.batch_matmul ins(%transposed_57, %collapsed_56 : tensor<8x16x8xf32>, tensor<8x8x8xf32>) outs(%130 : tensor<8x16x8xf32>) -> tensor<8x16x8xf32>
    %transposed_58 = linalg.transpose ins(%collapsed_21 : tensor<8x16x8xf32>) outs(%38 : tensor<8x8x16xf32>) permutation = [0, 2, 1] 
    %132 = linalg.batch_matmul ins(%collapsed_56, %transposed_58 : tensor<8x8x8xf32>, tensor<8x8x16xf32>) outs(%39 : tensor<8x8x16xf32>) -> tensor<8x8x16xf32>
    %expanded_59 = tensor.expand_shape %131 [[0, 1], [2], [3]] output_shape [4, 2, 16, 8] : tensor<8x16x8xf32> into tensor<4x2x16x8xf32>
    %transposed_60 = linalg.transpose ins(%expanded_59 : tensor<4x2x16x8xf32>) outs(%121 : tensor<4x2x8x16xf32>) permutation = [0, 1, 3, 2] 
    %133 = tensor.empty() : tensor<3xi64>
    %134 = linalg.generic {indexing_maps = [#map12], iterator_types = ["parallel"]} outs(%133 : tensor<3xi64>) {
    ^bb0(%out: i64):
      %160 = linalg.index 0 : index
      %161 = arith.index_cast %160 : index to i64
      linalg.yield %161 : i64
    } -> tensor<3xi64>
    %expanded_61 = tensor.expand_shape %134 [[0, 1, 2, 3, 4]] output_shape [3, 1, 1, 1, 1] : tensor<3xi64> into tensor<3x1x1x1x1xi64>
    %135 = tensor.empty() : tensor<3x1x1x1x1xi1>
    %136 = linalg.generic {indexing_maps = [#map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_61 : tensor<3x1x1x1x1xi64>) outs(%135 : tensor<3x1x1x1x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %160 = arith.cmpi eq, %in, %c2_i64 : i64
      linalg.yield %160 : i1
    } -> tensor<3x1x1x1x1xi1>
    %expanded_62 = tensor.expand_shape %122 [[0, 1], [2], [3]] output_shape [4, 2, 8, 16] : tensor<8x8x16xf32> into tensor<4x2x8x16xf32>
    %137 = linalg.generic {indexing_maps = [#map14, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_62 : tensor<4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x4x2x8x16xf32>
    %138 = linalg.generic {indexing_maps = [#map15, #map13, #map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%136, %137, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x4x2x8x16xf32>, tensor<3x4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: i1, %in_69: f32, %in_70: f32, %out: f32):
      %160 = arith.select %in, %in_69, %in_70 : f32
      linalg.yield %160 : f32
    } -> tensor<3x4x2x8x16xf32>
    %139 = linalg.generic {indexing_maps = [#map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_61 : tensor<3x1x1x1x1xi64>) outs(%135 : tensor<3x1x1x1x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %160 = arith.cmpi eq, %in, %c1_i64 : i64
      linalg.yield %160 : i1
    } -> tensor<3x1x1x1x1xi1>
    %140 = linalg.generic {indexing_maps = [#map14, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%transposed_60 : tensor<4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x4x2x8x16xf32>
    %141 = linalg.generic {indexing_maps = [#map15, #map13, #map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%139, %140, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x4x2x8x16xf32>, tensor<3x4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: i1, %in_69: f32, %in_70: f32, %out: f32):
      %160 = arith.select %in, %in_69, %in_70 : f32
      linalg.yield %160 : f32
    } -> tensor<3x4x2x8x16xf32>
    %142 = linalg.generic {indexing_maps = [#map13, #map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%138, %141 : tensor<3x4x2x8x16xf32>, tensor<3x4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<3x4x2x8x16xf32>
    %143 = linalg.generic {indexing_maps = [#map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_61 : tensor<3x1x1x1x1xi64>) outs(%135 : tensor<3x1x1x1x1xi1>) {
    ^bb0(%in: i64, %out: i1):
      %160 = arith.cmpi eq, %in, %c0_i64 : i64
      linalg.yield %160 : i1
    } -> tensor<3x1x1x1x1xi1>
    %expanded_63 = tensor.expand_shape %132 [[0, 1], [2], [3]] output_shape [4, 2, 8, 16] : tensor<8x8x16xf32> into tensor<4x2x8x16xf32>
    %144 = linalg.generic {indexing_maps = [#map14, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%expanded_63 : tensor<4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: f32, %out: f32):
      linalg.yield %in : f32
    } -> tensor<3x4x2x8x16xf32>
    %145 = linalg.generic {indexing_maps = [#map15, #map13, #map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%143, %144, %cst_3 : tensor<3x1x1x1x1xi1>, tensor<3x4x2x8x16xf32>, tensor<3x4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: i1, %in_69: f32, %in_70: f32, %out: f32):
      %160 = arith.select %in, %in_69, %in_70 : f32
      linalg.yield %160 : f32
    } -> tensor<3x4x2x8x16xf32>
    %146 = linalg.generic {indexing_maps = [#map13, #map13, #map13], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%142, %145 : tensor<3x4x2x8x16xf32>, tensor<3x4x2x8x16xf32>) outs(%20 : tensor<3x4x2x8x16xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.addf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<3x4x2x8x16xf32>
    %147 = tensor.empty() : tensor<4x8x3x2x16xf32>
    %transposed_64 = linalg.transpose ins(%146 : tensor<3x4x2x8x16xf32>) outs(%147 : tensor<4x8x3x2x16xf32>) permutation = [1, 3, 0, 2, 4] 
    %collapsed_65 = tensor.collapse_shape %transposed_64 [[0, 1], [2, 3, 4]] : tensor<4x8x3x2x16xf32> into tensor<32x96xf32>
    %148 = linalg.matmul ins(%collapsed_65, %arg2 : tensor<32x96xf32>, tensor<96x32xf32>) outs(%43 : tensor<32x32xf32>) -> tensor<32x32xf32>
    %149 = tensor.empty() : tensor<96x32xf32>
    %transposed_66 = linalg.transpose ins(%collapsed_65 : tensor<32x96xf32>) outs(%149 : tensor<96x32xf32>) permutation = [1, 0] 
    %150 = linalg.fill ins(%cst : f32) outs(%149 : tensor<96x32xf32>) -> tensor<96x32xf32>
    %151 = linalg.matmul ins(%transposed_66, %collapsed_14 : tensor<96x32xf32>, tensor<32x32xf32>) outs(%150 : tensor<96x32xf32>) -> tensor<96x32xf32>
    %152 = tensor.empty() : tensor<1x96xf32>
    %153 = linalg.fill ins(%cst : f32) outs(%152 : tensor<1x96xf32>) -> tensor<1x96xf32>
    %154 = linalg.generic {indexing_maps = [#map5, #map11], iterator_types = ["reduction", "parallel"]} ins(%collapsed_65 : tensor<32x96xf32>) outs(%153 : tensor<1x96xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<1x96xf32>
    %collapsed_67 = tensor.collapse_shape %154 [[0, 1]] : tensor<1x96xf32> into tensor<96xf32>
    %expanded_68 = tensor.expand_shape %148 [[0, 1], [2]] output_shape [4, 8, 32] : tensor<32x32xf32> into tensor<4x8x32xf32>
    %155 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%arg12, %3 : tensor<4x8x32xf32>, tensor<4x8x1xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.subf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %156 = linalg.generic {indexing_maps = [#map, #map1, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%155, %11 : tensor<4x8x32xf32>, tensor<4x8x1xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %157 = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel"]} ins(%expanded_68, %156 : tensor<4x8x32xf32>, tensor<4x8x32xf32>) outs(%4 : tensor<4x8x32xf32>) {
    ^bb0(%in: f32, %in_69: f32, %out: f32):
      %160 = arith.mulf %in, %in_69 : f32
      linalg.yield %160 : f32
    } -> tensor<4x8x32xf32>
    %158 = linalg.generic {indexing_maps = [#map, #map3], iterator_types = ["reduction", "reduction", "parallel"]} ins(%157 : tensor<4x8x32xf32>) outs(%114 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<32xf32>
    %159 = linalg.generic {indexing_maps = [#map, #map3], iterator_types = ["reduction", "reduction", "parallel"]} ins(%expanded_68 : tensor<4x8x32xf32>) outs(%114 : tensor<32xf32>) {
    ^bb0(%in: f32, %out: f32):
      %160 = arith.addf %in, %out : f32
      linalg.yield %160 : f32
    } -> tensor<32xf32>
    return %158, %159, %151, %collapsed_67, %119, %collapsed_49, %115, %116, %96, %collapsed_45, %79, %collapsed_41, %74 : tensor<32xf32>, tensor<32xf32>, tensor<96x32xf32>, tensor<96xf32>, tensor<32x32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<32xf32>, tensor<64x32xf32>, tensor<64xf32>, tensor<32x64xf32>, tensor<32xf32>, tensor<f32>
  }
}
