//===- LinearLayers.h - Find linear layers in a training graph --*- C++ -*-===//
//
// The dataflow analysis behind --mx-tetrajet: which contractions of a linalg
// training graph are the forward, input-gradient and weight-gradient GEMMs of
// which linear layer Y = X W^T (+ b), and which reduction is its bias
// gradient.
//
//===----------------------------------------------------------------------===//

#ifndef MX_DIALECT_MX_TRANSFORMS_LINEARLAYERS_H
#define MX_DIALECT_MX_TRANSFORMS_LINEARLAYERS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>
#include <string>

namespace mlir::mx {

/// Where a value comes from once view ops (transposes, reshapes, casts,
/// broadcasts) are looked through, and which dimensions of that source a
/// set of the value's dimensions came from.
struct Provenance {
  Value root;
  SmallVector<int64_t> rootDims; // sorted, unique
};

/// Follows `value` back through view ops; `dims` are dimensions of `value`.
Provenance traceProvenance(Value value, ArrayRef<int64_t> dims);

/// A contraction C[.., m, n] (+)= sum_k A * B with one m, one n and one k
/// loop and at most one batch loop, seen as a GEMM. `a` provides m, `b`
/// provides n.
struct Gemm {
  linalg::LinalgOp op;
  Value a, b;
  /// Position of the reduction dimension in `a` and in `b`.
  int64_t aK = -1, bK = -1;
  /// Number of leading batch dimensions (0 or 1, in every operand).
  int64_t batch = 0;
  Provenance aSource, bSource;

  /// Returns the GEMM view of `op`, if it has one.
  static std::optional<Gemm> match(linalg::LinalgOp op);
  int64_t rank() const { return batch + 2; }
};

/// The three GEMMs and the bias gradient of one linear layer.
struct LinearLayer {
  std::string name;
  BlockArgument weight; // C x D
  Gemm forward;
  std::optional<Gemm> inputGrad;  // dX = dY W
  std::optional<Gemm> weightGrad; // dW = dY^T X, or dW^T = X^T dY
  /// Whether X is the B operand of the weight-gradient GEMM (dW = dY^T X)
  /// rather than its A operand (dW^T = X^T dY).
  bool weightGradReadsXAsB = true;
  /// The reduction that sums dY over the tokens, if any.
  linalg::LinalgOp biasGrad;
  /// The output gradient as the N x C matrix that the bias reduction reads
  /// and that Q3 quantizes (null when neither backward GEMM was found).
  Value outputGrad;

  int64_t tokens() const;      // N
  int64_t inFeatures() const;  // D
  int64_t outFeatures() const; // C
};

/// A contraction that looks like part of a linear layer but was not matched.
struct UnmatchedContraction {
  Operation *op;
  std::string reason;
};

/// Finds the linear layers of a function (see the mx-tetrajet pass
/// documentation for the rules).
class LinearLayerAnalysis {
public:
  explicit LinearLayerAnalysis(func::FuncOp func);

  ArrayRef<LinearLayer> getLayers() const { return layers; }
  ArrayRef<UnmatchedContraction> getUnmatched() const { return unmatched; }
  /// Batched contractions between activations (attention's matmuls).
  ArrayRef<Gemm> getActivationGemms() const { return activationGemms; }

private:
  void matchWeightGradients(ArrayRef<Gemm> candidates);
  void matchBiasGradients(func::FuncOp func);

  SmallVector<LinearLayer, 0> layers;
  SmallVector<UnmatchedContraction, 0> unmatched;
  SmallVector<Gemm, 0> activationGemms;
};

/// True if `lhs` and `rhs` hold the same matrix: the same value, or the same
/// collapse of the same value.
bool sameMatrix(Value lhs, Value rhs);

/// The name of a function argument: its `mx.name` (a parameter) or
/// `mx.input` (an input) attribute without a trailing ".weight", else
/// "arg<N>". Linear layers are named after their weights this way.
std::string weightName(BlockArgument weight);

} // namespace mlir::mx

#endif // MX_DIALECT_MX_TRANSFORMS_LINEARLAYERS_H
