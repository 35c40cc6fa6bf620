//===- GPUMatmulKernels.h - The kernels of mx.matmul on GPUs ---*- C++ -*-===//
//
// What the matmul kernels of mx-gpu-block-scaled-matmul share. The pass
// (GPUBlockScaledMatmul.cpp) picks a kernel for each matmul, creates its
// gpu.launch and builds the mma.sync kernel itself; the wgmma kernels of
// sm_90a (GPUWgmmaKernels.cpp) and the tcgen05 kernel of sm_100a
// (GPUTcgen05Kernel.cpp) are built inside the launch by the functions
// declared here.
//
//===----------------------------------------------------------------------===//

#ifndef MX_LIB_DIALECT_MX_TRANSFORMS_GPUMATMULKERNELS_H
#define MX_LIB_DIALECT_MX_TRANSFORMS_GPUMATMULKERNELS_H

#include "GPUKernelUtils.h"

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::mx {

/// Scalar helpers for the kernel body (i32 and f32 values, index math).
class KernelEmitter {
public:
  explicit KernelEmitter(ImplicitLocOpBuilder &b) : b(b) {}

  Value idx(int64_t v) { return mx::constIndex(b, v); }
  Value i32(uint32_t v) { return mx::constI32(b, v); }
  Value addIdx(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value addIdx(Value x, int64_t c) { return addIdx(x, idx(c)); }
  Value mulIdx(Value x, int64_t c) {
    return arith::MulIOp::create(b, x, idx(c));
  }
  Value shl(Value x, uint32_t n) { return arith::ShLIOp::create(b, x, i32(n)); }
  Value shr(Value x, uint32_t n) {
    return arith::ShRUIOp::create(b, x, i32(n));
  }
  Value band(Value x, uint32_t m) {
    return arith::AndIOp::create(b, x, i32(m));
  }
  Value bor(Value x, Value y) { return arith::OrIOp::create(b, x, y); }
  Value isIdx(Value x, int64_t c) {
    return arith::CmpIOp::create(b, arith::CmpIPredicate::eq, x, idx(c));
  }

  /// memref[i, j] as i32 (an unsigned byte).
  Value byte(Value memref, Value i, Value j) {
    Value v = memref::LoadOp::create(b, memref, ValueRange{i, j});
    return arith::ExtUIOp::create(b, b.getI32Type(), v);
  }

  /// memref[i, j] of an i32 memref.
  Value word(Value memref, Value i, Value j) {
    return memref::LoadOp::create(b, memref, ValueRange{i, j});
  }

  /// memref[i, j .. j + 3] of a 2-D i32 memref in global memory, 16-byte
  /// aligned there, read once: one ld.global.nc.L1::no_allocate.v4, which
  /// leaves L1 to data that is read again.
  std::array<Value, 4> streamWords4(Value memref, Value i, Value j) {
    auto type = cast<MemRefType>(memref.getType());
    Value element = addIdx(mulIdx(i, type.getDimSize(1)), j);
    Value address = arith::IndexCastUIOp::create(
        b, b.getI64Type(),
        addIdx(memref::ExtractAlignedPointerAsIndexOp::create(b, memref),
               mulIdx(element, 4)));
    auto words = LLVM::InlineAsmOp::create(
        b, fourOf(b.getI32Type()), ValueRange{address},
        "{ .reg .u64 global; cvta.to.global.u64 global, $4; "
        "ld.global.nc.L1::no_allocate.v4.u32 {$0, $1, $2, $3}, [global]; }",
        "=r,=r,=r,=r,l", /*has_side_effects=*/false, /*is_align_stack=*/false,
        LLVM::TailCallKind::None, LLVM::AsmDialectAttr(), ArrayAttr());
    SmallVector<Value, 4> result = unpackFour(words.getRes());
    return {result[0], result[1], result[2], result[3]};
  }

  /// PTX prmt.b32: the bytes of {hi, lo} that the nibbles of `selector` pick.
  Value prmt(Value lo, Value hi, Value selector) {
    return mx::ptxI32(b, "prmt.b32 $0, $1, $2, $3;", {lo, hi, selector});
  }

  /// The four E2M1 codes in the low 16 bits of `codes` (nibble k is code k)
  /// as four E4M3 bytes of the same values: the magnitude from a table of
  /// eight bytes, the sign from a table of two.
  Value e4m3x4(Value codes) {
    // 0, 0.5, 1, 1.5 and 2, 3, 4, 6 in E4M3.
    Value magnitude =
        prmt(i32(0x3C383000), i32(0x4C484440), band(codes, 0x7777));
    Value sign = prmt(i32(0x8000), i32(0), band(shr(codes, 3), 0x1111));
    return bor(magnitude, sign);
  }

  /// Codes p and p + 4 of the eight in `word` (nibble k is code k) as the
  /// bits of a bf16 pair, low half code p, times 2^-126: the code's sign
  /// to bit 15 and its exponent and mantissa bits to bits 8..6, so that
  /// the subnormal code 0.5 becomes a subnormal bf16 like the others.
  /// Both moves are one multiplication: the two codes alone (nibbles q and
  /// q + 4, q = p % 2, of the word, moved down 8 bits for p >= 2) times
  /// 2^(12 - 4q) + 2^(6 - 4q) is the sum of two copies that share no bit,
  /// one with the signs at bits 15 and 31, the other with the exponents
  /// and mantissas at 8..6 and 24..22.
  Value bf16x2Times2PowMinus126(Value word, int p) {
    int q = p % 2;
    Value codes = band(p >= 2 ? shr(word, 8) : word, 0x000F000Fu << (4 * q));
    Value copies = arith::MulIOp::create(
        b, codes, i32((1u << (12 - 4 * q)) + (1u << (6 - 4 * q))));
    return band(copies, 0x81C081C0u);
  }

  /// PTX mul.rn.bf16x2 on two bf16 pairs held in i32.
  Value mulBF16x2(Value x, Value y) {
    return mx::ptxI32(b, "mul.rn.bf16x2 $0, $1, $2;", {x, y});
  }

  /// 2^(byte - 127) as a bf16 pair, for E8M0 bytes up to 254: the byte is
  /// the bf16 exponent, except 0, which is the subnormal 2^-127.
  Value scaleBF16x2(Value byte) {
    Value half = arith::MaxUIOp::create(b, shl(byte, 7), i32(0x40));
    return bor(half, shl(half, 16));
  }

  /// 2^(byte - 127 + shift) as a bf16 pair, for E8M0 bytes where that is a
  /// normal bf16 (its exponent field, byte + shift, from 1 to 254).
  Value pow2BF16x2(Value byte, int shift) {
    return arith::MulIOp::create(
        b, arith::AddIOp::create(b, byte, i32(static_cast<uint32_t>(shift))),
        i32(0x00800080));
  }

  /// An index as i32.
  Value toI32(Value index) {
    return arith::IndexCastUIOp::create(b, b.getI32Type(), index);
  }

  /// The shared-memory pointer of the 32-bit shared address `base` +
  /// `offset` (i32).
  Value sharedPointer(Value base, Value offset) {
    Value address = arith::AddIOp::create(b, base, offset);
    return LLVM::IntToPtrOp::create(
        b, LLVM::LLVMPointerType::get(b.getContext(), 3), address);
  }

  /// Waits until the phase of the mbarrier at `barrier` with parity
  /// `parity` (i32, 0 or 1) is complete (a loop of try_wait, each
  /// suspending the thread for up to 10^7 ns).
  void waitParity(Value barrier, Value parity) {
    NVVM::MBarrierTryWaitParityOp::create(b, barrier, parity, i32(10000000));
  }

  /// A pointer into global memory `bytes` (an index) past the aligned
  /// pointer of `memref`.
  Value globalPointer(Value memref, Value bytes) {
    Value start = arith::IndexCastUIOp::create(
        b, b.getI64Type(),
        memref::ExtractAlignedPointerAsIndexOp::create(b, memref));
    Value address = arith::AddIOp::create(
        b, start, arith::IndexCastUIOp::create(b, b.getI64Type(), bytes));
    return LLVM::IntToPtrOp::create(
        b, LLVM::LLVMPointerType::get(b.getContext(), 1), address);
  }

  /// cp.async of `bytes` (4, 8 or 16) at word `word` (an index) of the
  /// i32 words of `memref` in global memory, contiguous from its aligned
  /// pointer, to `shared` (a shared-memory pointer); 16-byte copies bypass
  /// L1 (.cg), smaller ones cannot (.ca).
  void copyAsync(Value shared, Value memref, Value word, int64_t bytes) {
    NVVM::CpAsyncOp::create(b, shared, globalPointer(memref, mulIdx(word, 4)),
                            bytes,
                            bytes == 16 ? NVVM::LoadCacheModifierKind::CG
                                        : NVVM::LoadCacheModifierKind::CA,
                            Value());
  }

  /// fence.proxy.async.shared::cta: makes this thread's generic stores to
  /// shared memory visible to the async proxy (wgmma, tcgen05).
  void fenceAsyncShared() {
    NVVM::FenceProxyOp::create(
        b,
        NVVM::ProxyKindAttr::get(b.getContext(), NVVM::ProxyKind::async_shared),
        NVVM::SharedSpaceAttr::get(b.getContext(),
                                   NVVM::SharedSpace::shared_cta));
  }

  /// True on every lane if `pred` is true on any lane of the warp.
  Value anyLane(Value pred) {
    return NVVM::VoteSyncOp::create(b, b.getI1Type(), i32(0xFFFFFFFF), pred,
                                    NVVM::VoteSyncKind::any);
  }

  /// Builds `body` where `condition` holds.
  void inside(Value condition, function_ref<void()> body) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(
        scf::IfOp::create(b, condition, /*withElse=*/false).thenBlock());
    body();
  }

  /// 2^(byte - 127) as f32, decoded as the reference does.
  Value scale(Value byte) { return mx::buildDecodeScale(b, byte); }

  /// The LLVM struct of four `element`s that MMAs and vector loads return.
  Type fourOf(Type element) {
    return LLVM::LLVMStructType::getLiteral(
        b.getContext(), {element, element, element, element});
  }

  /// The four members of a struct of fourOf.
  SmallVector<Value, 4> unpackFour(Value four) {
    SmallVector<Value, 4> members;
    for (int64_t i = 0; i < 4; ++i)
      members.push_back(LLVM::ExtractValueOp::create(b, four, i));
    return members;
  }

  /// One warp-level MMA in inline PTX: four f32 results.
  SmallVector<Value, 4> mma(StringRef instruction, StringRef constraints,
                            ValueRange operands) {
    auto asmOp = LLVM::InlineAsmOp::create(
        b, fourOf(b.getF32Type()), operands, instruction, constraints,
        /*has_side_effects=*/false, /*is_align_stack=*/false,
        LLVM::TailCallKind::None, LLVM::AsmDialectAttr(), ArrayAttr());
    return unpackFour(asmOp.getRes());
  }

  /// nvvm.mma.sync m16n8k16 on bf16 operands (`a`: four i32 registers of
  /// bf16 pairs, `bw`: two), adding to the four f32 of `c`: the intrinsic,
  /// which LLVM knows to be convergent, unlike inline PTX.
  SmallVector<Value, 4> mmaBF16(ValueRange a, ValueRange bw, ValueRange c) {
    auto mma =
        NVVM::MmaOp::create(b, fourOf(b.getF32Type()), a, bw, c,
                            /*shape=*/{16, 8, 16}, /*b1Op=*/std::nullopt,
                            /*intOverflow=*/std::nullopt,
                            std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::bf16,
                                                          NVVM::MMATypes::bf16},
                            std::array<NVVM::MMALayout, 2>{
                                NVVM::MMALayout::row, NVVM::MMALayout::col});
    return unpackFour(mma);
  }

  /// nvvm.mma.block_scale m16n8k64 kind::mxf4 with two E8M0 scales per
  /// row and column (scale_vec::2X): `a` four i32 of E2M1 codes, `bw` two,
  /// `c` four f32, and this lane's scale pairs for A and B (i32, bytes 0
  /// and 1), both selected at byte 0 and lane 0 of their quad.
  SmallVector<Value, 4> mmaMXF4(ValueRange a, ValueRange bw, ValueRange c,
                                Value scalesOfA, Value scalesOfB) {
    Value zero = LLVM::ConstantOp::create(b, b.getI16Type(), 0);
    auto mma = NVVM::MmaBlockScaleOp::create(
        b, fourOf(b.getF32Type()), a, bw, c, scalesOfA, zero, zero, scalesOfB,
        zero, zero,
        /*shape=*/{16, 8, 64},
        std::array<NVVM::MMATypes, 2>{NVVM::MMATypes::e2m1,
                                      NVVM::MMATypes::e2m1},
        NVVM::ScaleVecSize::X2, NVVM::BlockScaleFormat::UE8M0,
        NVVM::MMABlockScaleKind::MXF4);
    return unpackFour(mma);
  }

  ImplicitLocOpBuilder &b;
};

