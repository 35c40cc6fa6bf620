//===- TrainingStep.cpp - A training step with explicit optimizer state ---===//
//
// Wraps a gradient function into @F_step (AdamW, Q-EMA, Q-Ramping) and adds
// the functions a driver needs around it: the initial state, Q-Ramping's
// calibration, and the oscillation metrics of TetraJet (see Passes.td and
// docs/training.md).
//
//===----------------------------------------------------------------------===//

#include "mx/Dialect/MX/IR/MXOps.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "llvm/Support/Regex.h"

namespace mlir::mx {
#define GEN_PASS_DEF_TRAININGSTEP
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;
using namespace mlir::mx;

namespace {

/// A function argument or result of a generated function, with the
/// attributes that tell a driver what it holds.
struct Slot {
  Type type;
  StringRef state;
  std::string of; // the parameter it belongs to, if any
};

/// The roles of the gradient function's arguments.
struct GradientSignature {
  SmallVector<BlockArgument> params, inputs, emas;
  SmallVector<std::string> names; // of params
  BlockArgument emaUpdates, seed;
  /// Indices (into params) of the quantized weights, with their Q2 op.
  SmallVector<std::pair<int64_t, QuantizeOp>> quantized;
};

/// Builds the bodies of the generated functions.
class Emitter {
public:
  explicit Emitter(ImplicitLocOpBuilder &b) : b(b) {}

  Value f32(double value) {
    return arith::ConstantOp::create(b, b.getF32FloatAttr(value));
  }
  Value i32(int64_t value) {
    return arith::ConstantOp::create(b, b.getI32IntegerAttr(value));
  }

  /// A linalg.generic over tensors of one shape (the first input's) that
  /// produces tensors of `resultElements`; `body` gets the scalars and
  /// returns the values to yield.
  SmallVector<Value>
  elementwise(ValueRange inputs, ArrayRef<Type> resultElements,
              function_ref<SmallVector<Value>(ImplicitLocOpBuilder &,
                                              ValueRange)>
                  body) {
    auto shape = cast<RankedTensorType>(inputs.front().getType());
    SmallVector<Value> inits;
    for (Type element : resultElements)
      inits.push_back(
          tensor::EmptyOp::create(b, shape.getShape(), element).getResult());
    int64_t rank = shape.getRank();
    SmallVector<AffineMap> maps(
        inputs.size() + inits.size(),
        AffineMap::getMultiDimIdentityMap(rank, b.getContext()));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        b, TypeRange(ValueRange(inits)), inputs, inits, maps, iterators,
        [&](OpBuilder &nested, Location loc, ValueRange args) {
          ImplicitLocOpBuilder inner(loc, nested);
          SmallVector<Value> yields =
              body(inner, args.take_front(inputs.size()));
          linalg::YieldOp::create(inner, yields);
        });
    return SmallVector<Value>(generic.getResults());
  }

  /// A tensor of `type` filled with `value`.
  Value filled(RankedTensorType type, TypedAttr value) {
    Value init = tensor::EmptyOp::create(b, type.getShape(), type.getElementType());
    Value scalar = arith::ConstantOp::create(b, value);
    return linalg::FillOp::create(b, scalar, init).getResult(0);
  }

  /// The sum of all elements of an f32 tensor, as tensor<f32>.
  Value sum(Value tensor) {
    auto type = cast<RankedTensorType>(tensor.getType());
    int64_t rank = type.getRank();
    Value init = filled(RankedTensorType::get({}, b.getF32Type()),
                        b.getF32FloatAttr(0.0f));
    SmallVector<AffineMap> maps = {
        AffineMap::getMultiDimIdentityMap(rank, b.getContext()),
        AffineMap::get(rank, 0, {}, b.getContext())};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::reduction);
    return linalg::GenericOp::create(
               b, TypeRange{init.getType()}, tensor, init, maps, iterators,
               [&](OpBuilder &nested, Location loc, ValueRange args) {
                 Value s = arith::AddFOp::create(nested, loc, args[0], args[1]);
                 linalg::YieldOp::create(nested, loc, s);
               })
        .getResult(0);
  }

  /// A 0-d tensor's value.
  Value scalarOf(Value tensor) {
    return tensor::ExtractOp::create(b, tensor, ValueRange{});
  }

  /// A scalar as a 0-d tensor.
  Value tensorOf(Value scalar) {
    return tensor::FromElementsOp::create(
        b, RankedTensorType::get({}, scalar.getType()), scalar);
  }

  /// Extends any float to f32 inside a body.
  static Value toF32(ImplicitLocOpBuilder &ib, Value v) {
    return v.getType().isF32() ? v
                               : arith::ExtFOp::create(ib, ib.getF32Type(), v);
  }
  static Value fromF32(ImplicitLocOpBuilder &ib, Value v, Type type) {
    return type.isF32() ? v : arith::TruncFOp::create(ib, type, v);
  }

