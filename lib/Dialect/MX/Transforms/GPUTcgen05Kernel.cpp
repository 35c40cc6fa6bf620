//===- GPUTcgen05Kernel.cpp - mx.matmul on sm_100a's tcgen05 --------------===//
//
// The sm_100a matmul kernel on tcgen05.mma kind::mxf4.block_scale, the
// native MXFP4 MMA (see Tcgen05Kernel). It is assembled by ptxas in the test
// suite and has not run on a Blackwell GPU, so mx-gpu-block-scaled-matmul
// builds it only with sm100-tcgen05=true.
//
//===----------------------------------------------------------------------===//

#include "GPUMatmulKernels.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::mx;

namespace {

/// The body of the sm_100a kernel (PTX ISA, tcgen05; the reference
/// notes' section 4.4), built inside its gpu.launch. A block of 128
/// threads computes 128 x 128 results in tensor memory, 256 K-elements
/// per stage, with two buffers of shared memory, so that the threads fill
/// one with the next stage while the tensor cores read the other:
///  * every thread copies its row of A's and of B's codes for the stage
///    (128 bytes each) into the stage's buffer with cp.async, K-major with
///    the 128-byte swizzle (16-byte chunk c of row r at chunk c ^ (r % 8)),
///    and the scale words of its row into two 512-byte chunks per operand
///    in the layout of mx.tile_scales (byte 4q + b of row r % 32 of chunk
///    j: the scale of row 32q + r % 32, K-block 4j + b of the stage), one
///    commit group a stage, which it waits for before the barrier that
///    hands the buffer to thread 0;
///  * thread 0 copies the scale chunks into the buffer's 16 columns of
///    tensor memory (tcgen05.cp 32x128b.warpx4: four columns per chunk,
///    row m's scales in lane m, column m / 32), then issues four
///    tcgen05.mma kind::mxf4.block32 of K = 64 (the start address 32
///    bytes further each, scale-factor IDs 0 and 2 in turn within a chunk)
///    and commits them to the buffer's mbarrier;
///  * meanwhile every thread copies the next stage into the other buffer,
///    once the mbarrier of that buffer says the MMAs of the stage before,
///    which read it, are done;
///  * the accumulators, f32 in tensor memory (row i in lane i, column j in
///    column j), are read back by each warp for its 32 rows (tcgen05.ld
///    32x32b) and added to the result's initial value.
/// The copies overlap the MMAs; the epilogue overlaps nothing, and there
/// is no TMA. Its instructions are assembled by ptxas in the test suite,
/// and it has not run on a Blackwell GPU.
struct Tcgen05Kernel {
  static constexpr int64_t kCodeBytes = 128 * 128; // per operand
  static constexpr int64_t kScaleBytes = 2 * 512;  // per operand
  /// A buffer: A's codes, B's codes, A's scale chunks, B's (a multiple of
  /// 1024 bytes, as the 128-byte swizzle needs).
  static constexpr int64_t kBufferBytes = 2 * (kCodeBytes + kScaleBytes);
  /// Two buffers, then one mbarrier per buffer and the tensor-memory slot.
  static constexpr int64_t kBarrierOffset = 2 * kBufferBytes;
  static constexpr int64_t kSlotOffset = kBarrierOffset + 16;
  static constexpr int64_t kSharedBytes = kSlotOffset + 8;
  static_assert(kBufferBytes % 1024 == 0);
  static_assert(kSharedBytes == kTcgen05SharedBytes);
  /// Tensor memory: the 128 accumulator columns, then per buffer four
  /// columns per scale chunk (two chunks for A, two for B); allocations
  /// are powers of two.
  static constexpr int64_t kScaleColumns = 16;
  static constexpr int64_t kColumns = 256;
  static_assert(128 + 2 * kScaleColumns <= kColumns);

  Tcgen05Kernel(KernelEmitter &e, const Operands &words, Value out,
                int64_t stages, gpu::LaunchOp launch)
      : e(e), b(e.b), ctx(e.b.getContext()), words(words), out(out),
        stages(stages), i32(b.getI32Type()), i64(b.getI64Type()) {
    tid = launch.getThreadIds().x;
    mBase = e.mulIdx(launch.getBlockIds().y, 128);
    nBase = e.mulIdx(launch.getBlockIds().x, 128);
    AlignedShared shared = alignedSharedMemory(e, kSharedBytes);
    base = shared.address;
    sharedWords = shared.words;
    warp = arith::DivUIOp::create(b, tid, e.idx(32));
  }

