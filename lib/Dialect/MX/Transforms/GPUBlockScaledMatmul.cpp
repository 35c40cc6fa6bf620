//===- GPUBlockScaledMatmul.cpp - mx.matmul on the tensor cores -----------===//
//
// Replaces the contraction that mx.matmul lowers to (tagged
// mx.block_scaled_matmul, on buffers) with a gpu.launch of warp-level MMA:
//
//  * sm_120a: mma.sync m16n8k64 kind::mxf4 block_scale, the native MXFP4
//    instruction: codes straight from memory, two E8M0 scales per row and
//    column and K = 64 step, accumulated in f32 by the tensor core;
//  * sm_90a: Hopper has no FP4 or block-scaled MMA. By default the scales
//    are folded into the operands: codes times their scales are exact in
//    bf16 (here with 2^63 moved from B's scales onto A's, so that B takes
//    its scale in one multiplication: for A's scales up to 2^62 and B's
//    from 2^-69 to 2^64), and bf16 mma.sync m16n8k16 accumulates the
//    products in f32 straight into the result. Steps that meet other
//    scales, and the sm90-operands=e4m3 variant, run each 32-element block
//    as one mma.sync m16n8k32 e4m3 (E2M1 values are exact in E4M3, and a
//    block's sum of products is exact in f32) from a zero accumulator, and
//    apply the block's two scales in f32 on the CUDA cores.
//
// All share the tiling and the addressing of packed codes. A block of
// warpsM x warpsN warps computes a tile of the result; each warp computes
// tilesM x tilesN MMA tiles of 16 x 8, so that every operand word it loads
// feeds tilesN (A) or tilesM (B) MMAs. In an MMA tile, lane l = 4g + t owns
// rows g and g + 8 of A, column g of B and the result elements
// (g + 8 (i/2), 2t + i%2) (PTX ISA, mma fragments). Codes are loaded as
// 32-bit words: lane t of a row takes word t of each 16-byte K-block (codes
// 8t .. 8t + 7). A K-block's sum does not depend on which MMA k-slot a code
// lands in as long as A and B agree, so the sm_90a kernel puts codes
// 8t .. 8t + 3 in the low k-slots 4t .. 4t + 3 and codes 8t + 4 .. 8t + 7 in
// the high ones 16 + 4t ..; for kind::mxf4 the word is exactly the fragment.
// With scales folded into bf16 operands, even the block a k-slot belongs
// to is free, so where K allows, lane t loads a whole block of its row (the
// quad four blocks; see stepBF16), or two where M is one tile and the
// kernel streams B.
//
// M is padded to whole 16-row tiles; grids with few warps split K
// (chooseSplitK) and add their partial sums atomically. Where M <= 8, the
// bf16 MMAs compute the transposed product instead, so that B fills all 16
// rows of each MMA.
//
// On sm_90a with bf16 operands, matmuls whose M, N and K divide into its
// tiles (128 or 64 rows by 128 columns, K steps of 64) use the warpgroup
// kernel instead (rewriteWarpgroup): the block's threads convert each step
// of A and B into bf16 in shared memory, in the layout wgmma reads, while
// wgmma multiplies the step before from another stage. Large ones (M and
// N of 1024 or more) use the streamed kernel (rewriteStreamed): A and B
// are converted once into bf16 images in global memory, which the matmul
// streams to wgmma. Where M is 128 to 1023 (in at least 64 tiles), the
// streamed kernel takes A's image and converts B in its producer
// warpgroup instead (2^63 of B's scales moved onto A's image, as the
// mma.sync kernel moves it: kMovedToA). Both are in GPUWgmmaKernels.cpp; the
// sm_100a tcgen05 kernel is in GPUTcgen05Kernel.cpp; GPUMatmulKernels.h has
// what they share with this file.
//
//===----------------------------------------------------------------------===//