  /// The f32 values of `w` quantized and dequantized like its Q2 (`q2`, the
  /// nearest-rounding one).
  Value quantized(Value w, QuantizeOp q2) {
    ScaleRule rule = q2.getScaleRule();
    Rounding rounding = q2.getRounding();
    auto type = cast<RankedTensorType>(w.getType());
    SmallVector<int64_t> scaleShape(type.getShape());
    scaleShape.back() /= kBlockSize;
    auto codesType =
        RankedTensorType::get(type.getShape(), b.getType<Float4E2M1FNType>());
    auto scalesType =
        RankedTensorType::get(scaleShape, b.getType<Float8E8M0FNUType>());
    auto q = QuantizeOp::create(
        b, codesType, scalesType, w,
        b.getI64IntegerAttr(type.getRank() - 1),
        ScaleRuleAttr::get(b.getContext(), rule),
        RoundingAttr::get(b.getContext(), rounding), Value(), Value(), Value());
    return DequantizeOp::create(b, type.clone(b.getF32Type()), q.getCodes(),
                                q.getScales(),
                                b.getI64IntegerAttr(type.getRank() - 1));
  }

  ImplicitLocOpBuilder &b;
};

struct TrainingStepPass : mlir::mx::impl::TrainingStepBase<TrainingStepPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(TrainingStepPass)
  using TrainingStepBase::TrainingStepBase;

  void runOnOperation() override;

private:
  FailureOr<GradientSignature> analyze(func::FuncOp gradient);
  func::FuncOp createFunction(OpBuilder &builder, Location loc,
                              StringRef name, ArrayRef<Slot> args,
                              ArrayRef<Slot> results);
  void buildStep(OpBuilder &builder, func::FuncOp gradient,
                 const GradientSignature &sig);
  void buildInit(OpBuilder &builder, func::FuncOp gradient,
                 const GradientSignature &sig);
  void buildRamping(OpBuilder &builder, func::FuncOp gradient,
                    const GradientSignature &sig);
  void buildMetrics(OpBuilder &builder, func::FuncOp gradient,
                    const GradientSignature &sig);
  double decayOf(StringRef name, Type type) const;

  SmallVector<std::string> noDecayPatterns;
};

FailureOr<GradientSignature> TrainingStepPass::analyze(func::FuncOp gradient) {
  GradientSignature sig;
  for (BlockArgument arg : gradient.getArguments()) {
    unsigned i = arg.getArgNumber();
    if (auto name = gradient.getArgAttrOfType<StringAttr>(i, "mx.name")) {
      sig.params.push_back(arg);
      sig.names.push_back(name.getValue().str());
    } else if (gradient.getArgAttr(i, "mx.seed")) {
      sig.seed = arg;
    } else if (auto state = gradient.getArgAttrOfType<StringAttr>(i, "mx.state")) {
      if (state.getValue() == "ema")
        sig.emas.push_back(arg);
      else if (state.getValue() == "ema_updates")
        sig.emaUpdates = arg;
      else
        return gradient.emitError()
               << "mx-training-step: unexpected state argument #" << i << " ("
               << state << ")";
    } else {
      sig.inputs.push_back(arg);
    }
  }
  if (sig.params.empty())
    return gradient.emitError() << "mx-training-step: @" << gradient.getName()
                                << " has no parameter (argument with mx.name)";
  for (auto [i, param] : llvm::enumerate(sig.params)) {
    auto type = dyn_cast<RankedTensorType>(param.getType());
    if (!type || !type.hasStaticShape() ||
        !isa<Float32Type, BFloat16Type, Float16Type>(type.getElementType()))
      return gradient.emitError()
             << "mx-training-step: parameter '" << sig.names[i]
             << "' has type " << param.getType()
             << "; parameters must be statically shaped f32, bf16 or f16 "
                "tensors";
  }
  TypeRange results = gradient.getResultTypes();
  if (results.size() < sig.params.size() + 1)
    return gradient.emitError()
           << "mx-training-step: @" << gradient.getName() << " has "
           << sig.params.size() << " parameters, so it must return at least "
           << sig.params.size() + 1
           << " results (each parameter's gradient first, the loss last), not "
           << results.size();
  for (auto [i, param] : llvm::enumerate(sig.params))
    if (results[i] != param.getType())
      return gradient.emitError()
             << "mx-training-step: result #" << i << " of @"
             << gradient.getName() << " has type " << results[i]
             << ", but the gradient of '" << sig.names[i] << "' must have type "
             << param.getType();
  auto loss = dyn_cast<RankedTensorType>(results.back());
  if (!loss || loss.getRank() != 0 || !loss.getElementType().isF32())
    return gradient.emitError() << "mx-training-step: the last result of @"
                                << gradient.getName()
                                << " (the loss) must be tensor<f32>";

  // Quantized weights: the inputs of the Q2 quantizers.
  gradient.walk([&](QuantizeOp op) {
    auto tag = op->getAttrOfType<StringAttr>("mx.quantizer");
    if (!tag || tag.getValue() != "Q2" || op.getEma())
      return;
    auto it = llvm::find(sig.params, op.getInput());
    if (it != sig.params.end())
      sig.quantized.emplace_back(it - sig.params.begin(), op);
  });
  llvm::sort(sig.quantized, [](const auto &lhs, const auto &rhs) {
    return lhs.first < rhs.first;
  });
  // An EMA belongs to the parameter its mx.of names.
  for (BlockArgument ema : sig.emas) {
    auto of = gradient.getArgAttrOfType<StringAttr>(ema.getArgNumber(), "mx.of");
    if (!of || !llvm::is_contained(sig.names, of.getValue()))
      return gradient.emitError()
             << "mx-training-step: EMA argument #" << ema.getArgNumber()
             << " does not name a parameter with mx.of";
  }
  if (!sig.emas.empty() && !sig.emaUpdates)
    return gradient.emitError()
           << "mx-training-step: EMA arguments without an ema_updates counter";
  return sig;
}

