//===- GPUWgmmaKernels.cpp - mx.matmul on sm_90a's wgmma ------------------===//
//
// The two sm_90a matmul kernels on wgmma, with the scales folded into bf16
// operands (see GPUBlockScaledMatmul.cpp for why that is exact):
//
//  * the warpgroup kernel (WarpgroupKernel): the block's threads convert
//    each K step of A and B into bf16 in shared memory while wgmma
//    multiplies the step before;
//  * the streamed kernel (StreamedKernel), for large M and N: image
//    kernels (buildImageKernel) first write A and B as bf16 in global
//    memory, in the layout of the shared-memory stages, and the matmul
//    streams them with cp.async.bulk to two warpgroups on wgmma; for
//    M below 1024, only A gets an image and the kernel's producer
//    warpgroup converts B into the stages.
//
// Both keep their sums in wgmma's accumulators (WgmmaAccumulators), run a
// step with a scale outside the range where its bf16 operands are exact
// (above 2^125 in the images; see kMovedToA elsewhere) on the E4M3 path,
// and store their results the same way.
//
//===----------------------------------------------------------------------===//

#include "GPUMatmulKernels.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::mx;

namespace {

/// Stores the eight codes of `word` (nibble k is code k) times their scale,
/// made by `scaledPair` from `factor` (scaledPairOfA with scaleBF16x2 of the
/// E8M0 byte: the codes times their scale), as bf16 into 16-byte chunk
/// `chunk` of the 128-byte row at byte `rowOffset` of `words` (i32): pairs
/// p and p + 4 of the codes as in the mma.sync kernel (computeBF16 in
/// GPUBlockScaledMatmul.cpp), the chunks swizzled by 128
/// bytes as wgmma reads them (chunk c at c ^ (row % 8), rows counted from a
/// 1024-byte boundary). Word w of K-block h of a row's step of 64 goes to
/// chunk 4h + w, the same for A and B, so the sums are the reference's.
void storeBF16Chunk(KernelEmitter &e, Value word, Value factor, Value words,
                    Value rowOffset, Value chunk, ScaledPair scaledPair) {
  ImplicitLocOpBuilder &b = e.b;
  SmallVector<Value, 4> pairs;
  for (int p = 0; p < 4; ++p)
    pairs.push_back(scaledPair(e, word, p, factor));
  Value swizzle = arith::RemUIOp::create(
      b, arith::DivUIOp::create(b, rowOffset, e.idx(128)), e.idx(8));
  Value at = e.addIdx(arith::DivUIOp::create(b, rowOffset, e.idx(4)),
                      e.mulIdx(arith::XOrIOp::create(b, chunk, swizzle), 4));
  auto store = vector::StoreOp::create(
      b,
      vector::FromElementsOp::create(b, VectorType::get({4}, b.getI32Type()),
                                     pairs),
      words, ValueRange{at});
  store.setAlignment(static_cast<uint64_t>(16));
}

/// Whether an E8M0 scale is above `largest` (by default 252, 2^125),
/// where products of codes and scales are no longer exact in bf16.
Value aboveBF16Range(KernelEmitter &e, Value scale, int largest = 252) {
  return arith::CmpIOp::create(e.b, arith::CmpIPredicate::ugt, scale,
                               e.i32(largest));
}

/// Whether an E8M0 scale of A (`ofA`) or of B is outside the range where
/// the bf16 ways that move 2^63 onto A (kMovedToA) are exact.
Value outsideMovedRange(KernelEmitter &e, Value scale, bool ofA) {
  if (ofA)
    return aboveBF16Range(e, scale, kLargestMovedScaleOfA);
  // Built one after the other: the order of a call's arguments is not.
  Value below = arith::CmpIOp::create(e.b, arith::CmpIPredicate::ult, scale,
                                      e.i32(kSmallestMovedScaleOfB));
  Value above = aboveBF16Range(e, scale, kLargestMovedScaleOfB);
  return arith::OrIOp::create(e.b, below, above);
}

/// storeBF16Chunk for the four words of K-block `half` of a row's step
/// (`codes`, nibble k of word w is code 8w + k) of A (`ofA`) or B and its
/// scale (an E8M0 byte), with 2^63 moved from B's scales onto A's
/// (kMovedToA): B's codes take their scale in one multiplication, A's in
/// two. Returns outsideMovedRange of the scale.
Value storeBF16Block(KernelEmitter &e, Value codes, Value scale, Value words,
                     Value rowOffset, Value half, bool ofA) {
  ImplicitLocOpBuilder &b = e.b;
  Value factor = e.pow2BF16x2(scale, kMovedToA);
  for (int64_t w = 0; w < 4; ++w)
    storeBF16Chunk(e, vector::ExtractOp::create(b, codes, w), factor, words,
                   rowOffset, e.addIdx(e.mulIdx(half, 4), w),
                   ofA ? scaledPairOfA : scaledPairOfB);
  return outsideMovedRange(e, scale, ofA);
}

/// Waits for every thread of the block; true on all of them if `pred` was
/// true on any.
Value anyInBlock(KernelEmitter &e, Value pred) {
  ImplicitLocOpBuilder &b = e.b;
  MLIRContext *ctx = b.getContext();
  Value any =
      NVVM::BarrierOp::create(
          b, b.getI32Type(), Value(), Value(),
          NVVM::BarrierReductionAttr::get(ctx, NVVM::BarrierReduction::OR),
          arith::ExtUIOp::create(b, b.getI32Type(), pred))
          .getRes();
  return arith::CmpIOp::create(b, arith::CmpIPredicate::ne, any, e.i32(0));
}

/// Tile `id` (along M, along N) of `tilesM` x `tilesN` tiles in the order
/// the streamed kernel takes them, so that the blocks that run at the same
/// time share operands in L2: in the order of `id`, the tiles go down
/// columns of groups of kStreamedGroup tiles along M, each group along N
/// before the next. Some 132 blocks at a time then cover about 16 x 8
/// tiles (of 128 x 256: as many rows of A as of B) rather than 4 rows of
/// tiles and all of B.
constexpr int64_t kStreamedGroup = 16;
std::array<Value, 2> groupedTile(KernelEmitter &e, Value id, int64_t tilesM,
                                 int64_t tilesN) {
  ImplicitLocOpBuilder &b = e.b;
  Value group = arith::DivUIOp::create(b, id, e.idx(kStreamedGroup * tilesN));
  Value first = e.mulIdx(group, kStreamedGroup);
  // The last group may have fewer rows of tiles.
  Value rows = arith::MinUIOp::create(
      b, arith::SubIOp::create(b, e.idx(tilesM), first), e.idx(kStreamedGroup));
  Value within = arith::RemUIOp::create(b, id, e.idx(kStreamedGroup * tilesN));
  Value mTile =
      arith::AddIOp::create(b, first, arith::RemUIOp::create(b, within, rows));
  Value nTile = arith::DivUIOp::create(b, within, rows);
  return {mTile, nTile};
}

/// Tile `id` (along M, along N) of `tilesN` tiles along N in the order in
/// which the blocks of the streamed kernel share out the steps of all
/// tiles (StreamedTiles): row by row of tiles. The blocks then walk the
/// rows side by side, about 132 / tilesM blocks to a row, and the blocks
/// on the same tile of B in each row take it at about the same time, so
/// that it is read from DRAM once. (groupedTile's order, with the tiles of
/// a column of B one after the other, left each block to read its tiles
/// of B as many times as there are rows: 0.58 against 0.43 ms at
/// 512 x 28672 x 8192 on the H200.)
std::array<Value, 2> sharedTile(KernelEmitter &e, Value id, Value tilesN) {
  ImplicitLocOpBuilder &b = e.b;
  return {arith::DivUIOp::create(b, id, tilesN),
          arith::RemUIOp::create(b, id, tilesN)};
}

/// What the wgmma kernels share. Each consumer warpgroup holds blocks of
/// 64 rows of the block's tile of the result, all `cols` columns of them,
/// in wgmma's f32 accumulators, one struct per block: in block b, thread
/// 4g + t of warp w of the consumers owns d[4j + r], row 128 b + 16 w + g
/// + 8 (r / 2), column 8j + 2t + r % 2, which is mma.sync's fragment of 16
/// x 8 tile j (PTX ISA, wgmma). Operands come
/// from shared memory in the 128-byte-swizzled K-major layout, 64 bf16
/// (128 bytes) per row and K step; word w of K-block h of a row is in
/// 16-byte chunk 4h + w (storeBF16Chunk), the same order for A and B, so the
/// sums are those of the reference. A step whose scales include one where
/// that is not exact (above 252 in the streamed kernel's images; in the
/// others, see kMovedToA) runs on the E4M3 path instead (multiplyExactly),
/// each warp on its own rows of the accumulators.
struct WgmmaAccumulators {
  /// The block computes tile (`mTile`, `nTile`) of `rows` x `cols`
  /// tiles of the result; the consumers are its threads (`tid`) from
  /// `firstConsumer` on, each warpgroup with `rowBlocks` blocks of rows.
  /// With `overwrite`, the sums replace the result (see takeZeroFill)
  /// instead of being added to it.
  WgmmaAccumulators(KernelEmitter &e, const Operands &ops, Value out,
                    bool overwrite, int64_t rows, int64_t cols, Value tid,
                    Value mTile, Value nTile, int64_t firstConsumer,
                    int64_t rowBlocks = 1)
      : e(e), b(e.b), ctx(e.b.getContext()), ops(ops), out(out),
        overwrite(overwrite), rows(rows), cols(cols), rowBlocks(rowBlocks),
        i32(b.getI32Type()), i64(b.getI64Type()),
        accType(LLVM::LLVMStructType::getLiteral(
            ctx, SmallVector<Type>(cols / 2, b.getF32Type()))),
        tid(tid) {
    Value lane = arith::RemUIOp::create(b, tid, e.idx(32));
    g = arith::DivUIOp::create(b, lane, e.idx(4));
    t = arith::RemUIOp::create(b, lane, e.idx(4));
    // Warp w of the consumers (meaningless on other threads).
    Value warp = arith::DivUIOp::create(
        b, arith::SubIOp::create(b, tid, e.idx(firstConsumer)), e.idx(32));
    rowInTile = e.addIdx(e.mulIdx(warp, 16), g);
    setTile(mTile, nTile);
  }

