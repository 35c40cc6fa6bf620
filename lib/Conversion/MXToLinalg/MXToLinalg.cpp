//===- MXToLinalg.cpp - Lower mx ops to linalg on packed bytes ------------===//
//
// The reference semantics of the mx dialect (docs/numerics.md), written once
// as upstream IR: linalg.generic ops whose bodies use only exact integer and
// float arithmetic, on the byte storage of codes and scales.
//
//===----------------------------------------------------------------------===//

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"

#include "mx/Conversion/Passes.h"
#include "mx/Dialect/MX/IR/MXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::mx {
#define GEN_PASS_DEF_CONVERTMXTOLINALG
#include "mx/Conversion/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;
using namespace mlir::mx;

//===----------------------------------------------------------------------===//
// Storage types
//===----------------------------------------------------------------------===//

static bool isCodeTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<Float4E2M1FNType>(tensor.getElementType());
}

static bool isScaleTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<Float8E8M0FNUType>(tensor.getElementType());
}

bool mlir::mx::isMXStorageType(Type type) {
  return isCodeTensor(type) || isScaleTensor(type);
}

/// The packed shape of a codes tensor: the innermost dimension halved.
static SmallVector<int64_t> packedShape(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> packed(shape);
  if (!ShapedType::isDynamic(packed.back()))
    packed.back() /= 2;
  return packed;
}

MXStorageTypeConverter::MXStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> std::optional<Type> {
    Type i8 = IntegerType::get(type.getContext(), 8);
    if (isScaleTensor(type))
      return RankedTensorType::get(type.getShape(), i8);
    if (!isCodeTensor(type))
      return std::nullopt;
    if (type.getRank() == 0 || (!ShapedType::isDynamic(type.getShape().back()) &&
                                type.getShape().back() % 2 != 0))
      return Type(); // No byte layout: reported by the pass beforehand.
    return RankedTensorType::get(packedShape(type.getShape()), i8);
  });
}

//===----------------------------------------------------------------------===//
// Scalar arithmetic used inside linalg.generic bodies
//===----------------------------------------------------------------------===//

namespace {

/// Emits the scalar integer and float arithmetic of the MX semantics. All
/// values are i32, i64 or f32.
class ScalarEmitter {
public:
  explicit ScalarEmitter(ImplicitLocOpBuilder &b) : b(b) {}

  ImplicitLocOpBuilder &builder() { return b; }

  Value i32(uint32_t value) {
    return arith::ConstantOp::create(
        b, b.getI32IntegerAttr(static_cast<int32_t>(value)));
  }
  Value i64(int64_t value) {
    return arith::ConstantOp::create(b, b.getI64IntegerAttr(value));
  }
  Value f32(float value) {
    return arith::ConstantOp::create(b, b.getF32FloatAttr(value));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, x, y); }
  Value band(Value x, Value y) { return arith::AndIOp::create(b, x, y); }
  Value bor(Value x, Value y) { return arith::OrIOp::create(b, x, y); }
  Value bxor(Value x, Value y) { return arith::XOrIOp::create(b, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, x, y); }
  Value shr(Value x, Value y) { return arith::ShRUIOp::create(b, x, y); }
  Value cmp(arith::CmpIPredicate pred, Value x, Value y) {
    return arith::CmpIOp::create(b, pred, x, y);
  }
  Value fcmp(arith::CmpFPredicate pred, Value x, Value y) {
    return arith::CmpFOp::create(b, pred, x, y);
  }
  Value select(Value cond, Value x, Value y) {
    return arith::SelectOp::create(b, cond, x, y);
  }
  Value zext32(Value x) { return arith::ExtUIOp::create(b, b.getI32Type(), x); }
  Value trunc(Type type, Value x) { return arith::TruncIOp::create(b, type, x); }
  Value bitsOf(Value x) { return arith::BitcastOp::create(b, b.getI32Type(), x); }
  Value floatOf(Value bits) {
    return arith::BitcastOp::create(b, b.getF32Type(), bits);
  }
  Value indexToI64(Value x) {
    return arith::IndexCastUIOp::create(b, b.getI64Type(), x);
  }

  /// Extends a f32, bf16 or f16 value to f32 (exact).
  Value toF32(Value x) {
    if (x.getType().isF32())
      return x;
    return arith::ExtFOp::create(b, b.getF32Type(), x);
  }

  /// The magnitude of E2M1 code `mag` (0..7, i32) as f32:
  /// 0, 0.5, 1, 1.5, 2, 3, 4, 6. For mag >= 2 the float has exponent
  /// (mag >> 1) - 1 and mantissa bit (mag & 1).
  Value decodeMagnitude(Value mag) {
    Value normal = bor(shl(add(shr(mag, i32(1)), i32(126)), i32(23)),
                       shl(band(mag, i32(1)), i32(22)));
    Value bits = select(cmp(arith::CmpIPredicate::ult, mag, i32(2)),
                        mul(mag, i32(0x3f000000)), normal);
    return floatOf(bits);
  }

  /// The value of a 4-bit E2M1 code (i32, sign in bit 3) as f32.
  Value decodeCode(Value code) {
    Value magnitude = bitsOf(decodeMagnitude(band(code, i32(7))));
    return floatOf(bor(magnitude, shl(band(code, i32(8)), i32(28))));
  }

  /// The value 2^(byte - 127) of an E8M0 scale byte (i32, 0..255) as f32:
  /// byte 0 is the subnormal 2^-127, byte 255 is NaN.
  Value decodeScale(Value byte) {
    Value bits = select(cmp(arith::CmpIPredicate::eq, byte, i32(0)),
                        i32(0x00400000), shl(byte, i32(23)));
    bits = select(cmp(arith::CmpIPredicate::eq, byte, i32(255)),
                  i32(0x7fc00000), bits);
    return floatOf(bits);
  }