  void build() {
    auto cta1 = NVVM::CTAGroupKindAttr::get(ctx, NVVM::CTAGroupKind::CTA_1);
    // Warp 0 allocates the tensor memory; thread 0 sets up the mbarriers.
    Value firstWarp = e.isIdx(warp, 0);
    e.inside(firstWarp, [&] {
      NVVM::Tcgen05AllocOp::create(b, sharedPointer(kSlotOffset),
                                   e.i32(kColumns), cta1);
      NVVM::Tcgen05RelinquishAllocPermitOp::create(b, cta1);
    });
    Value firstThread = e.isIdx(tid, 0);
    e.inside(firstThread, [&] {
      for (int64_t buffer = 0; buffer < 2; ++buffer)
        NVVM::MBarrierInitOp::create(b, barrierOf(e.idx(buffer)), e.i32(1),
                                     Value());
    });
    fence(NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC);
    NVVM::BarrierOp::create(b);
    fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
    Value tmem = memref::LoadOp::create(b, sharedWords,
                                        ValueRange{e.idx(kSlotOffset / 4)});

    // Stage s uses buffer s % 2; its MMAs complete phase s / 2 of that
    // buffer's mbarrier.
    stageOperands(e.idx(0), e.idx(0));
    auto loop = scf::ForOp::create(b, e.idx(0), e.idx(stages), e.idx(1));
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value stage = loop.getInductionVar();
      Value buffer = arith::RemUIOp::create(b, stage, e.idx(2));
      // This thread's copies of the stage have landed; the fence makes
      // them visible to tcgen05 (the async proxy), the barrier to thread 0.
      NVVM::CpAsyncWaitGroupOp::create(b, 0);
      e.fenceAsyncShared();
      NVVM::BarrierOp::create(b);
      e.inside(firstThread, [&] {
        fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
        multiply(stage, buffer, tmem);
      });
      stageNext(stage, buffer);
    }
    // The last stage's MMAs, and with them all earlier ones, are done.
    waitForStage(e.idx(stages - 1));
    fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
    storeResult(tmem);
    fence(NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC);
    NVVM::BarrierOp::create(b);
    e.inside(firstWarp, [&] {
      fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
      NVVM::Tcgen05DeallocOp::create(b, tensorPointer(tmem, 0), e.i32(kColumns),
                                     cta1);
    });
  }

private:
  void fence(NVVM::Tcgen05FenceKind kind) {
    NVVM::Tcgen05FenceOp::create(b, NVVM::Tcgen05FenceKindAttr::get(ctx, kind));
  }

  /// A shared-memory pointer `offset` bytes into the aligned block.
  Value sharedPointer(int64_t offset) {
    return e.sharedPointer(base, e.i32(offset));
  }

  /// The mbarrier of `buffer` (index, 0 or 1).
  Value barrierOf(Value buffer) {
    return e.sharedPointer(base,
                           arith::AddIOp::create(b, e.i32(kBarrierOffset),
                                                 e.shl(e.toI32(buffer), 3)));
  }

  /// Waits until the MMAs of `stage` are done: phase stage / 2 of the
  /// mbarrier of its buffer, stage % 2.
  void waitForStage(Value stage) {
    Value buffer = arith::RemUIOp::create(b, stage, e.idx(2));
    Value phase = arith::DivUIOp::create(b, stage, e.idx(2));
    e.waitParity(barrierOf(buffer),
                 e.toI32(arith::RemUIOp::create(b, phase, e.idx(2))));
  }

  /// The tensor-memory address `column` (i32) columns after `tmem` (lane 0).
  Value tensorPointer(Value tmem, Value column) {
    Value address = arith::AddIOp::create(b, tmem, column);
    return LLVM::IntToPtrOp::create(b, LLVM::LLVMPointerType::get(ctx, 6),
                                    address);
  }
  Value tensorPointer(Value tmem, int64_t column) {
    return tensorPointer(tmem, e.i32(column));
  }

  /// Where `stage` is not the last, copies the next stage into the other
  /// buffer than `buffer`, once the MMAs (and scale copies) of the stage
  /// before `stage`, which read that buffer, are done.
  void stageNext(Value stage, Value buffer) {
    Value next = e.addIdx(stage, 1);
    Value notLast = arith::CmpIOp::create(b, arith::CmpIPredicate::ult, next,
                                          e.idx(stages));
    e.inside(notLast, [&] {
      Value notFirst =
          arith::CmpIOp::create(b, arith::CmpIPredicate::uge, stage, e.idx(1));
      e.inside(notFirst, [&] {
        waitForStage(arith::SubIOp::create(b, stage, e.idx(1)));
      });
      stageOperands(next, arith::SubIOp::create(b, e.idx(1), buffer));
    });
  }