  /// Makes the accumulators those of tile (`mTile`, `nTile`): the E4M3
  /// path and the epilogue built after this read and write its rows and
  /// columns.
  void setTile(Value mTile, Value nTile) {
    this->mTile = mTile;
    this->nTile = nTile;
    mBase = e.mulIdx(mTile, rows);
    nBase = e.mulIdx(nTile, cols);
    row = e.addIdx(mBase, rowInTile);
  }

  /// A shared-memory matrix descriptor (PTX ISA, wgmma): start address /
  /// 16 in bits 0-13, leading offset 1 (unused with this swizzle), 1024
  /// bytes between 8-row groups / 16 in bits 32-45, 128-byte swizzle (1)
  /// in bits 62-63.
  Value descriptor(Value address) {
    Value encoded = arith::ExtUIOp::create(b, i64, e.shr(address, 4));
    uint64_t fixed =
        (uint64_t(1) << 16) | (uint64_t(1024 >> 4) << 32) | (uint64_t(1) << 62);
    return arith::OrIOp::create(
        b, encoded, arith::ConstantOp::create(b, b.getI64IntegerAttr(fixed)));
  }

  /// `descriptor` moved on by `bytes` (a multiple of 16).
  Value advance(Value descriptor, Value bytes) {
    return arith::AddIOp::create(
        b, descriptor, arith::ExtUIOp::create(b, i64, e.shr(bytes, 4)));
  }

  /// Zero accumulators, one per block of rows.
  SmallVector<Value> zeroAccumulators() {
    return SmallVector<Value>(rowBlocks, LLVM::ZeroOp::create(b, accType));
  }

  /// The types of the accumulators.
  SmallVector<Type> accTypes() { return SmallVector<Type>(rowBlocks, accType); }

  /// This thread's first row in block `block` of rows (`row` in block 0).
  Value rowOf(int64_t block) {
    return block ? e.addIdx(row, 128 * block) : row;
  }

  /// The four k16 wgmma of one K step of 64 per block of rows (`accs`), A
  /// and B from the stages the descriptors point to, block b's A 128 rows
  /// after block b - 1's; one commit group.
  SmallVector<Value> multiply(Value aDescriptor, Value bDescriptor,
                              ValueRange accs) {
    NVVM::WgmmaFenceAlignedOp::create(b);
    SmallVector<Value> sums;
    for (auto [block, acc] : llvm::enumerate(accs)) {
      Value aBlock =
          block ? advance(aDescriptor, e.i32(block * 128 * 128)) : aDescriptor;
      sums.push_back(multiplyBlock(aBlock, bDescriptor, acc));
    }
    NVVM::WgmmaGroupSyncAlignedOp::create(b);
    return sums;
  }

