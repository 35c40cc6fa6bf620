// The sm_90a warpgroup kernel (scales folded into bf16 operands, wgmma):
// for matmuls with M % 64, N % 128 and K % 64 = 0, blocks of one or two
// warpgroups stage each K step of 64 in shared memory as bf16, in a ring of
// three 128-byte-swizzled stages, while wgmma multiplies the step before.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a}),canonicalize)" | FileCheck %s
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a sm90-warpgroup=false}),canonicalize)" | FileCheck %s --check-prefix=MMA
// Only the bf16 operands of sm_90a have a warpgroup kernel.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_90a sm90-operands=e4m3}),canonicalize)" | FileCheck %s --check-prefix=E4M3
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(convert-mx-to-linalg,one-shot-bufferize{bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map},func.func(mx-gpu-block-scaled-matmul{chip=sm_120a}),canonicalize)" | FileCheck %s --check-prefix=SM120

// M = 128: two warpgroups of 128 threads per block, two blocks along N.
// Three stages of 128 + 128 rows of 128 bytes, and a KiB to align them.
// K = 192: three steps.
// CHECK-LABEL: func.func @two_warpgroups
// CHECK-NOT: linalg.fill
// CHECK: cf.assert {{.*}}, "mx.matmul on the tensor cores: packed codes must be 16-byte aligned"
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c256, {{.*}} = %c1, {{.*}} = %c1) dynamic_shared_memory_size %c99328_i32
// CHECK: gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
// CHECK: memref.view {{.*}} to memref<24576xi32, #gpu.address_space<workgroup>>
// Prologue: step 0 (a block of a row of A and one of B per thread, 16
// bytes each) converted into stage 0, then steps 1 and 2 loaded.
// CHECK-COUNT-2: vector.load {{.*}} {alignment = 16 : i64} : memref<{{128|256}}x24xi32>, vector<4xi32>
// With 2^63 moved from B's scales onto A's (as in the mma.sync kernel),
// A's pairs of codes take two multiplications (2^126, then 2^(scale -
// 64)), its scale flagged above 189; B's take one, flagged outside 58 to
// 191.
// CHECK: "mul.rn.bf16x2 $0, $1, $2;", "=r,r,r" %{{.*}}, %c2122350208_i32
// CHECK-COUNT-4: vector.store {{.*}} {alignment = 16 : i64} : memref<24576xi32, #gpu.address_space<workgroup>>, vector<4xi32>
// CHECK: arith.cmpi ugt, %{{.*}}, %c189_i32
// CHECK-NOT: %c2122350208_i32
// CHECK-COUNT-4: vector.store {{.*}} {alignment = 16 : i64} : memref<24576xi32, #gpu.address_space<workgroup>>, vector<4xi32>
// CHECK: arith.cmpi ult, %{{.*}}, %c58_i32
// CHECK: arith.cmpi ugt, %{{.*}}, %c191_i32
// CHECK: nvvm.fence.proxy {kind = #nvvm.proxy_kind<async.shared>, space = #nvvm.shared_space<cta>}
// CHECK: nvvm.barrier #nvvm.reduction<or>
// CHECK-COUNT-4: vector.load {{.*}} {alignment = 16 : i64} : memref<{{128|256}}x24xi32>, vector<4xi32>
// CHECK: scf.for {{.*}} = %c0 to %c3 step %c1
// The loads for step k + 3 go out first.
// CHECK-COUNT-2: vector.load {{.*}} {alignment = 16 : i64} : memref<{{128|256}}x24xi32>, vector<4xi32>
// A step with a scale out of that range anywhere in the block: E4M3 block sums
// on mma.sync, each warp on its 16 rows, 16 tiles of 8 columns, two blocks.
// CHECK: scf.if
// CHECK-NEXT: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-COUNT-32: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// CHECK: } else {
// CHECK-NEXT: arith.remui {{.*}}, %c3 : index
// CHECK: nvvm.wgmma.fence.aligned
// CHECK-COUNT-4: nvvm.wgmma.mma_async {{.*}} <m = 64, n = 128, k = 16>, D[<f32>, <one>], A[<bf16>, <one>, <row>], B[<bf16>, <one>, <col>]
// CHECK-NEXT: nvvm.wgmma.commit.group.sync.aligned
// CHECK: nvvm.wgmma.wait.group.sync.aligned 1
// CHECK: scf.if
// CHECK-COUNT-8: vector.store {{.*}} : memref<24576xi32, #gpu.address_space<workgroup>>, vector<4xi32>
// CHECK: nvvm.fence.proxy
// CHECK: nvvm.barrier #nvvm.reduction<or>
// Epilogue: the result is fresh (its zero fill is gone), so a thread's 64
// sums are stored as 32 pairs.
// CHECK: nvvm.wgmma.wait.group.sync.aligned 0
// CHECK-COUNT-32: vector.store {{.*}} {alignment = 8 : i64} : memref<128x256xf32>, vector<2xf32>
// CHECK-NOT: memref.store
// MMA-LABEL: func.func @two_warpgroups
// MMA-NOT: wgmma
// MMA: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<bf16>
// MMA-NOT: wgmma
// E4M3-LABEL: func.func @two_warpgroups
// E4M3-NOT: wgmma
// E4M3: mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32
// E4M3-NOT: wgmma
// SM120-LABEL: func.func @two_warpgroups
// SM120-NOT: wgmma
// SM120: nvvm.mma.block_scale {{.*}}kind = #nvvm.block_scale_kind<mxf4>
// SM120-NOT: wgmma
func.func @two_warpgroups(%a: tensor<128x192xf4E2M1FN>, %as: tensor<128x6xf8E8M0FNU>,
                          %b: tensor<256x192xf4E2M1FN>, %bs: tensor<256x6xf8E8M0FNU>) -> tensor<128x256xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<128x192xf4E2M1FN>, tensor<128x6xf8E8M0FNU>, tensor<256x192xf4E2M1FN>, tensor<256x6xf8E8M0FNU> -> tensor<128x256xf32>
  return %0 : tensor<128x256xf32>
}

