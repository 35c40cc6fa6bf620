//===- LinearLayers.cpp - Find linear layers in a training graph ----------===//

#include "mx/Dialect/MX/Transforms/LinearLayers.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/STLExtras.h"

#include <set>

using namespace mlir;
using namespace mlir::mx;

//===----------------------------------------------------------------------===//
// Provenance
//===----------------------------------------------------------------------===//

Provenance mlir::mx::traceProvenance(Value value, ArrayRef<int64_t> dims) {
  std::set<int64_t> current(dims.begin(), dims.end());
  while (Operation *def = value.getDefiningOp()) {
    std::set<int64_t> next;
    if (auto transpose = dyn_cast<linalg::TransposeOp>(def)) {
      ArrayRef<int64_t> perm = transpose.getPermutation();
      for (int64_t d : current)
        next.insert(perm[d]);
      value = transpose.getInput();
    } else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
      SmallVector<ReassociationIndices> groups =
          collapse.getReassociationIndices();
      for (int64_t d : current)
        next.insert(groups[d].begin(), groups[d].end());
      value = collapse.getSrc();
    } else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
      SmallVector<ReassociationIndices> groups =
          expand.getReassociationIndices();
      for (int64_t d : current)
        for (auto [source, group] : llvm::enumerate(groups))
          if (llvm::is_contained(group, d))
            next.insert(static_cast<int64_t>(source));
      value = expand.getSrc();
    } else if (auto cast = dyn_cast<tensor::CastOp>(def)) {
      next = current;
      value = cast.getSource();
    } else if (auto broadcast = dyn_cast<linalg::BroadcastOp>(def)) {
      // Result dimensions not listed in `dimensions` come from the input,
      // in order; a broadcast dimension has no source and ends the trace.
      ArrayRef<int64_t> added = broadcast.getDimensions();
      if (llvm::any_of(current, [&](int64_t d) {
            return llvm::is_contained(added, d);
          }))
        break;
      for (int64_t d : current)
        next.insert(d - llvm::count_if(added, [&](int64_t a) { return a < d; }));
      value = broadcast.getInput();
    } else {
      break;
    }
    current = std::move(next);
  }
  return {value, SmallVector<int64_t>(current.begin(), current.end())};
}

//===----------------------------------------------------------------------===//
// Gemm
//===----------------------------------------------------------------------===//

std::optional<Gemm> Gemm::match(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      !linalg::isaContractionOpInterface(op))
    return std::nullopt;
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(op);
  if (failed(dims) || dims->m.size() != 1 || dims->n.size() != 1 ||
      dims->k.size() != 1 || dims->batch.size() > 1)
    return std::nullopt;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  unsigned m = dims->m[0], n = dims->n[0], k = dims->k[0];
  int64_t batch = static_cast<int64_t>(dims->batch.size());

  // Every map must put the batch loop first; the result must be [b, m, n].
  auto position = [](AffineMap map, unsigned loop) -> int64_t {
    for (auto [i, expr] : llvm::enumerate(map.getResults()))
      if (auto dim = dyn_cast<AffineDimExpr>(expr); dim && dim.getPosition() == loop)
        return static_cast<int64_t>(i);
    return -1;
  };
  for (AffineMap map : maps)
    if (map.getNumResults() != static_cast<unsigned>(batch + 2) ||
        !map.isProjectedPermutation() ||
        (batch && position(map, dims->batch[0]) != 0))
      return std::nullopt;
  if (position(maps[2], m) != batch || position(maps[2], n) != batch + 1)
    return std::nullopt;

  Gemm gemm;
  gemm.op = op;
  gemm.batch = batch;
  int64_t aIndex = position(maps[0], m) >= 0 ? 0 : 1;
  gemm.a = op.getDpsInputs()[aIndex];
  gemm.b = op.getDpsInputs()[1 - aIndex];
  gemm.aK = position(maps[aIndex], k);
  gemm.bK = position(maps[1 - aIndex], k);
  if (gemm.aK < 0 || gemm.bK < 0 || position(maps[1 - aIndex], n) < 0)
    return std::nullopt;
  gemm.aSource = traceProvenance(gemm.a, {gemm.aK});
  gemm.bSource = traceProvenance(gemm.b, {gemm.bK});
  return gemm;
}

