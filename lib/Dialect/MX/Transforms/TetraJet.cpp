//===- TetraJet.cpp - Insert TetraJet's MXFP4 quantizers ------------------===//
//
// Rewrites the three GEMMs of every linear layer of a linalg training graph
// to run on MXFP4 operands made by TetraJet's six quantizers (see the pass
// description in Passes.td and docs/tetrajet.md).
//
//===----------------------------------------------------------------------===//

#include "mx/Dialect/MX/IR/MXOps.h"
#include "mx/Dialect/MX/Transforms/LinearLayers.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/IR/Dominance.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"

namespace mlir::mx {
#define GEN_PASS_DEF_TETRAJET
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;
using namespace mlir::mx;

namespace {

/// Codes and scales of one quantized matrix.
struct MXOperand {
  Value codes, scales;
  explicit operator bool() const { return static_cast<bool>(codes); }
};

/// The settings of the rewrite, parsed from the pass options.
struct Settings {
  ScaleRule scaleRule = ScaleRule::Ceil;
  Rounding tieRule = Rounding::NearestEven;
  bool enabled[7] = {false, true, true, true, true, true, true}; // Q1..Q6
  bool microscaling = false;
  bool quantizeHead = false;
  bool includeAttention = false;
  bool qema = false;
  int64_t qemaWarmup = 10;
  SmallVector<std::pair<std::string, llvm::Regex>> only, excluded;

  /// Q1 and Q2 round to nearest; Q3..Q6 stochastically (TetraJet) or to
  /// nearest (the Microscaling baseline).
  Rounding rounding(int q) const {
    return q <= 2 || microscaling ? tieRule : Rounding::Stochastic;
  }
};

/// Quantizes and dequantizes values of one function.
class QuantizerBuilder {
public:
  QuantizerBuilder(func::FuncOp func, const Settings &settings)
      : func(func), settings(settings), builder(func.getContext()) {}

  /// Inserts, right after `input` is defined, the quantizer `q` of the layer
  /// found `layerIndex`-th, quantizing `input` along its last dimension.
  MXOperand quantize(Value input, int q, int64_t layerIndex, Location loc,
                     StringRef layer = "") {
    setInsertionPointAfter(input);
    auto type = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> scaleShape(type.getShape());
    scaleShape.back() /= kBlockSize;
    MLIRContext *ctx = func.getContext();
    auto codesType = RankedTensorType::get(type.getShape(),
                                           Float4E2M1FNType::get(ctx));
    auto scalesType =
        RankedTensorType::get(scaleShape, Float8E8M0FNUType::get(ctx));
    Rounding rounding = q ? settings.rounding(q) : settings.tieRule;
    Value seed, offset;
    if (rounding == Rounding::Stochastic) {
      seed = getSeed(loc);
      setInsertionPointAfter(input);
      offset = arith::ConstantOp::create(
          builder, loc, builder.getI64IntegerAttr(8 * layerIndex + q));
    }
    auto op = QuantizeOp::create(
        builder, loc, codesType, scalesType, input,
        builder.getI64IntegerAttr(type.getRank() - 1),
        ScaleRuleAttr::get(ctx, settings.scaleRule),
        RoundingAttr::get(ctx, rounding), seed, offset, /*ema=*/Value());
    tag(op, q, layer);
    return {op.getCodes(), op.getScales()};
  }

