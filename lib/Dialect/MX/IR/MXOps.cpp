//===- MXOps.cpp - Operations of the mx dialect ---------------------------===//

#include "mx/Dialect/MX/IR/MXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace mlir::mx;

#include "mx/Dialect/MX/IR/MXEnums.cpp.inc"

//===----------------------------------------------------------------------===//
// Shape checks shared by the verifiers
//===----------------------------------------------------------------------===//

/// Prints a dimension the way tensor types spell it.
static std::string dimToString(int64_t dim) {
  return ShapedType::isDynamic(dim) ? std::string("?") : std::to_string(dim);
}

/// Checks that two tensors named `lhsName` and `rhsName` have the same shape
/// (dynamic dimensions match anything).
static LogicalResult verifySameShape(Operation *op, RankedTensorType lhs,
                                     StringRef lhsName, RankedTensorType rhs,
                                     StringRef rhsName) {
  if (lhs.getRank() != rhs.getRank() ||
      failed(verifyCompatibleShape(lhs.getShape(), rhs.getShape())))
    return op->emitOpError() << "'" << rhsName << "' must have the shape of '"
                             << lhsName << "' (" << lhs << "), got " << rhs;
  return success();
}

/// Checks that `data` can be split into blocks of 32 along `axis` and that
/// `scales` holds one scale per block: the shape of `data` with dimension
/// `axis` divided by 32.
static LogicalResult verifyBlockScales(Operation *op, RankedTensorType data,
                                       StringRef dataName,
                                       RankedTensorType scales,
                                       StringRef scalesName, int64_t axis) {
  int64_t rank = data.getRank();
  if (axis >= rank)
    return op->emitOpError() << "quantized axis " << axis
                             << " is out of range for '" << dataName
                             << "' of rank " << rank;
  int64_t size = data.getDimSize(axis);
  if (!ShapedType::isDynamic(size) && size % kBlockSize != 0)
    return op->emitOpError()
           << "'" << dataName << "' has size " << size
           << " along the quantized axis " << axis
           << ", which is not a multiple of the block size " << kBlockSize;
  if (scales.getRank() != rank)
    return op->emitOpError()
           << "'" << scalesName << "' must have rank " << rank << " like '"
           << dataName << "', got " << scales;
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dataDim = data.getDimSize(d);
    int64_t expected = dataDim;
    if (d == axis && !ShapedType::isDynamic(dataDim))
      expected = dataDim / kBlockSize;
    int64_t actual = scales.getDimSize(d);
    if (ShapedType::isDynamic(expected) || ShapedType::isDynamic(actual) ||
        expected == actual)
      continue;
    InFlightDiagnostic diag = op->emitOpError()
                              << "'" << scalesName << "' has size " << actual
                              << " along dimension " << d << ", expected "
                              << expected;
    if (d == axis)
      diag << " (" << dataDim << " / " << kBlockSize
           << " blocks along the quantized axis)";
    return diag;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  auto inputType = getInput().getType();
  if (failed(verifySameShape(*this, inputType, "input", getCodes().getType(),
                             "codes")) ||
      failed(verifyBlockScales(*this, inputType, "input",
                               getScales().getType(), "scales", getAxis())))
    return failure();

  bool stochastic = getRounding() == Rounding::Stochastic;
  if (static_cast<bool>(getSeed()) != static_cast<bool>(getOffset()))
    return emitOpError("'seed' and 'offset' must be given together");
  if (stochastic && !getSeed())
    return emitOpError("stochastic rounding requires 'seed' and 'offset' "
                       "operands");
  if (!stochastic && getSeed())
    return emitOpError() << "'seed' and 'offset' are only used by stochastic "
                            "rounding, but rounding is '"
                         << stringifyRounding(getRounding()) << "'";

  if (Value ema = getEma()) {
    if (failed(verifySameShape(*this, inputType, "input",
                               cast<RankedTensorType>(ema.getType()), "ema")))
      return failure();
    if (getRounding() != Rounding::NearestEven)
      return emitOpError() << "an 'ema' operand selects Q-EMA rounding, which "
                              "cannot be combined with rounding '"
                           << stringifyRounding(getRounding()) << "'";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  auto codesType = getCodes().getType();
  if (failed(verifySameShape(*this, codesType, "codes", getResult().getType(),
                             "result")))
    return failure();
  return verifyBlockScales(*this, codesType, "codes", getScales().getType(),
                           "scales", getAxis());
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  RankedTensorType aType = getA().getType();
  RankedTensorType bType = getB().getType();
  RankedTensorType resultType = getResult().getType();
  int64_t rank = aType.getRank();
  if (rank < 2)
    return emitOpError() << "operand 'a' must have rank 2 or more "
                            "([batch..., M, K]), got "
                         << aType;
  if (bType.getRank() != rank)
    return emitOpError() << "operand 'b' must have the rank of 'a' (" << rank
                         << ", [batch..., N, K]), got " << bType;
  if (resultType.getRank() != rank)
    return emitOpError() << "result must have the rank of 'a' (" << rank
                         << ", [batch..., M, N]), got " << resultType;

  int64_t kAxis = rank - 1;
  if (failed(verifyBlockScales(*this, aType, "a", getAScales().getType(),
                               "a_scales", kAxis)) ||
      failed(verifyBlockScales(*this, bType, "b", getBScales().getType(),
                               "b_scales", kAxis)))
    return failure();

  auto mismatch = [](int64_t lhs, int64_t rhs) {
    return !ShapedType::isDynamic(lhs) && !ShapedType::isDynamic(rhs) &&
           lhs != rhs;
  };
  int64_t kA = aType.getDimSize(kAxis), kB = bType.getDimSize(kAxis);
  if (mismatch(kA, kB))
    return emitOpError() << "reduction sizes differ: 'a' has K = "
                         << dimToString(kA) << ", 'b' has K = "
                         << dimToString(kB);
  for (int64_t d = 0; d + 2 < rank; ++d) {
    int64_t batchA = aType.getDimSize(d), batchB = bType.getDimSize(d);
    if (mismatch(batchA, batchB))
      return emitOpError() << "batch dimension " << d << " differs: 'a' has "
                           << dimToString(batchA) << ", 'b' has "
                           << dimToString(batchB);
    if (mismatch(batchA, resultType.getDimSize(d)))
      return emitOpError() << "result has size "
                           << dimToString(resultType.getDimSize(d))
                           << " along batch dimension " << d << ", expected "
                           << dimToString(batchA);
  }
  int64_t m = aType.getDimSize(rank - 2), n = bType.getDimSize(rank - 2);
  if (mismatch(resultType.getDimSize(rank - 2), m) ||
      mismatch(resultType.getDimSize(rank - 1), n))
    return emitOpError() << "result shape " << resultType
                         << " does not match M = " << dimToString(m)
                         << " of 'a' and N = " << dimToString(n) << " of 'b'";
  return success();
}

#define GET_OP_CLASSES
#include "mx/Dialect/MX/IR/MXOps.cpp.inc"

//===----------------------------------------------------------------------===//
// TileScalesOp
//===----------------------------------------------------------------------===//

/// Checks that `tiled` is the 128 x 4 tile layout of the row-major scales
/// `rowMajor`; `tiledName` and `rowMajorName` say which of the op's values
/// each is.
static LogicalResult verifyTiledScales(Operation *op, RankedTensorType rowMajor,
                                       StringRef rowMajorName,
                                       RankedTensorType tiled,
                                       StringRef tiledName) {
  if (rowMajor.getRank() != 2 || !rowMajor.hasStaticShape())
    return op->emitOpError() << rowMajorName
                             << " must be a static 2-D tensor ([rows, K/32]), "
                                "got "
                             << rowMajor;
  int64_t rows = rowMajor.getDimSize(0), cols = rowMajor.getDimSize(1);
  // divideCeil is unsigned; braces do not narrow it implicitly (clang).
  SmallVector<int64_t> expected = {
      static_cast<int64_t>(llvm::divideCeil(rows, 128)),
      static_cast<int64_t>(llvm::divideCeil(cols, 4)), 32, 16};
  if (tiled.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << tiledName << " must have shape [" << expected[0]
                             << ", " << expected[1]
                             << ", 32, 16] (128 x 4 tiles of " << rowMajor
                             << "), got " << tiled;
  return success();
}

LogicalResult TileScalesOp::verify() {
  return verifyTiledScales(*this, getScales().getType(), "scales",
                           getResult().getType(), "result");
}

//===----------------------------------------------------------------------===//
// UntileScalesOp
//===----------------------------------------------------------------------===//

LogicalResult UntileScalesOp::verify() {
  return verifyTiledScales(*this, getResult().getType(), "result",
                           getTiled().getType(), "operand");
}

OpFoldResult UntileScalesOp::fold(FoldAdaptor) {
  // Tiling then untiling to the same shape gives the scales back; the other
  // way round would not (the padding of a tiled operand may hold anything).
  if (auto tile = getTiled().getDefiningOp<TileScalesOp>())
    if (tile.getScales().getType() == getResult().getType())
      return tile.getScales();
  return {};
}