//===----------------------------------------------------------------------===//
// LinearLayer
//===----------------------------------------------------------------------===//

static int64_t dimOf(Value value, int64_t dim) {
  return cast<ShapedType>(value.getType()).getDimSize(dim);
}

int64_t LinearLayer::tokens() const {
  return dimOf(forward.a, 1 - forward.aK);
}
int64_t LinearLayer::inFeatures() const { return dimOf(weight, 1); }
int64_t LinearLayer::outFeatures() const { return dimOf(weight, 0); }

std::string mlir::mx::weightName(BlockArgument weight) {
  auto func = dyn_cast<func::FuncOp>(weight.getOwner()->getParentOp());
  if (func)
    for (StringRef key : {"mx.name", "mx.input"})
      if (auto name = func.getArgAttrOfType<StringAttr>(weight.getArgNumber(),
                                                        key)) {
        StringRef text = name.getValue();
        text.consume_back(".weight");
        return text.str();
      }
  return "arg" + std::to_string(weight.getArgNumber());
}

//===----------------------------------------------------------------------===//
// LinearLayerAnalysis
//===----------------------------------------------------------------------===//

/// A 2-D operand as the matrix it reads: `base` once 2-D transposes are
/// stripped, and the position of the operand's K dimension in `base`.
struct MatrixView {
  Value base;
  int64_t k;
};

static MatrixView viewOf(Value operand, int64_t k) {
  bool odd = false;
  while (auto transpose = operand.getDefiningOp<linalg::TransposeOp>()) {
    if (transpose.getPermutation() != ArrayRef<int64_t>{1, 0})
      break;
    odd = !odd;
    operand = transpose.getInput();
  }
  return {operand, odd ? 1 - k : k};
}

bool mlir::mx::sameMatrix(Value lhs, Value rhs) {
  if (lhs == rhs)
    return true;
  auto left = lhs.getDefiningOp<tensor::CollapseShapeOp>();
  auto right = rhs.getDefiningOp<tensor::CollapseShapeOp>();
  return left && right && left.getSrc() == right.getSrc() &&
         left.getReassociationIndices() == right.getReassociationIndices();
}

