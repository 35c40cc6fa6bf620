//===- ReadOnlyArguments.cpp - Arguments that bufferization never writes --===//

#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::mx {
#define GEN_PASS_DEF_READONLYARGUMENTS
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;

namespace {

struct ReadOnlyArgumentsPass
    : mlir::mx::impl::ReadOnlyArgumentsBase<ReadOnlyArgumentsPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ReadOnlyArgumentsPass)

  void runOnOperation() override {
    func::FuncOp function = getOperation();
    if (function.isPrivate() || function.isExternal())
      return;
    auto readOnly = BoolAttr::get(&getContext(), false);
    for (auto [index, type] : llvm::enumerate(function.getArgumentTypes()))
      if (isa<TensorType>(type) &&
          !function.getArgAttr(
              index, bufferization::BufferizationDialect::kWritableAttrName))
        function.setArgAttr(
            index, bufferization::BufferizationDialect::kWritableAttrName,
            readOnly);
  }
};

} // namespace
