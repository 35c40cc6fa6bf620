// mx-gpu-quantize: quantizations of static 2-D tensors along rows become one
// gpu.launch where two threads quantize a 32-element block, sixteen elements
// each (one thread the whole block for 16-bit input without Q-EMA); along
// columns, one where a thread quantizes four columns of a block;
// everything else is left to convert-mx-to-linalg.
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-quantize))" | FileCheck %s
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-quantize),convert-mx-to-linalg)" | FileCheck %s --check-prefix=LINALG
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-quantize{chip=sm_120a}))" | FileCheck %s --check-prefix=BLACKWELL
// RUN: mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-quantize{chip=sm_100a}))" | FileCheck %s --check-prefix=SM100
// RUN: not mx-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(mx-gpu-quantize{chip=sm_89}))" 2>&1 | FileCheck %s --check-prefix=BADCHIP

// 64 x 128 f32: 512 threads, blocks of 256; four 16-byte loads a thread.
// CHECK-LABEL: func.func @nearest_f32
// CHECK: %[[IN:.*]] = bufferization.to_buffer %{{.*}} read_only : tensor<64x128xf32> to memref<64x128xf32>
// CHECK: cf.assert {{.*}}, "mx.quantize on the GPU: the input and its Q-EMA values must be 16-byte aligned"
// CHECK: %[[CODES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64x64xi8>
// CHECK: %[[SCALES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64x4xi8>
// CHECK: %[[WORDS:.*]] = memref.view {{.*}} : memref<4096xi8> to memref<64x16xi32>
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c2, {{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}}) threads({{.*}}) in ({{.*}} = %c256, {{.*}} = %c1{{.*}}, {{.*}} = %c1{{.*}})
// CHECK-COUNT-4: vector.load %[[IN]][{{.*}}] {alignment = 16 : i64} : memref<64x128xf32>, vector<4xf32>
// The block's amax across its two threads.
// CHECK: gpu.shuffle  xor {{.*}}, %c1_i32, %c32_i32 : i32
// CHECK: arith.maxsi
// CHECK-NOT: gpu.shuffle
// CHECK-NOT: arith.mului_extended
// Nearest-even rounding of each of the sixteen elements by adding and
// taking off 1.5 * 2^(23 + k), whose bits come from the element's exponent
// field (codesNearestEven): no compares with the midpoints.
// CHECK-COUNT-16: arith.addi %{{.*}}, %c188743680_i32{{.*}} : i32
// CHECK-NOT: arith.cmpf
// CHECK: arith.subf
// CHECK-NOT: arith.cmpf
// Sixteen codes: two words in one store.
// CHECK: vector.store {{.*}}, %[[WORDS]][{{.*}}] {alignment = 8 : i64} : memref<64x16xi32>, vector<2xi32>
// CHECK: scf.if
// CHECK: memref.store {{.*}}, %[[SCALES]][{{.*}}] : memref<64x4xi8>
// CHECK: gpu.terminator
// CHECK: %[[C:.*]] = bufferization.to_tensor %[[CODES]] restrict writable : memref<64x64xi8> to tensor<64x64xi8>
// CHECK: builtin.unrealized_conversion_cast %[[C]] : tensor<64x64xi8> to tensor<64x128xf4E2M1FN>
// CHECK: %[[S:.*]] = bufferization.to_tensor %[[SCALES]] restrict writable : memref<64x4xi8> to tensor<64x4xi8>
// CHECK: builtin.unrealized_conversion_cast %[[S]] : tensor<64x4xi8> to tensor<64x4xf8E8M0FNU>
// CHECK-NOT: mx.quantize
// convert-mx-to-linalg takes the codes and scales as they are.
// LINALG-LABEL: func.func @nearest_f32
// LINALG-SAME: -> (tensor<64x64xi8>, tensor<64x4xi8>)
// LINALG-NOT: unrealized_conversion_cast
// LINALG-NOT: linalg.generic
// LINALG: return %{{.*}}, %{{.*}} : tensor<64x64xi8>, tensor<64x4xi8>
// On Blackwell, nearest-even rounding is the hardware conversion, two codes
// at a time (the odd element to the high nibble), and codes of blocks of
// zeros, NaN or infinity are zeroed.
// BLACKWELL-LABEL: func.func @nearest_f32
// BLACKWELL-NOT: arith.cmpf
// BLACKWELL-COUNT-8: llvm.inline_asm "{ .reg .b8 pair; cvt.rn.satfinite.e2m1x2.f32 pair, $1, $2; cvt.u32.u8 $0, pair; }", "=r,f,f"
// BLACKWELL-NOT: cvt.rn.satfinite
// BLACKWELL-COUNT-2: arith.select
// BLACKWELL: vector.store
// BADCHIP: error: mx-gpu-quantize: unknown chip 'sm_89'
func.func @nearest_f32(%x: tensor<64x128xf32>) -> (tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> : tensor<64x128xf32> -> tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<64x4xf8E8M0FNU>
}