LinearLayerAnalysis::LinearLayerAnalysis(func::FuncOp func) {
  SmallVector<Gemm, 0> gemms;
  func.walk([&](linalg::LinalgOp op) {
    if (auto gemm = Gemm::match(op))
      gemms.push_back(*gemm);
  });

  auto weightArg = [&](Value value) -> BlockArgument {
    auto arg = dyn_cast<BlockArgument>(value);
    if (!arg || arg.getOwner() != &func.getBody().front())
      return BlockArgument();
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    return type && type.getRank() == 2 ? arg : BlockArgument();
  };
  auto layerOf = [&](Value weight) -> LinearLayer * {
    for (LinearLayer &layer : layers)
      if (layer.weight == weight)
        return &layer;
    return nullptr;
  };
  auto layerNamed = [&](StringRef name) -> LinearLayer * {
    for (LinearLayer &layer : layers)
      if (layer.name == name)
        return &layer;
    return nullptr;
  };
  auto annotation = [](const Gemm &gemm) -> StringRef {
    if (auto role = gemm.op->getAttrOfType<StringAttr>("mx.gemm"))
      return role.getValue();
    return "";
  };

  // Forward GEMMs first: they define the layers. An annotation names the
  // role, but the GEMM must still have the shape of one.
  SmallVector<Gemm, 0> rest;
  DenseMap<Value, int> forwardCount;
  for (const Gemm &gemm : gemms) {
    StringRef role = annotation(gemm);
    BlockArgument weight = weightArg(gemm.bSource.root);
    bool looksForward = !gemm.batch && weight &&
                        gemm.bSource.rootDims == SmallVector<int64_t>{1};
    if (role == "none")
      continue;
    if (role == "forward" && !looksForward) {
      unmatched.push_back({gemm.op, "annotated as a forward GEMM, but it is not "
                                    "Y = X W^T with W a rank-2 function "
                                    "argument as its B operand"});
      continue;
    }
    if (!looksForward || (!role.empty() && role != "forward")) {
      rest.push_back(gemm);
      continue;
    }
    if (forwardCount[weight]++) {
      unmatched.push_back(
          {gemm.op, "weight '" + weightName(weight) +
                        "' feeds more than one forward GEMM (shared weights "
                        "are not supported); none of its GEMMs is rewritten"});
      continue;
    }
    LinearLayer layer;
    layer.weight = weight;
    layer.name = weightName(weight);
    if (auto name = gemm.op->getAttrOfType<StringAttr>("mx.layer"))
      layer.name = name.getValue().str();
    layer.forward = gemm;
    layers.push_back(std::move(layer));
  }
  // A shared weight's backward GEMMs cannot be told apart: drop the layer,
  // and keep its backward GEMMs out of the matching below.
  SmallVector<Value> shared;
  for (auto it = layers.begin(); it != layers.end();) {
    if (forwardCount[it->weight] > 1) {
      unmatched.push_back({it->forward.op,
                           "weight '" + weightName(it->weight) +
                               "' feeds more than one forward GEMM (shared "
                               "weights are not supported); none of its GEMMs "
                               "is rewritten"});
      shared.push_back(it->weight);
      it = layers.erase(it);
    } else {
      ++it;
    }
  }

  // Input-gradient GEMMs: dX = dY W reads W reduced over its dimension 0.
  SmallVector<Gemm, 0> candidates;
  for (const Gemm &gemm : rest) {
    StringRef role = annotation(gemm);
    LinearLayer *layer = nullptr;
    bool readsWeightTransposed =
        !gemm.batch && gemm.bSource.rootDims == SmallVector<int64_t>{0};
    if (llvm::is_contained(shared, gemm.bSource.root)) {
      unmatched.push_back({gemm.op, "reads the shared weight '" +
                                        weightName(cast<BlockArgument>(
                                            gemm.bSource.root)) +
                                        "'; not rewritten"});
      continue;
    }
    if (role == "input_grad") {
      auto name = gemm.op->getAttrOfType<StringAttr>("mx.layer");
      layer = name ? layerNamed(name.getValue()) : nullptr;
      if (!layer || !readsWeightTransposed ||
          gemm.bSource.root != layer->weight) {
        unmatched.push_back({gemm.op, "annotated as an input-gradient GEMM, "
                                      "but it is not dX = dY W of a layer "
                                      "with a forward GEMM"});
        continue;
      }
    } else if (role.empty() && readsWeightTransposed) {
      layer = layerOf(gemm.bSource.root);
    }
    if (!layer) {
      candidates.push_back(gemm);
      continue;
    }
    if (layer->inputGrad) {
      unmatched.push_back({gemm.op, "layer '" + layer->name +
                                        "' already has an input-gradient GEMM"});
      continue;
    }
    layer->inputGrad = gemm;
    // dY reduced over C: its base is N x C when C is its dimension 1.
    MatrixView dy = viewOf(gemm.a, gemm.aK);
    if (dy.k == 1)
      layer->outputGrad = dy.base;
  }

  matchWeightGradients(candidates);
  matchBiasGradients(func);
}