/// The power of two that the bf16 ways of the mma.sync kernel, the
/// warpgroup kernel and the converting streamed kernel move from B's
/// scales onto A's, so that B,
/// the operand whose codes they convert most, takes its scale in one
/// multiplication (scaledPairOfB). Codes times 2^(a - 127 + 63) are exact
/// in bf16 for A's scale bytes a up to kLargestMovedScaleOfA (at most
/// 6 * 2^125), codes times 2^(b - 127 - 63) for B's from
/// kSmallestMovedScaleOfB (at least 2^-133, the smallest bf16 subnormal)
/// to kLargestMovedScaleOfB (where B's factor 2^(b - 64) is still a
/// normal bf16); K-blocks with scales outside take the E4M3 path.
constexpr int kMovedToA = 63;
constexpr int kLargestMovedScaleOfA = 252 - kMovedToA;
constexpr int kSmallestMovedScaleOfB = kMovedToA - 5;
constexpr int kLargestMovedScaleOfB = 254 - kMovedToA;

/// Pair p of a word of codes as bf16 times its scale, given the scale's
/// factor (scaledPairOfA or scaledPairOfB).
using ScaledPair = Value (*)(KernelEmitter &, Value, int, Value);

/// Pair p of `word` (codes p and p + 4) as bf16 times `factor`: the codes
/// are placed at 2^-126 (bf16x2Times2PowMinus126) and multiplied by 2^126,
/// so two multiplications. With factor = pow2BF16x2(scale, kMovedToA),
/// A's codes times their scale times 2^63; with scaleBF16x2(scale), codes
/// times their scale.
inline Value scaledPairOfA(KernelEmitter &e, Value word, int p, Value factor) {
  Value pow126 = e.i32(0x7E807E80); // 2^126 in both halves
  return e.mulBF16x2(e.mulBF16x2(e.bf16x2Times2PowMinus126(word, p), pow126),
                     factor);
}