  /// The number of grid points of {0.5, 1, 1.5, 2, 3, 4, 6} that are <= a,
  /// i.e. the code of the largest grid point q_lo <= a (a >= 0 and not NaN,
  /// f32). From a's bits: below 1 it is a >= 0.5; from 1 on, the grid has
  /// one mantissa bit, so the code is 2 * (exponent - 126) plus a's first
  /// mantissa bit, at most 7.
  Value gridFloor(Value a) {
    using Pred = arith::CmpIPredicate;
    Value bits = bitsOf(a);
    Value exponent = shr(bits, i32(23));
    Value twice = shl(sub(exponent, i32(126)), i32(1));
    Value normal = add(twice, band(shr(bits, i32(22)), i32(1)));
    normal = arith::MinUIOp::create(b, normal, i32(7));
    Value small = zext32(fcmp(arith::CmpFPredicate::OGE, a, f32(0.5f)));
    return select(cmp(Pred::uge, exponent, i32(127)), normal, small);
  }

  /// Philox4x32-10 (Salmon et al., SC'11) on counter `ctr` with key `key`.
  std::array<Value, 4> philox4x32x10(std::array<Value, 4> ctr,
                                      std::array<Value, 2> key) {
    Value m0 = i32(0xD2511F53), m1 = i32(0xCD9E8D57);
    Value w0 = i32(0x9E3779B9), w1 = i32(0xBB67AE85);
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        key[0] = add(key[0], w0);
        key[1] = add(key[1], w1);
      }
      auto p0 = arith::MulUIExtendedOp::create(b, m0, ctr[0]);
      auto p1 = arith::MulUIExtendedOp::create(b, m1, ctr[2]);
      ctr = {bxor(bxor(p1.getHigh(), ctr[1]), key[0]), p1.getLow(),
             bxor(bxor(p0.getHigh(), ctr[3]), key[1]), p0.getLow()};
    }
    return ctr;
  }

  /// The 16 random bytes of elements 16 * group .. 16 * group + 15 (i64
  /// each) of the stream (`seed`, `offset`): the output words x0..x3 of
  /// Philox4x32-10 with counter (group, offset) and key seed, 64-bit values
  /// split low word first.
  std::array<Value, 4> randomWords(Value seed, Value offset, Value group) {
    auto lo = [&](Value x) { return trunc(b.getI32Type(), x); };
    auto hi = [&](Value x) {
      return trunc(b.getI32Type(), arith::ShRUIOp::create(b, x, i64(32)));
    };
    return philox4x32x10({lo(group), hi(group), lo(offset), hi(offset)},
                         {lo(seed), hi(seed)});
  }

  /// The random byte (i32, 0..255) of element `index` (i64) of the stream
  /// (`seed`, `offset`) (i64 each): byte `index % 16` of the 16 output bytes
  /// x0..x3 (little-endian words) of Philox4x32-10 with counter
  /// (index / 16, offset) and key seed, 64-bit values split low word first.
  Value randomByte(Value seed, Value offset, Value index) {
    Value group = arith::ShRUIOp::create(b, index, i64(4));
    std::array<Value, 4> words = randomWords(seed, offset, group);
    Value lane = trunc(b.getI32Type(), band(index, i64(15)));
    Value word = shr(lane, i32(2));
    Value chosen = words[3];
    for (int w = 2; w >= 0; --w)
      chosen = select(cmp(arith::CmpIPredicate::eq, word, i32(w)), words[w],
                      chosen);
    Value shift = shl(band(lane, i32(3)), i32(3));
    return band(shr(chosen, shift), i32(0xff));
  }

private:
  ImplicitLocOpBuilder &b;
};

} // namespace

Value mlir::mx::buildDecodeScale(ImplicitLocOpBuilder &b, Value byte) {
  return ScalarEmitter(b).decodeScale(byte);
}

std::array<Value, 4> mlir::mx::buildRandomWords(ImplicitLocOpBuilder &b,
                                                Value seed, Value offset,
                                                Value group) {
  return ScalarEmitter(b).randomWords(seed, offset, group);
}

//===----------------------------------------------------------------------===//
// Helpers for building linalg ops
//===----------------------------------------------------------------------===//

/// Sizes of `value`'s tensor type, dynamic ones read with tensor.dim.
static SmallVector<OpFoldResult> sizesOf(OpBuilder &b, Location loc,
                                         Value value) {
  return tensor::getMixedSizes(b, loc, value);
}

/// `size` divided (exactly) by `divisor`, folded when static.
static OpFoldResult divideSize(OpBuilder &b, Location loc, OpFoldResult size,
                               int64_t divisor) {
  if (std::optional<int64_t> known = getConstantIntValue(size))
    return b.getIndexAttr(*known / divisor);
  Value divisorValue = arith::ConstantIndexOp::create(b, loc, divisor);
  return arith::DivUIOp::create(b, loc, cast<Value>(size), divisorValue)
      .getResult();
}

/// `size` multiplied by `factor`, folded when static.
static OpFoldResult multiplySize(OpBuilder &b, Location loc, OpFoldResult size,
                                 int64_t factor) {
  if (std::optional<int64_t> known = getConstantIntValue(size))
    return b.getIndexAttr(*known * factor);
  Value factorValue = arith::ConstantIndexOp::create(b, loc, factor);
  return arith::MulIOp::create(b, loc, cast<Value>(size), factorValue)
      .getResult();
}

/// Checks at run time that a dynamic `size` is a multiple of `divisor`
/// (static sizes were checked by the verifiers and the storage check).
static void assertMultiple(OpBuilder &b, Location loc, OpFoldResult size,
                           int64_t divisor, StringRef message) {
  if (getConstantIntValue(size))
    return;
  Value remainder = arith::RemUIOp::create(
      b, loc, cast<Value>(size), arith::ConstantIndexOp::create(b, loc, divisor));
  Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, remainder,
                                   arith::ConstantIndexOp::create(b, loc, 0));
  cf::AssertOp::create(b, loc, ok, message);
}

static Value emptyTensor(OpBuilder &b, Location loc,
                         ArrayRef<OpFoldResult> sizes, Type elementType) {
  return tensor::EmptyOp::create(b, loc, sizes, elementType);
}