// -----

// bf16 with stochastic rounding: a thread per block, four 16-byte loads,
// no shuffle, and two Philox blocks (ten rounds each), one for each
// sixteen elements.
// CHECK-LABEL: func.func @stochastic_bf16
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}}) threads({{.*}}) in ({{.*}} = %c32, {{.*}})
// CHECK-COUNT-4: vector.load {{.*}} {alignment = 16 : i64} : memref<32x32xbf16>, vector<8xbf16>
// CHECK-NOT: gpu.shuffle
// CHECK-COUNT-40: arith.mului_extended
// CHECK-NOT: arith.mului_extended
// Per element: a = min(|x 2^-s|, 6), g = max(a, 0.5 + a/2 toward zero),
// random byte 0 of word 0 to bits 16..23 over a 4 in byte 3, added to g's
// bits two bits up.
// CHECK: %[[X:.*]] = llvm.inline_asm "abs.f32 $0, $1;", "=f,f"
// CHECK: %[[V:.*]] = arith.mulf %[[X]], %{{.*}} : f32
// CHECK: %[[A:.*]] = arith.minnumf %[[V]], %{{.*}} : f32
// CHECK: %[[H:.*]] = llvm.inline_asm "fma.rz.f32 $0, $1, 0f3F000000, 0f3F000000;", "=f,f" %[[A]] : (f32) -> f32
// CHECK: %[[G:.*]] = arith.maxnumf %[[A]], %[[H]] : f32
// CHECK: llvm.inline_asm "prmt.b32 $0, $1, 0x04000000, 0x7044;", "=r,r"
// CHECK-COUNT-31: fma.rz.f32
// CHECK-NOT: fma.rz.f32
// Four codes at a time: byte 3 of the sums of elements 0 and 2, their
// signs beside them, bit 3 from the signs; the same for elements 1 and 3;
// the two interleaved; then two halves to a word.
// CHECK: %[[M0:.*]] = llvm.inline_asm "prmt.b32 $0, $1, $2, 0x73;"
// CHECK: %[[S0:.*]] = llvm.inline_asm "prmt.b32 $0, $1, $2, 0xfb;"
// CHECK: %[[N0:.*]] = llvm.inline_asm "lop3.b32 $0, $1, $2, 0x808, 0xd8;", "=r,r,r" %[[M0]], %[[S0]]
// CHECK: %[[M1:.*]] = llvm.inline_asm "prmt.b32 $0, $1, $2, 0x73;"
// CHECK: %[[S1:.*]] = llvm.inline_asm "prmt.b32 $0, $1, $2, 0xfb;"
// CHECK: %[[N1:.*]] = llvm.inline_asm "lop3.b32 $0, $1, $2, 0x808, 0xd8;", "=r,r,r" %[[M1]], %[[S1]]
// CHECK: %[[U:.*]] = arith.shli %[[N1]], %c4_i32
// CHECK: llvm.inline_asm "lop3.b32 $0, $1, $2, 0xf0f0, 0xd8;", "=r,r,r" %[[N0]], %[[U]]
// CHECK-COUNT-7: lop3.b32 $0, $1, $2, 0xf0f0, 0xd8;
// CHECK-COUNT-4: llvm.inline_asm "prmt.b32 $0, $1, $2, 0x5410;"
// CHECK: vector.store {{.*}} {alignment = 16 : i64} : memref<32x4xi32>, vector<4xi32>
// CHECK: gpu.terminator
// sm_120a has no hardware stochastic rounding.
// BLACKWELL-LABEL: func.func @stochastic_bf16
// BLACKWELL-NOT: cvt.r{{[ns]}}.satfinite
// BLACKWELL: gpu.terminator
// sm_100a's cvt.rs, four elements at a time, each with its byte of the
// Philox block: word q's bytes 0, 1, 2, 3 (elements 4q .. 4q + 3) go to
// rbits bytes 0, 2, 1, 3, where the instruction takes them for x0..x3.
// SM100-LABEL: func.func @stochastic_bf16
// SM100: %[[R:.*]] = llvm.inline_asm "prmt.b32 $0, $1, 0, 0x3120;", "=r,r" %{{.*}} : (i32) -> i32
// SM100: llvm.inline_asm "{ .reg .b16 quad; cvt.rs.satfinite.e2m1x4.f32 quad, {$1, $2, $3, $4}, $5; cvt.u32.u16 $0, quad; }", "=r,f,f,f,f,r" %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[R]]
// SM100-COUNT-7: cvt.rs.satfinite.e2m1x4.f32
// SM100-NOT: cvt.rs.satfinite
// SM100: gpu.terminator
func.func @stochastic_bf16(%x: tensor<32x32xbf16>, %seed: i64, %offset: i64) -> (tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<ceil> rounding<stochastic> seed(%seed, %offset) : tensor<32x32xbf16> -> tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
  return %c, %s : tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
}