/// Pair p of B's `word` as bf16, times its scale times 2^-63, given
/// `factor` = pow2BF16x2(scale, kMovedToA), which is 2^126 times that: one
/// multiplication.
inline Value scaledPairOfB(KernelEmitter &e, Value word, int p, Value factor) {
  return e.mulBF16x2(e.bf16x2Times2PowMinus126(word, p), factor);
}

/// The part of the result one gpu block computes: warpsM x warpsN warps,
/// each tilesM x tilesN MMA tiles of 16 x 8.
struct BlockTile {
  int64_t tilesM, tilesN, warpsM, warpsN;
  int64_t warpRows() const { return 16 * tilesM; }
  int64_t warpCols() const { return 8 * tilesN; }
  int64_t rows() const { return warpRows() * warpsM; }
  int64_t cols() const { return warpCols() * warpsN; }
};

/// The part of the result one gpu block of the warpgroup kernel computes:
/// `rows` (64 per warpgroup of 128 threads) x `cols` (the N of its wgmma).
struct WarpgroupTile {
  int64_t rows, cols;
  int64_t threads() const { return 2 * rows; }
  /// Operand rows staged per K step: the tile's rows of A, then its rows of
  /// B, each 64 bf16 (128 bytes) long.
  int64_t stagedRows() const { return rows + cols; }
  int64_t stageBytes() const { return 128 * stagedRows(); }
};