double TrainingStepPass::decayOf(StringRef name, Type type) const {
  if (cast<ShapedType>(type).getRank() <= 1 || name.ends_with(".bias"))
    return 0.0;
  for (const std::string &pattern : noDecayPatterns)
    if (llvm::Regex(pattern).match(name))
      return 0.0;
  return weightDecay;
}

func::FuncOp TrainingStepPass::createFunction(OpBuilder &builder, Location loc,
                                              StringRef name,
                                              ArrayRef<Slot> args,
                                              ArrayRef<Slot> results) {
  SmallVector<Type> argTypes, resultTypes;
  for (const Slot &slot : args)
    argTypes.push_back(slot.type);
  for (const Slot &slot : results)
    resultTypes.push_back(slot.type);
  auto func = func::FuncOp::create(builder, loc, name,
                                   builder.getFunctionType(argTypes, resultTypes));
  auto annotate = [&](const Slot &slot) {
    SmallVector<NamedAttribute> attrs = {
        builder.getNamedAttr("mx.state", builder.getStringAttr(slot.state))};
    if (!slot.of.empty())
      attrs.push_back(builder.getNamedAttr("mx.of", builder.getStringAttr(slot.of)));
    return builder.getDictionaryAttr(attrs);
  };
  for (auto [i, slot] : llvm::enumerate(args))
    func.setArgAttrs(i, annotate(slot));
  for (auto [i, slot] : llvm::enumerate(results))
    func.setResultAttrs(i, annotate(slot));
  func.addEntryBlock();
  return func;
}

static RankedTensorType stateType(BlockArgument param, Type element) {
  return cast<RankedTensorType>(param.getType()).clone(element);
}

/// Appends, for each of `kinds`, one slot per quantized weight whose type is
/// `type(weight)`.
static void appendPerWeight(SmallVector<Slot> &slots,
                            const GradientSignature &sig,
                            ArrayRef<StringRef> kinds,
                            function_ref<Type(BlockArgument)> type) {
  for (StringRef kind : kinds)
    for (auto &[i, op] : sig.quantized)
      slots.push_back({type(sig.params[i]), kind, sig.names[i]});
}