// -----

// bf16 with nearest rounding on sm_90a: two elements at a time in bf16x2
// arithmetic. The amax from max.u16x2 over the pairs' magnitudes; per pair
// one multiplication by 2^-s and seven comparisons with the midpoints (ties
// away from zero: all >=), each added to 128.0.
// CHECK-LABEL: func.func @nearest_away_bf16
// CHECK-COUNT-4: vector.load {{.*}} {alignment = 16 : i64} : memref<32x32xbf16>, vector<8xbf16>
// CHECK-COUNT-15: llvm.inline_asm "max.u16x2 $0, $1, $2;", "=r,r,r"
// CHECK-NOT: gpu.shuffle
// CHECK: llvm.inline_asm "mul.rn.bf16x2 $0, $1, $2;", "=r,r,r"
// CHECK-COUNT-7: llvm.inline_asm "set.ge.bf16x2.bf16x2 $0, $1, $2;"
// CHECK-NOT: set.gt.bf16x2
// CHECK: vector.store
// On Blackwell too (its hardware conversion rounds ties to even).
// BLACKWELL-LABEL: func.func @nearest_away_bf16
// BLACKWELL-NOT: cvt.rn.satfinite
// BLACKWELL: set.ge.bf16x2.bf16x2
func.func @nearest_away_bf16(%x: tensor<32x32xbf16>) -> (tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> rounding<nearest_away> : tensor<32x32xbf16> -> tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
  return %c, %s : tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
}

// -----