  /// cp.async of `bytes` (16 or 4) at word `column` of row `row` of
  /// `matrix` (2-D i32 words) to word `at` (an index) of the shared memory.
  void copyAsync(Value matrix, Value row, Value column, Value at,
                 int64_t bytes) {
    int64_t rowWords = cast<MemRefType>(matrix.getType()).getDimSize(1);
    e.copyAsync(e.sharedPointer(base, e.toI32(e.mulIdx(at, 4))), matrix,
                e.addIdx(e.mulIdx(row, rowWords), column), bytes);
  }

  /// Thread t copies row t of the tile's A and B codes (words 32 stage
  /// .. 32 stage + 31 of the row) and the scale words 2 stage and
  /// 2 stage + 1 of those rows into `buffer`, with cp.async in one commit
  /// group.
  void stageOperands(Value stage, Value buffer) {
    Value swizzle = arith::RemUIOp::create(b, tid, e.idx(8));
    Value bufferWords = e.mulIdx(buffer, kBufferBytes / 4);
    for (int operand = 0; operand < 2; ++operand) {
      Value codes = operand ? words.bWords : words.aWords;
      Value scales = operand ? words.bScales : words.aScales;
      Value row = arith::AddIOp::create(b, operand ? nBase : mBase, tid);
      Value rowStart = e.addIdx(e.addIdx(bufferWords, e.mulIdx(tid, 32)),
                                operand * kCodeBytes / 4);
      for (int64_t c = 0; c < 8; ++c) {
        Value at = e.addIdx(
            rowStart, e.mulIdx(arith::XOrIOp::create(b, e.idx(c), swizzle), 4));
        copyAsync(codes, row, e.addIdx(e.mulIdx(stage, 32), 4 * c), at, 16);
      }
      // Chunk j holds the stage's K-blocks 4j .. 4j + 3 in the tile
      // layout of mx.tile_scales: [tile, j, row % 32, byte] with row t's
      // four scales from byte 4 (t / 32) on.
      for (int64_t j = 0; j < 2; ++j) {
        std::array<Value, 4> at =
            mx::buildTiledScaleIndices(b, tid, e.idx(4 * j));
        Value inChunk = e.addIdx(
            e.addIdx(e.mulIdx(at[1], 512 / 4), e.mulIdx(at[2], 16 / 4)),
            arith::DivUIOp::create(b, at[3], e.idx(4)));
        copyAsync(scales, row, e.addIdx(e.mulIdx(stage, 2), j),
                  e.addIdx(e.addIdx(bufferWords, inChunk),
                           (2 * kCodeBytes + operand * kScaleBytes) / 4),
                  4);
      }
    }
    NVVM::CpAsyncCommitGroupOp::create(b);
  }

  /// A shared-memory descriptor for tcgen05 (PTX ISA, the matrix
  /// descriptor): start address / 16 in bits 0-13, leading byte offset /
  /// 16 in bits 16-29, stride byte offset / 16 in bits 32-45, the fixed
  /// 0b001 in bits 46-48, the swizzle mode in bits 61-63.
  Value descriptor(Value offset, int64_t leading, int64_t stride,
                   uint64_t swizzle) {
    Value address = arith::AddIOp::create(b, base, offset);
    Value encoded = arith::ExtUIOp::create(b, i64, e.shr(address, 4));
    uint64_t fixed = (uint64_t(leading >> 4) << 16) |
                     (uint64_t(stride >> 4) << 32) | (uint64_t(1) << 46) |
                     (swizzle << 61);
    return arith::OrIOp::create(
        b, encoded, arith::ConstantOp::create(b, b.getI64IntegerAttr(fixed)));
  }