void TrainingStepPass::buildStep(OpBuilder &builder, func::FuncOp gradient,
                                 const GradientSignature &sig) {
  Location loc = gradient.getLoc();
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  Type i64 = builder.getI64Type();
  size_t np = sig.params.size();

  // Which parameters ramp, and the index of each one's EMA.
  SmallVector<int64_t> rampIndex(np, -1), emaIndex(np, -1);
  if (ramping)
    for (auto [k, entry] : llvm::enumerate(sig.quantized))
      rampIndex[entry.first] = k;
  for (auto [k, ema] : llvm::enumerate(sig.emas)) {
    StringRef of =
        gradient.getArgAttrOfType<StringAttr>(ema.getArgNumber(), "mx.of")
            .getValue();
    emaIndex[llvm::find(sig.names, of) - sig.names.begin()] = k;
  }

  SmallVector<Slot> args, results;
  for (auto [i, p] : llvm::enumerate(sig.params))
    args.push_back({p.getType(), "param", sig.names[i]});
  for (StringRef kind : {"exp_avg", "exp_avg_sq"})
    for (auto [i, p] : llvm::enumerate(sig.params))
      args.push_back({stateType(p, f32), kind, sig.names[i]});
  for (BlockArgument ema : sig.emas)
    args.push_back({ema.getType(), "ema",
                    gradient.getArgAttrOfType<StringAttr>(ema.getArgNumber(),
                                                          "mx.of")
                        .str()});
  if (sig.emaUpdates)
    args.push_back({i64, "ema_updates", ""});
  struct RampSlots {
    StringRef kind;
    Type element;
  };
  const RampSlots rampSlots[] = {{"period", i32}, {"count", i32},
                                 {"accumulator", f32}};
  if (ramping)
    for (const RampSlots &slot : rampSlots)
      for (auto &[i, op] : sig.quantized)
        args.push_back(
            {stateType(sig.params[i], slot.element), slot.kind, sig.names[i]});
  args.push_back({i64, "step", ""});
  args.push_back({f32, "lr", ""});
  for (BlockArgument input : sig.inputs)
    args.push_back({input.getType(), "input", ""});
  if (sig.seed)
    args.push_back({i64, "seed", ""});

  // Results: everything that changes.
  for (size_t k = 0; k < 3 * np + sig.emas.size() + (sig.emaUpdates ? 1 : 0);
       ++k)
    results.push_back(args[k]);
  if (ramping)
    for (size_t k = 1; k < 3; ++k)
      for (auto [j, entry] : llvm::enumerate(sig.quantized))
        results.push_back(args[3 * np + sig.emas.size() +
                               (sig.emaUpdates ? 1 : 0) +
                               k * sig.quantized.size() + j]);
  results.push_back({i64, "step", ""});
  results.push_back({RankedTensorType::get({}, f32), "loss", ""});

  func::FuncOp step = createFunction(builder, loc,
                                     (gradient.getName() + "_step").str(),
                                     args, results);
  step->setAttr("mx.optimizer",
                builder.getDictionaryAttr({
                    builder.getNamedAttr("kind", builder.getStringAttr(
                                                     ramping ? "adamw_ramping"
                                                             : "adamw")),
                    builder.getNamedAttr("beta1", builder.getF64FloatAttr(beta1)),
                    builder.getNamedAttr("beta2", builder.getF64FloatAttr(beta2)),
                    builder.getNamedAttr("eps", builder.getF64FloatAttr(epsilon)),
                    builder.getNamedAttr("weight_decay",
                                         builder.getF64FloatAttr(weightDecay)),
                    builder.getNamedAttr("qema_beta",
                                         builder.getF64FloatAttr(qemaBeta)),
                }));

  // Argument positions.
  Block &body = step.front();
  auto arg = [&](size_t k) -> Value { return body.getArgument(k); };
  size_t emaBase = 3 * np, updatesPos = emaBase + sig.emas.size();
  size_t rampBase = updatesPos + (sig.emaUpdates ? 1 : 0);
  size_t nq = ramping ? sig.quantized.size() : 0;
  size_t stepPos = rampBase + 3 * nq, lrPos = stepPos + 1;
  size_t inputBase = lrPos + 1;

  ImplicitLocOpBuilder b(loc, builder);
  b.setInsertionPointToStart(&body);
  Emitter e(b);

  // The gradients, with the state arguments in the gradient function's order.
  SmallVector<Value> callArgs;
  size_t nextInput = 0;
  for (BlockArgument a : gradient.getArguments()) {
    if (auto it = llvm::find(sig.params, a); it != sig.params.end())
      callArgs.push_back(arg(it - sig.params.begin()));
    else if (auto it = llvm::find(sig.emas, a); it != sig.emas.end())
      callArgs.push_back(arg(emaBase + (it - sig.emas.begin())));
    else if (a == sig.emaUpdates)
      callArgs.push_back(arg(updatesPos));
    else if (a == sig.seed)
      callArgs.push_back(arg(body.getNumArguments() - 1));
    else
      callArgs.push_back(arg(inputBase + nextInput++));
  }
  auto call = func::CallOp::create(b, gradient, callArgs);

  // Bias corrections with the global step t = step + 1.
  Value t = arith::AddIOp::create(
      b, arg(stepPos), arith::ConstantOp::create(b, b.getI64IntegerAttr(1)));
  Value tf = arith::SIToFPOp::create(b, f32, t);
  Value one = e.f32(1.0), lr = arg(lrPos);
  Value bc1 = arith::SubFOp::create(b, one, math::PowFOp::create(b, e.f32(beta1), tf));
  Value bc2 = arith::SubFOp::create(b, one, math::PowFOp::create(b, e.f32(beta2), tf));
  Value sqrtBc2 = math::SqrtOp::create(b, bc2);
  Value b1 = e.f32(beta1), b2 = e.f32(beta2), eps = e.f32(epsilon);
  Value oneMinusB1 = e.f32(1.0 - beta1), oneMinusB2 = e.f32(1.0 - beta2);

  SmallVector<Value> newParams(np), newM(np), newV(np), newCount(nq), newAcc(nq);
  for (size_t i = 0; i < np; ++i) {
    Value p = arg(i), g = call.getResult(i);
    Value m = arg(np + i), v = arg(2 * np + i);
    Type elem = cast<ShapedType>(p.getType()).getElementType();
    Value decay = arith::SubFOp::create(
        b, one, arith::MulFOp::create(b, lr, e.f32(decayOf(sig.names[i], p.getType()))));
    // The AdamW update of one element from the gradient `grad` and the
    // learning rate `rate`: (m', v', p' without decay applied).
    auto adam = [&](ImplicitLocOpBuilder &ib, Value grad, Value mOld,
                    Value vOld, Value pDecayed, Value rate) {
      Value m1 = arith::AddFOp::create(ib, arith::MulFOp::create(ib, b1, mOld),
                                       arith::MulFOp::create(ib, oneMinusB1, grad));
      Value v1 = arith::AddFOp::create(
          ib, arith::MulFOp::create(ib, b2, vOld),
          arith::MulFOp::create(ib, oneMinusB2,
                                arith::MulFOp::create(ib, grad, grad)));
      Value denom = arith::AddFOp::create(
          ib, arith::DivFOp::create(ib, math::SqrtOp::create(ib, v1), sqrtBc2),
          eps);
      Value stepSize = arith::DivFOp::create(ib, rate, bc1);
      Value p1 = arith::SubFOp::create(
          ib, pDecayed,
          arith::MulFOp::create(ib, stepSize, arith::DivFOp::create(ib, m1, denom)));
      return std::array<Value, 3>{m1, v1, p1};
    };

    if (rampIndex[i] < 0) {
      SmallVector<Value> out = e.elementwise(
          ValueRange{p, g, m, v}, {elem, f32, f32},
          [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
            Value pd = arith::MulFOp::create(ib, Emitter::toF32(ib, s[0]), decay);
            auto [m1, v1, p1] = adam(ib, Emitter::toF32(ib, s[1]), s[2], s[3], pd, lr);
            return {Emitter::fromF32(ib, p1, elem), m1, v1};
          });
      newParams[i] = out[0];
      newM[i] = out[1];
      newV[i] = out[2];
      continue;
    }
    // Q-Ramping: accumulate; update when the count reaches a multiple of the
    // period, with the mean gradient and the learning rate times the count.
    size_t k = rampIndex[i];
    Value period = arg(rampBase + k), count = arg(rampBase + nq + k);
    Value acc = arg(rampBase + 2 * nq + k);
    SmallVector<Value> out = e.elementwise(
        ValueRange{p, g, m, v, period, count, acc}, {elem, f32, f32, i32, f32},
        [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
          Value c1 = arith::AddIOp::create(
              ib, s[5], arith::ConstantOp::create(ib, ib.getI32IntegerAttr(1)));
          Value a1 = arith::AddFOp::create(ib, s[6], Emitter::toF32(ib, s[1]));
          // A period below 1 (never produced by @F_periods) counts as 1.
          Value period = arith::MaxSIOp::create(
              ib, s[4], arith::ConstantOp::create(ib, ib.getI32IntegerAttr(1)));
          Value update = arith::CmpIOp::create(
              ib, arith::CmpIPredicate::eq,
              arith::RemSIOp::create(ib, c1, period),
              arith::ConstantOp::create(ib, ib.getI32IntegerAttr(0)));
          Value cf = arith::SIToFPOp::create(ib, ib.getF32Type(), c1);
          Value pd = arith::MulFOp::create(ib, Emitter::toF32(ib, s[0]), decay);
          auto [m1, v1, p1] = adam(ib, arith::DivFOp::create(ib, a1, cf), s[2],
                                   s[3], pd, arith::MulFOp::create(ib, lr, cf));
          Value zeroF = arith::ConstantOp::create(ib, ib.getF32FloatAttr(0.0f));
          Value zeroI = arith::ConstantOp::create(ib, ib.getI32IntegerAttr(0));
          auto pick = [&](Value yes, Value no) {
            return arith::SelectOp::create(ib, update, yes, no).getResult();
          };
          return {Emitter::fromF32(ib, pick(p1, pd), elem), pick(m1, s[2]),
                  pick(v1, s[3]), pick(zeroI, c1), pick(zeroF, a1)};
        });
    newParams[i] = out[0];
    newM[i] = out[1];
    newV[i] = out[2];
    newCount[k] = out[3];
    newAcc[k] = out[4];
  }

  // Q-EMA after the optimizer step.
  SmallVector<Value> newEma(sig.emas.size());
  Value qb = e.f32(qemaBeta), qb1 = e.f32(1.0 - qemaBeta);
  for (size_t i = 0; i < np; ++i) {
    if (emaIndex[i] < 0)
      continue;
    Value ema = arg(emaBase + emaIndex[i]);
    newEma[emaIndex[i]] = e.elementwise(
        ValueRange{ema, newParams[i]}, {f32},
        [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
          return {arith::AddFOp::create(
              ib, arith::MulFOp::create(ib, qb, s[0]),
              arith::MulFOp::create(ib, qb1, Emitter::toF32(ib, s[1])))};
        })[0];
  }

  SmallVector<Value> returned;
  llvm::append_range(returned, newParams);
  llvm::append_range(returned, newM);
  llvm::append_range(returned, newV);
  llvm::append_range(returned, newEma);
  if (sig.emaUpdates)
    returned.push_back(arith::AddIOp::create(
        b, arg(updatesPos), arith::ConstantOp::create(b, b.getI64IntegerAttr(1))));
  llvm::append_range(returned, newCount);
  llvm::append_range(returned, newAcc);
  returned.push_back(t);
  returned.push_back(call.getResults().back());
  func::ReturnOp::create(b, returned);
}

