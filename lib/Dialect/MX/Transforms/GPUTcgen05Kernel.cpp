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
/// per stage:
///  * every thread copies its row of A's and of B's codes for the stage
///    (128 bytes each) into shared memory, K-major with the 128-byte
///    swizzle (16-byte chunk c of row r at chunk c ^ (r % 8)), and the
///    scale words of its row into two 512-byte chunks per operand in the
///    layout of mx.tile_scales (byte 4q + b of row r % 32 of chunk j: the
///    scale of row 32q + r % 32, K-block 4j + b of the stage);
///  * thread 0 copies the scale chunks into tensor memory (tcgen05.cp
///    32x128b.warpx4: four columns per chunk, row m's scales in lane m,
///    column m / 32), then issues four tcgen05.mma kind::mxf4.block32 of
///    K = 64 (the start address 32 bytes further each, scale-factor IDs
///    0 and 2 in turn within a chunk) and commits them to an mbarrier,
///    which every thread waits for before the next stage overwrites
///    shared memory;
///  * the accumulators, f32 in tensor memory (row i in lane i, column j in
///    column j), are read back by each warp for its 32 rows (tcgen05.ld
///    32x32b) and added to the result's initial value.
/// Nothing overlaps: this is the reference shape of the lowering; its
/// instructions are assembled by ptxas in the test suite, and it has not
/// run on a Blackwell GPU.
struct Tcgen05Kernel {
  static constexpr int64_t kCodeBytes = 128 * 128; // per operand
  static constexpr int64_t kScaleBytes = 2 * 512;  // per operand
  static constexpr int64_t kBarrierOffset = 2 * (kCodeBytes + kScaleBytes);
  static constexpr int64_t kSlotOffset = kBarrierOffset + 8;
  static constexpr int64_t kSharedBytes = kSlotOffset + 8;
  static_assert(kSharedBytes == kTcgen05SharedBytes);
  /// Tensor memory: the 128 accumulator columns, then four columns per
  /// scale chunk (two for A, two for B); allocations are powers of two.
  static constexpr int64_t kColumns = 256;

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
    Value barrier = sharedPointer(kBarrierOffset);
    // Warp 0 allocates the tensor memory; thread 0 sets up the mbarrier.
    Value firstWarp = e.isIdx(warp, 0);
    e.inside(firstWarp, [&] {
      NVVM::Tcgen05AllocOp::create(b, sharedPointer(kSlotOffset),
                                   e.i32(kColumns), cta1);
      NVVM::Tcgen05RelinquishAllocPermitOp::create(b, cta1);
    });
    Value firstThread = e.isIdx(tid, 0);
    e.inside(firstThread, [&] {
      NVVM::MBarrierInitOp::create(b, barrier, e.i32(1), Value());
    });
    fence(NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC);
    NVVM::BarrierOp::create(b);
    fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
    Value tmem = memref::LoadOp::create(b, sharedWords,
                                        ValueRange{e.idx(kSlotOffset / 4)});