#include "GPUMatmulKernels.h"

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace mlir::mx {
#define GEN_PASS_DEF_GPUBLOCKSCALEDMATMUL
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;
using namespace mlir::mx;

namespace {

/// The largest of limit, limit - 1, ..., 1 that divides n.
int64_t largestDivisor(int64_t n, int64_t limit) {
  for (int64_t d = limit; d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Up to 4 x 4 MMA tiles per warp and 2 x 2 warps per block, as far as M
/// and N divide into them.
BlockTile chooseBlockTile(int64_t m, int64_t n) {
  BlockTile tile;
  tile.tilesM = largestDivisor(m / 16, 4);
  tile.tilesN = largestDivisor(n / 8, 4);
  tile.warpsM = largestDivisor(m / tile.warpRows(), 2);
  tile.warpsN = largestDivisor(n / tile.warpCols(), 2);
  return tile;
}

/// How many parts K is split into, so that a grid with few warps (small M:
/// the weight-bound products of decoding) still has enough loads in flight
/// to stream its operands: 2, 4 or 8, dividing `steps` into parts of at
/// least `minSteps` steps, until the grid has about 16 warps for each of 132
/// multiprocessors (an H200's; more does no harm elsewhere).
int64_t chooseSplitK(int64_t m, int64_t n, const BlockTile &tile, int64_t steps,
                     int64_t minSteps) {
  int64_t warps =
      (m / tile.rows()) * (n / tile.cols()) * tile.warpsM * tile.warpsN;
  int64_t splits = 1;
  for (int64_t s = 2; s <= 8 && warps * splits < 16 * 132; s *= 2)
    if (steps % s == 0 && steps / s >= minSteps)
      splits = s;
  return splits;
}

/// A's operands of the bf16 MMAs of one step of the mma.sync kernel: per M
/// tile, per word w and half h at [2 w + h], the four registers of an
/// m16n8k16 A fragment.
using AFragments = SmallVector<SmallVector<std::array<Value, 4>>>;

/// The scales a lane loads per row and step of the mma.sync kernel's bf16
/// way when it loads `words` words of codes a row: one per K-block (four
/// words).
int64_t scalesPerRow(int64_t words) { return std::max<int64_t>(1, words / 4); }

/// How the mma.sync kernel computes one M x N x K matmul (planMMASync).
struct MMASyncPlan {
  /// M, then M padded to whole 16-row tiles (rows past M load row M - 1
  /// and store nothing), and N.
  int64_t rowsOfA, m, n;
  BlockTile tile;
  /// sm_120a's MXFP4 MMA; otherwise sm_90a, with the scales folded into
  /// bf16 operands (`folded`) or applied to E4M3 block sums.
  bool native, folded;
  /// Folded, with one MMA tile along M: the loads go a step ahead
  /// (buildSteps).
  bool loadAhead;
  /// The K-blocks of a step (one without folded scales).
  int64_t blocksPerStep;
  /// The MMAs compute the transposed product (transposeLanes).
  bool transposed;
  /// The steps of K, and the parts K is split into (chooseSplitK).
  int64_t steps, splits;

  /// The bytes of codes a lane loads at once (up to a whole K-block), to
  /// which the code buffers must be aligned.
  int64_t loadBytes() const { return std::min<int64_t>(16, 4 * blocksPerStep); }
};

MMASyncPlan planMMASync(int64_t rowsOfA, int64_t n, int64_t k, bool native,
                        bool folded) {
  MMASyncPlan plan;
  plan.rowsOfA = rowsOfA;
  plan.m = llvm::alignTo(rowsOfA, 16);
  plan.n = n;
  plan.tile = chooseBlockTile(plan.m, n);
  plan.native = native;
  plan.folded = folded;
  // With scales folded into the operands, the k-order of codes is free
  // across blocks too: a step covers up to four K-blocks, one per lane of
  // a quad, so a lane loads a whole block of a row (16 bytes) at once.
  // With one MMA tile along M (small M, where the kernel streams B), it
  // covers eight, two whole blocks a lane: each row of B is then read in
  // runs of 128 bytes a step, which the H200 serves at 2.9 to 3.0 TB/s
  // against 2.1 for runs of 64 (python/tools/weight_load_patterns.cu).
  plan.loadAhead = folded && plan.tile.tilesM == 1;
  int64_t blocks = k / 32;
  plan.blocksPerStep = !folded                             ? 1
                       : plan.loadAhead && blocks % 8 == 0 ? 8
                       : blocks % 4 == 0                   ? 4
                       : blocks % 2 == 0                   ? 2
                                                           : 1;
  plan.transposed = plan.blocksPerStep == 8 && plan.loadAhead && plan.m == 16 &&
                    rowsOfA <= 8 && plan.tile.tilesN % 2 == 0;
  plan.steps = native ? k / 64 : blocks / plan.blocksPerStep;
  // Parts of 16 steps; 8 where a step is two blocks a lane, as many codes.
  plan.splits = chooseSplitK(plan.m, n, plan.tile, plan.steps,
                             plan.blocksPerStep == 8 ? 8 : 16);
  return plan;
}

/// What one lane of the mma.sync kernel multiplies: its MMAs' operands and
/// tiles, its indices into them, and the result element of each of its
/// sums (of MMA tile (i, j) and fragment register r at (i * tilesN + j) *
/// 4 + r).
struct MMASyncLanes {
  Operands operands;
  BlockTile tile;
  LaneIndices at;
  SmallVector<std::array<Value, 2>> resultElements;
};

/// A tile for the warpgroup kernel, or none where M, N or K do not divide
/// into it: 128 or 64 rows, 128 columns, K in steps of 64. (256 columns
/// need 128 accumulators per thread, and with the operands loaded ahead
/// the kernel spills: 0.585 against 0.547 ms at 4096^3 on the H200.)
std::optional<WarpgroupTile> chooseWarpgroupTile(int64_t m, int64_t n,
                                                 int64_t k) {
  WarpgroupTile tile{m % 128 == 0 ? 128 : 64, 128};
  if (k % 64 || m % tile.rows || n % tile.cols || m / tile.rows > 65535)
    return std::nullopt;
  return tile;
}

/// Whether the streamed kernel takes an M x N x K matmul: M and N divide
/// into its tiles, K into steps of 64, and both are at least 1024, where
/// the passes that make the bf16 images (2.5 bytes per element of A and B
/// moved) cost little beside the products (2 M N K flops).
bool fitsStreamed(int64_t m, int64_t n, int64_t k) {
  const StreamedTile &tile = kStreamedWideTile;
  return m % tile.rows == 0 && n % tile.cols == 0 && k % 64 == 0 && m >= 1024 &&
         n >= 1024 && m / tile.rows <= 65535 && n / tile.cols <= 65535;
}

/// The converting streamed kernel's tile for M rows: the tall one where M
/// divides into it.
const StreamedTile &convertingTile(int64_t m) {
  return m % kStreamedTallTile.rows == 0 ? kStreamedTallTile
                                         : kStreamedWideTile;
}

/// The fewest blocks that the converting streamed kernel runs with. With
/// fewer, the warpgroup kernel's smaller tiles keep more of the H200's 132
/// SMs busy: 28.1 against 34.2 us at 512 x 2048 x 2048 (32 blocks), but
/// 120.8 against 114.7 us at 256 x 8192 x 8192 (64 blocks).
constexpr int64_t kConvertingMinBlocks = 64;

/// Whether the streamed kernel takes an M x N x K matmul with B converted in
/// its producer warpgroup instead of an image (fitsStreamed but for M):
/// 128 <= M < 1024, where B's image would cost more than its products, in
/// at least kConvertingMinBlocks tiles. Measured on the H200 at N = 28672,
/// K = 8192 against the warpgroup kernel: 1.3x faster for M = 128 (the
/// 128 x 256 tile), 1.8x to 2.0x for M = 256 to 768 (the tall tile; see
/// docs/benchmarks.md).
bool fitsStreamedConvertingB(int64_t m, int64_t n, int64_t k) {
  if (m % kStreamedWideTile.rows || m >= 1024 || n % kStreamedWideTile.cols ||
      k % 64 || n / kStreamedTallTile.cols > 65535)
    return false;
  const StreamedTile &tile = convertingTile(m);
  return (m / tile.rows) * (n / tile.cols) >= kConvertingMinBlocks;
}

/// Whether the converting streamed kernel shares out the K steps of its
/// `tiles` tiles among kStreamKBlocks blocks (stream-K) rather than taking
/// a block per tile: where the tiles outnumber the H200's multiprocessors
/// but do not fill whole waves of them. (One block a multiprocessor; on
/// the H200 at M = 256, K = 8192, 132 tiles of 256 x 128 took 0.120 ms,
/// 224 tiles 0.221 and 264 tiles 0.227: two waves' time for 1.7 waves'
/// work. With fewer tiles than multiprocessors, sharing was slower: 0.175
/// against 0.163 ms for 112 tiles of 128 x 256 at M = 128.)
bool sharesStepsAcrossBlocks(int64_t tiles) {
  return tiles > kStreamKBlocks && tiles % kStreamKBlocks != 0;
}

/// Whether the result buffer of `op` is a fresh allocation that the last
/// op before it with memory effects fills with +0: a kernel that then
/// stores its sums instead of adding them saves the fill and a read of the
/// result. The fill is erased.
bool takeZeroFill(linalg::GenericOp op) {
  Value out = op.getDpsInits()[0];
  Operation *before = op->getPrevNode();
  while (before && isMemoryEffectFree(before))
    before = before->getPrevNode();
  auto fill = dyn_cast_or_null<linalg::FillOp>(before);
  // The kernels store pairs of adjacent columns: the layout must be the
  // identity.
  if (!out.getDefiningOp<memref::AllocOp>() ||
      !cast<MemRefType>(out.getType()).getLayout().isIdentity() || !fill ||
      fill.getDpsInits()[0] != out ||
      !matchPattern(fill.getInputs()[0], m_PosZeroFloat()))
    return false;
  fill->erase();
  return true;
}

struct GPUBlockScaledMatmulPass
    : mlir::mx::impl::GPUBlockScaledMatmulBase<GPUBlockScaledMatmulPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUBlockScaledMatmulPass)
  using GPUBlockScaledMatmulBase::GPUBlockScaledMatmulBase;

  void runOnOperation() override {
    if (!mx::isKnownGPUChip(chip)) {
      getOperation().emitError()
          << "mx-gpu-block-scaled-matmul: unknown chip '" << chip << "'";
      return signalPassFailure();
    }
    if (sm90Operands != "bf16" && sm90Operands != "e4m3") {
      getOperation().emitError()
          << "mx-gpu-block-scaled-matmul: sm90-operands must be bf16 or "
             "e4m3, not '"
          << sm90Operands << "'";
      return signalPassFailure();
    }
    SmallVector<linalg::GenericOp> matmuls;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op->hasAttr(mx::kBlockScaledMatmulAttr) && op.hasPureBufferSemantics())
        matmuls.push_back(op);
    });
    for (linalg::GenericOp op : matmuls)
      rewrite(op);
  }

  /// Remarks name the matmul's location, not the generic op: printing its
  /// body with every remark would bury the message.
  void rewrite(linalg::GenericOp op) {
    // A copy: the operand list must outlive `op`'s rewrite.
    SmallVector<Value> in = llvm::to_vector(op.getDpsInputs());
    if (in.size() != 5 || op.getNumDpsInits() != 1) {
      emitRemark(op.getLoc()) << "mx-gpu-block-scaled-matmul: not the contraction "
                          "convert-mx-to-linalg makes; left alone";
      return;
    }
    Value out = op.getDpsInits()[0];
    auto aType = cast<MemRefType>(in[0].getType());
    auto bType = cast<MemRefType>(in[2].getType());
    auto cType = cast<MemRefType>(out.getType());
    int64_t kStep = chip == "sm_120a" ? 64 : 32;
    auto rank2Static = [](MemRefType type) {
      return type.getRank() == 2 && type.hasStaticShape();
    };
    if (chip == "sm_100a") {
      auto identity2D = [&](Value buffer) {
        auto type = cast<MemRefType>(buffer.getType());
        return rank2Static(type) && type.getLayout().isIdentity();
      };
      bool fits = llvm::all_of(ArrayRef<Value>(in).take_front(4), identity2D) &&
                  rank2Static(cType) && cType.getNumElements() != 0 &&
                  aType.getDimSize(1) != 0 && cType.getDimSize(0) % 128 == 0 &&
                  cType.getDimSize(1) % 128 == 0 &&
                  (aType.getDimSize(1) * 2) % 256 == 0 &&
                  cType.getDimSize(0) / 128 <= 65535;
      if (sm100Tcgen05 && fits) {
        rewriteTcgen05(op);
        return;
      }
      emitRemark(op.getLoc())
          << "mx-gpu-block-scaled-matmul: "
          << (sm100Tcgen05 ? "the tcgen05 kernel needs a non-empty matmul "
                             "with M % 128, N % 128 and K % 256 = 0 and "
                             "contiguous operands; "
                           : "the tcgen05 kernel is off (sm100-tcgen05); ")
          << "the block-scaled matmul stays on the CUDA cores";
      return;
    }
    if (!rank2Static(aType) || !rank2Static(bType) || !rank2Static(cType) ||
        !aType.getLayout().isIdentity() || !bType.getLayout().isIdentity() ||
        cType.getDimSize(0) == 0 || cType.getDimSize(1) == 0 ||
        aType.getDimSize(1) == 0 || cType.getDimSize(1) % 8 ||
        (aType.getDimSize(1) * 2) % kStep) {
      emitRemark(op.getLoc()) << "mx-gpu-block-scaled-matmul: needs a static, "
                          "non-empty 2-D matmul with N % 8 and K % "
                       << kStep
                       << " = 0 and contiguous operands for tensor-core "
                          "tiles; it stays on the CUDA cores";
      return;
    }
    int64_t rowsOfA = cType.getDimSize(0);
    if (chip == "sm_90a" && sm90Operands == "bf16" && sm90Warpgroup &&
        sm90Streamed &&
        fitsStreamed(rowsOfA, cType.getDimSize(1), aType.getDimSize(1) * 2)) {
      rewriteStreamed(op);
      return;
    }
    if (chip == "sm_90a" && sm90Operands == "bf16" && sm90Warpgroup &&
        sm90Streamed &&
        fitsStreamedConvertingB(rowsOfA, cType.getDimSize(1),
                                aType.getDimSize(1) * 2)) {
      rewriteStreamed(op, /*convertB=*/true);
      return;
    }
    if (chip == "sm_90a" && sm90Operands == "bf16" && sm90Warpgroup) {
      if (std::optional<WarpgroupTile> tile = chooseWarpgroupTile(
              rowsOfA, cType.getDimSize(1), aType.getDimSize(1) * 2)) {
        rewriteWarpgroup(op, *tile);
        return;
      }
    }
    MMASyncPlan plan =
        planMMASync(rowsOfA, cType.getDimSize(1), aType.getDimSize(1) * 2,
                    /*native=*/chip == "sm_120a",
                    /*folded=*/chip != "sm_120a" && sm90Operands == "bf16");
    if (plan.m / plan.tile.rows() > 65535) {
      emitRemark(op.getLoc())
          << "mx-gpu-block-scaled-matmul: M = " << plan.m
          << " needs more than 65535 blocks of " << plan.tile.rows()
          << " rows; it stays on the CUDA cores";
      return;
    }
    rewriteMMASync(op, plan);
  }

  /// The mma.sync kernel (see the top of the file): a block of warps per
  /// tile of the result and K part, each warp looping over its part's steps
  /// and then adding its sums to the result.
  void rewriteMMASync(linalg::GenericOp op, const MMASyncPlan &plan) {
    SmallVector<Value> in = llvm::to_vector(op.getDpsInputs());
    Value out = op.getDpsInits()[0];
    ImplicitLocOpBuilder b(op.getLoc(), op);
    KernelEmitter e(b);
    // Codes are read as words, loadBytes() at a time: the buffers must be
    // that aligned (every allocation is; a view into one might not be).
    SmallVector<Value> words;
    for (Value codes : {in[0], in[2]}) {
      mx::assertAligned(b, codes, plan.loadBytes(),
                        "mx.matmul on the tensor cores: packed codes must be " +
                            Twine(plan.loadBytes()) + "-byte aligned");
      words.push_back(mx::viewAsWords(b, codes));
    }
    const BlockTile &tile = plan.tile;
    auto launch = gpu::LaunchOp::create(
        b, e.idx(plan.n / tile.cols()), e.idx(plan.m / tile.rows()),
        e.idx(plan.splits), e.idx(32), e.idx(tile.warpsN), e.idx(tile.warpsM));
    b.setInsertionPointToStart(&launch.getBody().front());
    MMASyncLanes lanes =
        laneLayout(e, plan, Operands{words[0], in[1], words[1], in[3]}, launch);
    if (plan.transposed)
      lanes = transposeLanes(e, plan, lanes);
    SmallVector<Value> sums = buildSteps(e, plan, lanes, launch);
    addToResult(e, plan, sums, lanes.resultElements, out);
    gpu::TerminatorOp::create(b);
    op->erase();
  }

  /// The MMA operands, tiles and indices of the lane of `launch`, for the
  /// product as mx.matmul states it.
  static MMASyncLanes laneLayout(KernelEmitter &e, const MMASyncPlan &plan,
                                 const Operands &operands,
                                 gpu::LaunchOp launch) {
    ImplicitLocOpBuilder &b = e.b;
    const BlockTile &tile = plan.tile;
    MMASyncLanes lanes{operands, tile, LaneIndices(), {}};
    LaneIndices &at = lanes.at;
    Value lane = launch.getThreadIds().x;
    Value g = arith::DivUIOp::create(b, lane, e.idx(4));
    at.t = arith::RemUIOp::create(b, lane, e.idx(4));
    Value mBase = e.addIdx(e.mulIdx(launch.getBlockIds().y, tile.rows()),
                           e.mulIdx(launch.getThreadIds().z, tile.warpRows()));
    Value nBase = e.addIdx(e.mulIdx(launch.getBlockIds().x, tile.cols()),
                           e.mulIdx(launch.getThreadIds().y, tile.warpCols()));
    // Per M tile, the result rows g and g + 8; at.rows holds the rows of A
    // that are loaded for them, the same except in padding.
    SmallVector<std::array<Value, 2>> resultRows;
    for (int64_t i = 0; i < tile.tilesM; ++i) {
      Value row = e.addIdx(e.addIdx(mBase, 16 * i), g);
      resultRows.push_back({row, e.addIdx(row, 8)});
      at.rows.push_back(
          {rowOfA(e, plan, row), rowOfA(e, plan, resultRows.back()[1])});
    }
    for (int64_t j = 0; j < tile.tilesN; ++j) {
      Value tileBase = e.addIdx(nBase, 8 * j);
      at.cols.push_back(e.addIdx(tileBase, g));
      Value ccol = e.addIdx(tileBase, e.mulIdx(at.t, 2));
      at.ccols.push_back({ccol, e.addIdx(ccol, 1)});
    }
    for (int64_t i = 0; i < tile.tilesM; ++i)
      for (int64_t j = 0; j < tile.tilesN; ++j)
        for (int r = 0; r < 4; ++r)
          lanes.resultElements.push_back(
              {resultRows[i][r / 2], at.ccols[j][r % 2]});
    return lanes;
  }

  /// The same lane's layout for the transposed product (M <= 8): B's rows
  /// are the 16 rows of the MMAs' A operand and A's rows their 8 columns,
  /// so that no MMA row is padding, half as many MMAs run and A's rows
  /// g + 8 are neither loaded nor converted. The warp loads the same rows
  /// of B as untransposed (its N tiles 2i and 2i + 1 are rows g and g + 8
  /// of transposed tile i); lane 4g + t then holds the sums of A's rows 2t
  /// and 2t + 1.
  static MMASyncLanes transposeLanes(KernelEmitter &e, const MMASyncPlan &plan,
                                     const MMASyncLanes &lanes) {
    const BlockTile &tile = lanes.tile;
    const LaneIndices &at = lanes.at;
    const Operands &ops = lanes.operands;
    MMASyncLanes transposed{
        Operands{ops.bWords, ops.bScales, ops.aWords, ops.aScales},
        BlockTile{tile.tilesN / 2, 1, tile.warpsM, tile.warpsN},
        LaneIndices(),
        {}};
    LaneIndices &tat = transposed.at;
    tat.t = at.t;
    for (int64_t j = 0; j < tile.tilesN; j += 2)
      tat.rows.push_back({at.cols[j], at.cols[j + 1]});
    tat.cols.push_back(at.rows[0][0]);
    Value firstColumn = e.mulIdx(at.t, 2);
    std::array<Value, 2> resultRows{firstColumn, e.addIdx(firstColumn, 1)};
    tat.ccols.push_back(
        {rowOfA(e, plan, resultRows[0]), rowOfA(e, plan, resultRows[1])});
    for (int64_t i = 0; i < transposed.tile.tilesM; ++i)
      for (int r = 0; r < 4; ++r)
        transposed.resultElements.push_back(
            {resultRows[r % 2], tat.rows[i][r / 2]});
    return transposed;
  }

  /// The row of A loaded for row `r` of the padded M: row M - 1 past M.
  static Value rowOfA(KernelEmitter &e, const MMASyncPlan &plan, Value r) {
    if (plan.rowsOfA == plan.m)
      return r;
    return arith::MinUIOp::create(e.b, r, e.idx(plan.rowsOfA - 1));
  }

  /// The loop over the lane's steps of K (its part of K where K is split):
  /// each step loads its operands (all i32), then computes, and the sums,
  /// which start from zero, are its result (one per resultElements). With
  /// scales folded and one MMA tile along M (loadAhead: small M, where the
  /// kernel streams B and waits on memory), the loads of step k + 1 go out
  /// before step k computes; with more tiles the extra registers cost more
  /// than the latency they hide (docs/benchmarks.md). There, too, the
  /// streamed operand (B of mx.matmul) is read once, so its loads bypass
  /// L1, which keeps the scales (a 32-byte sector holds eight steps of a
  /// row's) and A for the next steps and the other warps.
  SmallVector<Value> buildSteps(KernelEmitter &e, const MMASyncPlan &plan,
                                const MMASyncLanes &lanes,
                                gpu::LaunchOp launch) {
    ImplicitLocOpBuilder &b = e.b;
    const BlockTile &tile = lanes.tile;
    const LaneIndices &at = lanes.at;
    const Operands &operands = lanes.operands;
    // Holding the result's 64-bit addresses across the loop would cost
    // registers; its initial value is added at the end (addToResult).
    Value zero = arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f));
    int64_t sumCount = lanes.resultElements.size();
    SmallVector<Value> initial(sumCount, zero);
    // Split K: block z of the grid walks steps z * stepsPerSplit onwards.
    int64_t stepsPerSplit = plan.steps / plan.splits;
    Value firstStep = plan.splits == 1
                          ? e.idx(0)
                          : e.mulIdx(launch.getBlockIds().z, stepsPerSplit);
    Value lastStep = e.addIdx(firstStep, stepsPerSplit - 1);
    int64_t blocks = plan.blocksPerStep;
    // Where the kernel streams B (loads a step ahead), the operand that is
    // B of mx.matmul is read past L1.
    auto loadStep = [&](Value step) {
      return loadBF16(e, operands, at, step, blocks,
                      /*streamA=*/plan.loadAhead && plan.transposed,
                      /*streamB=*/plan.loadAhead && !plan.transposed);
    };
    if (plan.loadAhead)
      llvm::append_range(initial, loadStep(firstStep));
    auto loop = scf::ForOp::create(
        b, firstStep, e.addIdx(firstStep, stepsPerSplit), e.idx(1), initial);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value step = loop.getInductionVar();
    ValueRange sums = loop.getRegionIterArgs().take_front(sumCount);
    SmallVector<Value> next;
    if (plan.native) {
      next = computeMXF4(e, tile, loadMXF4(e, tile, operands, at, step), sums);
    } else if (!plan.folded) {
      next = computeE4M3(e, tile, loadE4M3(e, operands, at, step), sums);
    } else if (!plan.loadAhead) {
      next =
          stepBF16(e, tile, operands, at, step, blocks, loadStep(step), sums);
    } else {
      // Past the split's last step, its last step again (not used).
      SmallVector<Value> ahead =
          loadStep(arith::MinUIOp::create(b, e.addIdx(step, 1), lastStep));
      next = stepBF16(e, tile, operands, at, step, blocks,
                      loop.getRegionIterArgs().drop_front(sumCount), sums,
                      plan.transposed);
      llvm::append_range(next, ahead);
    }
    scf::YieldOp::create(b, next);
    return SmallVector<Value>(loop.getResults().take_front(sumCount));
  }

  /// Adds each of `sums` to its element of `out` (`elements`), skipping
  /// rows of padding; with K split, the blocks of a tile add their sums
  /// atomically, in whatever order they finish.
  static void addToResult(KernelEmitter &e, const MMASyncPlan &plan,
                          ArrayRef<Value> sums,
                          ArrayRef<std::array<Value, 2>> elements, Value out) {
    ImplicitLocOpBuilder &b = e.b;
    for (auto [sum, element] : llvm::zip_equal(sums, elements)) {
      OpBuilder::InsertionGuard guard(b);
      if (plan.rowsOfA != plan.m) {
        Value inside = arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                             element[0], e.idx(plan.rowsOfA));
        b.setInsertionPointToStart(
            scf::IfOp::create(b, inside, /*withElse=*/false).thenBlock());
      }
      if (plan.splits > 1) {
        memref::AtomicRMWOp::create(b, arith::AtomicRMWKind::addf, sum, out,
                                    ValueRange(element));
        continue;
      }
      Value initial = memref::LoadOp::create(b, out, ValueRange(element));
      memref::StoreOp::create(b, arith::AddFOp::create(b, initial, sum), out,
                              ValueRange(element));
    }
  }

  /// Replaces `op` with one gpu.launch per `rows` x `cols` tile of the
  /// result, `threads` threads a block and `sharedBytes` of dynamic shared
  /// memory. Operand i with a nonzero `alignments[i]` is read as 32-bit
  /// words: a run-time check stops the program with `message` unless it is
  /// that aligned. `body` builds the kernel inside the launch from the
  /// operands (words where viewed so), the result and the launch.
  void launchPerTile(linalg::GenericOp op, int64_t rows, int64_t cols,
                     int64_t threads, int64_t sharedBytes,
                     ArrayRef<int64_t> alignments, StringRef message,
                     function_ref<void(KernelEmitter &, const Operands &, Value,
                                       gpu::LaunchOp)>
                         body) {
    SmallVector<Value> in = llvm::to_vector(op.getDpsInputs());
    Value out = op.getDpsInits()[0];
    auto cType = cast<MemRefType>(out.getType());
    ImplicitLocOpBuilder b(op.getLoc(), op);
    KernelEmitter e(b);
    for (auto [i, alignment] : llvm::enumerate(alignments)) {
      if (!alignment)
        continue;
      mx::assertAligned(b, in[i], alignment, message);
      in[i] = mx::viewAsWords(b, in[i]);
    }
    auto launch = gpu::LaunchOp::create(
        b, e.idx(cType.getDimSize(1) / cols), e.idx(cType.getDimSize(0) / rows),
        e.idx(1), e.idx(threads), e.idx(1), e.idx(1), e.i32(sharedBytes));
    b.setInsertionPointToStart(&launch.getBody().front());
    body(e, Operands{in[0], in[1], in[2], in[3]}, out, launch);
    gpu::TerminatorOp::create(b);
    op->erase();
  }

  /// sm_90a with the scales folded into bf16 operands, on wgmma (see
  /// GPUWgmmaKernels.cpp). The dynamic shared memory is a KiB more than the
  /// stages, which must start on a 1024-byte boundary.
  void rewriteWarpgroup(linalg::GenericOp op, const WarpgroupTile &tile) {
    bool overwrite = takeZeroFill(op);
    int64_t steps =
        cast<MemRefType>(op.getDpsInputs()[0].getType()).getDimSize(1) / 32;
    launchPerTile(op, tile.rows, tile.cols, tile.threads(),
                  kWarpgroupStages * tile.stageBytes() + 1024, {16, 0, 16, 0},
                  "mx.matmul on the tensor cores: packed codes must be "
                  "16-byte aligned",
                  [&](KernelEmitter &e, const Operands &ops, Value out,
                      gpu::LaunchOp launch) {
                    buildWarpgroupKernel(e, tile, ops, out, overwrite, steps,
                                         launch);
                  });
  }

  /// sm_90a with the scales folded into bf16 operands, for large M and N:
  /// first one kernel per operand writes its bf16 image (buildImageKernel),
  /// then the streamed kernel (GPUWgmmaKernels.cpp) copies the images into
  /// shared memory with cp.async.bulk and multiplies them with wgmma. The
  /// images cost 2 bytes per element of A and B in global memory and a pass
  /// over them, but the matmul's warps then only multiply. With
  /// `convertB` (fitsStreamedConvertingB), only A gets an image; the
  /// kernel's producer warpgroup converts B.
  void rewriteStreamed(linalg::GenericOp op, bool convertB = false) {
    bool overwrite = takeZeroFill(op);
    SmallVector<Value> in = llvm::to_vector(op.getDpsInputs());
    Value out = op.getDpsInits()[0];
    auto cType = cast<MemRefType>(out.getType());
    int64_t m = cType.getDimSize(0), n = cType.getDimSize(1);
    int64_t k = cast<MemRefType>(in[0].getType()).getDimSize(1) * 2;
    int64_t steps = k / 64;
    ImplicitLocOpBuilder b(op.getLoc(), op);
    KernelEmitter e(b);
    for (int i : {0, 2}) {
      mx::assertAligned(b, in[i], 16,
                        "mx.matmul on the tensor cores: packed codes must be "
                        "16-byte aligned");
      in[i] = mx::viewAsWords(b, in[i]);
    }
    // Device memory: only kernels touch the images.
    auto words = [&](int64_t count) -> Value {
      return mx::allocDeviceBuffer(b, b.getLoc(),
                                   MemRefType::get({count}, b.getI32Type()));
    };
    // An image is 2 bytes per element: K / 2 words per row.
    const StreamedTile &tile = convertB ? convertingTile(m) : kStreamedWideTile;
    StreamedImages images{words(m * k / 2), words(m / tile.rows * steps),
                          Value(), Value()};
    if (!convertB) {
      images.bImage = words(n * k / 2);
      images.bFlags = words(n / tile.cols * steps);
    }
    buildImageKernel(e, in[0], in[1], images.aImage, images.aFlags, m, steps,
                     tile.rows, /*movedToA=*/convertB);
    if (!convertB)
      buildImageKernel(e, in[2], in[3], images.bImage, images.bFlags, n, steps,
                       tile.cols);
    int64_t tilesM = m / tile.rows, tilesN = n / tile.cols;
    // A flag per tile, for the tiles whose steps two blocks share.
    Value tileFlags;
    if (convertB && sharesStepsAcrossBlocks(tilesM * tilesN)) {
      tileFlags = words(tilesM * tilesN);
      mx::zeroDeviceBuffer(b, b.getLoc(), tileFlags);
    }
    auto launch = gpu::LaunchOp::create(
        b, e.idx(tileFlags ? kStreamKBlocks : tilesN),
        e.idx(tileFlags ? 1 : tilesM), e.idx(1), e.idx(384), e.idx(1), e.idx(1),
        e.i32(
            (convertB ? kStreamedConvertingSharedBytes : kStreamedSharedBytes) +
            1024));
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&launch.getBody().front());
      buildStreamedKernel(e, Operands{in[0], in[1], in[2], in[3]}, images, out,
                          overwrite, steps, launch, tile, tilesM, tilesN,
                          tileFlags);
      gpu::TerminatorOp::create(b);
    }
    for (Value buffer : {images.aImage, images.aFlags, images.bImage,
                         images.bFlags, tileFlags})
      if (buffer)
        mx::freeGPUBuffer(b, b.getLoc(), buffer);
    op->erase();
  }

  /// sm_100a (GPUTcgen05Kernel.cpp): blocks of 128 threads per 128 x 128 tile
  /// of the result, codes and scales read as words.
  void rewriteTcgen05(linalg::GenericOp op) {
    int64_t stages =
        cast<MemRefType>(op.getDpsInputs()[0].getType()).getDimSize(1) / 128;
    launchPerTile(op, 128, 128, 128, kTcgen05SharedBytes + 1024, {16, 4, 16, 4},
                  "mx.matmul on tcgen05: packed codes must be 16-byte and "
                  "scales 4-byte aligned",
                  [&](KernelEmitter &e, const Operands &words, Value out,
                      gpu::LaunchOp launch) {
                    buildTcgen05Kernel(e, words, out, stages, launch);
                  });
  }

  /// sm_90a with the scales folded into bf16 operands, `blocks` K-blocks per
  /// step: lane t of a quad loads `blocks` words of each of its rows and
  /// columns at once (a whole block where blocks = 4, two where 8), from
  /// word 4 blocks * step + blocks * t of the row, and the scale of each
  /// block it loads: per row of the MMAs' A operand (g and g + 8 per M
  /// tile), then per column of their B operand (g per N tile), its words;
  /// then the scales in the same order. With `streamA` or `streamB` and
  /// whole blocks, that operand's words are loaded past L1.
  static SmallVector<Value> loadBF16(KernelEmitter &e, const Operands &ops,
                                     const LaneIndices &at, Value step,
                                     int64_t blocks, bool streamA = false,
                                     bool streamB = false) {
    ImplicitLocOpBuilder &b = e.b;
    Value column = e.addIdx(e.mulIdx(step, 4 * blocks), e.mulIdx(at.t, blocks));
    Value block = e.addIdx(e.mulIdx(step, blocks),
                           arith::DivUIOp::create(b, e.mulIdx(at.t, blocks),
                                                  e.idx(4)));
    SmallVector<Value> codeWords, scales;
    // Up to four words at `col` (four: one 16-byte load).
    auto loadWords = [&](Value words, Value row, Value col, int64_t count,
                         bool stream) {
      if (count == 1) {
        codeWords.push_back(e.word(words, row, col));
      } else if (stream && count == 4) {
        llvm::append_range(codeWords, e.streamWords4(words, row, col));
      } else {
        // One vector load (the alignment lets it be one ld.global.v2 or v4).
        auto load =
            vector::LoadOp::create(b, VectorType::get({count}, b.getI32Type()),
                                   words, ValueRange{row, col});
        load.setAlignment(static_cast<uint64_t>(4 * count));
        for (int64_t w = 0; w < count; ++w)
          codeWords.push_back(vector::ExtractOp::create(b, load, w));
      }
    };
    auto loadRow = [&](Value words, Value scaleBuffer, Value row, bool stream) {
      for (int64_t q = 0; q < blocks; q += 4)
        loadWords(words, row, q ? e.addIdx(column, q) : column,
                  std::min<int64_t>(blocks, 4), stream);
      for (int64_t s = 0; s < scalesPerRow(blocks); ++s)
        scales.push_back(e.byte(scaleBuffer, row, e.addIdx(block, s)));
    };
    for (const auto &rows : at.rows)
      for (Value row : rows)
        loadRow(ops.aWords, ops.aScales, row, streamA);
    for (Value col : at.cols)
      loadRow(ops.bWords, ops.bScales, col, streamB);
    llvm::append_range(codeWords, scales);
    return codeWords;
  }

  /// sm_90a with the scales folded into bf16 operands: one step from what
  /// loadBF16 gave. Where the warp's scales are in range (see
  /// outsideBF16Range), each code times its scale, times 2^63 for A and
  /// 2^-63 for B, is exact in bf16, and bf16 MMAs accumulate the exact
  /// products straight into the sums, whatever block each k-slot holds.
  /// Otherwise (a value would overflow or underflow bf16, or a scale is
  /// NaN) the warp runs the step's blocks on the E4M3 path, which scales
  /// block sums in f32. `ops`, `at` and `tile` describe the MMAs' operands:
  /// where `transposed`, their A operand is B of mx.matmul and their B
  /// operand A, which keeps its factor 2^63.
  static SmallVector<Value> stepBF16(KernelEmitter &e, const BlockTile &tile,
                                     const Operands &ops, const LaneIndices &at,
                                     Value step, int64_t blocks,
                                     ValueRange loaded, ValueRange sums,
                                     bool transposed = false) {
    ImplicitLocOpBuilder &b = e.b;
    int64_t perRow = scalesPerRow(blocks);
    int64_t rowsOfA = 2 * tile.tilesM;
    int64_t rows = rowsOfA + tile.tilesN;
    SmallVector<SmallVector<Value, 4>> codeWords;
    for (int64_t r = 0; r < rows; ++r)
      codeWords.emplace_back(loaded.slice(r * blocks, blocks));
    ValueRange scales = loaded.drop_front(rows * blocks);
    ValueRange aScales = scales.take_front(rowsOfA * perRow),
               bScales = scales.drop_front(rowsOfA * perRow);
    // The operand that is streamed (B of mx.matmul) takes its scales in one
    // multiplication (see outsideBF16Range).
    Value outOfRange = transposed ? outsideBF16Range(e, bScales, aScales)
                                  : outsideBF16Range(e, aScales, bScales);
    auto branch = scf::IfOp::create(b, ValueRange(sums).getTypes(),
                                    e.anyLane(outOfRange), /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      SmallVector<Value> exact(sums);
      for (int64_t i = 0; i < blocks; ++i)
        exact = computeE4M3(
            e, tile,
            loadE4M3(e, ops, at, e.addIdx(e.mulIdx(step, blocks), i)),
            exact);
      scf::YieldOp::create(b, exact);
      b.setInsertionPointToStart(branch.elseBlock());
      ArrayRef<SmallVector<Value, 4>> words(codeWords);
      auto pairOfA = transposed ? scaledPairOfB : scaledPairOfA;
      auto pairOfB = transposed ? scaledPairOfA : scaledPairOfB;
      AFragments a =
          convertA(e, words.take_front(rowsOfA), aScales, perRow, pairOfA);
      scf::YieldOp::create(b,
                           computeBF16(e, tile, a, words.take_back(tile.tilesN),
                                       bScales, perRow, sums, pairOfB));
    }
    return SmallVector<Value>(branch.getResults());
  }

  /// Whether a scale byte of A (`aScales`) is above 189 or one of B
  /// (`bScales`) outside 58 to 191 (an i1), with 2^63 (kMovedToA) moved
  /// from B's scales onto A's. Inside, codes times 2^(a - 127 + 63) are at
  /// most 6 * 2^125 (a + 63 <= 252) and codes times 2^(b - 127 - 63) at
  /// least 2^-133, the smallest bf16 subnormal (b - 63 >= -5), and B's
  /// factor 2^(b - 64) is a normal bf16 (b + 63 <= 254): all exact in
  /// bf16. The move lets B, the operand that is streamed, take its scale in
  /// one multiplication (scaledPairOfB).
  static Value outsideBF16Range(KernelEmitter &e, ValueRange aScales,
                                ValueRange bScales) {
    ImplicitLocOpBuilder &b = e.b;
    auto above = [&](Value x, int bound) -> Value {
      return arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, x,
                                   e.i32(bound));
    };
    Value largestOfA = aScales.front(), largestOfB = bScales.front(),
          smallestOfB = bScales.front();
    for (Value scale : aScales.drop_front())
      largestOfA = arith::MaxUIOp::create(b, largestOfA, scale);
    for (Value scale : bScales.drop_front()) {
      largestOfB = arith::MaxUIOp::create(b, largestOfB, scale);
      smallestOfB = arith::MinUIOp::create(b, smallestOfB, scale);
    }
    Value aAbove = above(largestOfA, kLargestMovedScaleOfA);
    Value bAbove = above(largestOfB, kLargestMovedScaleOfB);
    Value bBelow =
        arith::CmpIOp::create(b, arith::CmpIPredicate::ult, smallestOfB,
                              e.i32(kSmallestMovedScaleOfB));
    return arith::OrIOp::create(b, aAbove,
                                arith::OrIOp::create(b, bAbove, bBelow));
  }

  /// The A operands of the bf16 MMAs of computeBF16 from the words and
  /// scales of rows g and g + 8 of each M tile (`rowWords`, `rowScales`,
  /// `perRow` scales a row), converted by `scaledPair`.
  static AFragments convertA(KernelEmitter &e,
                             ArrayRef<SmallVector<Value, 4>> rowWords,
                             ValueRange rowScales, int64_t perRow,
                             ScaledPair scaledPair) {
    AFragments fragments;
    for (size_t i = 0; i < rowWords.size(); i += 2) {
      SmallVector<Value> factors[2];
      for (int row = 0; row < 2; ++row)
        for (int64_t s = 0; s < perRow; ++s)
          factors[row].push_back(
              e.pow2BF16x2(rowScales[(i + row) * perRow + s], kMovedToA));
      auto &tile = fragments.emplace_back();
      for (size_t w = 0; w < rowWords[i].size(); ++w) {
        for (int p = 0; p < 4; p += 2) {
          auto pair = [&](int row, int q) {
            return scaledPair(e, rowWords[i + row][w], q, factors[row][w / 4]);
          };
          tile.push_back(
              {pair(0, p), pair(1, p), pair(0, p + 1), pair(1, p + 1)});
        }
      }
    }
    return fragments;
  }

  /// sm_90a, scales folded: per tile and word two m16n8k16 bf16 MMAs
  /// accumulating into the sums. A word of eight codes becomes four bf16
  /// pairs, pair p holding codes p and p + 4; pairs 0 and 1 feed the first
  /// MMA's k-slots {2t, 2t + 1} and {2t + 8, 2t + 9}, pairs 2 and 3 the
  /// second's, the same for A (`a`, see AFragments) and B (`bWords` and
  /// `bScales` per column of B).
  static SmallVector<Value> computeBF16(KernelEmitter &e, const BlockTile &tile,
                                        const AFragments &a,
                                        ArrayRef<SmallVector<Value, 4>> bWords,
                                        ValueRange bScales, int64_t perRow,
                                        ValueRange c, ScaledPair scaledPair) {
    int64_t tm = tile.tilesM, tn = tile.tilesN;
    SmallVector<Value> factors; // [column * perRow + word / 4]
    for (Value scale : bScales)
      factors.push_back(e.pow2BF16x2(scale, kMovedToA));
    SmallVector<Value> next = llvm::to_vector(c);
    for (int64_t w = 0, words = bWords.front().size(); w < words; ++w) {
      for (int half = 0; half < 2; ++half) {
        int p = 2 * half;
        SmallVector<std::array<Value, 2>> bw; // [column][k-slots]
        for (int64_t j = 0; j < tn; ++j) {
          Value factor = factors[j * perRow + w / 4];
          bw.push_back({scaledPair(e, bWords[j][w], p, factor),
                        scaledPair(e, bWords[j][w], p + 1, factor)});
        }
        for (int64_t i = 0; i < tm; ++i) {
          const std::array<Value, 4> &ai = a[i][2 * w + half];
          for (int64_t j = 0; j < tn; ++j) {
            int64_t first = (i * tn + j) * 4;
            SmallVector<Value, 4> d =
                e.mmaBF16(ai, bw[j], ArrayRef(next).slice(first, 4));
            std::copy(d.begin(), d.end(), next.begin() + first);
          }
        }
      }
    }
    return next;
  }

  /// sm_120a, one K = 64 step (two K-blocks). Loads, all i32: per M tile the
  /// two words of rows g and g + 8, per N tile the two words of column g,
  /// then per M tile and per N tile the scale pair this lane hands to the
  /// MMA.
  SmallVector<Value> loadMXF4(KernelEmitter &e, const BlockTile &tile,
                              const Operands &ops, const LaneIndices &at,
                              Value step) {
    ImplicitLocOpBuilder &b = e.b;
    Value block = e.mulIdx(step, 2);
    Value nextBlock = e.addIdx(block, 1);
    Value wordCol = e.addIdx(e.mulIdx(step, 8), at.t);
    Value nextWordCol = e.addIdx(wordCol, 4);
    SmallVector<Value> raw;
    auto words = [&](Value memref, Value row) {
      raw.push_back(e.word(memref, row, wordCol));
      raw.push_back(e.word(memref, row, nextWordCol));
    };
    for (const auto &rows : at.rows)
      for (Value row : rows)
        words(ops.aWords, row);
    for (Value col : at.cols)
      words(ops.bWords, col);
    // A row's or column's scales of the two K-blocks, bytes 0 and 1.
    auto scalePair = [&](Value memref, Value row) {
      return e.bor(e.byte(memref, row, block),
                   e.shl(e.byte(memref, row, nextBlock), 8));
    };
    // Selector {0, 0}: lane 4g brings row g's scales, lane 4g + 1 row
    // g + 8's; lane 4g brings column g's.
    Value isT0 = e.isIdx(at.t, 0), isT1 = e.isIdx(at.t, 1);
    for (const auto &rows : at.rows)
      raw.push_back(arith::SelectOp::create(
          b, isT0, scalePair(ops.aScales, rows[0]),
          arith::SelectOp::create(b, isT1, scalePair(ops.aScales, rows[1]),
                                  e.i32(0))));
    for (Value col : at.cols)
      raw.push_back(arith::SelectOp::create(b, isT0, scalePair(ops.bScales, col),
                                            e.i32(0)));
    return raw;
  }

  /// sm_120a: the native MXFP4 MMA, scales applied by the tensor core.
  /// python/mx/ptx_model.py replays loadMXF4 and this on a host model of the
  /// instruction; keep the two in step.
  SmallVector<Value> computeMXF4(KernelEmitter &e, const BlockTile &tile,
                                 ValueRange raw, ValueRange c) {
    int64_t tm = tile.tilesM, tn = tile.tilesN;
    ValueRange aWords = raw.take_front(4 * tm); // [tile][row][block]
    ValueRange bWords = raw.slice(4 * tm, 2 * tn);
    ValueRange aScales = raw.slice(4 * tm + 2 * tn, tm);
    ValueRange bScales = raw.drop_front(5 * tm + 2 * tn);
    SmallVector<Value> next;
    for (int64_t i = 0; i < tm; ++i) {
      for (int64_t j = 0; j < tn; ++j) {
        ValueRange acc = c.slice((i * tn + j) * 4, 4);
        llvm::append_range(next,
                           e.mmaMXF4({aWords[4 * i], aWords[4 * i + 2],
                                      aWords[4 * i + 1], aWords[4 * i + 3]},
                                     bWords.slice(2 * j, 2), acc, aScales[i],
                                     bScales[j]));
      }
    }
    return next;
  }
};

} // namespace