static Value filledTensor(OpBuilder &b, Location loc,
                          ArrayRef<OpFoldResult> sizes, TypedAttr value) {
  Value init = emptyTensor(b, loc, sizes, value.getType());
  Value scalar = arith::ConstantOp::create(b, loc, value);
  return linalg::FillOp::create(b, loc, scalar, init).getResult(0);
}

/// Splits dimension `axis` of `value` into (size / 32, 32).
static Value expandBlocks(OpBuilder &b, Location loc, Value value,
                          int64_t axis) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes = sizesOf(b, loc, value);
  SmallVector<OpFoldResult> expandedSizes;
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t d = 0, e = type.getRank(); d < e; ++d) {
    int64_t first = static_cast<int64_t>(expandedSizes.size());
    if (d == axis) {
      expandedSizes.push_back(divideSize(b, loc, sizes[d], kBlockSize));
      expandedSizes.push_back(b.getIndexAttr(kBlockSize));
      reassociation.push_back({first, first + 1});
    } else {
      expandedSizes.push_back(sizes[d]);
      reassociation.push_back({first});
    }
  }
  SmallVector<int64_t> staticShape;
  SmallVector<Value> dynamicSizes;
  dispatchIndexOpFoldResults(expandedSizes, dynamicSizes, staticShape);
  auto expandedType =
      RankedTensorType::get(staticShape, type.getElementType());
  return tensor::ExpandShapeOp::create(b, loc, expandedType, value,
                                       reassociation, expandedSizes);
}

/// Identity map over `rank` loops without loop `dropped`.
static AffineMap dropDimMap(MLIRContext *ctx, int64_t rank, int64_t dropped) {
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != dropped)
      exprs.push_back(getAffineDimExpr(d, ctx));
  return AffineMap::get(rank, 0, exprs, ctx);
}

/// Decodes packed codes (`packed`, i8 storage of `codesType`) and their
/// scales along `axis` into a tensor of `resultElementType`.
static Value emitDequantize(OpBuilder &builder, Location loc, Value packed,
                            Value scales, RankedTensorType codesType,
                            int64_t axis, Type resultElementType) {
  MLIRContext *ctx = builder.getContext();
  int64_t rank = codesType.getRank();
  SmallVector<OpFoldResult> sizes = sizesOf(builder, loc, packed);
  sizes.back() = multiplySize(builder, loc, sizes.back(), 2);
  assertMultiple(builder, loc, sizes[axis], kBlockSize,
                 "mx: the quantized dimension is not a multiple of 32");

  // codes[.., j] lives in byte [.., j floordiv 2]; the scale of element
  // [.., i_axis, ..] is [.., i_axis floordiv 32, ..].
  SmallVector<AffineExpr> packedExprs, scaleExprs;
  for (int64_t d = 0; d < rank; ++d) {
    AffineExpr dim = getAffineDimExpr(d, ctx);
    packedExprs.push_back(d == rank - 1 ? dim.floorDiv(2) : dim);
    scaleExprs.push_back(d == axis ? dim.floorDiv(kBlockSize) : dim);
  }
  SmallVector<AffineMap> maps = {
      AffineMap::get(rank, 0, packedExprs, ctx),
      AffineMap::get(rank, 0, scaleExprs, ctx),
      AffineMap::getMultiDimIdentityMap(rank, ctx)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  Value init = emptyTensor(builder, loc, sizes, resultElementType);
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{init.getType()}, ValueRange{packed, scales},
      ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        ImplicitLocOpBuilder b(nestedLoc, nested);
        ScalarEmitter e(b);
        Value column = linalg::IndexOp::create(b, rank - 1);
        Value odd = e.trunc(b.getI32Type(), e.indexToI64(column));
        Value shift = e.shl(e.band(odd, e.i32(1)), e.i32(2));
        Value code = e.band(e.shr(e.zext32(args[0]), shift), e.i32(0xf));
        Value value = arith::MulFOp::create(b, e.decodeCode(code),
                                            e.decodeScale(e.zext32(args[1])));
        if (!resultElementType.isF32())
          value = arith::TruncFOp::create(b, resultElementType, value);
        linalg::YieldOp::create(b, value);
      });
  return generic.getResult(0);
}

/// Replaces `op` with `values`, cast to the storage types of its declared
/// results where those are more static than what the lowering computed
/// (the verifiers accept compatible shapes, e.g. tensor<?x64xf32> in and
/// tensor<8x64xf4E2M1FN> out).
static void replaceWithDeclaredTypes(Operation *op, ValueRange values,
                                     const TypeConverter &converter,
                                     ConversionPatternRewriter &rewriter) {
  SmallVector<Value> results;
  for (auto [value, result] : llvm::zip(values, op->getResults())) {
    Type declared = converter.convertType(result.getType());
    if (declared && declared != value.getType())
      value = tensor::CastOp::create(rewriter, op->getLoc(), declared, value);
    results.push_back(value);
  }
  rewriter.replaceOp(op, results);
}

//===----------------------------------------------------------------------===//
// mx.quantize
//===----------------------------------------------------------------------===//

namespace {

struct QuantizeOpLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    int64_t expandedRank = rank + 1;
    int64_t lane = axis + 1; // the loop over the 32 values of a block
    Type i8 = rewriter.getI8Type();

    SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, input);
    assertMultiple(rewriter, loc, sizes[axis], kBlockSize,
                   "mx.quantize: the quantized dimension is not a multiple "
                   "of 32");
    assertMultiple(rewriter, loc, sizes.back(), 2,
                   "mx.quantize: codes need an even innermost dimension");
    SmallVector<OpFoldResult> blockSizes(sizes);
    blockSizes[axis] = divideSize(rewriter, loc, sizes[axis], kBlockSize);

    Value expanded = expandBlocks(rewriter, loc, input, axis);
    Value ema = adaptor.getEma()
                    ? expandBlocks(rewriter, loc, adaptor.getEma(), axis)
                    : Value();

    AffineMap identity = AffineMap::getMultiDimIdentityMap(expandedRank, ctx);
    AffineMap perBlock = dropDimMap(ctx, expandedRank, lane);
    SmallVector<utils::IteratorType> parallel(expandedRank,
                                              utils::IteratorType::parallel);

    // 1. amax of each block, as the bits of |x| (a NaN or an infinity gives
    //    bits >= 0x7f800000).
    SmallVector<utils::IteratorType> reduction(parallel);
    reduction[lane] = utils::IteratorType::reduction;
    Value amaxInit =
        filledTensor(rewriter, loc, blockSizes, rewriter.getI32IntegerAttr(0));
    Value amaxBits =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{amaxInit.getType()}, ValueRange{expanded},
            ValueRange{amaxInit}, ArrayRef<AffineMap>{identity, perBlock},
            reduction,
            [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
              ImplicitLocOpBuilder b(nestedLoc, nested);
              ScalarEmitter e(b);
              Value bits =
                  e.band(e.bitsOf(e.toF32(args[0])), e.i32(0x7fffffff));
              Value amax = arith::MaxSIOp::create(b, bits, args[1]);
              linalg::YieldOp::create(b, amax);
            })
            .getResult(0);

    // 2. The scale byte of each block.
    ScaleRule rule = op.getScaleRule();
    Value scalesInit = emptyTensor(rewriter, loc, blockSizes, i8);
    AffineMap blockIdentity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    Value scales =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{scalesInit.getType()},
            ValueRange{amaxBits}, ValueRange{scalesInit},
            ArrayRef<AffineMap>{blockIdentity, blockIdentity},
            SmallVector<utils::IteratorType>(rank,
                                             utils::IteratorType::parallel),
            [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
              ImplicitLocOpBuilder b(nestedLoc, nested);
              ScalarEmitter e(b);
              Value byte = scaleByte(e, args[0], rule);
              linalg::YieldOp::create(b, e.trunc(b.getI8Type(), byte));
            })
            .getResult(0);

    // 3. The 4-bit code of each element, one per byte.
    Rounding rounding = op.getRounding();
    Value seed = adaptor.getSeed(), offset = adaptor.getOffset();
    SmallVector<Value> strides; // row-major strides of the input, as i64
    if (rounding == Rounding::Stochastic)
      strides = rowMajorStrides(rewriter, loc, sizes);
    SmallVector<Value> codeInputs = {expanded, amaxBits, scales};
    SmallVector<AffineMap> codeMaps = {identity, perBlock, perBlock};
    if (ema) {
      codeInputs.push_back(ema);
      codeMaps.push_back(identity);
    }
    codeMaps.push_back(identity);
    SmallVector<OpFoldResult> expandedSizes =
        sizesOf(rewriter, loc, expanded);
    Value codesInit = emptyTensor(rewriter, loc, expandedSizes, i8);
    Value codes =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{codesInit.getType()}, codeInputs,
            ValueRange{codesInit}, codeMaps, parallel,
            [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
              ImplicitLocOpBuilder b(nestedLoc, nested);
              ScalarEmitter e(b);
              Value x = e.toF32(args[0]);
              Value emaValue = ema ? e.toF32(args[3]) : Value();
              Value randomByte;
              if (rounding == Rounding::Stochastic) {
                Value index = linearIndex(b, e, strides, axis, rank);
                randomByte = e.randomByte(seed, offset, index);
              }
              Value code = elementCode(e, x, args[1], args[2], rounding,
                                       emaValue, randomByte);
              linalg::YieldOp::create(b, e.trunc(b.getI8Type(), code));
            })
            .getResult(0);

    // 4. Back to the input's shape, then two codes per byte.
    SmallVector<ReassociationIndices> reassociation;
    for (int64_t d = 0; d < rank; ++d) {
      if (d < axis)
        reassociation.push_back({d});
      else if (d == axis)
        reassociation.push_back({d, d + 1});
      else
        reassociation.push_back({d + 1});
    }
    Value unpacked =
        tensor::CollapseShapeOp::create(rewriter, loc, codes, reassociation);
    Value packed = packCodes(rewriter, loc, unpacked, sizes);
    replaceWithDeclaredTypes(op, {packed, scales}, *getTypeConverter(),
                             rewriter);
    return success();
  }

  /// 2^-s (f32) for the scale byte `scaleByte` (i8) = s + 127. It is a
  /// normal float for every s a finite, non-zero block can have (-127 to
  /// 126: amax is below 2^128).
  static Value inverseScaleOf(ScalarEmitter &e, Value scaleByte) {
    Value s = e.sub(e.zext32(scaleByte), e.i32(127));
    return e.floatOf(e.shl(e.sub(e.i32(127), s), e.i32(23)));
  }

  /// The E8M0 byte (i32) of a block from the bits of its amax (i32).
  static Value scaleByte(ScalarEmitter &e, Value amaxBits, ScaleRule rule) {
    using Pred = arith::CmpIPredicate;
    Value exponent = e.shr(amaxBits, e.i32(23));
    // floor: s = floor(log2 amax) - 2 = (exponent - 127) - 2.
    Value s = e.sub(exponent, e.i32(129));
    if (rule == ScaleRule::Ceil) {
      // ceil: s = ceil(log2(amax / 6)). With amax = 1.f * 2^E, it is E - 2
      // when 1.f <= 1.5 and E - 1 above: the fraction bits exceed 0x400000.
      Value fraction = e.band(amaxBits, e.i32(0x7fffff));
      s = e.add(s, e.zext32(e.cmp(Pred::ugt, fraction, e.i32(0x400000))));
    }
    // Subnormal amax gives s < -127 here, as it should, and is clamped.
    Value minimum = e.i32(static_cast<uint32_t>(-127));
    s = arith::MaxSIOp::create(e.builder(), s, minimum);
    s = arith::MinSIOp::create(e.builder(), s, e.i32(127));
    Value byte = e.add(s, e.i32(127));
    byte = e.select(e.cmp(Pred::eq, amaxBits, e.i32(0)), e.i32(0), byte);
    return e.select(e.cmp(Pred::uge, amaxBits, e.i32(0x7f800000)),
                    e.i32(0xff), byte);
  }

  /// The 4-bit code (i32) of f32 value `x` in a block with amax bits
  /// `amaxBits` and scale byte `scaleByte` (i8).
  static Value elementCode(ScalarEmitter &e, Value x, Value amaxBits,
                           Value scaleByte, Rounding rounding, Value ema,
                           Value randomByte) {
    Value code =
        codeOutsideSpecialBlocks(e, x, scaleByte, rounding, ema, randomByte);
    return e.select(specialBlock(e, amaxBits), e.i32(0), code);
  }

  /// Whether a block with amax bits `amaxBits` is all zeros or holds a NaN
  /// or an infinity: its codes are all zero (+0).
  static Value specialBlock(ScalarEmitter &e, Value amaxBits) {
    using Pred = arith::CmpIPredicate;
    return arith::OrIOp::create(
        e.builder(), e.cmp(Pred::eq, amaxBits, e.i32(0)),
        e.cmp(Pred::uge, amaxBits, e.i32(0x7f800000)));
  }

  /// elementCode in a block that is not special (specialBlock).
  static Value codeOutsideSpecialBlocks(ScalarEmitter &e, Value x,
                                        Value scaleByte, Rounding rounding,
                                        Value ema, Value randomByte) {
    using Pred = arith::CmpIPredicate;
    using FPred = arith::CmpFPredicate;
    ImplicitLocOpBuilder &b = e.builder();
    // v = x / 2^s, computed as x * 2^-s.
    Value inverseScale = inverseScaleOf(e, scaleByte);
    Value v = arith::MulFOp::create(b, x, inverseScale);
    Value xBits = e.bitsOf(x);
    Value sign = e.shr(xBits, e.i32(31));
    Value a = e.floatOf(e.band(e.bitsOf(v), e.i32(0x7fffffff)));

    Value magnitude;
    if (ema) {
      // Q-EMA: between q_lo <= a < q_hi, go up iff sign(x) * ema / 2^s >=
      // (q_lo + q_hi) / 2. A zero weight stays zero.
      Value low = e.gridFloor(a);
      Value qLow = e.decodeMagnitude(low);
      Value qHigh = e.decodeMagnitude(e.add(low, e.i32(1)));
      Value midpoint = arith::MulFOp::create(
          b, arith::AddFOp::create(b, qLow, qHigh), e.f32(0.5f));
      Value emaScaled = arith::MulFOp::create(b, ema, inverseScale);
      Value signed_ = e.select(e.cmp(Pred::ne, sign, e.i32(0)),
                               arith::NegFOp::create(b, emaScaled), emaScaled);
      Value up = arith::AndIOp::create(
          b, e.fcmp(FPred::OGE, signed_, midpoint),
          e.cmp(Pred::ult, low, e.i32(7)));
      Value isZero = e.cmp(Pred::eq, e.band(xBits, e.i32(0x7fffffff)),
                           e.i32(0));
      up = arith::AndIOp::create(
          b, up, arith::XOrIOp::create(b, isZero, boolConstant(b, true)));
      magnitude = e.add(low, e.zext32(up));
    } else if (rounding == Rounding::Stochastic) {
      // Between q_lo <= a < q_hi: t = floor(256 (a - q_lo) / (q_hi - q_lo)),
      // go up iff t + r >= 256. Both come from a's bits, exactly: from 1 up
      // (a = 2^e (1 + m 2^-23)), q_lo keeps a's exponent and the top bit
      // of m, the gap is 2^(e-1), so q_lo's code is (a's bits >> 22) - 252
      // (at most 7) and t is bits 21..14 of m. Below 1 the grid is 0, 0.5,
      // 1: q_lo's code is a >= 0.5 and t = floor(512 a) mod 256 (512 a is
      // exact).
      Value aBits = e.bitsOf(a);
      Value fromOne = e.cmp(Pred::uge, aBits, e.i32(0x3f800000));
      Value low = e.select(
          fromOne,
          arith::MinUIOp::create(
              b, e.sub(e.shr(aBits, e.i32(22)), e.i32(252)), e.i32(7)),
          e.zext32(e.cmp(Pred::uge, aBits, e.i32(0x3f000000))));
      // Below 1 only: from 1 up the conversion may overflow and is unused.
      Value tBelowOne = arith::FPToUIOp::create(
          b, b.getI32Type(), arith::MulFOp::create(b, a, e.f32(512.0f)));
      Value t = e.band(e.select(fromOne, e.shr(aBits, e.i32(14)), tBelowOne),
                       e.i32(0xff));
      Value up = arith::AndIOp::create(
          b, e.cmp(Pred::uge, e.add(t, randomByte), e.i32(256)),
          e.cmp(Pred::ult, low, e.i32(7)));
      magnitude = e.add(low, e.zext32(up));
    } else {
      // Nearest: count the midpoints 0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5 that
      // a is above. At a tie, away-from-zero always goes up; to-even goes up
      // when the upper neighbour's code is even (midpoints 1, 3 and 5).
      // (Measured on the H200, this was faster than finding the grid
      // interval first, as the stochastic case does, and than rounding a's
      // mantissa to one bit with integer arithmetic.)
      static constexpr float kMidpoints[] = {0.25f, 0.75f, 1.25f, 1.75f,
                                             2.5f,  3.5f,  5.0f};
      magnitude = e.i32(0);
      for (int k = 0; k < 7; ++k) {
        bool tieUp = rounding == Rounding::NearestAway || k % 2 == 1;
        Value above =
            e.fcmp(tieUp ? FPred::OGE : FPred::OGT, a, e.f32(kMidpoints[k]));
        magnitude = e.add(magnitude, e.zext32(above));
      }
    }
    return e.bor(magnitude, e.shl(sign, e.i32(3)));
  }