  /// The four k16 wgmma of one block of rows.
  Value multiplyBlock(Value aDescriptor, Value bDescriptor, Value acc) {
    for (int64_t kk = 0; kk < 4; ++kk) {
      // The 16 K-elements kk: 32 bytes further along each row.
      Value offset = arith::ConstantOp::create(b, b.getI64IntegerAttr(2 * kk));
      acc = NVVM::WgmmaMmaAsyncOp::create(
          b, accType, acc, arith::AddIOp::create(b, aDescriptor, offset),
          arith::AddIOp::create(b, bDescriptor, offset),
          NVVM::MMAShapeAttr::get(ctx, 64, cols, 16),
          NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::bf16),
          NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::bf16),
          NVVM::WGMMATypesAttr::get(ctx, NVVM::WGMMATypes::f32),
          NVVM::WGMMAScaleOutAttr::get(ctx, NVVM::WGMMAScaleOut::one),
          NVVM::WGMMAScaleInAttr::get(ctx, NVVM::WGMMAScaleIn::one),
          NVVM::WGMMAScaleInAttr::get(ctx, NVVM::WGMMAScaleIn::one),
          NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::row),
          NVVM::MMALayoutAttr::get(ctx, NVVM::MMALayout::col),
          NVVM::MMAIntOverflowAttr());
    }
    return acc;
  }

  Value column(int64_t tileN, int r) {
    return e.addIdx(e.addIdx(nBase, e.mulIdx(t, 2)), 8 * tileN + r % 2);
  }

  SmallVector<Value> unpack(Value acc) {
    SmallVector<Value> sums;
    for (int64_t i = 0, n = cols / 2; i < n; ++i)
      sums.push_back(LLVM::ExtractValueOp::create(b, acc, i));
    return sums;
  }

  /// The E4M3 path for step `step` on the codes and scales in global
  /// memory, each block of rows (`accs`) four 16 x 8 tiles at a time.
  SmallVector<Value> multiplyExactly(Value step, ValueRange accs) {
    NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
    SmallVector<Value> result;
    for (auto [block, acc] : llvm::enumerate(accs))
      result.push_back(multiplyBlockExactly(step, rowOf(block), acc));
    return result;
  }

  /// multiplyExactly for the block of rows from `blockRow` (this
  /// thread's first row of it).
  Value multiplyBlockExactly(Value step, Value blockRow, Value acc) {
    SmallVector<Value> sums = unpack(acc);
    BlockTile four{1, 4, 1, 1};
    for (int64_t first = 0; first < cols / 8; first += 4) {
      LaneIndices at;
      at.t = t;
      at.rows.push_back({blockRow, e.addIdx(blockRow, 8)});
      for (int64_t j = first; j < first + 4; ++j) {
        at.cols.push_back(e.addIdx(e.addIdx(nBase, 8 * j), g));
        at.ccols.push_back({column(j, 0), column(j, 1)});
      }
      MutableArrayRef<Value> part(sums.data() + 4 * first, 16);
      for (int64_t block = 0; block < 2; ++block) {
        SmallVector<Value> next = computeE4M3(
            e, four, loadE4M3(e, ops, at, e.addIdx(e.mulIdx(step, 2), block)),
            part);
        llvm::copy(next, part.begin());
      }
    }
    Value packed = LLVM::UndefOp::create(b, accType);
    for (auto [i, sum] : llvm::enumerate(sums))
      packed = LLVM::InsertValueOp::create(b, packed, sum, i);
    return packed;
  }

  /// Waits for the last wgmma and adds the sums of each block of rows
  /// (`accs`) to the result, or stores them there with `overwrite`: then
  /// the result is a fresh allocation, and each thread's two adjacent
  /// columns are one 8-byte store.
  void addToResult(ValueRange accs) { addToResult(accs, overwrite); }

  /// addToResult, storing the sums where `store` holds.
  void addToResult(ValueRange accs, bool store) {
    NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
    for (auto [block, acc] : llvm::enumerate(accs))
      addBlockToResult(rowOf(block), acc, store);
  }

  /// addToResult for the block of rows from `blockRow` (this
  /// thread's first row of it).
  void addBlockToResult(Value blockRow, Value acc, bool store) {
    SmallVector<Value> sums = unpack(acc);
    if (store) {
      auto pair = VectorType::get({2}, b.getF32Type());
      for (int64_t j = 0; j < cols / 8; ++j) {
        for (int r = 0; r < 4; r += 2) {
          auto store = vector::StoreOp::create(
              b,
              vector::FromElementsOp::create(
                  b, pair, ValueRange{sums[4 * j + r], sums[4 * j + r + 1]}),
              out,
              ValueRange{r < 2 ? blockRow : e.addIdx(blockRow, 8),
                         column(j, 0)});
          store.setAlignment(static_cast<uint64_t>(8));
        }
      }
      return;
    }
    for (int64_t j = 0; j < cols / 8; ++j) {
      for (int r = 0; r < 4; ++r) {
        std::array<Value, 2> element{r < 2 ? blockRow : e.addIdx(blockRow, 8),
                                     column(j, r)};
        Value initialValue = memref::LoadOp::create(b, out, element);
        memref::StoreOp::create(
            b, arith::AddFOp::create(b, initialValue, sums[4 * j + r]), out,
            element);
      }
    }
  }

  KernelEmitter &e;
  ImplicitLocOpBuilder &b;
  MLIRContext *ctx;
  Operands ops;
  Value out;
  bool overwrite;
  int64_t rows, cols, rowBlocks;
  Type i32, i64;
  LLVM::LLVMStructType accType;
  Value tid, g, t;
  /// This thread's first row in a tile.
  Value rowInTile;
  /// From setTile: the tile, its first row and column, and this thread's
  /// first row of the result.
  Value mTile, nTile, mBase, nBase, row;
};

/// The body of the sm_90a warpgroup kernel, built inside its gpu.launch.
/// Each K step of 64, all threads of the block convert the tile's rows of
/// A and B (two 32-element blocks each; a thread takes one block of one
/// row per unit) into bf16 in shared memory (storeBF16Block), while the
/// tensor cores multiply the previous step from another stage of a ring
/// of three. Whether a step takes the E4M3 path is reduced over the block
/// at the barrier.
struct WarpgroupKernel : WgmmaAccumulators {
  WarpgroupKernel(KernelEmitter &e, const WarpgroupTile &tile,
                  const Operands &ops, Value out, bool overwrite, int64_t steps,
                  gpu::LaunchOp launch)
      : WgmmaAccumulators(e, ops, out, overwrite, tile.rows, tile.cols,
                          launch.getThreadIds().x, launch.getBlockIds().y,
                          launch.getBlockIds().x, /*firstConsumer=*/0),
        steps(steps), units(2 * tile.stagedRows() / tile.threads()),
        stageBytes(tile.stageBytes()) {
    allocateRing();
    // Unit i of a thread: staged row tid / 2 + i * rows (A's for i = 0,
    // B's after), K-block tid % 2 of the step.
    half = arith::RemUIOp::create(b, tid, e.idx(2));
    Value firstRow = arith::DivUIOp::create(b, tid, e.idx(2));
    for (int64_t i = 0; i < units; ++i) {
      stagedRows.push_back(e.addIdx(firstRow, i * tile.rows));
      sourceRows.push_back(
          i == 0 ? arith::AddIOp::create(b, mBase, firstRow)
                 : e.addIdx(arith::AddIOp::create(b, nBase, firstRow),
                            (i - 1) * tile.rows));
    }
    // A warpgroup multiplies its 64 rows of A by all of B.
    Value warpgroup = arith::DivUIOp::create(b, tid, e.idx(128));
    aDescriptor = descriptor(arith::AddIOp::create(
        b, ringAddress,
        arith::MulIOp::create(b, e.toI32(warpgroup), e.i32(64 * 128))));
    bDescriptor = descriptor(
        arith::AddIOp::create(b, ringAddress, e.i32(tile.rows * 128)));
  }

  /// The prologue (step 0 staged, steps 1 .. kWarpgroupPrefetch loaded;
  /// past the last step, the last step again: only the loop's bound
  /// matters), the loop over K steps and the epilogue.
  void build() {
    SmallVector<Value> initial{LLVM::ZeroOp::create(b, accType),
                               publish(convert(e.idx(0), load(e.idx(0))))};
    for (int64_t ahead = 1; ahead <= kWarpgroupPrefetch; ++ahead)
      llvm::append_range(initial, load(clampStep(e.idx(ahead))));
    auto loop =
        scf::ForOp::create(b, e.idx(0), e.idx(steps), e.idx(1), initial);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      scf::YieldOp::create(
          b, step(loop.getInductionVar(), loop.getRegionIterArgs()));
    }
    addToResult(loop.getResult(0));
  }