// -----

// M = 64: one warpgroup, three units of a thread per step (a block of a
// row of A, two of B). K = 128: two steps; the loads ahead of the last
// step repeat it.
// CHECK-LABEL: func.func @one_warpgroup
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1, {{.*}} = %c1, {{.*}} = %c1) threads({{.*}}) in ({{.*}} = %c128, {{.*}} = %c1, {{.*}} = %c1) dynamic_shared_memory_size %c74752_i32
// CHECK-COUNT-3: vector.load
// CHECK-COUNT-12: vector.store
// CHECK: scf.for {{.*}} = %c0 to %c2 step %c1
// CHECK: nvvm.wgmma.mma_async
func.func @one_warpgroup(%a: tensor<64x128xf4E2M1FN>, %as: tensor<64x4xf8E8M0FNU>,
                         %b: tensor<128x128xf4E2M1FN>, %bs: tensor<128x4xf8E8M0FNU>) -> tensor<64x128xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>, tensor<128x128xf4E2M1FN>, tensor<128x4xf8E8M0FNU> -> tensor<64x128xf32>
  return %0 : tensor<64x128xf32>
}

// -----

// N = 64 does not divide into the kernel's 128 columns: mma.sync.
// CHECK-LABEL: func.func @narrow
// CHECK-NOT: wgmma
// CHECK: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<bf16>
// CHECK-NOT: wgmma
func.func @narrow(%a: tensor<128x64xf4E2M1FN>, %as: tensor<128x2xf8E8M0FNU>,
                  %b: tensor<64x64xf4E2M1FN>, %bs: tensor<64x2xf8E8M0FNU>) -> tensor<128x64xf32> {
  %0 = mx.matmul %a, %as, %b, %bs : tensor<128x64xf4E2M1FN>, tensor<128x2xf8E8M0FNU>, tensor<64x64xf4E2M1FN>, tensor<64x2xf8E8M0FNU> -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}
