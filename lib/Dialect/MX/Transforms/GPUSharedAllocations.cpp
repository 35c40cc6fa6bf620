//===- GPUSharedAllocations.cpp - Host buffers the GPU can reach ----------===//

#include "GPUKernelUtils.h"

#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

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
      rewriter.setInsertionPoint(dealloc);
      mx::freeGPUBuffer(rewriter, dealloc.getLoc(), dealloc.getMemref());
      rewriter.eraseOp(dealloc);
    });
    // Arguments may be device memory (PyTorch CUDA tensors), which host
    // code cannot read: contiguous copies go through the driver.
    getOperation().walk([&](memref::CopyOp copy) {
      auto contiguous = [](Value memref) {
        return cast<MemRefType>(memref.getType()).getLayout().isIdentity();
      };
      if (!onHost(copy) || !contiguous(copy.getSource()) ||
          !contiguous(copy.getTarget()))
        return;
      rewriter.setInsertionPoint(copy);
      mx::onFreshStream(rewriter, copy.getLoc(), [&](Type token, Value start) {
        return gpu::MemcpyOp::create(rewriter, copy.getLoc(), token, start,
                                     copy.getTarget(), copy.getSource())
            .getAsyncToken();
      });
      rewriter.eraseOp(copy);
    });
    // Constant globals live in the host program's memory: kernels read a
    // host-shared copy, made on entry (by the driver: the copy may be device
    // memory) and freed on return.
    SmallVector<memref::GetGlobalOp> globals;
    getOperation().walk([&](memref::GetGlobalOp global) {
      auto definition = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
          global, global.getNameAttr());
      if (definition && definition.getConstant() && onHost(global) &&
          reachesKernel(global.getResult()))
        globals.push_back(global);
    });
    for (memref::GetGlobalOp global : globals) {
      // At the function's entry, so that the copy dominates every use and
      // every return.
      rewriter.moveOpBefore(global, &getOperation().getBody().front().front());
      rewriter.setInsertionPointAfter(global);
      Location loc = global.getLoc();
      Value copy = gpu::AllocOp::create(
                       rewriter, loc, global.getType(), /*asyncToken=*/Type(),
                       /*asyncDependencies=*/ValueRange(),
                       /*dynamicSizes=*/ValueRange(),
                       /*symbolOperands=*/ValueRange(), /*hostShared=*/true)
                       .getMemref();
      Operation *fill = nullptr;
      mx::onFreshStream(rewriter, loc, [&](Type token, Value start) {
        auto memcpy = gpu::MemcpyOp::create(rewriter, loc, token, start, copy,
                                            global.getResult());
        fill = memcpy;
        return memcpy.getAsyncToken();
      });
      // The data are constant: every use, views included, may read the copy,
      // except a return (the copy is freed there).
      rewriter.replaceUsesWithIf(global.getResult(), copy, [&](OpOperand &use) {
        return use.getOwner() != fill && !isa<func::ReturnOp>(use.getOwner());
      });
      getOperation().walk([&](func::ReturnOp ret) {
        rewriter.setInsertionPoint(ret);
        mx::freeGPUBuffer(rewriter, ret.getLoc(), copy);
      });
    }
  }

  /// Whether `memref`, or a view of it, is an operand of a kernel launch.
  static bool reachesKernel(Value memref) {
    return llvm::any_of(memref.getUsers(), [](Operation *user) {
      if (isa<gpu::LaunchFuncOp>(user))
        return true;
      auto view = dyn_cast<ViewLikeOpInterface>(user);
      return view && reachesKernel(view->getResult(0));
    });
  }
};

} // namespace