private:
  Value clampStep(Value step) {
    return arith::MinUIOp::create(b, step, e.idx(steps - 1));
  }

  /// The ring of stages, as i32 words from the first 1024-byte boundary
  /// of the dynamic shared memory.
  void allocateRing() {
    AlignedShared shared =
        alignedSharedMemory(e, kWarpgroupStages * stageBytes);
    ringAddress = shared.address;
    ring = shared.words;
  }

  /// Per unit, the block's four code words (one 16-byte load), then per
  /// unit its scale byte.
  SmallVector<Value> load(Value step) {
    auto vec4 = VectorType::get({4}, i32);
    Value block = e.addIdx(e.mulIdx(step, 2), half);
    SmallVector<Value> loaded;
    for (int64_t i = 0; i < units; ++i) {
      auto codes =
          vector::LoadOp::create(b, vec4, i == 0 ? ops.aWords : ops.bWords,
                                 ValueRange{sourceRows[i], e.mulIdx(block, 4)});
      codes.setAlignment(static_cast<uint64_t>(16));
      loaded.push_back(codes);
    }
    for (int64_t i = 0; i < units; ++i)
      loaded.push_back(
          e.byte(i == 0 ? ops.aScales : ops.bScales, sourceRows[i], block));
    return loaded;
  }

  /// Converts what `load` gave into stage `stage`, with 2^63 moved from
  /// B's scales onto A's (kMovedToA), so that B's codes, most of what a
  /// thread converts, take their scale in one multiplication; true if a
  /// scale is out of the range where the products are then exact in bf16.
  Value convert(Value stage, ValueRange loaded) {
    Value outOfRange;
    for (int64_t i = 0; i < units; ++i) {
      Value outside = storeBF16Block(
          e, loaded[i], loaded[units + i], ring,
          e.addIdx(e.mulIdx(stage, stageBytes), e.mulIdx(stagedRows[i], 128)),
          half, /*ofA=*/i == 0);
      outOfRange =
          outOfRange ? arith::OrIOp::create(b, outOfRange, outside) : outside;
    }
    return outOfRange;
  }

  /// Makes the stores of `convert` visible to wgmma (the async proxy) and
  /// waits for the whole block; true on every thread if `outOfRange` was
  /// true on any.
  Value publish(Value outOfRange) {
    e.fenceAsyncShared();
    return anyInBlock(e, outOfRange);
  }

  /// The wgmma of the step in stage `stage`.
  Value multiplyStage(Value stage, Value acc) {
    Value offset = e.toI32(e.mulIdx(stage, stageBytes));
    Value aStage = advance(aDescriptor, offset);
    Value bStage = advance(bDescriptor, offset);
    return multiply(aStage, bStage, acc).front();
  }

  /// Step k of the loop: `state` and the result are the accumulators,
  /// whether step k runs on the E4M3 path, and what was loaded for steps
  /// k + 1, k + 2, ...: the first set is staged now, the others move up,
  /// and the loads for step k + 1 + kWarpgroupPrefetch go out first, to
  /// have the longest time to land.
  SmallVector<Value> step(Value k, ValueRange state) {
    Value acc = state[0], exact = state[1];
    ValueRange loaded = state.drop_front(2);
    SmallVector<Value> next{Value(), Value()};
    llvm::append_range(next, loaded.drop_front(2 * units));
    llvm::append_range(next,
                       load(clampStep(e.addIdx(k, kWarpgroupPrefetch + 1))));
    auto branch = scf::IfOp::create(b, accType, exact, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      scf::YieldOp::create(b, multiplyExactly(k, acc));
      b.setInsertionPointToStart(branch.elseBlock());
      scf::YieldOp::create(
          b, multiplyStage(
                 arith::RemUIOp::create(b, k, e.idx(kWarpgroupStages)), acc));
    }
    // Step k - 1 is done: its stage, (k + 2) % 3, is free, and so is
    // (k + 1) % 3 on every warpgroup once they all pass the barrier below.
    NVVM::WgmmaWaitGroupSyncOp::create(b, 1);
    Value nextStep = e.addIdx(k, 1);
    Value more = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, nextStep,
                                       e.idx(steps));
    auto staging = scf::IfOp::create(b, b.getI1Type(), more,
                                     /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(staging.thenBlock());
      scf::YieldOp::create(b, convert(arith::RemUIOp::create(
                                          b, nextStep, e.idx(kWarpgroupStages)),
                                      loaded.take_front(2 * units)));
      b.setInsertionPointToStart(staging.elseBlock());
      scf::YieldOp::create(
          b, ValueRange{arith::ConstantOp::create(b, b.getBoolAttr(false))});
    }
    next[0] = branch.getResult(0);
    next[1] = publish(staging.getResult(0));
    return next;
  }

  int64_t steps, units, stageBytes;
  Value half, ring, ringAddress, aDescriptor, bDescriptor;
  SmallVector<Value> stagedRows, sourceRows;
};

/// The body of the sm_90a streamed kernel (see rewriteStreamed in
/// GPUBlockScaledMatmul.cpp): three
/// warpgroups per StreamedTile of the result.
/// Thread 0, the producer, copies each K step's bf16 images of A and B
/// (kStreamedStageBytes) into the next stage of a ring with two
/// cp.async.bulk, which complete the stage's `full` mbarrier, and leaves
/// beside the stage whether the step has a scale outside the bf16 range.
/// Warpgroups 1 and 2, the consumers, wait for it, multiply their rows
/// of A by B with wgmma (or take the E4M3 path for the step), and arrive
/// on the stage's `empty` mbarrier once those wgmma are done; the producer
/// waits for that before it refills the stage. The other threads of
/// warpgroup 0 have nothing to do, except without B's image
/// (produceConverting): then all of warpgroup 0 produces.
/// The tiles of the streamed kernel: `tilesM` x `tilesN`, and either the
/// one this block computes (`first`), or, with `flags`, the share of
/// block `block` of all tiles' K steps, from `begin` to `end`, counted tile
/// by tile in sharedTile's order (stream-K; `first` is the tile of
/// `begin`). `flags` has a zeroed word per tile (in that order), which
/// counts the blocks that have finished their part of the tile's steps.
/// With more tiles than blocks, as buildStreamedKernel asks, a block's
/// share is at least a tile, so at most two blocks share a tile; the count
/// also orders three or more (checked on the H200 with 64 tiles, when
/// fewer tiles than blocks still shared steps: they were slower).
struct StreamedTiles {
  int64_t tilesM, tilesN;
  Value flags;
  std::array<Value, 2> first;
  Value block, begin, end;
};

struct StreamedKernel : WgmmaAccumulators {
  /// The block computes tile `tiles.first` of the result, or with
  /// `tiles.flags` its share of all tiles' steps (see StreamedTiles).
  StreamedKernel(KernelEmitter &e, const Operands &ops,
                 const StreamedImages &images, Value out, bool overwrite,
                 int64_t steps, gpu::LaunchOp launch, const StreamedTile &tile,
                 const StreamedTiles &tiles)
      : WgmmaAccumulators(e, ops, out, overwrite, tile.rows, tile.cols,
                          launch.getThreadIds().x, tiles.first[0],
                          tiles.first[1], /*firstConsumer=*/128,
                          tile.rowBlocks()),
        images(images), tile(tile), tiles(tiles), steps(steps),
        convertB(!images.bImage) {
    AlignedShared shared = alignedSharedMemory(
        e, convertB ? kStreamedConvertingSharedBytes : kStreamedSharedBytes);
    base = shared.address;
    ring = shared.words;
  }

