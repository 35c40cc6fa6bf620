//===- MXToLinalg.h - Lower mx ops to linalg on packed bytes ----*- C++ -*-===//

#ifndef MX_CONVERSION_MXTOLINALG_MXTOLINALG_H
#define MX_CONVERSION_MXTOLINALG_MXTOLINALG_H

#include "mx/Dialect/MX/IR/MXOps.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/DialectConversion.h"

#include <array>

namespace mlir::mx {

/// Maps MXFP4 tensors to the bytes that hold them in memory: codes
/// (`f4E2M1FN`) two per byte along the innermost dimension, even element in
/// the low nibble; scales (`f8E8M0FNU`) one byte each. Every other type is
/// kept as it is.
class MXStorageTypeConverter : public TypeConverter {
public:
  MXStorageTypeConverter();
};

/// The unit attribute that marks the linalg.generic an mx.matmul lowers to
/// (inputs: A codes, A scales, B codes, B scales in storage form, and the
/// nibble shifts [0, 4]; output: the f32 accumulator; loops batch..., m, n,
/// byte of k, nibble of k), for GPU lowerings that replace it.
inline constexpr llvm::StringLiteral kBlockScaledMatmulAttr =
    "mx.block_scaled_matmul";

/// The f32 value 2^(byte - 127) of an E8M0 scale byte held in an i32
/// (byte 0 is 2^-127, 255 is NaN), as the reference semantics decode it.
Value buildDecodeScale(ImplicitLocOpBuilder &b, Value byte);

/// The parts of mx.quantize's reference semantics, for lowerings that
/// organize the work differently (mx-gpu-quantize); all values i32 unless
/// said otherwise.
///
/// The E8M0 byte of a block from the bits of its amax (|x| as i32 bits, the
/// signed maximum over the block; >= 0x7f800000 for NaN or infinity).
Value buildQuantizeScaleByte(ImplicitLocOpBuilder &b, Value amaxBits,
                             ScaleRule rule);
/// 2^-s (f32) for the scale byte `scaleByte` (i8) = s + 127: an element x
/// is rounded as x * 2^-s.
Value buildInverseScale(ImplicitLocOpBuilder &b, Value scaleByte);
/// Whether (i1) the block with `amaxBits` is all zeros or holds a NaN or an
/// infinity: all its codes are zero (+0).
Value buildSpecialBlock(ImplicitLocOpBuilder &b, Value amaxBits);
/// The 4-bit code of f32 `x` in a block with scale byte `scaleByte` (i8)
/// that is not special (buildSpecialBlock): the caller zeroes the codes of
/// special blocks. `ema` (f32), where given, is the element's Q-EMA value
/// and decides the rounding instead of `rounding`; `randomByte` (0..255) is
/// only used by stochastic rounding.
Value buildQuantizeCode(ImplicitLocOpBuilder &b, Value x, Value scaleByte,
                        Rounding rounding, Value ema, Value randomByte);
/// The random bytes of elements 16 * group .. 16 * group + 15 (`group`,
/// `seed` and `offset` i64) of a stochastic rounding stream: byte j of the
/// little-endian words is element 16 * group + j's.
std::array<Value, 4> buildRandomWords(ImplicitLocOpBuilder &b, Value seed,
                                      Value offset, Value group);
/// Where scale [row, col] (index values) sits in the 128 x 4 tile layout
/// of mx.tile_scales: [row / 128, col / 4, row % 32,
/// 4 ((row % 128) / 32) + col % 4].
std::array<Value, 4> buildTiledScaleIndices(ImplicitLocOpBuilder &b, Value row,
                                            Value col);

/// Returns true if `op` is an unrealized_conversion_cast of one value from
/// the storage form of an MXFP4 tensor type to that type: how a lowering
/// that runs before convert-mx-to-linalg (mx-gpu-quantize) hands over codes
/// or scales it computed itself. convert-mx-to-linalg removes such casts.
bool isStorageCast(Operation *op, const TypeConverter &converter);

/// Returns true if `type` is a tensor of E2M1 codes or E8M0 scales.
bool isMXStorageType(Type type);

/// Adds the patterns that lower mx.quantize, mx.dequantize and mx.matmul to
/// linalg, arith and tensor ops on the storage types of `converter`.
void populateMXToLinalgConversionPatterns(
    const MXStorageTypeConverter &converter, RewritePatternSet &patterns);

} // namespace mlir::mx

#endif // MX_CONVERSION_MXTOLINALG_MXTOLINALG_H