private:
  static Value boolConstant(ImplicitLocOpBuilder &b, bool value) {
    return arith::ConstantOp::create(b, b.getBoolAttr(value));
  }

  /// Row-major strides (i64) of a tensor with `sizes`.
  static SmallVector<Value> rowMajorStrides(OpBuilder &b, Location loc,
                                            ArrayRef<OpFoldResult> sizes) {
    SmallVector<Value> strides(sizes.size());
    Value stride = arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(1));
    for (int64_t d = static_cast<int64_t>(sizes.size()) - 1; d >= 0; --d) {
      strides[d] = stride;
      Value size = getValueOrCreateConstantIndexOp(b, loc, sizes[d]);
      size = arith::IndexCastUIOp::create(b, loc, b.getI64Type(), size);
      stride = arith::MulIOp::create(b, loc, stride, size);
    }
    return strides;
  }

  /// The row-major index (i64) in the original input of the element that
  /// the enclosing generic over the block-expanded shape is visiting.
  static Value linearIndex(ImplicitLocOpBuilder &b, ScalarEmitter &e,
                           ArrayRef<Value> strides, int64_t axis,
                           int64_t rank) {
    Value index = e.i64(0);
    for (int64_t d = 0; d < rank; ++d) {
      int64_t loop = d <= axis ? d : d + 1;
      Value coordinate = e.indexToI64(linalg::IndexOp::create(b, loop));
      if (d == axis) {
        Value inBlock = e.indexToI64(linalg::IndexOp::create(b, axis + 1));
        coordinate = e.add(e.mul(coordinate, e.i64(kBlockSize)), inBlock);
      }
      index = e.add(index, e.mul(coordinate, strides[d]));
    }
    return index;
  }

  /// Packs one-code-per-byte `codes` two per byte along the innermost
  /// dimension, the even element in the low nibble.
  static Value packCodes(OpBuilder &builder, Location loc, Value codes,
                         ArrayRef<OpFoldResult> sizes) {
    MLIRContext *ctx = builder.getContext();
    int64_t rank = static_cast<int64_t>(sizes.size());
    SmallVector<OpFoldResult> packedSizes(sizes);
    packedSizes.back() = divideSize(builder, loc, sizes.back(), 2);
    SmallVector<AffineExpr> evenExprs, oddExprs;
    for (int64_t d = 0; d < rank; ++d) {
      AffineExpr dim = getAffineDimExpr(d, ctx);
      evenExprs.push_back(d == rank - 1 ? dim * 2 : dim);
      oddExprs.push_back(d == rank - 1 ? dim * 2 + 1 : dim);
    }
    SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, evenExprs, ctx),
                                   AffineMap::get(rank, 0, oddExprs, ctx),
                                   AffineMap::getMultiDimIdentityMap(rank, ctx)};
    Value init = emptyTensor(builder, loc, packedSizes, builder.getI8Type());
    return linalg::GenericOp::create(
               builder, loc, TypeRange{init.getType()},
               ValueRange{codes, codes}, ValueRange{init}, maps,
               SmallVector<utils::IteratorType>(rank,
                                                utils::IteratorType::parallel),
               [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                 ImplicitLocOpBuilder b(nestedLoc, nested);
                 Value four = arith::ConstantOp::create(b, b.getI8IntegerAttr(4));
                 Value high = arith::ShLIOp::create(b, args[1], four);
                 Value pair = arith::OrIOp::create(b, args[0], high);
                 linalg::YieldOp::create(b, pair);
               })
        .getResult(0);
  }
};

} // namespace