  /// Q2 with Q-EMA rounding once `updates` >= `warmup`, nearest before:
  /// an scf.if over the two quantizations of the weight `weight`.
  MXOperand quantizeWithEma(BlockArgument weight, Value ema, Value updates,
                            int64_t warmup, Location loc, StringRef layer) {
    builder.setInsertionPointToStart(weight.getOwner());
    auto type = cast<RankedTensorType>(weight.getType());
    SmallVector<int64_t> scaleShape(type.getShape());
    scaleShape.back() /= kBlockSize;
    MLIRContext *ctx = func.getContext();
    Type codesType = RankedTensorType::get(type.getShape(),
                                           Float4E2M1FNType::get(ctx));
    Type scalesType =
        RankedTensorType::get(scaleShape, Float8E8M0FNUType::get(ctx));
    Value threshold = arith::ConstantOp::create(
        builder, loc, builder.getI64IntegerAttr(warmup));
    Value warm = arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::sge,
                                       updates, threshold);
    auto branch = scf::IfOp::create(builder, loc, TypeRange{codesType, scalesType},
                                    warm, /*withElseRegion=*/true);
    for (bool useEma : {true, false}) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(useEma ? branch.thenBlock()
                                              : branch.elseBlock());
      auto op = QuantizeOp::create(
          builder, loc, codesType, scalesType, weight,
          builder.getI64IntegerAttr(type.getRank() - 1),
          ScaleRuleAttr::get(ctx, settings.scaleRule),
          RoundingAttr::get(ctx, useEma ? Rounding::NearestEven
                                        : settings.tieRule),
          Value(), Value(), useEma ? ema : Value());
      tag(op, 2, layer);
      scf::YieldOp::create(builder, loc, op.getResults());
    }
    return {branch.getResult(0), branch.getResult(1)};
  }

  /// The f32 values of `operand`, inserted right after it (once).
  Value dequantize(MXOperand operand, Location loc) {
    Value &values = dequantized[operand.codes];
    if (values)
      return values;
    setInsertionPointAfter(operand.scales);
    auto codesType = cast<RankedTensorType>(operand.codes.getType());
    auto type = codesType.clone(builder.getF32Type());
    return values = DequantizeOp::create(
               builder, loc, type, operand.codes, operand.scales,
               builder.getI64IntegerAttr(codesType.getRank() - 1));
  }

  /// `value` with its last two dimensions swapped, inserted right after it.
  Value transposeLastTwo(Value value, Location loc) {
    setInsertionPointAfter(value);
    return transposeHere(value, loc);
  }

  OpBuilder &getBuilder() { return builder; }

  /// `value` with its last two dimensions swapped, at the insertion point.
  Value transposeHere(Value value, Location loc) {
    auto type = cast<RankedTensorType>(value.getType());
    int64_t rank = type.getRank();
    SmallVector<int64_t> perm = llvm::to_vector(llvm::seq<int64_t>(0, rank));
    std::swap(perm[rank - 1], perm[rank - 2]);
    SmallVector<int64_t> shape = applyPermutation(type.getShape(), perm);
    Value init = tensor::EmptyOp::create(builder, loc, shape,
                                         type.getElementType());
    return linalg::TransposeOp::create(builder, loc, value, init, perm)
        ->getResult(0);
  }

  bool addedSeed() const { return static_cast<bool>(seed); }

  /// Appends an argument to the function, with the given attributes.
  BlockArgument addArgument(Type type, ArrayRef<NamedAttribute> attrs,
                            Location loc) {
    unsigned index = func.getNumArguments();
    (void)func.insertArgument(index, type, builder.getDictionaryAttr(attrs),
                              loc);
    return func.getArgument(index);
  }

  /// The Q-EMA warm-up counter argument, added on first use.
  Value getEmaUpdates(Location loc) {
    if (!emaUpdates)
      emaUpdates = addArgument(
          builder.getI64Type(),
          {builder.getNamedAttr("mx.state",
                                builder.getStringAttr("ema_updates"))},
          loc);
    return emaUpdates;
  }

private:
  void setInsertionPointAfter(Value value) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      builder.setInsertionPointToStart(arg.getOwner());
    else
      builder.setInsertionPointAfter(value.getDefiningOp());
  }

  /// The function's seed argument, added at the end on first use.
  Value getSeed(Location loc) {
    if (seed)
      return seed;
    for (BlockArgument arg : func.getArguments())
      if (func.getArgAttr(arg.getArgNumber(), "mx.seed"))
        return seed = arg;
    unsigned index = func.getNumArguments();
    auto attrs = builder.getDictionaryAttr(
        builder.getNamedAttr("mx.seed", builder.getUnitAttr()));
    (void)func.insertArgument(index, builder.getI64Type(), attrs, loc);
    return seed = func.getArgument(index);
  }

  func::FuncOp func;
  const Settings &settings;
  /// Names the quantizer on the op, for tools and for later passes.
  void tag(Operation *op, int q, StringRef layer) {
    if (q > 0)
      op->setAttr("mx.quantizer", builder.getStringAttr("Q" + std::to_string(q)));
    if (!layer.empty())
      op->setAttr("mx.layer", builder.getStringAttr(layer));
  }

  OpBuilder builder;
  Value seed, emaUpdates;
  DenseMap<Value, Value> dequantized;
};