void TrainingStepPass::buildInit(OpBuilder &builder, func::FuncOp gradient,
                                 const GradientSignature &sig) {
  Location loc = gradient.getLoc();
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  Type i64 = builder.getI64Type();
  SmallVector<Slot> args, results;
  for (auto [i, p] : llvm::enumerate(sig.params))
    args.push_back({p.getType(), "param", sig.names[i]});
  for (StringRef kind : {"exp_avg", "exp_avg_sq"})
    for (auto [i, p] : llvm::enumerate(sig.params))
      results.push_back({stateType(p, f32), kind, sig.names[i]});
  SmallVector<int64_t> emaParams;
  for (BlockArgument ema : sig.emas) {
    StringRef of = gradient.getArgAttrOfType<StringAttr>(ema.getArgNumber(), "mx.of")
                       .getValue();
    emaParams.push_back(llvm::find(sig.names, of) - sig.names.begin());
    results.push_back({ema.getType(), "ema", of.str()});
  }
  if (sig.emaUpdates)
    results.push_back({i64, "ema_updates", ""});
  if (ramping)
    for (auto [kind, element] :
         {std::make_pair(StringRef("period"), i32),
          std::make_pair(StringRef("count"), i32),
          std::make_pair(StringRef("accumulator"), f32)})
      for (auto &[i, op] : sig.quantized)
        results.push_back({stateType(sig.params[i], element), kind, sig.names[i]});
  results.push_back({i64, "step", ""});

  func::FuncOp init = createFunction(
      builder, loc, (gradient.getName() + "_init").str(), args, results);
  ImplicitLocOpBuilder b(loc, builder);
  b.setInsertionPointToStart(&init.front());
  Emitter e(b);
  SmallVector<Value> returned;
  for (int moment = 0; moment < 2; ++moment)
    for (BlockArgument p : sig.params)
      returned.push_back(e.filled(stateType(p, f32), b.getF32FloatAttr(0.0f)));
  for (int64_t i : emaParams) {
    Value p = init.getArgument(i);
    returned.push_back(e.elementwise(
        ValueRange{p}, {f32},
        [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
          return {Emitter::toF32(ib, s[0])};
        })[0]);
  }
  if (sig.emaUpdates)
    returned.push_back(arith::ConstantOp::create(b, b.getI64IntegerAttr(0)));
  if (ramping) {
    for (auto [value, element] : {std::make_pair(1, i32), std::make_pair(0, i32)})
      for (auto &[i, op] : sig.quantized)
        returned.push_back(e.filled(stateType(sig.params[i], element),
                                    b.getIntegerAttr(element, value)));
    for (auto &[i, op] : sig.quantized)
      returned.push_back(
          e.filled(stateType(sig.params[i], f32), b.getF32FloatAttr(0.0f)));
  }
  returned.push_back(arith::ConstantOp::create(b, b.getI64IntegerAttr(0)));
  func::ReturnOp::create(b, returned);
}