    auto loop = scf::ForOp::create(b, e.idx(0), e.idx(stages), e.idx(1));
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value stage = loop.getInductionVar();
      stageOperands(stage);
      NVVM::FenceProxyOp::create(
          b, NVVM::ProxyKindAttr::get(ctx, NVVM::ProxyKind::async_shared),
          NVVM::SharedSpaceAttr::get(ctx, NVVM::SharedSpace::shared_cta));
      NVVM::BarrierOp::create(b);
      e.inside(firstThread, [&] {
        fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
        multiply(stage, tmem, barrier);
      });
      // The stage's MMAs (and scale copies) are done: shared memory and
      // the scale columns may be overwritten.
      e.waitParity(barrier,
                   e.toI32(arith::RemUIOp::create(b, stage, e.idx(2))));
    }
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

  /// The tensor-memory address `column` columns after `tmem` (lane 0).
  Value tensorPointer(Value tmem, int64_t column) {
    Value address = arith::AddIOp::create(b, tmem, e.i32(column));
    return LLVM::IntToPtrOp::create(b, LLVM::LLVMPointerType::get(ctx, 6),
                                    address);
  }

  /// Thread t copies row t of the tile's A and B codes (words 32 stage
  /// .. 32 stage + 31 of the row) and the scale words 2 stage and
  /// 2 stage + 1 of those rows.
  void stageOperands(Value stage) {
    auto vec4 = VectorType::get({4}, i32);
    Value swizzle = arith::RemUIOp::create(b, tid, e.idx(8));
    for (int operand = 0; operand < 2; ++operand) {
      Value codes = operand ? words.bWords : words.aWords;
      Value scales = operand ? words.bScales : words.aScales;
      Value row = arith::AddIOp::create(b, operand ? nBase : mBase, tid);
      Value rowStart = e.addIdx(e.mulIdx(tid, 32), operand * kCodeBytes / 4);
      for (int64_t c = 0; c < 8; ++c) {
        auto chunk = vector::LoadOp::create(
            b, vec4, codes,
            ValueRange{row, e.addIdx(e.mulIdx(stage, 32), 4 * c)});
        chunk.setAlignment(static_cast<uint64_t>(16));
        Value at = e.addIdx(
            rowStart, e.mulIdx(arith::XOrIOp::create(b, e.idx(c), swizzle), 4));
        vector::StoreOp::create(b, chunk, sharedWords, ValueRange{at})
            .setAlignment(static_cast<uint64_t>(16));
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
        Value word = memref::LoadOp::create(
            b, scales, ValueRange{row, e.addIdx(e.mulIdx(stage, 2), j)});
        memref::StoreOp::create(
            b, word, sharedWords,
            ValueRange{e.addIdx(inChunk,
                                (2 * kCodeBytes + operand * kScaleBytes) / 4)});
      }
    }
  }

  /// A shared-memory descriptor for tcgen05 (PTX ISA, the matrix
  /// descriptor): start address / 16 in bits 0-13, leading byte offset /
  /// 16 in bits 16-29, stride byte offset / 16 in bits 32-45, the fixed
  /// 0b001 in bits 46-48, the swizzle mode in bits 61-63.
  Value descriptor(int64_t offset, int64_t leading, int64_t stride,
                   uint64_t swizzle) {
    Value address = arith::AddIOp::create(b, base, e.i32(offset));
    Value encoded = arith::ExtUIOp::create(b, i64, e.shr(address, 4));
    uint64_t fixed = (uint64_t(leading >> 4) << 16) |
                     (uint64_t(stride >> 4) << 32) | (uint64_t(1) << 46) |
                     (swizzle << 61);
    return arith::OrIOp::create(
        b, encoded, arith::ConstantOp::create(b, b.getI64IntegerAttr(fixed)));
  }

  /// Thread 0: the stage's scale copies and MMAs, committed to `barrier`.
  void multiply(Value stage, Value tmem, Value barrier) {
    auto cta1 = NVVM::CTAGroupKindAttr::get(ctx, NVVM::CTAGroupKind::CTA_1);
    // Scale chunks: 32 rows of 16 bytes, no swizzle (four 8-row core
    // matrices 128 bytes apart), to columns 128 + 4c of every lane
    // quarter.
    for (int64_t c = 0; c < 4; ++c)
      NVVM::Tcgen05CpOp::create(
          b,
          NVVM::Tcgen05CpShapeAttr::get(ctx,
                                        NVVM::Tcgen05CpShape::SHAPE_32x128b),
          cta1,
          NVVM::Tcgen05CpMulticastAttr::get(ctx,
                                            NVVM::Tcgen05CpMulticast::WARPX4),
          NVVM::Tcgen05CpSrcFormatAttr(), tensorPointer(tmem, 128 + 4 * c),
          descriptor(2 * kCodeBytes + 512 * c, 16, 128, 0));
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
          tensorPointer(tmem, 0), descriptor(32 * kk, 16, 1024, 2),
          descriptor(kCodeBytes + 32 * kk, 16, 1024, 2),
          e.i32(shape | (id << 4) | (id << 29)), enable,
          tensorPointer(tmem, 128 + 4 * (kk / 2)),
          tensorPointer(tmem, 136 + 4 * (kk / 2)));
    }
    NVVM::Tcgen05CommitOp::create(b, barrier, Value(), cta1);
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