// Fewer than a warp of whole bf16 blocks: two threads per block, sixteen
// elements each, as for f32.
// CHECK-LABEL: func.func @bf16_half_warp_of_blocks
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}}) threads({{.*}}) in ({{.*}} = %c32, {{.*}})
// CHECK-COUNT-2: vector.load {{.*}} {alignment = 16 : i64} : memref<16x32xbf16>, vector<8xbf16>
// CHECK-NOT: vector.load
// CHECK: gpu.shuffle  xor {{.*}}, %c1_i32{{.*}}, %c32_i32 : i32
// CHECK: vector.store {{.*}} {alignment = 8 : i64} : memref<16x4xi32>, vector<2xi32>
func.func @bf16_half_warp_of_blocks(%x: tensor<16x32xbf16>) -> (tensor<16x32xf4E2M1FN>, tensor<16x1xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> : tensor<16x32xbf16> -> tensor<16x32xf4E2M1FN>, tensor<16x1xf8E8M0FNU>
  return %c, %s : tensor<16x32xf4E2M1FN>, tensor<16x1xf8E8M0FNU>
}

// -----

// Ties to even: the midpoints below codes 2, 4 and 6 (0.75, 1.75, 3.5) go
// up at a tie, the others (0.25, 1.25, 2.5, 5) do not.
// CHECK-LABEL: func.func @nearest_even_bf16
// CHECK: set.gt.bf16x2.bf16x2 $0, $1, $2;", "=r,r,r" %{{.*}}, %c1048592000_i32
// CHECK: set.ge.bf16x2.bf16x2 $0, $1, $2;", "=r,r,r" %{{.*}}, %c1061175104_i32
// CHECK: set.gt.bf16x2.bf16x2
// CHECK: set.ge.bf16x2.bf16x2
// CHECK: set.gt.bf16x2.bf16x2
// CHECK: set.ge.bf16x2.bf16x2
// CHECK: set.gt.bf16x2.bf16x2
// BLACKWELL-LABEL: func.func @nearest_even_bf16
// BLACKWELL: cvt.rn.satfinite.e2m1x2.f32
func.func @nearest_even_bf16(%x: tensor<32x32xbf16>) -> (tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> : tensor<32x32xbf16> -> tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
  return %c, %s : tensor<32x32xf4E2M1FN>, tensor<32x1xf8E8M0FNU>
}

// -----

// Scales wanted in Blackwell's 128 x 4 tiles: the kernel writes them there
// too, into a zero-filled buffer that replaces mx.tile_scales.
// CHECK-LABEL: func.func @tiled_scales
// CHECK: %[[SCALES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<200x4xi8>
// CHECK: %[[TILED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x1x32x16xi8>
// CHECK: linalg.fill ins(%{{.*}} : i8) outs(%[[TILED]] : memref<2x1x32x16xi8>)
// CHECK: gpu.launch
// CHECK: scf.if
// CHECK: memref.store %{{.*}}, %[[SCALES]][%{{.*}}, %[[BLOCK:.*]]] : memref<200x4xi8>
// CHECK: memref.store %{{.*}}, %[[TILED]][%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : memref<2x1x32x16xi8>
// CHECK: %[[T:.*]] = bufferization.to_tensor %[[TILED]]
// CHECK: %[[R:.*]] = builtin.unrealized_conversion_cast %[[T]] : tensor<2x1x32x16xi8> to tensor<2x1x32x16xf8E8M0FNU>
// CHECK-NOT: mx.tile_scales
// CHECK: return %{{.*}}, %{{.*}}, %[[R]]
func.func @tiled_scales(%x: tensor<200x128xf32>) -> (tensor<200x128xf4E2M1FN>, tensor<200x4xf8E8M0FNU>, tensor<2x1x32x16xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 1 scale<floor> : tensor<200x128xf32> -> tensor<200x128xf4E2M1FN>, tensor<200x4xf8E8M0FNU>
  %t = mx.tile_scales %s : tensor<200x4xf8E8M0FNU> -> tensor<2x1x32x16xf8E8M0FNU>
  return %c, %s, %t : tensor<200x128xf4E2M1FN>, tensor<200x4xf8E8M0FNU>, tensor<2x1x32x16xf8E8M0FNU>
}

// -----