  void build() {
    e.inside(e.isIdx(tid, 0), [&] {
      for (int64_t s = 0; s < kStreamedStages; ++s) {
        NVVM::MBarrierInitOp::create(b, barrier(kFull, e.idx(s)),
                                     e.i32(convertB ? 128 : 1), Value());
        NVVM::MBarrierInitOp::create(b, barrier(kEmpty, e.idx(s)),
                                     e.i32(2 * 128), Value());
      }
    });
    NVVM::BarrierOp::create(b);
    Value producer =
        arith::CmpIOp::create(b, arith::CmpIPredicate::ult, tid, e.idx(128));
    auto roles = scf::IfOp::create(b, producer, /*withElse=*/true);
    OpBuilder::InsertionGuard guard(b);
    // The launch gives each thread 168 registers (65536 for 384 threads);
    // the consumers, with 128 accumulators each, take what the producer
    // warpgroup does not need. Their setmaxnreg.inc waits until the
    // block's pool holds what they ask for, so it must not ask for more
    // than the producers give back: 256 (224 - 168) = 128 (168 - 56).
    // (More for the converting producers, 96 and 200, was slower.)
    b.setInsertionPointToStart(roles.thenBlock());
    NVVM::SetMaxRegisterOp::create(b, convertB ? 56 : 40,
                                   NVVM::SetMaxRegisterAction::decrease);
    if (convertB)
      produceConverting();
    else
      e.inside(e.isIdx(tid, 0), [&] { produce(); });
    b.setInsertionPointToStart(roles.elseBlock());
    NVVM::SetMaxRegisterOp::create(b, convertB ? 224 : 232,
                                   NVVM::SetMaxRegisterAction::increase);
    consume();
  }

private:
  static constexpr int64_t kFull = kStreamedStages * kStreamedStageBytes;
  static constexpr int64_t kEmpty = kFull + 8 * kStreamedStages;
  static constexpr int64_t kOffRange = kEmpty + 8 * kStreamedStages;

  /// The word of stage `stage` (an index) that says whether its step takes
  /// the E4M3 path (nonzero if so).
  Value offRangeWord(Value stage) {
    return sharedPointer(arith::AddIOp::create(b, e.i32(kOffRange),
                                               e.toI32(e.mulIdx(stage, 4))));
  }

  /// Where warpgroup 0 converts B: the word of stage `stage` where producer
  /// warp `warp` says whether the step takes the E4M3 path.
  Value warpFlagWord(Value stage, Value warp) {
    return sharedPointer(
        e.toI32(e.addIdx(e.addIdx(e.mulIdx(stage, 16), e.mulIdx(warp, 4)),
                         kStreamedRawOffset + kStreamedRawStages * 128 * 64)));
  }

  /// Whether stage `stage`'s step takes the E4M3 path (i1).
  Value takesE4M3(Value stage) {
    if (!convertB)
      return arith::CmpIOp::create(
          b, arith::CmpIPredicate::ne,
          LLVM::LoadOp::create(b, i32, offRangeWord(stage)), e.i32(0));
    Value any = e.i32(0);
    for (int64_t w = 0; w < 4; ++w)
      any = e.bor(any,
                  LLVM::LoadOp::create(b, i32, warpFlagWord(stage, e.idx(w))));
    return arith::CmpIOp::create(b, arith::CmpIPredicate::ne, any, e.i32(0));
  }

  /// The `full` (kFull) or `empty` (kEmpty) mbarrier of stage `stage`.
  Value barrier(int64_t which, Value stage) {
    return sharedPointer(
        arith::AddIOp::create(b, e.i32(which), e.toI32(e.mulIdx(stage, 8))));
  }

  Value sharedPointer(Value offset) { return e.sharedPointer(base, offset); }

  /// Waits until the phase of `barrier` with parity `parity` (0 or 1, an
  /// index) is complete.
  void wait(Value barrier, Value parity) {
    e.waitParity(barrier, e.toI32(parity));
  }

  /// A step of the producers' loop: its tile (along M and N) and the K
  /// step `k` of the tile.
  struct Step {
    Value mTile, nTile, k;
  };

  /// Whether the block shares out the steps of all tiles with the others
  /// (stream-K) rather than taking one tile.
  bool sharesSteps() const { return bool(tiles.flags); }

  /// The producers' loop runs over `it` from loopBegin() to loopEnd(): K
  /// steps of the block's tile, or with sharesSteps() steps of all tiles in
  /// order, each tile's one after the other.
  Value loopBegin() { return sharesSteps() ? tiles.begin : e.idx(0); }
  Value loopEnd() { return sharesSteps() ? tiles.end : e.idx(steps); }

  /// The step at loop position `it`.
  Step stepAt(Value it) {
    if (!sharesSteps())
      return {tiles.first[0], tiles.first[1], it};
    // In 32 bits: each division by a constant is a multiplication, not
    // a 64-bit one's several.
    Value step = e.toI32(it);
    Value id = arith::DivUIOp::create(b, step, e.i32(steps));
    auto index = [&](Value v) {
      return arith::IndexCastUIOp::create(b, b.getIndexType(), v);
    };
    std::array<Value, 2> at = sharedTile(e, id, e.i32(tiles.tilesN));
    return {index(at[0]), index(at[1]),
            index(arith::RemUIOp::create(b, step, e.i32(steps)))};
  }

  /// The block's count of steps before `it`: what orders the rings.
  Value ringStep(Value it) {
    return sharesSteps() ? arith::SubIOp::create(b, it, tiles.begin) : it;
  }