void TrainingStepPass::buildRamping(OpBuilder &builder, func::FuncOp gradient,
                                    const GradientSignature &sig) {
  Location loc = gradient.getLoc();
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  size_t nq = sig.quantized.size();

  // distW += |w_t - w_(t-1)|, distQ += |Q(w_t) - Q(w_(t-1))|.
  SmallVector<Slot> args, results;
  for (StringRef kind : {"previous_weight", "weight", "dist_w", "dist_q"})
    for (auto &[i, op] : sig.quantized)
      args.push_back({kind.starts_with("dist") ? Type(stateType(sig.params[i], f32))
                                               : sig.params[i].getType(),
                      kind, sig.names[i]});
  appendPerWeight(results, sig, {"dist_w", "dist_q"},
                  [&](BlockArgument p) { return stateType(p, f32); });
  func::FuncOp update = createFunction(
      builder, loc, (gradient.getName() + "_calibration_update").str(), args,
      results);
  {
    ImplicitLocOpBuilder b(loc, builder);
    b.setInsertionPointToStart(&update.front());
    Emitter e(b);
    SmallVector<Value> distW, distQ;
    for (auto [k, entry] : llvm::enumerate(sig.quantized)) {
      QuantizeOp q2 = entry.second;
      Value prev = update.getArgument(k), cur = update.getArgument(nq + k);
      Value qPrev = e.quantized(prev, q2), qCur = e.quantized(cur, q2);
      SmallVector<Value> out = e.elementwise(
          ValueRange{prev, cur, qPrev, qCur, update.getArgument(2 * nq + k),
                     update.getArgument(3 * nq + k)},
          {f32, f32},
          [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
            Value dw = math::AbsFOp::create(
                ib, arith::SubFOp::create(ib, Emitter::toF32(ib, s[1]),
                                          Emitter::toF32(ib, s[0])));
            Value dq = math::AbsFOp::create(ib, arith::SubFOp::create(ib, s[3], s[2]));
            return {arith::AddFOp::create(ib, s[4], dw),
                    arith::AddFOp::create(ib, s[5], dq)};
          });
      distW.push_back(out[0]);
      distQ.push_back(out[1]);
    }
    SmallVector<Value> returned(distW);
    llvm::append_range(returned, distQ);
    func::ReturnOp::create(b, returned);
  }

  // P = min(k2 floor(distQ / (k1 (distW + 1e-8))) + 1, N_max).
  args.clear();
  results.clear();
  appendPerWeight(args, sig, {"dist_w", "dist_q"},
                  [&](BlockArgument p) { return stateType(p, f32); });
  appendPerWeight(results, sig, {"period"},
                  [&](BlockArgument p) { return stateType(p, i32); });
  func::FuncOp periods = createFunction(
      builder, loc, (gradient.getName() + "_periods").str(), args, results);
  ImplicitLocOpBuilder b(loc, builder);
  b.setInsertionPointToStart(&periods.front());
  Emitter e(b);
  Value k1 = e.f32(rampingK1), k2 = e.f32(rampingK2), tiny = e.f32(1e-8);
  Value one = e.f32(1.0), maxPeriod = e.f32(static_cast<double>(rampingMaxPeriod));
  SmallVector<Value> returned;
  for (size_t k = 0; k < nq; ++k)
    returned.push_back(e.elementwise(
        ValueRange{periods.getArgument(k), periods.getArgument(nq + k)}, {i32},
        [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
          Value ratio = arith::DivFOp::create(
              ib, s[1],
              arith::MulFOp::create(ib, k1, arith::AddFOp::create(ib, s[0], tiny)));
          Value p = arith::AddFOp::create(
              ib, arith::MulFOp::create(ib, k2, math::FloorOp::create(ib, ratio)),
              one);
          // A NaN (a diverged calibration) becomes 1; nothing exceeds N_max.
          p = arith::MaxNumFOp::create(ib, p, one);
          p = arith::MinimumFOp::create(ib, p, maxPeriod);
          return {arith::FPToSIOp::create(ib, ib.getI32Type(), p)};
        })[0]);
  func::ReturnOp::create(b, returned);
}