/// Strips 2-D transposes; `transposed` tells whether an odd number was seen.
static Value stripTransposes(Value value, bool &transposed) {
  transposed = false;
  while (auto op = value.getDefiningOp<linalg::TransposeOp>()) {
    if (op.getPermutation() != ArrayRef<int64_t>{1, 0})
      break;
    transposed = !transposed;
    value = op.getInput();
  }
  return value;
}

/// True if `value` is a tensor filled with +0.0.
static bool isZeroFilled(Value value) {
  auto fill = value.getDefiningOp<linalg::FillOp>();
  return fill && matchPattern(fill.getInputs()[0], m_PosZeroFloat());
}

struct TetraJetPass : mlir::mx::impl::TetraJetBase<TetraJetPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TetraJetPass)
  using TetraJetBase::TetraJetBase;

  void runOnOperation() override;

private:
  LogicalResult runOnFunction(func::FuncOp func, const Settings &settings);
  LogicalResult parseSettings(Settings &settings);
  bool selected(const Settings &settings, StringRef name) const;
  void rewriteLayer(const LinearLayer &layer, int64_t index,
                    const Settings &settings, QuantizerBuilder &quantizers,
                    DominanceInfo &dominance);
  void replaceGemm(const Gemm &gemm, MXOperand a, MXOperand b,
                   QuantizerBuilder &quantizers);
  void rewriteActivationGemms(ArrayRef<Gemm> gemms,
                              QuantizerBuilder &quantizers);
  /// `value`, or what replaced it when the GEMM that defined it was
  /// rewritten (a layer's input may be another layer's GEMM result).
  Value current(Value value) const {
    for (auto it = replaced.find(value); it != replaced.end();
         it = replaced.find(value))
      value = it->second;
    return value;
  }

  DenseMap<Value, Value> replaced;
  SmallVector<Operation *> replacedOps;
  func::FuncOp currentFunc;
};

static void eraseDeadOps(func::FuncOp func);

LogicalResult TetraJetPass::parseSettings(Settings &settings) {
  ModuleOp func = getOperation();
  if (auto rule = symbolizeScaleRule(scaleRule))
    settings.scaleRule = *rule;
  else
    return func.emitError() << "mx-tetrajet: unknown scale-rule '" << scaleRule
                            << "' (expected ceil or floor)";
  auto tie = symbolizeRounding(tieRule);
  if (!tie || *tie == Rounding::Stochastic)
    return func.emitError() << "mx-tetrajet: unknown tie-rule '" << tieRule
                            << "' (expected nearest_even or nearest_away)";
  settings.tieRule = *tie;
  settings.microscaling = microscaling;
  if (microscaling)
    settings.scaleRule = ScaleRule::Floor;
  settings.quantizeHead = quantizeHead;
  settings.includeAttention = includeAttention;
  settings.qema = qema;
  settings.qemaWarmup = qemaWarmup;

  std::fill(std::begin(settings.enabled), std::end(settings.enabled), false);
  SmallVector<StringRef> items;
  StringRef(quantizers).split(items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    item = item.trim();
    item.consume_front("Q");
    unsigned q = 0;
    if (item.getAsInteger(10, q) || q < 1 || q > 6)
      return func.emitError() << "mx-tetrajet: quantizers must list numbers "
                                 "1 to 6, got '"
                              << quantizers << "'";
    settings.enabled[q] = true;
  }

  for (auto [option, patterns] : {std::make_pair(&layers, &settings.only),
                                  std::make_pair(&excludeLayers,
                                                 &settings.excluded)}) {
    SmallVector<StringRef> texts;
    StringRef(*option).split(texts, ',', -1, /*KeepEmpty=*/false);
    for (StringRef text : texts) {
      llvm::Regex regex(text.trim());
      std::string problem;
      if (!regex.isValid(problem))
        return func.emitError() << "mx-tetrajet: invalid layer pattern '"
                                << text.trim() << "': " << problem;
      patterns->emplace_back(text.trim().str(), std::move(regex));
    }
  }
  return success();
}

