//===- MXToLinalg.h - Lower mx ops to linalg on packed bytes ----*- C++ -*-===//

#ifndef MX_CONVERSION_MXTOLINALG_MXTOLINALG_H
#define MX_CONVERSION_MXTOLINALG_MXTOLINALG_H

#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/Transforms/DialectConversion.h"

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

/// Returns true if `type` is a tensor of E2M1 codes or E8M0 scales.
bool isMXStorageType(Type type);

/// Adds the patterns that lower mx.quantize, mx.dequantize and mx.matmul to
/// linalg, arith and tensor ops on the storage types of `converter`.
void populateMXToLinalgConversionPatterns(
    const MXStorageTypeConverter &converter, RewritePatternSet &patterns);

} // namespace mlir::mx

#endif // MX_CONVERSION_MXTOLINALG_MXTOLINALG_H