void TrainingStepPass::buildMetrics(OpBuilder &builder, func::FuncOp gradient,
                                    const GradientSignature &sig) {
  Location loc = gradient.getLoc();
  Type f32 = builder.getF32Type();
  auto scalarType = RankedTensorType::get({}, f32);
  size_t nq = sig.quantized.size();

  // Rate of change of each quantized weight and of its quantized value.
  SmallVector<Slot> args, results;
  appendPerWeight(args, sig, {"previous_weight", "weight"},
                  [](BlockArgument p) { return p.getType(); });
  appendPerWeight(results, sig, {"change_w", "change_q"},
                  [&](BlockArgument) -> Type { return scalarType; });
  func::FuncOp change = createFunction(
      builder, loc, (gradient.getName() + "_oscillation").str(), args, results);
  {
    ImplicitLocOpBuilder b(loc, builder);
    b.setInsertionPointToStart(&change.front());
    Emitter e(b);
    // ||cur - prev|| / ||prev||, from two sums of squares.
    auto relativeChange = [&](Value prev, Value cur) {
      SmallVector<Value> sq = e.elementwise(
          ValueRange{prev, cur}, {f32, f32},
          [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
            Value p = Emitter::toF32(ib, s[0]);
            Value d = arith::SubFOp::create(ib, Emitter::toF32(ib, s[1]), p);
            return {arith::MulFOp::create(ib, d, d), arith::MulFOp::create(ib, p, p)};
          });
      Value ratio = arith::DivFOp::create(
          b, math::SqrtOp::create(b, e.scalarOf(e.sum(sq[0]))),
          math::SqrtOp::create(b, e.scalarOf(e.sum(sq[1]))));
      return e.tensorOf(ratio);
    };
    SmallVector<Value> rw, rq;
    for (auto [k, entry] : llvm::enumerate(sig.quantized)) {
      Value prev = change.getArgument(k), cur = change.getArgument(nq + k);
      rw.push_back(relativeChange(prev, cur));
      QuantizeOp q2 = entry.second;
      rq.push_back(relativeChange(e.quantized(prev, q2), e.quantized(cur, q2)));
    }
    llvm::append_range(rw, rq);
    func::ReturnOp::create(b, rw);
  }

  // The fraction of weights with R_w = distQ / distW > 16.
  args.clear();
  results.clear();
  appendPerWeight(args, sig, {"dist_w", "dist_q"},
                  [&](BlockArgument p) { return stateType(p, f32); });
  appendPerWeight(results, sig, {"oscillating_fraction"},
                  [&](BlockArgument) -> Type { return scalarType; });
  func::FuncOp fraction = createFunction(
      builder, loc, (gradient.getName() + "_oscillating_fraction").str(), args,
      results);
  {
    ImplicitLocOpBuilder b(loc, builder);
    b.setInsertionPointToStart(&fraction.front());
    Emitter e(b);
    Value sixteen = e.f32(16.0);
    SmallVector<Value> returned;
    for (size_t k = 0; k < nq; ++k) {
      Value dw = fraction.getArgument(k);
      Value flags = e.elementwise(
          ValueRange{dw, fraction.getArgument(nq + k)}, {f32},
          [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
            Value over = arith::CmpFOp::create(
                ib, arith::CmpFPredicate::OGT, s[1],
                arith::MulFOp::create(ib, sixteen, s[0]));
            return {arith::UIToFPOp::create(ib, ib.getF32Type(), over)};
          })[0];
      double count = static_cast<double>(
          cast<ShapedType>(dw.getType()).getNumElements());
      returned.push_back(e.tensorOf(arith::DivFOp::create(
          b, e.scalarOf(e.sum(flags)), e.f32(count))));
    }
    func::ReturnOp::create(b, returned);
  }

  // Quantization confidence: the mean over elements of the distance of
  // v = w / S to the nearest rounding threshold, over half its bin's width.
  args.clear();
  results.clear();
  appendPerWeight(args, sig, {"weight"},
                  [](BlockArgument p) { return p.getType(); });
  appendPerWeight(results, sig, {"confidence"},
                  [&](BlockArgument) -> Type { return scalarType; });
  func::FuncOp confidence = createFunction(
      builder, loc, (gradient.getName() + "_confidence").str(), args, results);
  ImplicitLocOpBuilder b(loc, builder);
  b.setInsertionPointToStart(&confidence.front());
  Emitter e(b);
  static constexpr double kThresholds[] = {0.25, 0.75, 1.25, 1.75, 2.5, 3.5, 5.0};
  // Half-widths of the bins of 0, 0.5, 1, 1.5, 2, 3, 4, 6; the bins of 0 and
  // 6 are taken as [-0.25, 0.25] and [5, 7].
  static constexpr double kHalfWidths[] = {0.25, 0.25, 0.25, 0.25,
                                           0.375, 0.5, 0.75, 1.0};
  SmallVector<Value> returned;
  for (auto [k, entry] : llvm::enumerate(sig.quantized)) {
    Value w = confidence.getArgument(k);
    auto type = cast<RankedTensorType>(w.getType());
    SmallVector<int64_t> scaleShape(type.getShape());
    scaleShape.back() /= kBlockSize;
    auto q = QuantizeOp::create(
        b, RankedTensorType::get(type.getShape(), b.getType<Float4E2M1FNType>()),
        RankedTensorType::get(scaleShape, b.getType<Float8E8M0FNUType>()), w,
        b.getI64IntegerAttr(type.getRank() - 1),
        ScaleRuleAttr::get(b.getContext(), QuantizeOp(entry.second).getScaleRule()),
        RoundingAttr::get(b.getContext(), QuantizeOp(entry.second).getRounding()),
        Value(), Value(), Value());
    // S per element: a tensor of 1.0 codes dequantized with the scales.
    auto codesType = cast<RankedTensorType>(q.getCodes().getType());
    Value ones = arith::ConstantOp::create(
        b, DenseElementsAttr::get(codesType, b.getFloatAttr(codesType.getElementType(), 1.0)));
    Value scale = DequantizeOp::create(b, type.clone(f32), ones, q.getScales(),
                                       b.getI64IntegerAttr(type.getRank() - 1));
    Value grid = DequantizeOp::create(b, type.clone(f32), q.getCodes(),
                                      q.getScales(),
                                      b.getI64IntegerAttr(type.getRank() - 1));
    Value perElement = e.elementwise(
        ValueRange{w, scale, grid}, {f32},
        [&](ImplicitLocOpBuilder &ib, ValueRange s) -> SmallVector<Value> {
          Value v = math::AbsFOp::create(
              ib, arith::DivFOp::create(ib, Emitter::toF32(ib, s[0]), s[1]));
          Value q = math::AbsFOp::create(ib, arith::DivFOp::create(ib, s[2], s[1]));
          Value nearest = arith::ConstantOp::create(ib, ib.getF32FloatAttr(1e30f));
          for (double threshold : kThresholds) {
            Value d = math::AbsFOp::create(
                ib, arith::SubFOp::create(
                        ib, v, arith::ConstantOp::create(ib, ib.getF32FloatAttr(threshold))));
            nearest = arith::MinimumFOp::create(ib, nearest, d);
          }
          // Half-width of q's bin, selected by comparing with the grid.
          static constexpr double kGrid[] = {0, 0.5, 1, 1.5, 2, 3, 4, 6};
          Value half = arith::ConstantOp::create(ib, ib.getF32FloatAttr(kHalfWidths[0]));
          for (int j = 1; j < 8; ++j) {
            Value isJ = arith::CmpFOp::create(
                ib, arith::CmpFPredicate::OEQ, q,
                arith::ConstantOp::create(ib, ib.getF32FloatAttr(kGrid[j])));
            half = arith::SelectOp::create(
                ib, isJ, arith::ConstantOp::create(ib, ib.getF32FloatAttr(kHalfWidths[j])),
                half);
          }
          return {arith::DivFOp::create(ib, nearest, half)};
        })[0];
    double count = static_cast<double>(type.getNumElements());
    returned.push_back(e.tensorOf(
        arith::DivFOp::create(b, e.scalarOf(e.sum(perElement)), e.f32(count))));
  }
  func::ReturnOp::create(b, returned);
}