/// Matches `pattern` against the whole of `name`.
static bool matchesWhole(const llvm::Regex &pattern, StringRef name) {
  SmallVector<StringRef> groups;
  return pattern.match(name, &groups) && groups[0] == name;
}

bool TetraJetPass::selected(const Settings &settings, StringRef name) const {
  if (!settings.only.empty() &&
      llvm::none_of(settings.only, [&](const auto &entry) {
        return matchesWhole(entry.second, name);
      }))
    return false;
  if (llvm::any_of(settings.excluded, [&](const auto &entry) {
        return matchesWhole(entry.second, name);
      }))
    return false;
  bool isHead = name == "head" || name.ends_with(".head");
  return !isHead || settings.quantizeHead;
}

void TetraJetPass::runOnOperation() {
  Settings settings;
  if (failed(parseSettings(settings)))
    return signalPassFailure();
  // A module pass: adding arguments to a function must see its callers.
  for (auto func : llvm::make_early_inc_range(
           getOperation().getOps<func::FuncOp>()))
    if (!func.isDeclaration() && failed(runOnFunction(func, settings)))
      return signalPassFailure();
}

LogicalResult TetraJetPass::runOnFunction(func::FuncOp func,
                                          const Settings &settings) {
  currentFunc = func;
  LinearLayerAnalysis analysis(func);
  ArrayRef<LinearLayer> found = analysis.getLayers();

  // A pattern that the user wrote must name at least one layer.
  // (No structured binding: C++17 lambdas cannot capture one; clang says so.)
  for (const auto *patterns : {&settings.only, &settings.excluded})
    for (const auto &pattern : *patterns)
      if (llvm::none_of(found, [&](const LinearLayer &layer) {
            return matchesWhole(pattern.second, layer.name);
          })) {
        SmallVector<StringRef> names;
        for (const LinearLayer &layer : found)
          names.push_back(layer.name);
        func.emitError() << "mx-tetrajet: layer pattern '" << pattern.first
                         << "' matches no linear layer of @" << func.getName()
                         << " (found: "
                         << (names.empty() ? "none" : llvm::join(names, ", "))
                         << ")";
        return failure();
      }

  // Seeds and Q-EMA state are new arguments, which would break the calls.
  std::optional<SymbolTable::UseRange> uses =
      func.getSymbolUses(func->getParentOp());
  if (!found.empty() && (!uses || !uses->empty())) {
    bool stochastic = false;
    for (int q = 3; q <= 6; ++q)
      stochastic |= settings.enabled[q] &&
                    settings.rounding(q) == Rounding::Stochastic;
    if (stochastic || (settings.qema && settings.enabled[2])) {
      func.emitError() << "mx-tetrajet: @" << func.getName()
                       << " is called, so no seed or Q-EMA argument can be "
                          "added to it; rewrite the function that is called "
                          "from outside, or pass microscaling=true";
      return failure();
    }
  }

  for (const UnmatchedContraction &entry : analysis.getUnmatched())
    entry.op->emitWarning() << "mx-tetrajet: contraction not rewritten: "
                            << entry.reason;

  QuantizerBuilder quantizers(func, settings);
  DominanceInfo dominance(func);
  for (auto [index, layer] : llvm::enumerate(found)) {
    if (!selected(settings, layer.name)) {
      layer.forward.op->emitRemark()
          << "linear layer '" << layer.name << "' left in full precision"
          << (layer.name == "head" || StringRef(layer.name).ends_with(".head")
                  ? " (the classifier head; see quantize-head)"
                  : " (not selected by layers/exclude-layers)");
      continue;
    }
    rewriteLayer(layer, static_cast<int64_t>(index), settings, quantizers,
                 dominance);
  }

  if (settings.includeAttention)
    rewriteActivationGemms(analysis.getActivationGemms(), quantizers);
  for (Operation *op : replacedOps)
    op->erase();
  replacedOps.clear();
  replaced.clear();
  eraseDeadOps(func);
  return success();
}

