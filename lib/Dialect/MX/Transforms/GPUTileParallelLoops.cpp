//===- GPUTileParallelLoops.cpp - Blocks of many threads for SIMT kernels -===//
//
// gpu-map-parallel-loops maps the outermost scf.parallel of a nest to the
// grid and the next one to the threads of a block, so an untiled loop nest
// becomes blocks of one thread each. Tiling first gives each block up to
// `threads` iterations, innermost dimension first, so that neighbouring
// threads touch neighbouring elements.
//
//===----------------------------------------------------------------------===//

#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::mx {
#define GEN_PASS_DEF_GPUTILEPARALLELLOOPS
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;

namespace {

struct GPUTileParallelLoopsPass
    : mlir::mx::impl::GPUTileParallelLoopsBase<GPUTileParallelLoopsPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUTileParallelLoopsPass)
  using GPUTileParallelLoopsBase::GPUTileParallelLoopsBase;

  void runOnOperation() override {
    if (threads < 1 || threads > 1024) {
      getOperation().emitError()
          << "mx-gpu-tile-parallel-loops: threads must be in 1..1024, not "
          << static_cast<int64_t>(threads);
      return signalPassFailure();
    }
    // Outermost loops only: inner ones already run inside a block's body.
    SmallVector<scf::ParallelOp> outermost;
    getOperation().walk([&](scf::ParallelOp loop) {
      // Unit steps only: tileParallelLoop's in-bounds guard assumes them.
      bool unitSteps = llvm::all_of(loop.getStep(), [](Value step) {
        return getConstantIntValue(step) == 1;
      });
      if (!loop->getParentOfType<scf::ParallelOp>() &&
          !loop->getParentOfType<gpu::LaunchOp>() &&
          loop.getNumReductions() == 0 && unitSteps)
        outermost.push_back(loop);
    });
    for (scf::ParallelOp loop : outermost) {
      SmallVector<int64_t> sizes = tileSizes(loop);
      if (llvm::all_of(sizes, [](int64_t s) { return s == 1; }))
        continue;
      // Fixed inner bounds with an in-bounds guard: the block size stays a
      // constant that convert-parallel-loops-to-gpu can launch with.
      scf::tileParallelLoop(loop, sizes, /*noMinMaxBounds=*/true);
    }
  }

  /// Up to `threads` threads, given to the dimensions from the innermost
  /// outwards, each at most its trip count (rounded up to a power of two)
  /// and the block limit of the thread id it maps to: with the innermost-
  /// first policy, gpu-map-parallel-loops maps the last three dimensions to
  /// x, y, z (at most 1024, 1024, 64 threads) and runs the others
  /// sequentially.
  SmallVector<int64_t> tileSizes(scf::ParallelOp loop) {
    const int64_t limits[] = {1024, 1024, 64};
    unsigned rank = loop.getNumLoops();
    SmallVector<int64_t> sizes(rank, 1);
    int64_t remaining = threads;
    for (unsigned id = 0; id < std::min(rank, 3u); ++id) {
      unsigned d = rank - 1 - id;
      int64_t size = std::min(remaining, limits[id]);
      std::optional<int64_t> lb = getConstantIntValue(loop.getLowerBound()[d]);
      std::optional<int64_t> ub = getConstantIntValue(loop.getUpperBound()[d]);
      if (lb && ub)
        size = std::min<int64_t>(
            size, llvm::PowerOf2Ceil(std::max<int64_t>(1, *ub - *lb)));
      sizes[d] = size;
      remaining /= size;
    }
    return sizes;
  }
};

} // namespace