/// Stages of the warpgroup kernel's shared-memory ring: the warps convert
/// step k + 1 into one while wgmma reads step k from another and the third
/// may still be read by step k - 1 of the other warpgroup.
constexpr int64_t kWarpgroupStages = 3;

/// How many K steps ahead of the one being staged the warpgroup kernel's
/// threads load their operands (into registers).
constexpr int64_t kWarpgroupPrefetch = 2;

/// A tile of the streamed kernel's result. Its two consumer warpgroups
/// each hold rows / 2 of its rows, in blocks of 64 rows 128 apart, by all
/// `cols` columns: 128 f32 accumulators a thread. A stage of its ring holds
/// the bf16 images of a K step of 64 of the tile's rows of A and of B.
struct StreamedTile {
  int64_t rows, cols;
  constexpr int64_t stageBytes() const { return 128 * (rows + cols); }
  /// The 64-row blocks of each consumer warpgroup.
  constexpr int64_t rowBlocks() const { return rows / 128; }
};

/// The streamed kernel's tile with the images of A and B. Where its
/// producers convert B and M allows, it takes the tall tile: per K step
/// they convert half as much of B for as many products.
constexpr StreamedTile kStreamedWideTile{128, 256};
constexpr StreamedTile kStreamedTallTile{256, 128};