void TetraJetPass::rewriteActivationGemms(ArrayRef<Gemm> gemms,
                                          QuantizerBuilder &quantizers) {
    for (const Gemm &gemm : gemms) {
      Location loc = gemm.op->getLoc();
      Value lhs = current(gemm.a), rhs = current(gemm.b);
      auto isFloat = [](Value v) {
        return isa<Float32Type, BFloat16Type, Float16Type>(
            cast<ShapedType>(v.getType()).getElementType());
      };
      bool fromArguments = isa<BlockArgument>(gemm.aSource.root) ||
                           isa<BlockArgument>(gemm.bSource.root);
      if (fromArguments || !isFloat(lhs) || !isFloat(rhs) ||
          !cast<ShapedType>(lhs.getType()).hasStaticShape() ||
          !cast<ShapedType>(rhs.getType()).hasStaticShape()) {
        gemm.op->emitWarning() << "mx-tetrajet: batched matmul not quantized: "
                                  "include-attention takes static f32, bf16 "
                                  "or f16 matmuls between activations only";
        continue;
      }
      auto kSize = cast<ShapedType>(lhs.getType()).getDimSize(gemm.aK);
      if (kSize % kBlockSize != 0) {
        gemm.op->emitWarning() << "mx-tetrajet: batched matmul not quantized: "
                                  "its reduction size is not a multiple of 32";
        continue;
      }
      auto canonical = [&](Value operand, int64_t k) {
        return k == gemm.batch + 1 ? operand
                                   : quantizers.transposeLastTwo(operand, loc);
      };
      MXOperand a = quantizers.quantize(canonical(lhs, gemm.aK), 0, 0, loc);
      MXOperand b = quantizers.quantize(canonical(rhs, gemm.bK), 0, 0, loc);
      replaceGemm(gemm, a, b, quantizers);
    }
}

/// Removes what the rewrite left without users: the views and fills that
/// fed the replaced GEMMs.
static void eraseDeadOps(func::FuncOp func) {
  // Users come after their operands, so one backward sweep per block erases
  // whole dead chains.
  for (Block &block : func.getBody())
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(block)))
      if (isOpTriviallyDead(&op))
        op.erase();
}