Value mlir::mx::buildQuantizeScaleByte(ImplicitLocOpBuilder &b,
                                      Value amaxBits, ScaleRule rule) {
  ScalarEmitter e(b);
  return QuantizeOpLowering::scaleByte(e, amaxBits, rule);
}

Value mlir::mx::buildInverseScale(ImplicitLocOpBuilder &b, Value scaleByte) {
  ScalarEmitter e(b);
  return QuantizeOpLowering::inverseScaleOf(e, scaleByte);
}

std::array<Value, 4> mlir::mx::buildTiledScaleIndices(ImplicitLocOpBuilder &b,
                                                      Value row, Value col) {
  auto div = [&](Value x, int64_t d) -> Value {
    return arith::DivUIOp::create(b, x, arith::ConstantIndexOp::create(b, d));
  };
  auto rem = [&](Value x, int64_t d) -> Value {
    return arith::RemUIOp::create(b, x, arith::ConstantIndexOp::create(b, d));
  };
  Value inTile = arith::AddIOp::create(
      b,
      arith::MulIOp::create(b, div(rem(row, 128), 32),
                            arith::ConstantIndexOp::create(b, 4)),
      rem(col, 4));
  return {div(row, 128), div(col, 4), rem(row, 32), inTile};
}

Value mlir::mx::buildSpecialBlock(ImplicitLocOpBuilder &b, Value amaxBits) {
  ScalarEmitter e(b);
  return QuantizeOpLowering::specialBlock(e, amaxBits);
}

Value mlir::mx::buildQuantizeCode(ImplicitLocOpBuilder &b, Value x,
                                  Value scaleByte, Rounding rounding,
                                  Value ema, Value randomByte) {
  ScalarEmitter e(b);
  return QuantizeOpLowering::codeOutsideSpecialBlocks(e, x, scaleByte,
                                                      rounding, ema, randomByte);
}