void TrainingStepPass::runOnOperation() {
  ModuleOp module = getOperation();
  if (ramping && rampingMaxPeriod < 1) {
    module.emitError() << "mx-training-step: ramping-max-period must be at "
                          "least 1, got "
                       << static_cast<int64_t>(rampingMaxPeriod);
    return signalPassFailure();
  }
  SmallVector<StringRef> patterns;
  StringRef(noDecay).split(patterns, ',', -1, /*KeepEmpty=*/false);
  for (StringRef text : patterns) {
    llvm::Regex regex(text.trim());
    std::string problem;
    if (!regex.isValid(problem)) {
      module.emitError() << "mx-training-step: invalid no-decay pattern '"
                         << text.trim() << "': " << problem;
      return signalPassFailure();
    }
    noDecayPatterns.push_back(text.trim().str());
  }

  func::FuncOp gradient;
  if (!function.empty()) {
    gradient = module.lookupSymbol<func::FuncOp>(function);
    if (!gradient) {
      module.emitError() << "mx-training-step: no function @" << function;
      return signalPassFailure();
    }
  } else {
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isDeclaration()) {
        if (gradient) {
          module.emitError() << "mx-training-step: several public functions; "
                                "name the gradient function with function=";
          return signalPassFailure();
        }
        gradient = func;
      }
    if (!gradient) {
      module.emitError() << "mx-training-step: no public function to wrap";
      return signalPassFailure();
    }
  }

  FailureOr<GradientSignature> sig = analyze(gradient);
  if (failed(sig))
    return signalPassFailure();
  if (ramping && !sig->emas.empty())
    gradient.emitWarning()
        << "mx-training-step: combining Q-EMA with Q-Ramping, which the "
           "TetraJet paper advises against (its appendix C.4)";
  if (ramping && sig->quantized.empty())
    gradient.emitWarning() << "mx-training-step: Q-Ramping found no quantized "
                              "weight (no mx.quantize tagged Q2); run "
                              "mx-tetrajet first";

  OpBuilder builder(module.getContext());
  builder.setInsertionPointAfter(gradient);
  buildStep(builder, gradient, *sig);
  buildInit(builder, gradient, *sig);
  if (ramping)
    buildRamping(builder, gradient, *sig);
  if (!sig->quantized.empty())
    buildMetrics(builder, gradient, *sig);
}

} // namespace