  /// Thread 0: the scale copies and MMAs of `stage` from `buffer`,
  /// committed to the buffer's mbarrier.
  void multiply(Value stage, Value buffer, Value tmem) {
    auto cta1 = NVVM::CTAGroupKindAttr::get(ctx, NVVM::CTAGroupKind::CTA_1);
    // The buffer's scale columns, 128 + kScaleColumns * buffer onwards,
    // and its bytes, kBufferBytes * buffer onwards.
    Value bufferIndex = e.toI32(buffer);
    Value scaleColumns = arith::AddIOp::create(
        b, arith::MulIOp::create(b, bufferIndex, e.i32(kScaleColumns)),
        e.i32(128));
    Value bufferStart =
        arith::MulIOp::create(b, bufferIndex, e.i32(kBufferBytes));
    auto scaleColumn = [&](int64_t column) {
      return tensorPointer(
          tmem, arith::AddIOp::create(b, scaleColumns, e.i32(column)));
    };
    auto inBuffer = [&](int64_t offset) -> Value {
      return arith::AddIOp::create(b, bufferStart, e.i32(offset));
    };
    // Scale chunks: 32 rows of 16 bytes, no swizzle (four 8-row core
    // matrices 128 bytes apart), to the buffer's columns 4c on of every
    // lane quarter.
    for (int64_t c = 0; c < 4; ++c)
      NVVM::Tcgen05CpOp::create(
          b,
          NVVM::Tcgen05CpShapeAttr::get(ctx,
                                        NVVM::Tcgen05CpShape::SHAPE_32x128b),
          cta1,
          NVVM::Tcgen05CpMulticastAttr::get(ctx,
                                            NVVM::Tcgen05CpMulticast::WARPX4),
          NVVM::Tcgen05CpSrcFormatAttr(), scaleColumn(4 * c),
          descriptor(inBuffer(2 * kCodeBytes + 512 * c), 16, 128, 0));
    // Instruction descriptor (PTX ISA, kind::mxf4): E2M1 A and B (bits
    // 7-9, 10-11), N / 8 (17-22), UE8M0 scales (23), M / 128 (27-28); the
    // scale-factor IDs of B (4-5) and A (29-30) per MMA.
    uint32_t shape = (1u << 7) | (1u << 10) | ((128u / 8) << 17) | (1u << 23) |
                     ((128u / 128) << 27);
    Value first = e.isIdx(stage, 0);
    for (int64_t kk = 0; kk < 4; ++kk) {
      uint32_t id = 2 * (kk % 2);
      Value enable =
          kk ? arith::ConstantOp::create(b, b.getBoolAttr(true)).getResult()
             : arith::XOrIOp::create(
                   b, first, arith::ConstantOp::create(b, b.getBoolAttr(true)))
                   .getResult();
      // K = 64 codes are 32 bytes of each 128-byte row.
      NVVM::Tcgen05MMABlockScaleOp::create(
          b,
          NVVM::MMABlockScaleKindAttr::get(ctx, NVVM::MMABlockScaleKind::MXF4),
          cta1,
          NVVM::Tcgen05MMABlockScaleAttr::get(
              ctx, NVVM::Tcgen05MMABlockScale::BLOCK32),
          NVVM::Tcgen05MMACollectorOpAttr::get(
              ctx, NVVM::Tcgen05MMACollectorOp::DISCARD),
          tensorPointer(tmem, 0), descriptor(inBuffer(32 * kk), 16, 1024, 2),
          descriptor(inBuffer(kCodeBytes + 32 * kk), 16, 1024, 2),
          e.i32(shape | (id << 4) | (id << 29)), enable,
          scaleColumn(4 * (kk / 2)), scaleColumn(8 + 4 * (kk / 2)));
    }
    NVVM::Tcgen05CommitOp::create(b, barrierOf(buffer), Value(), cta1);
  }

  /// Warp w reads lanes 32w .. 32w + 31 (its rows), all 128 columns, and
  /// adds them to the result's initial value.
  void storeResult(Value tmem) {
    Value lanes = e.shl(e.toI32(warp), 21); // (32 w) << 16
    Value lane0 = arith::AddIOp::create(b, tmem, lanes);
    Value address =
        LLVM::IntToPtrOp::create(b, LLVM::LLVMPointerType::get(ctx, 6), lane0);
    Value sums = NVVM::Tcgen05LdOp::create(
        b, VectorType::get({128}, i32), UnitAttr(),
        NVVM::Tcgen05LdStShapeAttr::get(ctx,
                                        NVVM::Tcgen05LdStShape::SHAPE_32X32B),
        address, Value());
    NVVM::Tcgen05WaitOp::create(
        b, NVVM::Tcgen05WaitKindAttr::get(ctx, NVVM::Tcgen05WaitKind::LOAD));
    Value row = arith::AddIOp::create(b, mBase, tid);
    for (int64_t j = 0; j < 128; ++j) {
      Value sum = arith::BitcastOp::create(
          b, b.getF32Type(), vector::ExtractOp::create(b, sums, j));
      std::array<Value, 2> element{row, e.addIdx(nBase, j)};
      Value initial = memref::LoadOp::create(b, out, element);
      memref::StoreOp::create(b, arith::AddFOp::create(b, initial, sum), out,
                              element);
    }
  }

  KernelEmitter &e;
  ImplicitLocOpBuilder &b;
  MLIRContext *ctx;
  Operands words;
  Value out;
  int64_t stages;
  Type i32, i64;
  Value tid, warp, mBase, nBase, base, sharedWords;
};

} // namespace

void mx::buildTcgen05Kernel(KernelEmitter &e, const Operands &words, Value out,
                            int64_t stages, gpu::LaunchOp launch) {
  Tcgen05Kernel(e, words, out, stages, launch).build();
}