namespace {

//===----------------------------------------------------------------------===//
// mx.dequantize
//===----------------------------------------------------------------------===//

struct DequantizeOpLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value result = emitDequantize(
        rewriter, op.getLoc(), adaptor.getCodes(), adaptor.getScales(),
        op.getCodes().getType(), static_cast<int64_t>(op.getAxis()),
        op.getResult().getType().getElementType());
    replaceWithDeclaredTypes(op, result, *getTypeConverter(), rewriter);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// mx.matmul
//===----------------------------------------------------------------------===//

struct MatmulOpLowering : OpConversionPattern<MatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(MatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    int64_t rank = op.getA().getType().getRank();

    Value acc = adaptor.getAcc();
    if (!acc) {
      SmallVector<OpFoldResult> sizes = sizesOf(rewriter, loc, adaptor.getA());
      sizes.back() = tensor::getMixedSize(rewriter, loc, adaptor.getB(), rank - 2);
      acc = filledTensor(rewriter, loc, sizes, rewriter.getF32FloatAttr(0.0f));
    }

    // One contraction that reads the packed codes and the scales of both
    // operands, over loops (batch..., m, n, kb, kh) with k = 2 kb + kh: kb
    // indexes the byte, kh the nibble in it. A constant [0, 4] gives kh its
    // range and the nibble's shift. Each decoded value times its scale is
    // exact in f32, and so is their product; only the f32 accumulation
    // rounds, in the order of k. The op is tagged so that GPU lowerings can
    // recognise it and use the tensor cores.
    int64_t loops = rank + 2;
    SmallVector<AffineExpr> batch;
    for (int64_t d = 0; d < rank - 2; ++d)
      batch.push_back(getAffineDimExpr(d, ctx));
    AffineExpr m = getAffineDimExpr(rank - 2, ctx);
    AffineExpr n = getAffineDimExpr(rank - 1, ctx);
    AffineExpr kb = getAffineDimExpr(rank, ctx);
    AffineExpr kh = getAffineDimExpr(rank + 1, ctx);
    auto map = [&](ArrayRef<AffineExpr> tail, bool withBatch = true) {
      SmallVector<AffineExpr> exprs;
      if (withBatch)
        exprs.append(batch);
      exprs.append(tail.begin(), tail.end());
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    int64_t bytesPerBlock = kBlockSize / 2;
    SmallVector<AffineMap> maps = {
        map({m, kb}), map({m, kb.floorDiv(bytesPerBlock)}),
        map({n, kb}), map({n, kb.floorDiv(bytesPerBlock)}),
        map({kh}, /*withBatch=*/false), map({m, n})};
    SmallVector<utils::IteratorType> iterators(loops,
                                               utils::IteratorType::parallel);
    iterators[rank] = utils::IteratorType::reduction;
    iterators[rank + 1] = utils::IteratorType::reduction;
    Value shifts = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({2}, rewriter.getI8Type()),
                               ArrayRef<int8_t>{0, 4}));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{acc.getType()},
        ValueRange{adaptor.getA(), adaptor.getAScales(), adaptor.getB(),
                   adaptor.getBScales(), shifts},
        ValueRange{acc}, maps, iterators,
        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          ImplicitLocOpBuilder b(nestedLoc, nested);
          ScalarEmitter e(b);
          Value shift = e.zext32(args[4]);
          auto value = [&](Value packedByte, Value scaleByte) -> Value {
            Value code = e.band(e.shr(e.zext32(packedByte), shift), e.i32(0xf));
            return arith::MulFOp::create(b, e.decodeCode(code),
                                         e.decodeScale(e.zext32(scaleByte)));
          };
          Value product = arith::MulFOp::create(b, value(args[0], args[1]),
                                                value(args[2], args[3]));
          Value sum = arith::AddFOp::create(b, args[5], product);
          linalg::YieldOp::create(b, sum);
        });
    generic->setAttr(kBlockScaledMatmulAttr, rewriter.getUnitAttr());
    replaceWithDeclaredTypes(op, generic.getResult(0), *getTypeConverter(),
                             rewriter);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// arith.constant of codes or scales
//===----------------------------------------------------------------------===//

/// Constants of codes or scales become constants of their storage bytes.
struct MXConstantLowering : OpConversionPattern<arith::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(arith::ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = op.getType();
    auto elements = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!isMXStorageType(type) || !elements)
      return rewriter.notifyMatchFailure(op, "not a dense MX constant");
    auto storageType =
        dyn_cast_or_null<RankedTensorType>(getTypeConverter()->convertType(type));
    if (!storageType)
      return rewriter.notifyMatchFailure(op, "no storage type");

    SmallVector<uint8_t> bits;
    for (const APFloat &value : elements.getValues<APFloat>())
      bits.push_back(
          static_cast<uint8_t>(value.bitcastToAPInt().getZExtValue()));
    SmallVector<APInt> bytes;
    if (isCodeTensor(type)) {
      for (size_t i = 0; i < bits.size(); i += 2)
        bytes.emplace_back(8, bits[i] | (bits[i + 1] << 4));
    } else {
      for (uint8_t byte : bits)
        bytes.emplace_back(8, byte);
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, DenseElementsAttr::get(storageType, bytes));
    return success();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// mx.tile_scales and mx.untile_scales
//===----------------------------------------------------------------------===//

namespace {

/// A tensor of bytes of `shape` whose every element `byteAt` computes from
/// its indices (one parallel linalg.generic without inputs).
Value buildBytesByIndex(
    OpBuilder &builder, Location loc, ArrayRef<int64_t> shape,
    function_ref<Value(ImplicitLocOpBuilder &, ArrayRef<Value>)> byteAt) {
  Value init = tensor::EmptyOp::create(builder, loc, shape, builder.getI8Type());
  int64_t rank = shape.size();
  auto identity = AffineMap::getMultiDimIdentityMap(rank, builder.getContext());
  auto generic = linalg::GenericOp::create(
      builder, loc, TypeRange{init.getType()}, ValueRange{}, ValueRange{init},
      ArrayRef<AffineMap>{identity},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange) {
        ImplicitLocOpBuilder b(nestedLoc, nested);
        SmallVector<Value> indices;
        for (int64_t d = 0; d < rank; ++d)
          indices.push_back(linalg::IndexOp::create(b, d));
        linalg::YieldOp::create(b, ValueRange{byteAt(b, indices)});
      });
  return generic.getResult(0);
}