// Q-EMA: the EMA values are loaded like the input.
// CHECK-LABEL: func.func @qema
// CHECK: bufferization.to_buffer %arg0 read_only
// CHECK: bufferization.to_buffer %arg1 read_only
// CHECK: cf.assert
// CHECK: cf.assert
// CHECK: gpu.launch
// CHECK-COUNT-4: vector.load {{.*}} : memref<16x64xf16>, vector<8xf16>
func.func @qema(%w: tensor<16x64xf16>, %ema: tensor<16x64xf16>) -> (tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>) {
  %c, %s = mx.quantize %w axis 1 scale<floor> ema(%ema : tensor<16x64xf16>) : tensor<16x64xf16> -> tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>
  return %c, %s : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>
}

// -----

// Blocks along columns: a thread per block of four columns (64 x 128: 2 x
// 32 threads), held whole in registers: 32 loads of a row's four elements,
// the four scales in one store, and per row the four codes in one 2-byte
// store. With stochastic rounding each lane computes the Philox block of
// every fourth row (8 of them) and takes its word of each row's block from
// the lanes of its quad: a 4 x 4 transpose by three xor shuffles.
// CHECK-LABEL: func.func @along_columns
// CHECK: %[[CODES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<64x64xi8>
// CHECK: %[[SCALES:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x128xi8>
// CHECK: gpu.launch blocks({{.*}}) in ({{.*}} = %c1{{.*}}, {{.*}}) threads({{.*}}) in ({{.*}} = %c64, {{.*}})
// CHECK-COUNT-32: vector.load {{.*}} {alignment = 16 : i64} : memref<64x128xf32>, vector<4xf32>
// CHECK: vector.store %{{.*}}, %[[SCALES]][%{{.*}}, %{{.*}}] {alignment = 4 : i64} : memref<2x128xi8>, vector<4xi8>
// CHECK-COUNT-20: arith.mului_extended
// CHECK-NOT: gpu.shuffle  idx
// CHECK: gpu.shuffle  xor %{{.*}}, %c1_i32{{.*}}, %c32_i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c2_i32{{.*}}, %c32_i32
// CHECK: gpu.shuffle  xor %{{.*}}, %c3_i32{{.*}}, %c32_i32
// CHECK-NOT: gpu.shuffle
// CHECK-COUNT-4: fma.rz.f32
// CHECK: vector.store %{{.*}}, %[[CODES]][%{{.*}}, %{{.*}}] {alignment = 2 : i64} : memref<64x64xi8>, vector<2xi8>
// CHECK-COUNT-31: vector.store %{{.*}}, %[[CODES]]
// CHECK-NOT: vector.store
// CHECK: gpu.terminator
// sm_100a: each row's four codes by one cvt.rs with the lane's random word.
// SM100-LABEL: func.func @along_columns
// SM100: %[[R:.*]] = llvm.inline_asm "prmt.b32 $0, $1, 0, 0x3120;", "=r,r" %{{.*}} : (i32) -> i32
// SM100: cvt.rs.satfinite.e2m1x4.f32 {{.*}} %[[R]]
// SM100-COUNT-31: cvt.rs.satfinite.e2m1x4.f32
// SM100-NOT: cvt.rs.satfinite
// SM100: gpu.terminator
// sm_120a: no hardware stochastic rounding, the software one.
// BLACKWELL-LABEL: func.func @along_columns
// BLACKWELL-NOT: cvt.r{{[ns]}}.satfinite
// BLACKWELL-COUNT-128: fma.rz.f32
// BLACKWELL-NOT: cvt.r{{[ns]}}.satfinite
// BLACKWELL: gpu.terminator
func.func @along_columns(%x: tensor<64x128xf32>, %seed: i64, %offset: i64) -> (tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 0 scale<floor> rounding<stochastic> seed(%seed, %offset) : tensor<64x128xf32> -> tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
}

// -----