void TetraJetPass::rewriteLayer(const LinearLayer &layer, int64_t index,
                                const Settings &settings,
                                QuantizerBuilder &quantizers,
                                DominanceInfo &dominance) {
  Location loc = layer.forward.op->getLoc();
  auto located = [&](StringRef what) -> Location {
    return NameLoc::get(
        StringAttr::get(loc.getContext(), layer.name + "." + what.str()), loc);
  };
  int64_t n = layer.tokens(), d = layer.inFeatures(), c = layer.outFeatures();
  for (auto [size, what] : {std::make_pair(n, "tokens N"),
                            std::make_pair(d, "in-features D"),
                            std::make_pair(c, "out-features C")})
    if (ShapedType::isDynamic(size) || size % kBlockSize != 0) {
      layer.forward.op->emitWarning()
          << "mx-tetrajet: linear layer '" << layer.name
          << "' not quantized: " << what << " = "
          << (ShapedType::isDynamic(size) ? std::string("?")
                                          : std::to_string(size))
          << " is not a multiple of 32";
      return;
    }
  auto elementType = [](Value v) {
    return cast<ShapedType>(v.getType()).getElementType();
  };
  for (Value v : {layer.forward.a, Value(layer.weight)})
    if (!isa<Float32Type, BFloat16Type, Float16Type>(elementType(v))) {
      layer.forward.op->emitWarning()
          << "mx-tetrajet: linear layer '" << layer.name
          << "' not quantized: element type " << elementType(v)
          << " is not f32, bf16 or f16";
      return;
    }

  const bool *on = settings.enabled;
  func::FuncOp func = currentFunc;
  SmallVector<std::string> notes;

  // Forward: Y = Q1(X) Q2(W)^T. X as N x D, W as C x D.
  const Gemm &fwd = layer.forward;
  Value fwdA = current(fwd.a);
  Value x = fwd.aK == 1 ? fwdA : quantizers.transposeLastTwo(fwdA, loc);
  MXOperand q1, q2;
  if (on[1])
    q1 = quantizers.quantize(x, 1, index, located("Q1"), layer.name);
  if (on[2] && settings.qema) {
    // The EMA of this weight, in f32, as a new argument of the function.
    OpBuilder &b = quantizers.getBuilder();
    auto weightType = cast<RankedTensorType>(layer.weight.getType());
    std::string of = layer.name;
    if (auto name = func.getArgAttrOfType<StringAttr>(
            layer.weight.getArgNumber(), "mx.name"))
      of = name.getValue().str();
    BlockArgument ema = quantizers.addArgument(
        weightType.clone(b.getF32Type()),
        {b.getNamedAttr("mx.state", b.getStringAttr("ema")),
         b.getNamedAttr("mx.of", b.getStringAttr(of))},
        loc);
    q2 = quantizers.quantizeWithEma(layer.weight, ema,
                                    quantizers.getEmaUpdates(loc),
                                    settings.qemaWarmup, located("Q2"),
                                    layer.name);
  } else if (on[2]) {
    q2 = quantizers.quantize(layer.weight, 2, index, located("Q2"),
                             layer.name);
  }
  replaceGemm(fwd, q1, q2, quantizers);
  notes.push_back(std::string("forward ") + (on[1] ? "Q1 " : "") +
                  (on[2] ? (settings.qema ? "Q2 (Q-EMA) " : "Q2 ") : "") +
                  (on[1] && on[2] ? "-> mx.matmul" : "(fake-quantized)"));

  // Q3(dY), shared by dX and the bias gradient.
  MXOperand q3;
  Value outputGrad = current(layer.outputGrad);
  if (on[3] && outputGrad)
    q3 = quantizers.quantize(outputGrad, 3, index, located("Q3"),
                             layer.name);

  // dX = Q3(dY) Q4(deq Q2(W)): dY as N x C, W^T as D x C.
  if (layer.inputGrad) {
    const Gemm &gemm = *layer.inputGrad;
    MXOperand a, b;
    if (on[3]) {
      Value dy = current(gemm.a);
      if (gemm.aK == 1 && dy == outputGrad)
        a = q3;
      else
        a = quantizers.quantize(
            gemm.aK == 1 ? dy : quantizers.transposeLastTwo(dy, loc),
            3, index, located("Q3"), layer.name);
    }
    if (on[4]) {
      bool doubleQuantize = q2 && !settings.microscaling;
      Value w = doubleQuantize ? quantizers.dequantize(q2, loc)
                               : Value(layer.weight);
      b = quantizers.quantize(quantizers.transposeLastTwo(w, loc), 4, index,
                              located("Q4"), layer.name);
    }
    replaceGemm(gemm, a, b, quantizers);
    notes.push_back(std::string("dX ") + (on[3] ? "Q3 " : "") +
                    (on[4] ? "Q4 " : "") +
                    (on[3] && on[4] ? "-> mx.matmul" : "(fake-quantized)"));
  }

  // dW = Q5(dY)^T Q6(deq Q1(X)): dY^T as C x N, X^T as D x N (or the
  // transposed product).
  if (layer.weightGrad) {
    const Gemm &gemm = *layer.weightGrad;
    bool xIsB = layer.weightGradReadsXAsB;
    Value xOperand = current(xIsB ? gemm.b : gemm.a);
    Value dyOperand = current(xIsB ? gemm.a : gemm.b);
    int64_t xK = xIsB ? gemm.bK : gemm.aK, dyK = xIsB ? gemm.aK : gemm.bK;
    MXOperand dyQ, xQ;
    if (on[5])
      dyQ = quantizers.quantize(
          dyK == 1 ? dyOperand : quantizers.transposeLastTwo(dyOperand, loc),
          5, index, located("Q5"), layer.name);
    if (on[6]) {
      // Double quantization re-quantizes the forward's deq Q1(X): the dW GEMM
      // must read the same matrix, defined before it.
      bool xTransposed = false, fwdTransposed = false;
      Value xBase = stripTransposes(xOperand, xTransposed);
      Value fwdBase = stripTransposes(fwdA, fwdTransposed);
      bool sameX = sameMatrix(xBase, fwdBase) &&
                   dominance.properlyDominates(x, gemm.op);
      bool doubleQuantize = q1 && !settings.microscaling;
      if (doubleQuantize && !sameX) {
        gemm.op->emitWarning()
            << "mx-tetrajet: layer '" << layer.name
            << "': the weight gradient reads X in another form than the "
               "forward GEMM; Q6 re-quantizes it from full precision";
        doubleQuantize = false;
      }
      Value dByN; // X^T
      if (doubleQuantize)
        dByN = quantizers.transposeLastTwo(quantizers.dequantize(q1, loc), loc);
      else
        dByN = xK == 1 ? xOperand : quantizers.transposeLastTwo(xOperand, loc);
      xQ = quantizers.quantize(dByN, 6, index, located("Q6"), layer.name);
    }
    replaceGemm(gemm, xIsB ? dyQ : xQ, xIsB ? xQ : dyQ, quantizers);
    notes.push_back(std::string("dW ") + (on[5] ? "Q5 " : "") +
                    (on[6] ? "Q6 " : "") +
                    (on[5] && on[6] ? "-> mx.matmul" : "(fake-quantized)"));
  }

  // db = column sum of deq Q3(dY).
  if (layer.biasGrad && q3) {
    Value dequantized = quantizers.dequantize(q3, loc);
    linalg::LinalgOp biasGrad = layer.biasGrad;
    Value input = biasGrad.getDpsInputOperand(0)->get();
    Type inputElement = cast<ShapedType>(input.getType()).getElementType();
    if (!inputElement.isF32()) {
      OpBuilder &b = quantizers.getBuilder();
      b.setInsertionPointAfter(dequantized.getDefiningOp());
      dequantized = arith::TruncFOp::create(
          b, loc, cast<RankedTensorType>(input.getType()), dequantized);
    }
    biasGrad.getDpsInputOperand(0)->set(dequantized);
    notes.push_back("bias gradient from deq Q3(dY)");
  }

  auto shape = [](int64_t rows, int64_t cols) {
    return std::to_string(rows) + "x" + std::to_string(cols);
  };
  emitRemark(loc)
      << "linear layer '" << layer.name << "' (X " << shape(n, d) << ", W "
      << shape(c, d) << "): " << llvm::join(notes, "; ");
}