AlignedShared mx::alignedSharedMemory(KernelEmitter &e, int64_t bytes) {
  ImplicitLocOpBuilder &b = e.b;
  auto workgroup =
      gpu::AddressSpaceAttr::get(b.getContext(), gpu::AddressSpace::Workgroup);
  Value shared = gpu::DynamicSharedMemoryOp::create(
      b, MemRefType::get({ShapedType::kDynamic}, b.getI8Type(),
                         MemRefLayoutAttrInterface(), workgroup));
  Value address = arith::IndexCastUIOp::create(
      b, b.getI32Type(),
      memref::ExtractAlignedPointerAsIndexOp::create(b, shared));
  Value padding = e.band(arith::SubIOp::create(b, e.i32(0), address), 1023);
  Value aligned = arith::AddIOp::create(b, address, padding);
  Value words = memref::ViewOp::create(
      b,
      MemRefType::get({bytes / 4}, b.getI32Type(), MemRefLayoutAttrInterface(),
                      workgroup),
      shared, arith::IndexCastUIOp::create(b, b.getIndexType(), padding),
      ValueRange{});
  return {aligned, words};
}

/// sm_90a with E4M3 block sums, one 32-wide K-block. Loads, all i32: per
/// M tile the words of rows g and g + 8, per N tile the word of column g,
/// then the scale bytes of the same rows and of result columns 2t and
/// 2t + 1 (the scales multiply block sums).
SmallVector<Value> mx::loadE4M3(KernelEmitter &e, const Operands &ops,
                                const LaneIndices &at, Value block) {
  Value wordCol = e.addIdx(e.mulIdx(block, 4), at.t);
  SmallVector<Value> raw;
  for (const auto &rows : at.rows)
    for (Value row : rows)
      raw.push_back(e.word(ops.aWords, row, wordCol));
  for (Value col : at.cols)
    raw.push_back(e.word(ops.bWords, col, wordCol));
  for (const auto &rows : at.rows)
    for (Value row : rows)
      raw.push_back(e.byte(ops.aScales, row, block));
  for (const auto &ccols : at.ccols)
    for (Value col : ccols)
      raw.push_back(e.byte(ops.bScales, col, block));
  return raw;
}

