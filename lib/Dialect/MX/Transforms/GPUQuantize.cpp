//===- GPUQuantize.cpp - mx.quantize as one GPU kernel --------------------===//
//
// convert-mx-to-linalg writes mx.quantize as four linalg ops (block amax,
// scales, one code per byte, packing), which become four SIMT kernels with
// intermediate buffers, and a thread per block that reads its 32 values one
// by one. On a GPU one kernel does it all: two threads per block, each with
// sixteen neighbouring elements, using the same scalar arithmetic
// (mx::buildQuantizeScaleByte, mx::buildQuantizeCode), so the results stay
// bit-identical to the reference. (Sixteen elements a thread ran faster on
// the H200 than eight, 0.28 against 0.33 ms for 16384^2 f32, and they are
// one group of the stochastic rounding stream: one Philox call a thread.)
// Blocks along columns get a thread per four columns of a block, which
// holds the block in registers (buildAlongColumns).
//
// Where the chip or the input allows, the same codes come cheaper: bf16
// nearest rounding in bf16x2 arithmetic (codesOfBF16Pairs), stochastic
// rounding with one add of the random byte per element (codesStochastic),
// and Blackwell's conversions, cvt.rn (nearest-even) and, on sm_100a,
// cvt.rs (stochastic).
// Scales that mx.tile_scales tiles are also written in the tile layout.
//
//===----------------------------------------------------------------------===//

#include "GPUKernelUtils.h"

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"
#include "mx/Dialect/MX/IR/MXOps.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::mx {
#define GEN_PASS_DEF_GPUQUANTIZE
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;