  /// Step k's A and B images go to stage k % kStreamedStages, once the
  /// consumers are done with what the stage held before (on the first
  /// round, the wait for parity 1 returns at once), and so does whether
  /// step k takes the E4M3 path: its flags are loaded before the wait,
  /// which hides their latency, and stored before the arrive on `full`,
  /// which releases them to the consumers with the stage. (Loaded by the
  /// consumers, a step ahead, they cost registers that the accumulators
  /// need: the kernel spilled.)
  void produce() {
    auto loop = scf::ForOp::create(b, e.idx(0), e.idx(steps), e.idx(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    Value offRange = offRangeFlags(k);
    Value stage = waitUntilEmpty(k);
    LLVM::StoreOp::create(b, offRange, offRangeWord(stage));
    Value full = barrier(kFull, stage);
    NVVM::MBarrierArriveExpectTxOp::create(
        b, Type(), full, e.i32(kStreamedStageBytes), NVVM::MemScopeKind::CTA,
        /*relaxed=*/false, Value());
    copyImage(images.aImage, mTile, tile.rows, k, aStageOffset(stage), full);
    copyImage(images.bImage, nTile, tile.cols, k, bStageOffset(stage), full);
  }

  /// Waits until the consumers are done with what stage k % kStreamedStages
  /// held before step k (on the first round, the wait for parity 1 returns
  /// at once); returns that stage.
  Value waitUntilEmpty(Value k) {
    Value stage = arith::RemUIOp::create(b, k, e.idx(kStreamedStages));
    Value round = arith::DivUIOp::create(b, k, e.idx(kStreamedStages));
    wait(barrier(kEmpty, stage),
         arith::XOrIOp::create(b, arith::RemUIOp::create(b, round, e.idx(2)),
                               e.idx(1)));
    return stage;
  }

  /// The byte offset of stage `stage`'s A in shared memory (i32).
  Value aStageOffset(Value stage) {
    return e.toI32(e.mulIdx(stage, tile.rows * 128));
  }

  /// The byte offset of stage `stage`'s B in shared memory (i32).
  Value bStageOffset(Value stage) {
    return arith::AddIOp::create(b, e.i32(kStreamedStages * tile.rows * 128),
                                 e.toI32(e.mulIdx(stage, tile.cols * 128)));
  }

  /// Copies step k of `tile` of `image` (`rows` rows of 128 bytes) to
  /// `offset` in shared memory with one cp.async.bulk that completes its
  /// bytes on `full`.
  void copyImage(Value image, Value tile, int64_t rows, Value k, Value offset,
                 Value full) {
    int64_t bytes = rows * 128;
    Value source = e.globalPointer(
        image, e.mulIdx(e.addIdx(e.mulIdx(tile, steps), k), bytes));
    // The shared::cluster form of the copy (PTX 8.0; the shared::cta
    // one needs 8.6) to this block's own shared memory.
    Value destination = LLVM::AddrSpaceCastOp::create(
        b, LLVM::LLVMPointerType::get(ctx, 7), sharedPointer(offset));
    NVVM::CpAsyncBulkGlobalToSharedClusterOp::create(
        b, destination, source, full, e.i32(bytes), Value(), Value());
  }

  /// Without a B image: all 128 threads of warpgroup 0 produce. Thread
  /// 2 r + h converts K-block h of the step of rows r, r + 64, ... of the
  /// tile's B (a unit per 64 rows) into the stage (convertCodes: B's
  /// storeBF16Block, one multiplication a pair of codes, with 2^63 moved
  /// onto A's image), from a ring of kStreamedRawStages steps of codes in
  /// shared memory that it fills itself with cp.async,
  /// kStreamedRawStages - 1 steps ahead (its scale bytes go as far ahead in
  /// registers); only it reads its copies, so waiting for its own commit
  /// groups is enough. Thread 0 also copies A's image. Whether the step
  /// takes the E4M3 path is A's flag or any of B's scales outside
  /// kSmallestMovedScaleOfB to kLargestMovedScaleOfB, voted per warp into
  /// the warp's word beside the stage (warpFlagWord). Each thread makes its
  /// stores visible to wgmma and arrives on `full`, thread 0 with A's bytes
  /// to expect.
  void produceConverting() {
    producerRow = arith::DivUIOp::create(b, tid, e.idx(2));
    producerHalf = arith::RemUIOp::create(b, tid, e.idx(2));
    SmallVector<Value> scalesAhead;
    Value begin = loopBegin();
    for (int64_t j = 0; j + 1 < kStreamedRawStages; ++j) {
      Value it = e.addIdx(begin, j);
      copyRawCodes(it);
      llvm::append_range(scalesAhead, loadScales(it));
    }
    auto loop = scf::ForOp::create(b, begin, loopEnd(), e.idx(1), scalesAhead);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value it = loop.getInductionVar();
    ValueRange scales = loop.getRegionIterArgs();
    Value next = e.addIdx(it, kStreamedRawStages - 1);
    copyRawCodes(next);
    SmallVector<Value> ahead(scales.drop_front(units()));
    llvm::append_range(ahead, loadScales(next));
    SmallVector<Value> codes = loadRawCodes(it);
    Step step = stepAt(it);
    Value aFlag = memref::LoadOp::create(
        b, images.aFlags,
        ValueRange{e.addIdx(e.mulIdx(step.mTile, steps), step.k)});
    Value stage = waitUntilEmpty(ringStep(it));
    Value full = barrier(kFull, stage);
    Value first = e.isIdx(tid, 0);
    e.inside(first, [&] {
      copyImage(images.aImage, step.mTile, tile.rows, step.k,
                aStageOffset(stage), full);
    });
    Value outOfRange = convertCodes(stage, codes, scales.take_front(units()));
    leaveFlag(stage, outOfRange, aFlag);
    e.fenceAsyncShared();
    auto arrive = scf::IfOp::create(b, first, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(arrive.thenBlock());
      NVVM::MBarrierArriveExpectTxOp::create(
          b, Type(), full, e.i32(tile.rows * 128), NVVM::MemScopeKind::CTA,
          /*relaxed=*/false, Value());
      b.setInsertionPointToStart(arrive.elseBlock());
      NVVM::MBarrierArriveOp::create(b, Type(), full, Value());
    }
    scf::YieldOp::create(b, ahead);
  }

  /// A producer thread's units in produceConverting: one per 64 rows of
  /// the tile's B.
  int64_t units() const { return tile.cols / 64; }

  /// The row of the tile's B of this producer thread's unit i.
  Value producerTileRow(int64_t i) { return e.addIdx(producerRow, 64 * i); }

  /// The row of B of this producer thread's unit i in tile `nTile` along N.
  Value producerBRow(Value nTile, int64_t i) {
    return arith::AddIOp::create(b, e.mulIdx(nTile, tile.cols),
                                 producerTileRow(i));
  }

  /// The byte offset of this producer thread's unit i in slot `slot` of
  /// the raw ring.
  Value rawOffset(Value slot, int64_t i) {
    int64_t threadBytes = 16 * units();
    return e.addIdx(
        e.addIdx(e.mulIdx(slot, 128 * threadBytes), e.mulIdx(tid, threadBytes)),
        kStreamedRawOffset + 16 * i);
  }

  /// Copies this producer thread's codes of the step at loop position `it`
  /// into their slot of the raw ring: one commit group per step, empty past
  /// the block's last step, so that no copy is in flight into a slot that
  /// is being read.
  void copyRawCodes(Value it) {
    Value slot =
        arith::RemUIOp::create(b, ringStep(it), e.idx(kStreamedRawStages));
    Value inside =
        arith::CmpIOp::create(b, arith::CmpIPredicate::ult, it, loopEnd());
    e.inside(inside, [&] {
      Step step = stepAt(it);
      Value block = e.addIdx(e.mulIdx(step.k, 2), producerHalf);
      for (int64_t i = 0; i < units(); ++i)
        e.copyAsync(sharedPointer(e.toI32(rawOffset(slot, i))), ops.bWords,
                    e.addIdx(e.mulIdx(producerBRow(step.nTile, i), steps * 8),
                             e.mulIdx(block, 4)),
                    16);
    });
    NVVM::CpAsyncCommitGroupOp::create(b);
  }

  /// This producer thread's scale bytes of the step at loop position `it`;
  /// past the block's last step, the last step's again (not used).
  SmallVector<Value> loadScales(Value it) {
    Value last = arith::SubIOp::create(b, loopEnd(), e.idx(1));
    Step step = stepAt(arith::MinUIOp::create(b, it, last));
    Value block = e.addIdx(e.mulIdx(step.k, 2), producerHalf);
    SmallVector<Value> scales;
    for (int64_t i = 0; i < units(); ++i)
      scales.push_back(e.byte(ops.bScales, producerBRow(step.nTile, i), block));
    return scales;
  }

  /// Waits until this producer thread's copies of the step at loop
  /// position `it` have landed and loads them from the raw ring: four code
  /// words per unit.
  SmallVector<Value> loadRawCodes(Value it) {
    NVVM::CpAsyncWaitGroupOp::create(b, kStreamedRawStages - 1);
    Value slot =
        arith::RemUIOp::create(b, ringStep(it), e.idx(kStreamedRawStages));
    SmallVector<Value> codes;
    for (int64_t i = 0; i < units(); ++i) {
      auto load = vector::LoadOp::create(
          b, VectorType::get({4}, i32), ring,
          ValueRange{arith::DivUIOp::create(b, rawOffset(slot, i), e.idx(4))});
      load.setAlignment(static_cast<uint64_t>(16));
      codes.push_back(load);
    }
    return codes;
  }

  /// Stores this producer thread's `codes` times their `scales` times
  /// 2^-kMovedToA as bf16 into B's part of stage `stage` (B's
  /// storeBF16Block; A's image carries the 2^kMovedToA); true if a scale
  /// is outside kSmallestMovedScaleOfB to kLargestMovedScaleOfB.
  Value convertCodes(Value stage, ValueRange codes, ValueRange scales) {
    Value bBytes =
        arith::IndexCastUIOp::create(b, b.getIndexType(), bStageOffset(stage));
    Value outOfRange;
    for (int64_t i = 0; i < units(); ++i) {
      Value rowOffset = e.addIdx(bBytes, e.mulIdx(producerTileRow(i), 128));
      Value outside = storeBF16Block(e, codes[i], scales[i], ring, rowOffset,
                                     producerHalf, /*ofA=*/false);
      outOfRange =
          outOfRange ? arith::OrIOp::create(b, outOfRange, outside) : outside;
    }
    return outOfRange;
  }

  /// Per producer warp, lane 0 leaves whether any lane's `outOfRange` was
  /// true (warp 0 ORs in A's flag, `aFlag`) in the warp's word of stage
  /// `stage`.
  void leaveFlag(Value stage, Value outOfRange, Value aFlag) {
    Value any = e.anyLane(outOfRange);
    Value warp = arith::DivUIOp::create(b, tid, e.idx(32));
    e.inside(e.isIdx(arith::RemUIOp::create(b, tid, e.idx(32)), 0), [&] {
      Value flag = arith::ExtUIOp::create(b, i32, any);
      flag = arith::SelectOp::create(b, e.isIdx(warp, 0), e.bor(flag, aFlag),
                                     flag);
      LLVM::StoreOp::create(b, flag, warpFlagWord(stage, warp));
    });
  }

  /// The consumers: the loop over the K steps of the block's tile, then
  /// the epilogue; with sharesSteps(), that for each tile that the
  /// block's share of steps reaches into (finishTile after each).
  void consume() {
    Value group = arith::DivUIOp::create(
        b, arith::SubIOp::create(b, tid, e.idx(128)), e.idx(128));
    aDescriptor = descriptor(
        arith::AddIOp::create(b, base, e.toI32(e.mulIdx(group, 64 * 128))));
    bDescriptor = descriptor(arith::AddIOp::create(
        b, base, e.i32(kStreamedStages * tile.rows * 128)));
    if (!sharesSteps()) {
      addToResult(multiplySteps(e.idx(0), e.idx(steps), e.idx(0)));
      return;
    }
    Value firstTile = arith::DivUIOp::create(b, tiles.begin, e.idx(steps));
    Value lastStep = arith::SubIOp::create(b, tiles.end, e.idx(1));
    Value lastTile = arith::DivUIOp::create(b, lastStep, e.idx(steps));
    auto loop =
        scf::ForOp::create(b, firstTile, e.addIdx(lastTile, 1), e.idx(1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value id = loop.getInductionVar();
    std::array<Value, 2> at = sharedTile(e, id, e.idx(tiles.tilesN));
    setTile(at[0], at[1]);
    Value tileBegin = e.mulIdx(id, steps);
    Value begin = arith::MaxUIOp::create(b, tiles.begin, tileBegin);
    Value end =
        arith::MinUIOp::create(b, tiles.end, e.addIdx(tileBegin, steps));
    finishTile(id, begin, end, tileBegin, multiplySteps(begin, end, tileBegin));
  }

  /// The consumers' loop over loop positions `begin` to `end` of the
  /// tile whose first step is at `tileBegin`; returns the accumulators.
  SmallVector<Value> multiplySteps(Value begin, Value end, Value tileBegin) {
    auto loop = scf::ForOp::create(b, begin, end, e.idx(1), zeroAccumulators());
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value it = loop.getInductionVar();
    ValueRange accs = loop.getRegionIterArgs();
    Value k = sharesSteps() ? arith::SubIOp::create(b, it, tileBegin) : it;
    Value j = ringStep(it);
    Value stage = arith::RemUIOp::create(b, j, e.idx(kStreamedStages));
    Value round = arith::DivUIOp::create(b, j, e.idx(kStreamedStages));
    wait(barrier(kFull, stage), arith::RemUIOp::create(b, round, e.idx(2)));
    Value exact = takesE4M3(stage);
    auto branch = scf::IfOp::create(b, accTypes(), exact, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      scf::YieldOp::create(b, multiplyExactly(k, accs));
      b.setInsertionPointToStart(branch.elseBlock());
      Value aStage = advance(aDescriptor, aStageOffset(stage));
      Value bStage =
          advance(bDescriptor, e.toI32(e.mulIdx(stage, tile.cols * 128)));
      scf::YieldOp::create(b, multiply(aStage, bStage, accs));
    }
    // The step before's wgmma are done: its stage may be refilled.
    NVVM::WgmmaWaitGroupSyncOp::create(b, 1);
    Value previous = arith::SubIOp::create(b, j, e.idx(1));
    e.inside(arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, j, e.idx(0)),
             [&] {
               NVVM::MBarrierArriveOp::create(
                   b, Type(),
                   barrier(kEmpty, arith::RemUIOp::create(
                                       b, previous, e.idx(kStreamedStages))),
                   Value());
             });
    scf::YieldOp::create(b, branch.getResults());
    return loop.getResults();
  }

  /// With sharesSteps(): puts the sums (`accs`) of the block's steps
  /// `begin` to `end` of tile `id` (whose steps start at `tileBegin`) in
  /// the result. Blocks that share a tile's steps (StreamedTiles) finish it
  /// last part first: the block with its last steps (the tail, at the
  /// start of the block's share) puts its sums in the result as for a
  /// whole tile; each other block waits until the tile's flag counts the
  /// parts after its own, then adds its sums. Each block but the one with
  /// the first steps then counts its part in the flag.
  void finishTile(Value id, Value begin, Value end, Value tileBegin,
                  ValueRange accs) {
    // Outside the branches, so that ptxas need not wait for the wgmma
    // where they join.
    NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
    // The parts after this block's: the blocks that start inside the
    // tile after it, up to the first block x that starts at or after the
    // tile's end, x T / kStreamKBlocks >= tileEnd.
    Value tileEnd = e.addIdx(tileBegin, steps);
    int64_t total = tiles.tilesM * tiles.tilesN * steps;
    Value firstAfter = arith::DivUIOp::create(
        b, e.addIdx(e.mulIdx(tileEnd, kStreamKBlocks), total - 1),
        e.idx(total));
    Value partsAfter = arith::SelectOp::create(
        b, arith::CmpIOp::create(b, arith::CmpIPredicate::ult, end, tileEnd),
        arith::SubIOp::create(b, firstAfter, e.addIdx(tiles.block, 1)),
        e.idx(0));
    Value notTail = arith::CmpIOp::create(b, arith::CmpIPredicate::ugt,
                                          partsAfter, e.idx(0));
    auto branch = scf::IfOp::create(b, notTail, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(branch.thenBlock());
      waitForFlag(id, e.toI32(partsAfter));
      addToResult(accs, /*store=*/false);
      b.setInsertionPointToStart(branch.elseBlock());
      addToResult(accs);
    }
    Value notFirst =
        arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, begin, tileBegin);
    e.inside(notFirst, [&] { setFlag(id, e.toI32(e.addIdx(partsAfter, 1))); });
  }

  /// Tile `id`'s flag in global memory.
  Value flag(Value id) { return e.globalPointer(tiles.flags, e.mulIdx(id, 4)); }

  /// After every consumer thread's stores of tile `id`'s sums: sets its
  /// flag to `parts` (i32), with release semantics at the scope of the
  /// GPU.
  void setFlag(Value id, Value parts) {
    LLVM::FenceOp::create(b, LLVM::AtomicOrdering::release, "device");
    // Named barrier 1, the consumers' 256 threads only.
    NVVM::BarrierOp::create(b, Type(), e.i32(1), e.i32(256),
                            NVVM::BarrierReductionAttr(), Value());
    e.inside(e.isIdx(tid, 128), [&] {
      LLVM::StoreOp::create(b, parts, flag(id), /*alignment=*/4,
                            /*isVolatile=*/false, /*isNonTemporal=*/false,
                            /*isInvariantGroup=*/false,
                            LLVM::AtomicOrdering::release, "device");
    });
  }

  /// Waits until tile `id`'s flag is at least `parts` (i32; each consumer
  /// thread itself, with acquire semantics at the scope of the GPU).
  void waitForFlag(Value id, Value parts) {
    Value pointer = flag(id);
    scf::WhileOp::create(
        b, TypeRange(), ValueRange(),
        [&](OpBuilder &nested, Location loc, ValueRange) {
          Value counted = LLVM::LoadOp::create(
              nested, loc, i32, pointer, /*alignment=*/4,
              /*isVolatile=*/false, /*isNonTemporal=*/false,
              /*isInvariant=*/false, /*isInvariantGroup=*/false,
              LLVM::AtomicOrdering::acquire, "device");
          Value fewer = arith::CmpIOp::create(
              nested, loc, arith::CmpIPredicate::ult, counted, parts);
          scf::ConditionOp::create(nested, loc, fewer, ValueRange());
        },
        [&](OpBuilder &nested, Location loc, ValueRange) {
          scf::YieldOp::create(nested, loc);
        });
  }

  /// Nonzero (i32) if step k of this block's tile has a scale above 252.
  Value offRangeFlags(Value k) {
    auto flag = [&](Value flags, Value tile) {
      return memref::LoadOp::create(
          b, flags, ValueRange{e.addIdx(e.mulIdx(tile, steps), k)});
    };
    Value aFlag = flag(images.aFlags, mTile);
    Value bFlag = flag(images.bFlags, nTile);
    return e.bor(aFlag, bFlag);
  }

  StreamedImages images;
  StreamedTile tile;
  StreamedTiles tiles;
  int64_t steps;
  /// No B image: warpgroup 0 converts B into the stages itself.
  bool convertB;
  Value base, ring;
  /// The consumers' matrix descriptors of A's and B's first stages.
  Value aDescriptor, bDescriptor;
  /// In produceConverting: this thread's first row of the tile's B, and
  /// its K-block of a step.
  Value producerRow, producerHalf;
};

} // namespace

void mx::buildWarpgroupKernel(KernelEmitter &e, const WarpgroupTile &tile,
                              const Operands &ops, Value out, bool overwrite,
                              int64_t steps, gpu::LaunchOp launch) {
  WarpgroupKernel(e, tile, ops, out, overwrite, steps, launch).build();
}

void mx::buildStreamedKernel(KernelEmitter &e, const Operands &ops,
                             const StreamedImages &images, Value out,
                             bool overwrite, int64_t steps,
                             gpu::LaunchOp launch, const StreamedTile &tile,
                             int64_t tilesM, int64_t tilesN, Value tileFlags) {
  ImplicitLocOpBuilder &b = e.b;
  StreamedTiles tiles{tilesM, tilesN, tileFlags, {}, Value(), Value(), Value()};
  if (!tileFlags) {
    Value id = e.addIdx(e.mulIdx(launch.getBlockIds().y, tilesN),
                        launch.getBlockIds().x);
    tiles.first = groupedTile(e, id, tilesM, tilesN);
  } else {
    // Block x of kStreamKBlocks takes steps x T / kStreamKBlocks to
    // (x + 1) T / kStreamKBlocks of all T.
    int64_t total = tilesM * tilesN * steps;
    Value x = launch.getBlockIds().x;
    tiles.block = x;
    tiles.begin =
        arith::DivUIOp::create(b, e.mulIdx(x, total), e.idx(kStreamKBlocks));
    tiles.end = arith::DivUIOp::create(b, e.mulIdx(e.addIdx(x, 1), total),
                                       e.idx(kStreamKBlocks));
    tiles.first = sharedTile(
        e, arith::DivUIOp::create(b, tiles.begin, e.idx(steps)), e.idx(tilesN));
  }
  StreamedKernel(e, ops, images, out, overwrite, steps, launch, tile, tiles)
      .build();
}

/// Thread i converts code word i % 8 of the step (word i % 4 of K-block
/// (i % 8) / 4) of rows i / 8, i / 8 + 32, ... of a tile, so that each
/// group of eight threads writes a whole 128-byte row of the image, laid
/// out as storeBF16Chunk does.
void mx::buildImageKernel(KernelEmitter &e, Value words, Value scales,
                          Value image, Value flags, int64_t rows, int64_t steps,
                          int64_t tileRows, bool movedToA) {
  ImplicitLocOpBuilder &b = e.b;
  auto launch = gpu::LaunchOp::create(b, e.idx(steps), e.idx(rows / tileRows),
                                      e.idx(1), e.idx(256), e.idx(1), e.idx(1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&launch.getBody().front());
  Value tid = launch.getThreadIds().x;
  Value step = launch.getBlockIds().x, tile = launch.getBlockIds().y;
  Value chunk = arith::RemUIOp::create(b, tid, e.idx(8));
  Value block =
      e.addIdx(e.mulIdx(step, 2), arith::DivUIOp::create(b, chunk, e.idx(4)));
  Value wordColumn = e.addIdx(e.mulIdx(step, 8), chunk);
  Value part = e.addIdx(e.mulIdx(tile, steps), step);
  Value firstRow = arith::DivUIOp::create(b, tid, e.idx(8));
  Value outOfRange;
  for (int64_t first = 0; first < tileRows; first += 32) {
    Value row = e.addIdx(firstRow, first);
    Value source = arith::AddIOp::create(b, e.mulIdx(tile, tileRows), row);
    Value word = e.word(words, source, wordColumn);
    Value scale = e.byte(scales, source, block);
    Value rowOffset =
        e.addIdx(e.mulIdx(part, tileRows * 128), e.mulIdx(row, 128));
    storeBF16Chunk(e, word,
                   movedToA ? e.pow2BF16x2(scale, kMovedToA)
                            : e.scaleBF16x2(scale),
                   image, rowOffset, chunk, scaledPairOfA);
    Value above = movedToA ? outsideMovedRange(e, scale, /*ofA=*/true)
                           : aboveBF16Range(e, scale);
    outOfRange =
        outOfRange ? arith::OrIOp::create(b, outOfRange, above) : above;
  }
  Value any = anyInBlock(e, outOfRange);
  e.inside(e.isIdx(tid, 0), [&] {
    memref::StoreOp::create(b, arith::ExtUIOp::create(b, b.getI32Type(), any),
                            flags, ValueRange{part});
  });
  gpu::TerminatorOp::create(b);
}