void LinearLayerAnalysis::matchWeightGradients(ArrayRef<Gemm> candidates) {
  for (const Gemm &gemm : candidates) {
    if (gemm.batch) {
      activationGemms.push_back(gemm);
      continue;
    }
    StringRef role;
    if (auto attr = gemm.op->getAttrOfType<StringAttr>("mx.gemm"))
      role = attr.getValue();
    auto named = gemm.op->getAttrOfType<StringAttr>("mx.layer");

    // One operand reads the forward's X matrix, reduced over its tokens (the
    // dimension that is not the forward's K); the other reads dY, reduced
    // over its tokens too.
    LinearLayer *match = nullptr;
    bool activationIsB = false, ambiguous = false;
    std::string reason = "no operand comes from a weight argument, and it is "
                         "not the weight gradient of any layer found";
    for (LinearLayer &layer : layers) {
      if (named && layer.name != named.getValue())
        continue;
      MatrixView x = viewOf(layer.forward.a, layer.forward.aK);
      for (bool xIsB : {true, false}) {
        MatrixView xSide = xIsB ? viewOf(gemm.b, gemm.bK)
                                : viewOf(gemm.a, gemm.aK);
        MatrixView dySide = xIsB ? viewOf(gemm.a, gemm.aK)
                                 : viewOf(gemm.b, gemm.bK);
        if (!sameMatrix(xSide.base, x.base) || xSide.k != 1 - x.k)
          continue;
        if (layer.inputGrad) {
          MatrixView dy = viewOf(layer.inputGrad->a, layer.inputGrad->aK);
          if (!sameMatrix(dySide.base, dy.base) || dySide.k != 1 - dy.k)
            continue; // another layer reading the same activation
        }
        auto resultType = cast<ShapedType>(gemm.op->getResult(0).getType());
        SmallVector<int64_t> expected = {layer.outFeatures(),
                                         layer.inFeatures()};
        if (!xIsB)
          std::swap(expected[0], expected[1]);
        if (resultType.getShape() != ArrayRef<int64_t>(expected)) {
          reason = "reads the activation of layer '" + layer.name +
                   "' but its result is not the shape of the weight";
          continue;
        }
        ambiguous |= match != nullptr;
        match = &layer;
        activationIsB = xIsB;
      }
    }
    if (ambiguous) {
      reason = "could be the weight gradient of more than one layer";
    } else if (match && match->weightGrad) {
      reason = "layer '" + match->name + "' already has a weight-gradient GEMM";
    } else if (match) {
      match->weightGrad = gemm;
      match->weightGradReadsXAsB = activationIsB;
      if (!match->outputGrad) {
        MatrixView dy = activationIsB ? viewOf(gemm.a, gemm.aK)
                                      : viewOf(gemm.b, gemm.bK);
        // dY reduced over N: the base is N x C when N is its dimension 0.
        if (dy.k == 0)
          match->outputGrad = dy.base;
      }
      continue;
    }
    if (!match && !ambiguous)
      for (Value root : {gemm.bSource.root, gemm.aSource.root}) {
        auto arg = dyn_cast<BlockArgument>(root);
        auto type = arg ? dyn_cast<RankedTensorType>(arg.getType()) : nullptr;
        if (!type)
          continue;
        int64_t rank = type.getRank();
        reason = rank == 2
                     ? "reads the function argument '" + weightName(arg) +
                           "' but not as the weight of a linear layer "
                           "(Y = X W^T, dX = dY W, dW = dY^T X)"
                     : "reads the rank-" + std::to_string(rank) +
                           " function argument '" + weightName(arg) +
                           "' through a reshape; only rank-2 weights make "
                           "linear layers (a convolution written as a GEMM "
                           "stays in full precision)";
        break;
      }
    if (role == "weight_grad")
      reason = "annotated as a weight-gradient GEMM, but " + reason;
    unmatched.push_back({gemm.op, reason});
  }
}

/// True if `op` sums its one 2-D input over dimension 0 into a [C] or [1, C]
/// result.
static bool isColumnSum(linalg::LinalgOp op) {
  if (op.getNumDpsInputs() != 1 || op.getNumDpsInits() != 1 ||
      op.getNumLoops() != 2 || op.getNumReductionLoops() != 1 ||
      op.getIteratorTypesArray()[0] != utils::IteratorType::reduction)
    return false;
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (!maps[0].isIdentity())
    return false;
  MLIRContext *ctx = op->getContext();
  AffineExpr d1 = getAffineDimExpr(1, ctx);
  AffineMap rowVector =
      AffineMap::get(2, 0, {getAffineConstantExpr(0, ctx), d1}, ctx);
  AffineMap vector = AffineMap::get(2, 0, {d1}, ctx);
  if (maps[1] != rowVector && maps[1] != vector)
    return false;
  Block &body = op->getRegion(0).front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getValues()[0].getDefiningOp<arith::AddFOp>();
  if (!add)
    return false;
  ValueRange args = body.getArguments();
  return (add.getLhs() == args[0] && add.getRhs() == args[1]) ||
         (add.getLhs() == args[1] && add.getRhs() == args[0]);
}

void LinearLayerAnalysis::matchBiasGradients(func::FuncOp func) {
  func.walk([&](linalg::LinalgOp op) {
    if (!isColumnSum(op))
      return;
    Value input = op.getDpsInputs()[0];
    for (LinearLayer &layer : layers)
      if (layer.outputGrad && layer.outputGrad == input && !layer.biasGrad)
        layer.biasGrad = op;
  });
}