namespace {

/// Elements of one group of the stochastic rounding stream (one Philox
/// block).
constexpr int64_t kPerGroup = 16;
/// Columns per thread where blocks run along columns.
constexpr int64_t kColumnsPerThread = 4;

/// ORs `codes` (nibbles, the first in the low bits) into `words`, packed
/// codes eight to a word, from element `first` on.
void placeCodes(ImplicitLocOpBuilder &b, MutableArrayRef<Value> words,
                int64_t first, Value codes) {
  Value &word = words[first / 8];
  word = arith::OrIOp::create(
      b, word,
      arith::ShLIOp::create(b, codes, mx::constI32(b, 4 * (first % 8))));
}

struct GPUQuantizePass : mlir::mx::impl::GPUQuantizeBase<GPUQuantizePass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUQuantizePass)
  using GPUQuantizeBase::GPUQuantizeBase;

  void runOnOperation() override {
    if (!mx::isKnownGPUChip(chip)) {
      getOperation().emitError()
          << "mx-gpu-quantize: unknown chip '" << chip << "'";
      return signalPassFailure();
    }
    SmallVector<mx::QuantizeOp> quantizers;
    getOperation().walk([&](mx::QuantizeOp op) {
      if (fits(op))
        quantizers.push_back(op);
    });
    for (mx::QuantizeOp op : quantizers)
      rewrite(op);
  }

  /// Nearest-even rounding on a chip with hardware E2M1 conversion
  /// (sm_100a, sm_120a), and stochastic rounding on sm_100a, the one chip
  /// with cvt.rs.
  bool convertsInHardware(mx::QuantizeOp op) const {
    if (op.getEma())
      return false;
    if (op.getRounding() == mx::Rounding::NearestEven)
      return chip == "sm_100a" || chip == "sm_120a";
    return op.getRounding() == mx::Rounding::Stochastic && chip == "sm_100a";
  }

  /// bf16 input without Q-EMA: the row and column kernels keep it as bf16
  /// pairs in i32 words until its codes are made (half the registers while
  /// the block is live).
  static bool keepsBF16Pairs(mx::QuantizeOp op) {
    return op.getInput().getType().getElementType().isBF16() && !op.getEma();
  }

  /// Nearest rounding of bf16 pairs on a chip without hardware E2M1
  /// conversion for it: two elements at a time in bf16x2 arithmetic
  /// (codesOfBF16Pairs).
  bool roundsBF16Pairs(mx::QuantizeOp op) const {
    return keepsBF16Pairs(op) && op.getRounding() != mx::Rounding::Stochastic &&
           !convertsInHardware(op);
  }

  /// Twice the largest |x| of the low halves of `pairs` (bf16 pairs in
  /// i32 words) and of their high halves, as bf16 bits shifted up by one in
  /// the two halves of the result, bit 16 unspecified: max.u16x2 of each
  /// pair shifted up by one, which drops the low half's sign into bit 16
  /// and the high half's out of the word (a shift where ptxas has a free
  /// multiplier for it, rather than a mask on the logic unit). The extra
  /// bit never changes which high half is largest, as the others differ by
  /// two or more.
  static Value doubledMaxOfBF16Halves(ImplicitLocOpBuilder &b,
                                      ArrayRef<Value> pairs) {
    Value halves;
    for (Value pair : pairs) {
      Value doubled = arith::ShLIOp::create(b, pair, mx::constI32(b, 1));
      halves = halves
                   ? mx::ptxI32(b, "max.u16x2 $0, $1, $2;", {halves, doubled})
                   : doubled;
    }
    return halves;
  }

  /// The amax bits (|x| as f32 bits, signed maximum) of the bf16 pairs in
  /// `pairs` (i32 words, element 2p in the low half of word p): bf16 bits
  /// order as f32 bits do, so the halves' maximum shifted up is the f32
  /// path's amax.
  static Value amaxOfBF16Pairs(ImplicitLocOpBuilder &b, ArrayRef<Value> pairs) {
    Value halves = doubledMaxOfBF16Halves(b, pairs);
    Value high = arith::ShRUIOp::create(b, halves, mx::constI32(b, 17));
    Value low = arith::ShRUIOp::create(
        b, arith::AndIOp::create(b, halves, mx::constI32(b, 0xffff)),
        mx::constI32(b, 1));
    return arith::ShLIOp::create(b, arith::MaxUIOp::create(b, high, low),
                                 mx::constI32(b, 16));
  }

  /// The codes of bf16 elements (pairs, four or a multiple, as
  /// amaxOfBF16Pairs takes them) in words, eight to a word, rounded to
  /// nearest as the reference does (buildQuantizeCode), two at a time:
  /// v = x * 2^-s is exact in bf16 (a power-of-two scaling; only values far
  /// below the first midpoint could lose bits), and comparing |v| with the
  /// seven midpoints in bf16 is exact too. Each comparison gives 1.0 or 0.0
  /// per half, added to 128.0 (exact), whose low mantissa bits then hold
  /// the count: the magnitude code.
  static SmallVector<Value> codesOfBF16Pairs(ImplicitLocOpBuilder &b,
                                             ArrayRef<Value> pairs,
                                             Value scaleByte,
                                             mx::Rounding rounding) {
    Value inverse = arith::MulIOp::create(b, inverseScaleBF16(b, scaleByte),
                                          mx::constI32(b, 0x00010001));
    SmallVector<Value> words(pairs.size() / 4, mx::constI32(b, 0));
    for (auto [p, pair] : llvm::enumerate(pairs))
      placeCodes(b, words, 2 * p,
                 codeByteOfBF16Pair(b, pair, inverse, rounding));
    return words;
  }

  /// 2^-s = 2^(127 - byte) as a bf16 (in the low half of an i32): the
  /// exponent field is 254 - byte; byte 254 gives the subnormal 2^-127.
  /// (Byte 255, a NaN scale, only comes with special blocks, whose codes
  /// are zeroed.)
  static Value inverseScaleBF16(ImplicitLocOpBuilder &b, Value scaleByte) {
    Value byte = arith::ExtUIOp::create(b, b.getI32Type(), scaleByte);
    return arith::SelectOp::create(
        b,
        arith::CmpIOp::create(b, arith::CmpIPredicate::uge, byte,
                              mx::constI32(b, 254)),
        mx::constI32(b, 0x0040),
        arith::ShLIOp::create(
            b, arith::SubIOp::create(b, mx::constI32(b, 254), byte),
            mx::constI32(b, 7)));
  }

  /// The codes of the two bf16 elements of `pair` in one byte (the low
  /// half's in the low nibble), rounded to nearest as codesOfBF16Pairs
  /// describes, each half times its half of `inverse` (2^-s as bf16).
  static Value codeByteOfBF16Pair(ImplicitLocOpBuilder &b, Value pair,
                                  Value inverse, mx::Rounding rounding) {
    // 0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5 as bf16 pairs; at a tie,
    // away-from-zero goes up, to-even goes up to codes 2, 4 and 6.
    static constexpr uint32_t kMidpoints[] = {
        0x3e803e80, 0x3f403f40, 0x3fa03fa0, 0x3fe03fe0,
        0x40204020, 0x40604060, 0x40a040a0};
    Value v = mx::ptxI32(b, "mul.rn.bf16x2 $0, $1, $2;", {pair, inverse});
    Value a = arith::AndIOp::create(b, v, mx::constI32(b, 0x7fff7fff));
    Value count = mx::constI32(b, 0x43004300); // 128.0, 128.0
    for (int k = 0; k < 7; ++k) {
      bool tieUp = rounding == mx::Rounding::NearestAway || k % 2 == 1;
      Value above = mx::ptxI32(b,
                               tieUp ? "set.ge.bf16x2.bf16x2 $0, $1, $2;"
                                     : "set.gt.bf16x2.bf16x2 $0, $1, $2;",
                               {a, mx::constI32(b, kMidpoints[k])});
      count = mx::ptxI32(b, "add.rn.bf16x2 $0, $1, $2;", {count, above});
    }
    // Per half: the magnitude code in bits 0..2, x's sign in bit 3.
    Value codes = arith::OrIOp::create(
        b, arith::AndIOp::create(b, count, mx::constI32(b, 0x00070007)),
        arith::AndIOp::create(
            b, arith::ShRUIOp::create(b, pair, mx::constI32(b, 12)),
            mx::constI32(b, 0x00080008)));
    // Both codes in one byte, the low half's in the low nibble.
    return arith::AndIOp::create(
        b,
        arith::OrIOp::create(
            b, codes, arith::ShRUIOp::create(b, codes, mx::constI32(b, 12))),
        mx::constI32(b, 0xff));
  }

  /// min(|x| 2^-s, 6) (f32) for element `x` and scale byte `scaleByte`.
  static Value scaledMagnitude(ImplicitLocOpBuilder &b, Value x,
                               Value scaleByte) {
    // abs.f32 rather than a mask of the bits: ptxas folds it into the
    // multiplication as an operand modifier.
    Value magnitude = arith::MulFOp::create(
        b, mx::ptx(b, b.getF32Type(), "abs.f32 $0, $1;", {x}),
        mx::buildInverseScale(b, scaleByte));
    return arith::MinNumFOp::create(
        b, magnitude, arith::ConstantOp::create(b, b.getF32FloatAttr(6.0f)));
  }

  /// The codes of elements `x` (f32, a multiple of four) in words, eight
  /// to a word, rounded stochastically as the reference does
  /// (buildQuantizeCode), element j with scale byte scaleBytes[j] and
  /// byte j % 4 of `random[j / 4]`, in a few float and integer
  /// instructions each instead of the reference's compares and float to
  /// integer conversion. With a = min(|x| 2^-s, 6), let
  ///   g = max(a, 0.5 + a / 2 rounded toward zero).
  /// From 1 up, g = a and, as in the reference, the code is g's bits >> 22
  /// less 252, rounded up iff bits 21..14 plus the random byte carry into
  /// bit 22. Below 1, g = 0.5 + floor(a 2^23) 2^-24 (the fma's result,
  /// never below a there), whose bits are
  /// 0x3f000000 + floor(a 2^23): bits 21..14 are floor(512 a) mod 256, the
  /// reference's t, and bit 22 is a >= 0.5, its lower code. So one add,
  /// bits(g) + (r << 14), does both, and bits 24..22 of the sum are the
  /// magnitude code plus 4, modulo 8 (252 = 4 mod 8); adding 4 << 22 as
  /// well makes them the code. Below 6 the code never goes past 7; a >= 6
  /// is 7 with or without a carry, hence the clamp to 6 first.
  static SmallVector<Value> codesStochastic(ImplicitLocOpBuilder &b,
                                            ArrayRef<Value> x,
                                            ArrayRef<Value> scaleBytes,
                                            ArrayRef<Value> random) {
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    return codesOfSums(b, x, scaleBytes, [&](int64_t j, Value a) -> Value {
      Value truncated =
          mx::ptx(b, f32, "fma.rz.f32 $0, $1, 0f3F000000, 0f3F000000;", {a});
      Value g = arith::MaxNumFOp::create(b, a, truncated);
      // Computed as (bits(g) << 2) + (r << 16) + (4 << 24), the same sum
      // two bits up: one prmt puts the byte over a 4 in byte 3, one lea
      // adds.
      std::string moveByte =
          "prmt.b32 $0, $1, 0x04000000, 0x7" + std::to_string(j % 4) + "44;";
      Value randomHigh = mx::ptxI32(b, moveByte, {random[j / 4]});
      return arith::AddIOp::create(
          b,
          arith::ShLIOp::create(b, arith::BitcastOp::create(b, i32, g),
                                mx::constI32(b, 2)),
          randomHigh);
    });
  }

  /// The codes of elements `x` (f32, a multiple of four) in words, eight
  /// to a word (with four, the word's high half is unspecified), element j
  /// with scale byte scaleBytes[j]: its magnitude from bits 26..24 of
  /// sumOf(j, a), a = min(|x| 2^-s, 6), its sign from x's sign bit. Four
  /// elements at a time, in byte moves: byte 3 of the sums of elements 0
  /// and 2 (1 and 3) side by side, their signs spread over a byte each
  /// beside them (prmt's sign mode), bit 3 of each byte from the sign
  /// bytes; then the two halves' low nibbles interleaved.
  static SmallVector<Value>
  codesOfSums(ImplicitLocOpBuilder &b, ArrayRef<Value> x,
              ArrayRef<Value> scaleBytes,
              function_ref<Value(int64_t j, Value a)> sumOf) {
    Type i32 = b.getI32Type();
    auto prmt = [&](Value low, Value high, StringRef selector) {
      return mx::ptxI32(b, ("prmt.b32 $0, $1, $2, " + selector + ";").str(),
                        {low, high});
    };
    // The bits of `outside` where `mask` is clear, of `inside` where set,
    // in one lop3 (as and, or and not, LLVM and ptxas make two of it):
    // 0xd8 = (0xf0 & ~0xaa) | (0xcc & 0xaa).
    auto select = [&](Value outside, Value inside, uint32_t mask) -> Value {
      return mx::ptxI32(
          b, llvm::formatv("lop3.b32 $0, $1, $2, {0:x}, 0xd8;", mask).str(),
          {outside, inside});
    };
    SmallVector<Value> sums, halves;
    for (auto [j, element] : llvm::enumerate(x))
      sums.push_back(sumOf(j, scaledMagnitude(b, element, scaleBytes[j])));
    for (size_t j = 0; j + 4 <= x.size(); j += 4) {
      std::array<Value, 2> nibbles;
      for (size_t odd = 0; odd < 2; ++odd) {
        Value magnitudes = prmt(sums[j + odd], sums[j + odd + 2], "0x73");
        Value first = arith::BitcastOp::create(b, i32, x[j + odd]);
        Value second = arith::BitcastOp::create(b, i32, x[j + odd + 2]);
        Value signs = prmt(first, second, "0xfb");
        nibbles[odd] = select(magnitudes, signs, 0x0808);
      }
      halves.push_back(select(
          nibbles[0], arith::ShLIOp::create(b, nibbles[1], mx::constI32(b, 4)),
          0xf0f0));
    }
    SmallVector<Value> words;
    for (size_t h = 0; h < halves.size(); h += 2)
      words.push_back(h + 1 < halves.size()
                          ? prmt(halves[h], halves[h + 1], "0x5410")
                          : halves[h]);
    return words;
  }

  /// The codes of elements `x` (f32, a multiple of four) in words,
  /// rounded to nearest, ties to the even code, as the reference does
  /// (buildQuantizeCode), element j with scale byte scaleBytes[j], by
  /// float arithmetic instead of the reference's compares. With
  /// a = min(|x| 2^-s, 6), the grid of E2M1 magnitudes around a is the
  /// multiples of 2^k, k = max(e - 1, -1) for a in [2^e, 2^(e+1)), and
  /// codes alternate in parity along it. Adding C = 1.5 * 2^(23 + k) and
  /// taking C off again rounds a to a multiple of 2^k, ties to the even
  /// multiple, in one rounding of the addition (a + C stays in C's binade,
  /// where the unit in the last place is 2^k); C's bits are a's exponent
  /// field (at least 1.0's) plus 22, over the mantissa 0x400000. The
  /// rounded value r is on the grid, and so is
  /// g = max(r, 0.5 + r / 2): bits(g) >> 22 is the code plus 252, as in
  /// codesStochastic with no random byte added (and 4 << 22 to make bits
  /// 24..22 the code).
  static SmallVector<Value> codesNearestEven(ImplicitLocOpBuilder &b,
                                             ArrayRef<Value> x,
                                             ArrayRef<Value> scaleBytes) {
    Type f32 = b.getF32Type(), i32 = b.getI32Type();
    Value half = arith::ConstantOp::create(b, b.getF32FloatAttr(0.5f));
    return codesOfSums(b, x, scaleBytes, [&](int64_t, Value a) -> Value {
      Value exponent = arith::AndIOp::create(
          b,
          arith::MaxSIOp::create(b, arith::BitcastOp::create(b, i32, a),
                                 mx::constI32(b, 0x3f800000)),
          mx::constI32(b, 0x7f800000));
      Value c = arith::BitcastOp::create(
          b, f32,
          arith::AddIOp::create(b, exponent, mx::constI32(b, 0x0b400000)));
      Value rounded =
          arith::SubFOp::create(b, arith::AddFOp::create(b, a, c), c);
      Value g = arith::MaxNumFOp::create(
          b, rounded, LLVM::FMAOp::create(b, rounded, half, half));
      return arith::AddIOp::create(
          b,
          arith::ShLIOp::create(b, arith::BitcastOp::create(b, i32, g),
                                mx::constI32(b, 2)),
          mx::constI32(b, 4 << 24));
    });
  }

  /// PTX cvt.rs.satfinite.e2m1x4.f32 (sm_100a): the codes of x0..x3 (f32)
  /// in nibbles 0..3 of the result (i32), each rounded stochastically with
  /// its byte of `rbits`: the carry out of adding those 8 random bits to
  /// the bits that rounding toward zero drops rounds away from zero. The
  /// instruction's operands go from the high nibble down, so x3 comes
  /// first. Which byte serves which output is only in a figure of the PTX
  /// ISA: the ISA's text gives bytes 0 and 2 to the low two nibbles, 1 and
  /// 3 to the high two; this lowering assumes byte 0 -> x0, byte 2 -> x1,
  /// byte 1 -> x2, byte 3 -> x3 (python/mx/ptx_model.py models the same;
  /// unverified without the hardware).
  static Value cvtRsE2M1x4(ImplicitLocOpBuilder &b, ArrayRef<Value> x,
                           Value rbits) {
    return mx::ptxI32(
        b,
        "{ .reg .b16 quad; cvt.rs.satfinite.e2m1x4.f32 quad, {$1, $2, $3, "
        "$4}, $5; cvt.u32.u16 $0, quad; }",
        {x[3], x[2], x[1], x[0], rbits});
  }

  /// PTX cvt.rn.satfinite.e2m1x2.f32: the codes of `high` and `low` (f32)
  /// as the high and low nibble of a byte, returned in an i32. (Modelled,
  /// with the operand order used here, in python/mx/ptx_model.py.)
  static Value cvtE2M1x2(ImplicitLocOpBuilder &b, Value high, Value low) {
    return mx::ptxI32(b,
                      "{ .reg .b8 pair; cvt.rn.satfinite.e2m1x2.f32 pair, $1, "
                      "$2; cvt.u32.u8 $0, pair; }",
                      {high, low});
  }

  /// A static 2-D quantization along rows of whole warps' worth of
  /// elements (so that every shuffle sees a full warp), or along columns
  /// in groups of sixteen columns and whole warps' worth of blocks, with
  /// scales that are not tiled.
  static bool fits(mx::QuantizeOp op) {
    auto type = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!type || type.getRank() != 2 || !type.hasStaticShape() ||
        type.getNumElements() == 0)
      return false;
    if (op.getAxis() == 1 &&
        type.getNumElements() % (32 * elementsPerThread(op)))
      return false;
    // (Along columns, a thread per four columns of a block, lanes
    // exchanging random words within quads of a full warp.)
    if (op.getAxis() == 0 &&
        (type.getDimSize(0) % 32 || type.getDimSize(1) % kPerGroup ||
         (type.getNumElements() / (32 * kColumnsPerThread)) % 32 ||
         llvm::any_of(op.getScales().getUsers(), [](Operation *user) {
           return isa<mx::TileScalesOp>(user);
         })))
      return false;
    Type element = type.getElementType();
    return element.isF32() || element.isBF16() || element.isF16();
  }

  /// The buffers of one quantization: the input (and Q-EMA values) read
  /// in place, the codes (also as i32 words) and scales allocated here, and
  /// the tiled copy of the scales where mx.tile_scales asks for one.
  struct Buffers {
    Value input, ema, codes, words, scales, tiled;
    SmallVector<mx::TileScalesOp> tilings;
  };

  static Buffers allocateBuffers(ImplicitLocOpBuilder &b, mx::QuantizeOp op) {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    Type i8 = b.getI8Type();
    auto readOnly = [&](Value tensor) {
      auto t = cast<RankedTensorType>(tensor.getType());
      auto buffer = bufferization::ToBufferOp::create(
          b, MemRefType::get(t.getShape(), t.getElementType()), tensor,
          /*read_only=*/true);
      return buffer.getResult();
    };
    Buffers buffers;
    buffers.input = readOnly(op.getInput());
    buffers.ema = op.getEma() ? readOnly(op.getEma()) : Value();
    for (Value buffer : {buffers.input, buffers.ema})
      if (buffer)
        mx::assertAligned(b, buffer, 16,
                          "mx.quantize on the GPU: the input and its Q-EMA "
                          "values must be 16-byte aligned");
    SmallVector<int64_t> codesShape(type.getShape()),
        scalesShape(type.getShape());
    codesShape[1] /= 2;
    scalesShape[op.getAxis()] /= 32;
    buffers.codes = memref::AllocOp::create(b, MemRefType::get(codesShape, i8),
                                            b.getI64IntegerAttr(64));
    buffers.scales = memref::AllocOp::create(
        b, MemRefType::get(scalesShape, i8), b.getI64IntegerAttr(64));
    // Scales that mx.tile_scales puts into Blackwell's 128 x 4 tiles are
    // written in that layout too, by the same kernel, into a buffer whose
    // padding is zeroed first.
    for (Operation *user : op.getScales().getUsers())
      if (auto tiling = dyn_cast<mx::TileScalesOp>(user))
        buffers.tilings.push_back(tiling);
    if (!buffers.tilings.empty()) {
      auto tiledType = MemRefType::get(
          buffers.tilings.front().getResult().getType().getShape(), i8);
      buffers.tiled =
          memref::AllocOp::create(b, tiledType, b.getI64IntegerAttr(64));
      linalg::FillOp::create(
          b, ValueRange{arith::ConstantOp::create(b, b.getI8IntegerAttr(0))},
          ValueRange{buffers.tiled});
    }
    // The packed codes as i32 words of eight codes.
    buffers.words = mx::viewAsWords(b, buffers.codes);
    return buffers;
  }

  /// A launch of `threads` threads (a multiple of 32) in blocks of up to
  /// 256, with the builder inside it; returns the thread's index.
  static Value launchThreads(ImplicitLocOpBuilder &b, int64_t threads) {
    int64_t blockSize = 256;
    while (threads % blockSize)
      blockSize /= 2;
    auto launch = gpu::LaunchOp::create(
        b, mx::constIndex(b, threads / blockSize), mx::constIndex(b, 1),
        mx::constIndex(b, 1), mx::constIndex(b, blockSize),
        mx::constIndex(b, 1), mx::constIndex(b, 1));
    b.setInsertionPointToStart(&launch.getBody().front());
    gpu::TerminatorOp::create(b);
    b.setInsertionPointToStart(&launch.getBody().front());
    return arith::AddIOp::create(
        b,
        arith::MulIOp::create(b, launch.getBlockIds().x,
                              mx::constIndex(b, blockSize)),
        launch.getThreadIds().x);
  }

  /// `count` neighbouring elements of a 2-D `buffer` from (row, col) along
  /// the row, as f32, in loads of up to 16 bytes (aligned to their size).
  static SmallVector<Value> loadAsF32(ImplicitLocOpBuilder &b, Value buffer,
                                      Value row, Value col, int64_t count) {
    Type element = cast<MemRefType>(buffer.getType()).getElementType();
    int64_t bits = element.getIntOrFloatBitWidth();
    int64_t perLoad = std::min<int64_t>(count, 16 * 8 / bits);
    SmallVector<Value> values;
    for (int64_t start = 0; start < count; start += perLoad) {
      Value at = count == perLoad
                     ? col
                     : arith::AddIOp::create(b, col, mx::constIndex(b, start));
      auto load = vector::LoadOp::create(b, VectorType::get({perLoad}, element),
                                         buffer, ValueRange{row, at});
      load.setAlignment(static_cast<uint64_t>(perLoad * bits / 8));
      for (int64_t i = 0; i < perLoad; ++i) {
        Value v = vector::ExtractOp::create(b, load, i);
        values.push_back(
            element.isF32() ? v : arith::ExtFOp::create(b, b.getF32Type(), v));
      }
    }
    return values;
  }

  /// `count` neighbouring bf16 elements of a 2-D `buffer` from (row, col)
  /// along the row as pairs in i32 words (element 2p in the low half of
  /// word p), in loads of up to 16 bytes (aligned to their size).
  static SmallVector<Value> loadBF16Pairs(ImplicitLocOpBuilder &b,
                                          Value buffer, Value row, Value col,
                                          int64_t count) {
    int64_t perLoad = std::min<int64_t>(count, 8);
    SmallVector<Value> pairs;
    for (int64_t start = 0; start < count; start += perLoad) {
      Value at = start ? arith::AddIOp::create(b, col,
                                               mx::constIndex(b, start))
                             .getResult()
                       : col;
      auto load = vector::LoadOp::create(
          b, VectorType::get({perLoad}, b.getBF16Type()), buffer,
          ValueRange{row, at});
      load.setAlignment(static_cast<uint64_t>(2 * perLoad));
      Value words = vector::BitCastOp::create(
          b, VectorType::get({perLoad / 2}, b.getI32Type()), load);
      for (int64_t i = 0; i < perLoad / 2; ++i)
        pairs.push_back(vector::ExtractOp::create(b, words, i));
    }
    return pairs;
  }

  /// The elements of bf16 `pairs` (i32 words, element 2p in the low half
  /// of word p) as f32.
  static SmallVector<Value> unpackBF16Pairs(ImplicitLocOpBuilder &b,
                                            ArrayRef<Value> pairs) {
    SmallVector<Value> values;
    for (Value pair : pairs)
      llvm::append_range(values, unpackBF16Pair(b, pair));
    return values;
  }

  /// The two bf16 elements of `pair` (an i32) as f32, low half first.
  static std::array<Value, 2> unpackBF16Pair(ImplicitLocOpBuilder &b,
                                             Value pair) {
    Type f32 = b.getF32Type();
    return {arith::BitcastOp::create(
                b, f32, arith::ShLIOp::create(b, pair, mx::constI32(b, 16))),
            arith::BitcastOp::create(
                b, f32,
                arith::AndIOp::create(b, pair, mx::constI32(b, 0xffff0000)))};
  }

  /// values[j ^ index] at j (`index` an i32 from 0 to 3): swaps of
  /// neighbours where bit 0 of index is set, then of pairs where bit 1 is.
  static std::array<Value, 4> permuteByXor(ImplicitLocOpBuilder &b,
                                           std::array<Value, 4> values,
                                           Value index) {
    for (uint32_t bit : {1u, 2u}) {
      Value set = arith::CmpIOp::create(
          b, arith::CmpIPredicate::ne,
          arith::AndIOp::create(b, index, mx::constI32(b, bit)),
          mx::constI32(b, 0));
      std::array<Value, 4> swapped;
      for (uint32_t j = 0; j < 4; ++j)
        swapped[j] =
            arith::SelectOp::create(b, set, values[j ^ bit], values[j]);
      values = swapped;
    }
    return values;
  }

  /// |x| as f32 bits (i32): what amaxes compare (as signed integers).
  static Value magnitudeBits(ImplicitLocOpBuilder &b, Value x) {
    return arith::AndIOp::create(b,
                                 arith::BitcastOp::create(b, b.getI32Type(), x),
                                 mx::constI32(b, 0x7fffffff));
  }

  /// The Philox words of the 16-element group of the stream that starts at
  /// element `first` (an index, a multiple of 16) of `op`'s input.
  static std::array<Value, 4> randomWordsAt(ImplicitLocOpBuilder &b,
                                            mx::QuantizeOp op, Value first) {
    Value index = arith::IndexCastUIOp::create(b, b.getI64Type(), first);
    Value group = arith::ShRUIOp::create(
        b, index, arith::ConstantOp::create(b, b.getI64IntegerAttr(4)));
    return mx::buildRandomWords(b, op.getSeed(), op.getOffset(), group);
  }

  /// The codes of neighbouring elements `x` (a multiple of four), eight to a
  /// word, element j with scale byte scaleBytes[j] (ema[j] its Q-EMA value,
  /// or null), in the reference's arithmetic (buildQuantizeCode), except
  /// for stochastic rounding (codesStochastic, with the Philox words
  /// `random`) and nearest-even rounding without Q-EMA (codesNearestEven).
  static SmallVector<Value>
  codesInSoftware(ImplicitLocOpBuilder &b, mx::QuantizeOp op, ArrayRef<Value> x,
                  ArrayRef<Value> scaleBytes, ArrayRef<Value> ema,
                  ArrayRef<Value> random) {
    if (!random.empty())
      return codesStochastic(b, x, scaleBytes, random);
    bool withEma = llvm::any_of(ema, [](Value v) { return bool(v); });
    if (op.getRounding() == mx::Rounding::NearestEven && !withEma)
      return codesNearestEven(b, x, scaleBytes);
    SmallVector<Value> packed((x.size() + 7) / 8, mx::constI32(b, 0));
    for (int64_t j = 0, e = x.size(); j < e; ++j) {
      Value code = mx::buildQuantizeCode(b, x[j], scaleBytes[j],
                                         op.getRounding(), ema[j], Value());
      placeCodes(b, packed, j, code);
    }
    return packed;
  }

  /// The codes of neighbouring elements `x` (a multiple of four), eight to
  /// a word, element j with scale byte scaleBytes[j], by
  /// Blackwell's conversions (convertsInHardware; by the PTX ISA, not run
  /// on such a chip here):
  ///  * with the Philox words `random`, sm_100a's
  ///    cvt.rs.satfinite.e2m1x4.f32, which rounds up exactly where the
  ///    reference does (t + r >= 256, t the top 8 bits of what rounding
  ///    toward zero drops) when each element gets its own byte of the
  ///    stream: word w holds elements 4w .. 4w + 3's bytes in order, and a
  ///    prmt puts them where cvtRsE2M1x4 takes them (bytes 0, 2, 1, 3 of
  ///    rbits for x0..x3);
  ///  * without, cvt.rn.satfinite.e2m1x2.f32, which rounds to nearest, ties
  ///    to the even code, and saturates at 6: the reference's nearest-even
  ///    rounding of x * 2^-s, sign and -0 included.
  static SmallVector<Value> codesInHardware(ImplicitLocOpBuilder &b,
                                            ArrayRef<Value> x,
                                            ArrayRef<Value> scaleBytes,
                                            ArrayRef<Value> random) {
    SmallVector<Value> packed((x.size() + 7) / 8, mx::constI32(b, 0));
    auto scaled = [&](int64_t j) -> Value {
      return arith::MulFOp::create(b, x[j],
                                   mx::buildInverseScale(b, scaleBytes[j]));
    };
    int64_t step = random.empty() ? 2 : 4;
    for (int64_t j = 0, e = x.size(); j < e; j += step) {
      if (random.empty()) {
        Value even = scaled(j);
        Value odd = scaled(j + 1);
        placeCodes(b, packed, j, cvtE2M1x2(b, odd, even));
        continue;
      }
      Value rbits =
          mx::ptxI32(b, "prmt.b32 $0, $1, 0, 0x3120;", {random[j / 4]});
      placeCodes(
          b, packed, j,
          cvtRsE2M1x4(b,
                      {scaled(j), scaled(j + 1), scaled(j + 2), scaled(j + 3)},
                      rbits));
    }
    return packed;
  }

  /// Stores words of codes at (row, col / 8) of the i32 view `words`, in
  /// one store.
  static void storeCodeWords(ImplicitLocOpBuilder &b, ArrayRef<Value> packed,
                             Value words, Value row, Value col) {
    int64_t count = packed.size();
    Value vector = vector::FromElementsOp::create(
        b, VectorType::get({count}, b.getI32Type()), packed);
    auto store = vector::StoreOp::create(
        b, vector, words,
        ValueRange{row, arith::DivUIOp::create(b, col, mx::constIndex(b, 8))});
    store.setAlignment(static_cast<uint64_t>(4 * count));
  }

  /// Elements per thread along rows (of a static shape): sixteen (two
  /// words of codes, one group of the stochastic rounding stream), or a
  /// whole block for 16-bit input without Q-EMA in whole warps of blocks,
  /// so that a thread's loads cover as many bytes as with f32 (16384^2 bf16
  /// on the H200: 0.197 to 0.169 ms nearest-even, 0.230 to 0.217 ms
  /// stochastic).
  static int64_t elementsPerThread(mx::QuantizeOp op) {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    bool wholeBlocks = type.getElementTypeBitWidth() == 16 && !op.getEma() &&
                       type.getNumElements() % (32 * 32) == 0;
    return wholeBlocks ? 32 : kPerGroup;
  }

  void rewrite(mx::QuantizeOp op) {
    ImplicitLocOpBuilder b(op.getLoc(), op);
    Buffers buffers = allocateBuffers(b, op);
    {
      OpBuilder::InsertionGuard guard(b);
      if (op.getAxis() == 1)
        buildAlongRows(b, op, buffers);
      else
        buildAlongColumns(b, op, buffers);
    }
    // Back to tensors of the op's result types.
    Type i8 = b.getI8Type();
    auto asTensor = [&](Value buffer, Type type) {
      auto tensorType = RankedTensorType::get(
          cast<MemRefType>(buffer.getType()).getShape(), i8);
      Value bytes = bufferization::ToTensorOp::create(
          b, tensorType, buffer, /*restrict=*/true, /*writable=*/true);
      return UnrealizedConversionCastOp::create(b, type, bytes).getResult(0);
    };
    SmallVector<Value> results{
        asTensor(buffers.codes, op.getCodes().getType()),
        asTensor(buffers.scales, op.getScales().getType())};
    if (buffers.tiled) {
      Value tiledScales = asTensor(
          buffers.tiled, buffers.tilings.front().getResult().getType());
      for (mx::TileScalesOp tiling : buffers.tilings) {
        tiling.getResult().replaceAllUsesWith(tiledScales);
        tiling.erase();
      }
    }
    op.replaceAllUsesWith(results);
    op.erase();
  }

  /// Blocks along rows: one or two threads per block
  /// (elementsPerThread), each with neighbouring elements.
  void buildAlongRows(ImplicitLocOpBuilder &b, mx::QuantizeOp op,
                      const Buffers &buffers) {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    int64_t cols = type.getDimSize(1);
    int64_t perThread = elementsPerThread(op), perBlock = 32 / perThread;
    Type i8 = b.getI8Type();
    Value thread = launchThreads(b, type.getNumElements() / perThread);
    Value first =
        arith::MulIOp::create(b, thread, mx::constIndex(b, perThread));
    Value row = arith::DivUIOp::create(b, first, mx::constIndex(b, cols));
    Value col = arith::RemUIOp::create(b, first, mx::constIndex(b, cols));

    // The block's amax bits: the thread's, then across the block's threads.
    Value amax;
    SmallVector<Value> x, emaValues, pairs;
    bool inPairs = keepsBF16Pairs(op);
    if (inPairs) {
      // The elements as bf16 pairs in i32 words, in 16-byte loads.
      pairs = loadBF16Pairs(b, buffers.input, row, col, perThread);
      amax = amaxOfBF16Pairs(b, pairs);
      emaValues.assign(perThread, Value());
    } else {
      x = loadAsF32(b, buffers.input, row, col, perThread);
      emaValues = buffers.ema ? loadAsF32(b, buffers.ema, row, col, perThread)
                              : SmallVector<Value>(perThread, Value());
      for (Value v : x) {
        Value bits = magnitudeBits(b, v);
        amax = amax ? arith::MaxSIOp::create(b, amax, bits) : bits;
      }
    }
    for (uint32_t distance = 1; distance < perBlock; distance *= 2) {
      auto other =
          gpu::ShuffleOp::create(b, amax, mx::constI32(b, distance),
                                 mx::constI32(b, 32), gpu::ShuffleMode::XOR);
      amax = arith::MaxSIOp::create(b, amax, other.getShuffleResult());
    }
    Value scaleByte = arith::TruncIOp::create(
        b, i8, mx::buildQuantizeScaleByte(b, amax, op.getScaleRule()));

    // Stochastic rounding (Q-EMA has its own rule): the thread's elements
    // are one or two 16-element groups of the stream, byte j of the Philox
    // words (little-endian, a group's block after the other's) for element
    // first + j.
    bool stochastic =
        op.getRounding() == mx::Rounding::Stochastic && !buffers.ema;
    SmallVector<Value> random;
    for (int64_t group = 0; stochastic && group < perThread / kPerGroup;
         ++group)
      llvm::append_range(
          random,
          randomWordsAt(b, op,
                        arith::AddIOp::create(
                            b, first, mx::constIndex(b, group * kPerGroup))));

    // Eight codes per word, all of a thread's in one store.
    SmallVector<Value> packed;
    SmallVector<Value> scaleBytes(perThread, scaleByte);
    if (roundsBF16Pairs(op)) {
      packed = codesOfBF16Pairs(b, pairs, scaleByte, op.getRounding());
    } else {
      if (inPairs)
        x = unpackBF16Pairs(b, pairs);
      packed = convertsInHardware(op)
                   ? codesInHardware(b, x, scaleBytes, random)
                   : codesInSoftware(b, op, x, scaleBytes, emaValues, random);
    }
    // Blocks of zeros and of NaN or infinity get all-zero codes, as in the
    // reference: one select a word, not one a code.
    Value special = mx::buildSpecialBlock(b, amax);
    for (Value &word : packed)
      word = arith::SelectOp::create(b, special, mx::constI32(b, 0), word);
    storeCodeWords(b, packed, buffers.words, row, col);
    Value leader = arith::CmpIOp::create(
        b, arith::CmpIPredicate::eq,
        arith::RemUIOp::create(b, thread, mx::constIndex(b, perBlock)),
        mx::constIndex(b, 0));
    auto ifLeader = scf::IfOp::create(b, leader, /*withElse=*/false);
    b.setInsertionPointToStart(ifLeader.thenBlock());
    Value block = arith::DivUIOp::create(b, col, mx::constIndex(b, 32));
    memref::StoreOp::create(b, scaleByte, buffers.scales,
                            ValueRange{row, block});
    if (buffers.tiled)
      memref::StoreOp::create(b, scaleByte, buffers.tiled,
                              mx::buildTiledScaleIndices(b, row, block));
  }

  /// Blocks along columns: a thread per block of four neighbouring
  /// columns, which it holds whole in registers (32 rows of four elements,
  /// one 16- or 8-byte load a row; a warp reads 128 neighbouring elements
  /// of each row), so that the input is read once. Each row's codes are
  /// one 2-byte store, the four scales one 4-byte store. bf16 without Q-EMA
  /// stays in bf16 pairs of neighbouring columns, which halves the
  /// registers the block takes; with nearest rounding (roundsBF16Pairs)
  /// the pairs are rounded as they are, each half with its own column's
  /// scale, otherwise a row is unpacked to f32 when its codes are computed.
  /// With stochastic rounding the sixteen columns of a quad of lanes are
  /// one group of the stream in each row: lane q computes the Philox block
  /// of rows q, q + 4, ..., and the quad transposes the words by three xor
  /// shuffles so that each lane holds its word of every row's block.
  void buildAlongColumns(ImplicitLocOpBuilder &b, mx::QuantizeOp op,
                         const Buffers &buffers) {
    auto type = cast<RankedTensorType>(op.getInput().getType());
    int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
    Type i8 = b.getI8Type(), i32 = b.getI32Type();
    // Thread t takes the columns of group t % groups of each block row.
    int64_t groups = cols / kColumnsPerThread;
    Value thread = launchThreads(b, rows / 32 * groups);
    Value blockRow =
        arith::DivUIOp::create(b, thread, mx::constIndex(b, groups));
    Value firstRow = arith::MulIOp::create(b, blockRow, mx::constIndex(b, 32));
    Value col = arith::MulIOp::create(
        b, arith::RemUIOp::create(b, thread, mx::constIndex(b, groups)),
        mx::constIndex(b, kColumnsPerThread));
    auto loadRow = [&](Value buffer, int64_t r) {
      Value row = arith::AddIOp::create(b, firstRow, mx::constIndex(b, r));
      return loadAsF32(b, buffer, row, col, kColumnsPerThread);
    };
    SmallVector<SmallVector<Value>> x, ema, pairs;
    // The amax bits of each column (|x| as f32 bits).
    SmallVector<Value> amaxes;
    bool inPairs = keepsBF16Pairs(op);
    if (inPairs) {
      // Row r's four elements as two bf16 pairs (columns 0 and 1, 2 and 3),
      // in one 8-byte load; a column's amax is a half's maximum.
      for (int64_t r = 0; r < 32; ++r) {
        Value row = arith::AddIOp::create(b, firstRow, mx::constIndex(b, r));
        pairs.push_back(
            loadBF16Pairs(b, buffers.input, row, col, kColumnsPerThread));
      }
      for (int64_t q = 0; q < kColumnsPerThread / 2; ++q) {
        SmallVector<Value> column;
        for (const auto &rowPairs : pairs)
          column.push_back(rowPairs[q]);
        Value halves = doubledMaxOfBF16Halves(b, column);
        amaxes.push_back(arith::AndIOp::create(
            b, arith::ShLIOp::create(b, halves, mx::constI32(b, 15)),
            mx::constI32(b, 0x7fff0000)));
        amaxes.push_back(arith::AndIOp::create(
            b, arith::ShRUIOp::create(b, halves, mx::constI32(b, 1)),
            mx::constI32(b, 0x7fff0000)));
      }
    } else {
      for (int64_t r = 0; r < 32; ++r) {
        x.push_back(loadRow(buffers.input, r));
        ema.push_back(buffers.ema
                          ? loadRow(buffers.ema, r)
                          : SmallVector<Value>(kColumnsPerThread, Value()));
      }
      for (int64_t j = 0; j < kColumnsPerThread; ++j) {
        Value amax = magnitudeBits(b, x[0][j]);
        for (int64_t r = 1; r < 32; ++r)
          amax = arith::MaxSIOp::create(b, amax, magnitudeBits(b, x[r][j]));
        amaxes.push_back(amax);
      }
    }
    SmallVector<Value> scaleBytes;
    // The nibbles of columns whose blocks are not special.
    Value keep = mx::constI32(b, 0);
    for (int64_t j = 0; j < kColumnsPerThread; ++j) {
      Value amax = amaxes[j];
      scaleBytes.push_back(arith::TruncIOp::create(
          b, i8, mx::buildQuantizeScaleByte(b, amax, op.getScaleRule())));
      keep = arith::OrIOp::create(
          b, keep,
          arith::SelectOp::create(b, mx::buildSpecialBlock(b, amax),
                                  mx::constI32(b, 0),
                                  mx::constI32(b, 0xfu << (4 * j))));
    }
    auto scaleStore = vector::StoreOp::create(
        b,
        vector::FromElementsOp::create(
            b, VectorType::get({kColumnsPerThread}, i8), scaleBytes),
        buffers.scales, ValueRange{blockRow, col});
    scaleStore.setAlignment(static_cast<uint64_t>(kColumnsPerThread));

    bool stochastic =
        op.getRounding() == mx::Rounding::Stochastic && !buffers.ema;
    Value lane = arith::RemUIOp::create(
        b, arith::IndexCastUIOp::create(b, i32, thread), mx::constI32(b, 32));
    Value inQuad = arith::AndIOp::create(b, lane, mx::constI32(b, 3));
    auto codesType = VectorType::get({2}, i8);
    Value codeColumn = arith::DivUIOp::create(b, col, mx::constIndex(b, 2));
    // For pairs: 2^-s of the pair's two columns, as the halves of a bf16
    // pair.
    SmallVector<Value> inverses;
    for (int64_t q = 0; roundsBF16Pairs(op) && q < kColumnsPerThread / 2; ++q)
      inverses.push_back(arith::OrIOp::create(
          b, inverseScaleBF16(b, scaleBytes[2 * q]),
          arith::ShLIOp::create(b, inverseScaleBF16(b, scaleBytes[2 * q + 1]),
                                mx::constI32(b, 16))));
    for (int64_t first = 0; first < 32; first += 4) {
      // Word w of the Philox block of row first + k is words[w] on lane k
      // of the quad; lane q needs word q of each row's block (a 4 x 4
      // transpose within the quad). Lane q sends words[q ^ d] to lane q ^ d
      // (d = 1, 2, 3), which receives word q ^ d of row first + q; so
      // fromRow[d] is word q of row first + (q ^ d), and row first + k's is
      // fromRow[q ^ k]: two permutations of four registers by xor with q
      // (eight selects each) and three shuffles.
      SmallVector<Value> random;
      if (stochastic) {
        Value groupStart = arith::SubIOp::create(
            b, col,
            arith::RemUIOp::create(b, col, mx::constIndex(b, kPerGroup)));
        Value ownRow = arith::AddIOp::create(
            b, arith::AddIOp::create(b, firstRow, mx::constIndex(b, first)),
            arith::IndexCastUIOp::create(b, b.getIndexType(), inQuad));
        std::array<Value, 4> words = randomWordsAt(
            b, op,
            arith::AddIOp::create(
                b, arith::MulIOp::create(b, ownRow, mx::constIndex(b, cols)),
                groupStart));
        std::array<Value, 4> toSend = permuteByXor(b, words, inQuad);
        std::array<Value, 4> fromRow;
        fromRow[0] = toSend[0];
        for (int64_t d = 1; d < 4; ++d)
          fromRow[d] =
              gpu::ShuffleOp::create(b, toSend[d], mx::constI32(b, d),
                                     mx::constI32(b, 32), gpu::ShuffleMode::XOR)
                  .getShuffleResult();
        llvm::append_range(random, permuteByXor(b, fromRow, inQuad));
      }
      for (int64_t k = 0; k < 4; ++k) {
        int64_t r = first + k;
        Value packed;
        if (roundsBF16Pairs(op)) {
          SmallVector<Value> words(1, mx::constI32(b, 0));
          for (int64_t q = 0; q < kColumnsPerThread / 2; ++q)
            placeCodes(b, words, 2 * q,
                       codeByteOfBF16Pair(b, pairs[r][q], inverses[q],
                                          op.getRounding()));
          packed = words.front();
        } else {
          SmallVector<Value> row =
              inPairs ? unpackBF16Pairs(b, pairs[r]) : x[r];
          SmallVector<Value> rowEma =
              inPairs ? SmallVector<Value>(kColumnsPerThread) : ema[r];
          ArrayRef<Value> rowRandom = stochastic
                                          ? ArrayRef<Value>(random).slice(k, 1)
                                          : ArrayRef<Value>();
          packed =
              convertsInHardware(op)
                  ? codesInHardware(b, row, scaleBytes, rowRandom).front()
                  : codesInSoftware(b, op, row, scaleBytes, rowEma, rowRandom)
                        .front();
        }
        Value codes = arith::TruncIOp::create(
            b, b.getI16Type(), arith::AndIOp::create(b, packed, keep));
        auto store = vector::StoreOp::create(
            b,
            vector::BitCastOp::create(
                b, codesType,
                vector::BroadcastOp::create(
                    b, VectorType::get({1}, b.getI16Type()), codes)),
            buffers.codes,
            ValueRange{arith::AddIOp::create(b, firstRow, mx::constIndex(b, r)),
                       codeColumn});
        store.setAlignment(static_cast<uint64_t>(2));
      }
    }
  }
};

} // namespace