/// The stages of the streamed kernel's ring and their bytes, the same for
/// both tiles.
constexpr int64_t kStreamedStages = 4;
constexpr int64_t kStreamedStageBytes = kStreamedWideTile.stageBytes();
static_assert(kStreamedTallTile.stageBytes() == kStreamedStageBytes,
              "the streamed kernel's stages are laid out alike for each tile");
/// The stages, then a `full` and an `empty` mbarrier per stage, then per
/// stage a word that says whether its step takes the E4M3 path.
constexpr int64_t kStreamedSharedBytes =
    kStreamedStages * (kStreamedStageBytes + 16 + 4);
/// Where the streamed kernel converts B itself: after the above, a ring of
/// kStreamedRawStages K steps of B's codes (128 threads x 16 bytes per
/// 64 columns of the tile, at most 64 bytes),
/// then per stage four words (one per producer warp) that say whether its
/// step takes the E4M3 path.
constexpr int64_t kStreamedRawStages = 4;
constexpr int64_t kStreamedRawOffset = kStreamedSharedBytes;
constexpr int64_t kStreamedConvertingSharedBytes =
    kStreamedRawOffset + kStreamedRawStages * 128 * 64 + kStreamedStages * 16;
static_assert(kStreamedConvertingSharedBytes + 1024 <= 227 * 1024,
              "sm_90a gives a block at most 227 KiB of shared memory");

/// The bf16 images of A and B for the streamed kernel (i32 words), and per
/// tile and K step whether a scale in it is out of the image's range
/// (buildImageKernel; i32, nonzero if so).
struct StreamedImages {
  Value aImage, aFlags, bImage, bFlags;
};

/// The buffers a kernel reads: codes as words, scales as bytes (or, for
/// the tcgen05 kernel, as words too).
struct Operands {
  Value aWords, aScales, bWords, bScales;
};

/// The indices one lane of the mma.sync kernel works on (see
/// GPUBlockScaledMatmul.cpp).
struct LaneIndices {
  /// lane % 4.
  Value t;
  /// Per M tile: rows g and g + 8.
  SmallVector<std::array<Value, 2>> rows;
  /// Per N tile: B's row g.
  SmallVector<Value> cols;
  /// Per N tile: result columns 2t and 2t + 1.
  SmallVector<std::array<Value, 2>> ccols;
};

/// The block's dynamic shared memory from its first 1024-byte boundary,
/// where the 128-byte swizzle pattern starts (launches ask for a KiB more
/// than they use): its 32-bit shared address, and `bytes` bytes of it as
/// i32 words.
struct AlignedShared {
  Value address, words;
};
AlignedShared alignedSharedMemory(KernelEmitter &e, int64_t bytes);

