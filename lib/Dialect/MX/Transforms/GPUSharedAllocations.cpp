//===- GPUSharedAllocations.cpp - Host buffers the GPU can reach ----------===//

#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::mx {
#define GEN_PASS_DEF_GPUSHAREDALLOCATIONS
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;

namespace {

struct GPUSharedAllocationsPass
    : mlir::mx::impl::GPUSharedAllocationsBase<GPUSharedAllocationsPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUSharedAllocationsPass)

  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    auto onHost = [](Operation *op) {
      return !op->getParentOfType<gpu::LaunchOp>() &&
             !op->getParentOfType<gpu::GPUModuleOp>();
    };
    getOperation().walk([&](memref::AllocOp alloc) {
      if (!onHost(alloc))
        return;
      rewriter.setInsertionPoint(alloc);
      auto shared = gpu::AllocOp::create(
          rewriter, alloc.getLoc(), alloc.getType(), /*asyncToken=*/Type(),
          /*asyncDependencies=*/ValueRange(), alloc.getDynamicSizes(),
          alloc.getSymbolOperands(), /*hostShared=*/true);
      rewriter.replaceOp(alloc, shared.getMemref());
    });
    getOperation().walk([&](memref::DeallocOp dealloc) {
      if (!onHost(dealloc))
        return;
      // The GPU-to-LLVM lowering frees only asynchronous deallocations:
      // free on a fresh stream and wait for it.
      rewriter.setInsertionPoint(dealloc);
      Location loc = dealloc.getLoc();
      Type token = rewriter.getType<gpu::AsyncTokenType>();
      Value start = gpu::WaitOp::create(rewriter, loc, token, ValueRange())
                        .getAsyncToken();
      Value done = gpu::DeallocOp::create(rewriter, loc, token, start,
                                          dealloc.getMemref())
                       .getAsyncToken();
      gpu::WaitOp::create(rewriter, loc, Type(), done);
      rewriter.eraseOp(dealloc);
    });
  }
};

} // namespace