// Nearest-even along columns on Blackwell: cvt.rn, two codes at a time.
// BLACKWELL-LABEL: func.func @along_columns_nearest
// BLACKWELL-COUNT-64: cvt.rn.satfinite.e2m1x2.f32
// BLACKWELL-NOT: cvt.rn.satfinite
// BLACKWELL: gpu.terminator
// SM100-LABEL: func.func @along_columns_nearest
// SM100-COUNT-64: cvt.rn.satfinite.e2m1x2.f32
// On sm_90a the bf16 elements stay in bf16 pairs of neighbouring columns:
// one 8-byte load a row, the four amaxes from max.u16x2 of the halves, and
// each pair rounded at once, times its two columns' 2^-s.
// CHECK-LABEL: func.func @along_columns_nearest
// CHECK-COUNT-32: vector.load {{.*}} {alignment = 8 : i64} : memref<64x128xbf16>, vector<4xbf16>
// CHECK-COUNT-62: max.u16x2
// CHECK-COUNT-64: mul.rn.bf16x2
// CHECK-NOT: cvt.rn.satfinite
// CHECK: gpu.terminator
func.func @along_columns_nearest(%x: tensor<64x128xbf16>) -> (tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 0 scale<ceil> : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
}

// -----

// bf16 stochastic rounding along columns on sm_90a: the block stays in
// bf16 pairs (one 8-byte load a row, amaxes by max.u16x2), and a row is
// widened to f32 only for its codes: the low half shifted up, the high
// half masked.
// CHECK-LABEL: func.func @along_columns_stochastic_bf16
// CHECK-COUNT-32: vector.load {{.*}} {alignment = 8 : i64} : memref<64x128xbf16>, vector<4xbf16>
// CHECK-COUNT-62: max.u16x2
// CHECK-NOT: arith.extf
// CHECK-COUNT-3: gpu.shuffle  xor
// CHECK: %[[LOW:.*]] = arith.shli %[[PAIR:.*]], %c16_i32
// CHECK: arith.bitcast %[[LOW]] : i32 to f32
// CHECK: %[[HIGH:.*]] = arith.andi %[[PAIR]], %c-65536_i32
// CHECK: arith.bitcast %[[HIGH]] : i32 to f32
// CHECK-COUNT-4: fma.rz.f32
// CHECK: gpu.terminator
func.func @along_columns_stochastic_bf16(%x: tensor<64x128xbf16>, %seed: i64, %offset: i64) -> (tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>) {
  %c, %s = mx.quantize %x axis 0 scale<floor> rounding<stochastic> seed(%seed, %offset) : tensor<64x128xbf16> -> tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
  return %c, %s : tensor<64x128xf4E2M1FN>, tensor<2x128xf8E8M0FNU>
}

// -----

// Left to convert-mx-to-linalg: blocks along columns in groups narrower
// than sixteen or fewer than a warp of them, fewer than 512 elements, a
// dynamic shape.
// CHECK-LABEL: func.func @others
// CHECK-NOT: gpu.launch
// CHECK-COUNT-4: mx.quantize
func.func @others(%a: tensor<64x40xf32>, %b: tensor<2x32xf32>, %c: tensor<?x32xf32>, %d: tensor<64x32xf32>) {
  %0:2 = mx.quantize %a axis 0 scale<floor> : tensor<64x40xf32> -> tensor<64x40xf4E2M1FN>, tensor<2x40xf8E8M0FNU>
  %3:2 = mx.quantize %d axis 0 scale<floor> : tensor<64x32xf32> -> tensor<64x32xf4E2M1FN>, tensor<2x32xf8E8M0FNU>
  %1:2 = mx.quantize %b axis 1 scale<floor> : tensor<2x32xf32> -> tensor<2x32xf4E2M1FN>, tensor<2x1xf8E8M0FNU>
  %2:2 = mx.quantize %c axis 1 scale<floor> : tensor<?x32xf32> -> tensor<?x32xf4E2M1FN>, tensor<?x1xf8E8M0FNU>
  return
}