/// sm_90a with E4M3 block sums, one 32-wide K-block `block`: the loads of a
/// lane (see GPUBlockScaledMatmul.cpp), all i32.
SmallVector<Value> loadE4M3(KernelEmitter &e, const Operands &ops,
                            const LaneIndices &at, Value block);

/// sm_90a: the E4M3 MMAs of what loadE4M3 loaded (`raw`) for a warp's
/// `tile`, added to the accumulators `c` in mma.sync's fragment layout.
SmallVector<Value> computeE4M3(KernelEmitter &e, const BlockTile &tile,
                               ValueRange raw, ValueRange c);

/// The sm_90a warpgroup kernel (GPUWgmmaKernels.cpp) in `launch`: a block
/// of tile.threads() threads per `tile` of the result `out`, `steps` K
/// steps of 64; with `overwrite`, it stores its sums instead of adding
/// them to `out`.
void buildWarpgroupKernel(KernelEmitter &e, const WarpgroupTile &tile,
                          const Operands &ops, Value out, bool overwrite,
                          int64_t steps, gpu::LaunchOp launch);

/// A kernel (its own gpu.launch, built at `e`'s insertion point) that
/// writes the bf16 image of one operand for the streamed kernel: `rows`
/// rows of codes (`words`, i32) and scales (bytes) into `image`, in tiles
/// of `tileRows` rows and `steps` K steps of 64, and per tile and step
/// into `flags` whether a scale of it is above 252 (GPUWgmmaKernels.cpp).
/// With `movedToA`, the image of A for the converting streamed kernel:
/// codes times their scale times 2^kMovedToA, flagged above
/// kLargestMovedScaleOfA.
void buildImageKernel(KernelEmitter &e, Value words, Value scales, Value image,
                      Value flags, int64_t rows, int64_t steps,
                      int64_t tileRows, bool movedToA = false);

/// The blocks of the converting streamed kernel where its tiles outnumber
/// the H200's 132 multiprocessors (one block each) without filling whole
/// waves of them: each takes an equal share of all tiles' K steps
/// (stream-K).
constexpr int64_t kStreamKBlocks = 132;

/// The sm_90a streamed kernel (GPUWgmmaKernels.cpp) in `launch`, a grid of
/// `tilesN` x `tilesM` blocks of 384 threads, one per `tile` of the result,
/// and kStreamedSharedBytes (plus a KiB) of dynamic shared memory, over the
/// images of buildImageKernel (in tiles of `tile.rows` and `tile.cols`
/// rows); without B's image (`images.bImage` null), it converts B itself
/// and needs kStreamedConvertingSharedBytes (plus a KiB). With
/// `tileFlags` (converting only; a zeroed i32 per tile, and more tiles
/// than kStreamKBlocks), the grid is kStreamKBlocks x 1 blocks that share
/// out the steps of all tiles; the blocks must be dispatched in order (a
/// block may wait for the next one to have finished its part of a tile).
void buildStreamedKernel(KernelEmitter &e, const Operands &ops,
                         const StreamedImages &images, Value out,
                         bool overwrite, int64_t steps, gpu::LaunchOp launch,
                         const StreamedTile &tile, int64_t tilesM,
                         int64_t tilesN, Value tileFlags = Value());

/// The tcgen05 kernel's shared memory: two buffers of a stage's A and B
/// codes (128 x 128 bytes each) and scales (two 512-byte chunks each), an
/// mbarrier per buffer, and the slot where tcgen05.alloc writes the
/// tensor-memory address.
constexpr int64_t kTcgen05SharedBytes = 2 * 2 * (128 * 128 + 2 * 512) + 24;

/// The sm_100a kernel (GPUTcgen05Kernel.cpp) in `launch`: blocks of 128
/// threads per 128 x 128 tile of the result, `stages` stages of 256
/// K-elements, codes and scales read as words.
void buildTcgen05Kernel(KernelEmitter &e, const Operands &words, Value out,
                        int64_t stages, gpu::LaunchOp launch);

} // namespace mlir::mx

#endif // MX_LIB_DIALECT_MX_TRANSFORMS_GPUMATMULKERNELS_H