/// Each byte of the tiled layout reads its scale (or is a zero of the
/// padding): element [rt, ct, i, j] is scale [128 rt + 32 (j / 4) + i,
/// 4 ct + j % 4].
struct TileScalesOpLowering : OpConversionPattern<TileScalesOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(TileScalesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value scales = adaptor.getScales();
    auto scalesType = cast<RankedTensorType>(scales.getType());
    int64_t rows = scalesType.getDimSize(0), cols = scalesType.getDimSize(1);
    Value tiled = buildBytesByIndex(
        rewriter, op.getLoc(), op.getResult().getType().getShape(),
        [&](ImplicitLocOpBuilder &b, ArrayRef<Value> at) -> Value {
          auto idx = [&](int64_t v) {
            return arith::ConstantIndexOp::create(b, v);
          };
          Value j = at[3];
          Value row = arith::AddIOp::create(
              b,
              arith::AddIOp::create(
                  b, arith::MulIOp::create(b, at[0], idx(128)),
                  arith::MulIOp::create(
                      b, arith::DivUIOp::create(b, j, idx(4)), idx(32))),
              at[2]);
          Value col = arith::AddIOp::create(
              b, arith::MulIOp::create(b, at[1], idx(4)),
              arith::RemUIOp::create(b, j, idx(4)));
          Value inside = arith::AndIOp::create(
              b, arith::CmpIOp::create(b, arith::CmpIPredicate::ult, row,
                                       idx(rows)),
              arith::CmpIOp::create(b, arith::CmpIPredicate::ult, col,
                                    idx(cols)));
          // Clamped, so that the padding reads a real element, then zero.
          Value scale = tensor::ExtractOp::create(
              b, scales,
              ValueRange{arith::MinUIOp::create(b, row, idx(rows - 1)),
                         arith::MinUIOp::create(b, col, idx(cols - 1))});
          Value zero = arith::ConstantOp::create(b, b.getI8IntegerAttr(0));
          return arith::SelectOp::create(b, inside, scale, zero);
        });
    replaceWithDeclaredTypes(op, tiled, *getTypeConverter(), rewriter);
    return success();
  }
};

/// Each scale reads its byte of the tiled layout: scale [r, c] is element
/// [r / 128, c / 4, r % 32, 4 ((r % 128) / 32) + c % 4].
struct UntileScalesOpLowering : OpConversionPattern<UntileScalesOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(UntileScalesOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Value tiled = adaptor.getTiled();
    Value scales = buildBytesByIndex(
        rewriter, op.getLoc(), op.getResult().getType().getShape(),
        [&](ImplicitLocOpBuilder &b, ArrayRef<Value> at) -> Value {
          std::array<Value, 4> byte =
              mx::buildTiledScaleIndices(b, at[0], at[1]);
          return tensor::ExtractOp::create(b, tiled, byte);
        });
    replaceWithDeclaredTypes(op, scales, *getTypeConverter(), rewriter);
    return success();
  }
};

} // namespace

//===----------------------------------------------------------------------===//
// Values already in storage form
//===----------------------------------------------------------------------===//

namespace {

/// A lowering that ran before this one (mx-gpu-quantize) hands over codes or
/// scales it computed in storage form through an unrealized_conversion_cast
/// from the storage type to the mx type: here the cast goes away.
struct StorageCastLowering : OpConversionPattern<UnrealizedConversionCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(UnrealizedConversionCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isStorageCast(op, *getTypeConverter()))
      return failure();
    rewriter.replaceOp(op, adaptor.getInputs());
    return success();
  }
};

} // namespace

bool mlir::mx::isStorageCast(Operation *op, const TypeConverter &converter) {
  auto cast = dyn_cast<UnrealizedConversionCastOp>(op);
  return cast && cast.getInputs().size() == 1 &&
         cast.getOutputs().size() == 1 &&
         isMXStorageType(cast.getOutputs()[0].getType()) &&
         converter.convertType(cast.getOutputs()[0].getType()) ==
             cast.getInputs()[0].getType();
}

void mlir::mx::populateMXToLinalgConversionPatterns(
    const MXStorageTypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<QuantizeOpLowering, DequantizeOpLowering, MatmulOpLowering,
               MXConstantLowering, StorageCastLowering, TileScalesOpLowering,
               UntileScalesOpLowering>(converter, patterns.getContext());
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {

struct ConvertMXToLinalgPass
    : mlir::mx::impl::ConvertMXToLinalgBase<ConvertMXToLinalgPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ConvertMXToLinalgPass)

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MXStorageTypeConverter converter;
    if (failed(checkStorable(module, converter)))
      return signalPassFailure();

    RewritePatternSet patterns(&getContext());
    populateMXToLinalgConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);

    ConversionTarget target(getContext());
    // scf.if/for/while that carry codes or scales change their types too.
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    target.addIllegalDialect<MXDialect>();
    target.addLegalDialect<arith::ArithDialect, cf::ControlFlowDialect,
                           linalg::LinalgDialect, tensor::TensorDialect>();
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp func) {
      return converter.isSignatureLegal(func.getFunctionType()) &&
             converter.isLegal(&func.getBody());
    });
    target.addDynamicallyLegalOp<arith::ConstantOp, func::CallOp,
                                 func::ReturnOp, UnrealizedConversionCastOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }

  /// Reports, before anything is rewritten, every value that the storage
  /// layout cannot hold and every foreign op that touches codes or scales.
  static LogicalResult checkStorable(ModuleOp module,
                                     const TypeConverter &converter) {
    bool ok = true;
    auto checkType = [&](Operation *op, Type type) {
      if (!isCodeTensor(type))
        return;
      auto tensor = cast<RankedTensorType>(type);
      if (tensor.getRank() > 0 &&
          (ShapedType::isDynamic(tensor.getShape().back()) ||
           tensor.getShape().back() % 2 == 0))
        return;
      op->emitError() << "cannot store " << type
                      << " in bytes: codes are packed two per byte along the "
                         "innermost dimension, which must have an even size";
      ok = false;
    };
    module.walk([&](Operation *op) {
      // Each value is reported where it is defined.
      for (Type type : op->getResultTypes())
        checkType(op, type);
      if (auto func = dyn_cast<func::FuncOp>(op))
        for (Type type : func.getArgumentTypes())
          checkType(op, type);
      if (isa<MXDialect, scf::SCFDialect>(op->getDialect()) ||
          isa<arith::ConstantOp, func::FuncOp, func::CallOp, func::ReturnOp>(
              op) ||
          isStorageCast(op, converter))
        return;
      bool touchesMX = llvm::any_of(op->getOperandTypes(), isMXStorageType) ||
                       llvm::any_of(op->getResultTypes(), isMXStorageType);
      if (touchesMX) {
        op->emitError() << "'" << op->getName()
                        << "' uses MXFP4 codes or scales, which only mx ops, "
                           "scf control flow, arith.constant, func.func, "
                           "func.call and func.return may use when lowering "
                           "to linalg";
        ok = false;
      }
    });
    return success(ok);
  }
};

} // namespace