void TetraJetPass::replaceGemm(const Gemm &gemm, MXOperand a, MXOperand b,
                               QuantizerBuilder &quantizers) {
  linalg::LinalgOp linalgOp = gemm.op;
  Operation *op = linalgOp;
  OpBuilder &builder = quantizers.getBuilder();
  builder.setInsertionPoint(op);
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Value init = linalgOp.getDpsInits()[0];

  if (a && b) {
    Value acc;
    if (!isZeroFilled(init)) {
      acc = init;
      if (!resultType.getElementType().isF32())
        acc = arith::ExtFOp::create(builder, loc,
                                    resultType.clone(builder.getF32Type()), acc);
    }
    Value product = MatmulOp::create(builder, loc,
                                     resultType.clone(builder.getF32Type()),
                                     a.codes, a.scales, b.codes, b.scales, acc);
    if (!resultType.getElementType().isF32())
      product = arith::TruncFOp::create(builder, loc, resultType, product);
    op->getResult(0).replaceAllUsesWith(product);
    replaced[op->getResult(0)] = product;
    // Erased at the end, so that no new value takes the old one's address
    // while `replaced` still maps it.
    replacedOps.push_back(op);
    return;
  }

  // One operand quantized: the GEMM stays and reads dequantized values,
  // brought back to the operand's own layout and element type.
  for (auto [mx, operand, k] : {std::make_tuple(a, current(gemm.a), gemm.aK),
                                std::make_tuple(b, current(gemm.b), gemm.bK)}) {
    if (!mx)
      continue;
    Value values = quantizers.dequantize(mx, loc);
    builder.setInsertionPoint(op);
    if (k != gemm.batch + 1)
      values = quantizers.transposeHere(values, loc);
    auto operandType = cast<RankedTensorType>(operand.getType());
    if (!operandType.getElementType().isF32())
      values = arith::TruncFOp::create(builder, loc, operandType, values);
    for (OpOperand &use : op->getOpOperands())
      if (use.get() == operand)
        use.set(values);
  }
}

} // namespace