/// sm_90a: an E4M3 MMA from zero per tile, then the block's scales in f32.
SmallVector<Value> mx::computeE4M3(KernelEmitter &e, const BlockTile &tile,
                                   ValueRange raw, ValueRange c) {
  ImplicitLocOpBuilder &b = e.b;
  int64_t tm = tile.tilesM, tn = tile.tilesN;
  ValueRange aWords = raw.take_front(2 * tm);
  ValueRange bWords = raw.slice(2 * tm, tn);
  ValueRange aScales = raw.slice(2 * tm + tn, 2 * tm);
  ValueRange bScales = raw.drop_front(4 * tm + tn);
  // Low and high k-slots of one word's codes.
  auto fragments = [&](Value w) {
    return std::array<Value, 2>{e.e4m3x4(w), e.e4m3x4(e.shr(w, 16))};
  };
  SmallVector<std::array<Value, 2>> a, bw; // [row or column][slots]
  for (Value w : aWords)
    a.push_back(fragments(w));
  for (Value w : bWords)
    bw.push_back(fragments(w));
  Value zero = arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f));
  SmallVector<Value> next;
  for (int64_t i = 0; i < tm; ++i) {
    Value sa[2] = {e.scale(aScales[2 * i]), e.scale(aScales[2 * i + 1])};
    for (int64_t j = 0; j < tn; ++j) {
      Value sb[2] = {e.scale(bScales[2 * j]), e.scale(bScales[2 * j + 1])};
      SmallVector<Value, 4> d =
          e.mma("mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 "
                "{$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13};",
                "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f",
                {a[2 * i][0], a[2 * i + 1][0], a[2 * i][1], a[2 * i + 1][1],
                 bw[j][0], bw[j][1], zero, zero, zero, zero});
      // Register r is row r/2 of the tile's two and column r%2 of its two.
      // The smaller scale goes first: a block sum (a multiple of 2^-2
      // below 2^11) times any E8M0 scale (>= 2^-127) is exact, and the one
      // rounding step, in the fma, cannot overflow where the reference's
      // products do not (scales 2^127 and 2^-127 on a sum of 32 ones give
      // 32, not inf).
      for (int r = 0; r < 4; ++r) {
        Value lo = arith::MinimumFOp::create(b, sa[r / 2], sb[r % 2]);
        Value hi = arith::MaximumFOp::create(b, sa[r / 2], sb[r % 2]);
        Value exact = arith::MulFOp::create(b, d[r], lo);
        next.push_back(
            LLVM::FMAOp::create(b, exact, hi, c[(i * tn + j) * 4 + r]));
      }
    }
  }
  return next;
}
