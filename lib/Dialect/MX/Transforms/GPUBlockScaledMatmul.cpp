//===- GPUBlockScaledMatmul.cpp - mx.matmul on the tensor cores -----------===//
//
// Replaces the contraction that mx.matmul lowers to (tagged
// mx.block_scaled_matmul, on buffers) with a gpu.launch of warp-level MMA:
//
//  * sm_120a: mma.sync m16n8k64 kind::mxf4 block_scale, the native MXFP4
//    instruction: codes straight from memory, two E8M0 scales per row and
//    column and K = 64 step, accumulated in f32 by the tensor core;
//  * sm_90a: Hopper has no FP4 or block-scaled MMA. By default the scales
//    are folded into the operands: a code times its scale is exact in bf16
//    for scales up to 2^125, and bf16 mma.sync m16n8k16 accumulates in f32
//    straight into the result. Steps that meet larger scales, and the
//    sm90-operands=e4m3 variant, run each 32-element block as one mma.sync
//    m16n8k32 e4m3 (E2M1 values are exact in E4M3, and a block's sum of
//    products is exact in f32) from a zero accumulator, and apply the
//    block's two scales in f32 on the CUDA cores.
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
// quad four blocks; see stepBF16).
//
// M is padded to whole 16-row tiles; grids with few warps split K
// (chooseSplitK) and add their partial sums atomically.
//
// On sm_90a with bf16 operands, matmuls whose M, N and K divide into its
// tiles (128 or 64 rows by 128 columns, K steps of 64) use the warpgroup
// kernel instead (rewriteWarpgroup): the block's threads convert each step
// of A and B into bf16 in shared memory, in the layout wgmma reads, while
// wgmma multiplies the step before from another stage.
//
//===----------------------------------------------------------------------===//

#include "GPUKernelUtils.h"

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

namespace {

/// Scalar helpers for the kernel body (i32 and f32 values, index math).
class KernelEmitter {
public:
  explicit KernelEmitter(ImplicitLocOpBuilder &b) : b(b) {}

  Value idx(int64_t v) { return mx::constIndex(b, v); }
  Value i32(uint32_t v) { return mx::constI32(b, v); }
  Value addIdx(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value addIdx(Value x, int64_t c) { return addIdx(x, idx(c)); }
  Value mulIdx(Value x, int64_t c) { return arith::MulIOp::create(b, x, idx(c)); }
  Value shl(Value x, uint32_t n) { return arith::ShLIOp::create(b, x, i32(n)); }
  Value shr(Value x, uint32_t n) { return arith::ShRUIOp::create(b, x, i32(n)); }
  Value band(Value x, uint32_t m) { return arith::AndIOp::create(b, x, i32(m)); }
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

  /// PTX prmt.b32: the bytes of {hi, lo} that the nibbles of `selector` pick.
  Value prmt(Value lo, Value hi, Value selector) {
    return mx::ptxI32(b, "prmt.b32 $0, $1, $2, $3;", {lo, hi, selector});
  }

  /// The four E2M1 codes in the low 16 bits of `codes` (nibble k is code k)
  /// as four E4M3 bytes of the same values: the magnitude from a table of
  /// eight bytes, the sign from a table of two.
  Value e4m3x4(Value codes) {
    // 0, 0.5, 1, 1.5 and 2, 3, 4, 6 in E4M3.
    Value magnitude = prmt(i32(0x3C383000), i32(0x4C484440), band(codes, 0x7777));
    Value sign = prmt(i32(0x8000), i32(0), band(shr(codes, 3), 0x1111));
    return bor(magnitude, sign);
  }

  /// x << n for n > 0, x >> -n for n < 0.
  Value shift(Value x, int n) {
    return n > 0 ? shl(x, n) : n < 0 ? shr(x, -n) : x;
  }

  /// Codes p and p + 4 of the eight in `word` (nibble k is code k) as the
  /// bits of a bf16 pair, low half code p, times 2^-126: the code's sign
  /// to bit 15 and its exponent and mantissa bits to bits 8..6, so that
  /// the subnormal code 0.5 becomes a subnormal bf16 like the others.
  Value bf16x2Times2PowMinus126(Value word, int p) {
    Value magnitude = band(shift(word, 6 - 4 * p), 0x01C001C0);
    Value sign = band(shift(word, 12 - 4 * p), 0x80008000);
    return bor(magnitude, sign);
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

  /// One warp-level MMA in inline PTX: four f32 results.
  SmallVector<Value, 4> mma(StringRef instruction, StringRef constraints,
                            ValueRange operands) {
    Type f32 = b.getF32Type();
    auto result = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                   {f32, f32, f32, f32});
    auto asmOp = LLVM::InlineAsmOp::create(
        b, result, operands, instruction, constraints,
        /*has_side_effects=*/false, /*is_align_stack=*/false,
        LLVM::TailCallKind::None, LLVM::AsmDialectAttr(), ArrayAttr());
    SmallVector<Value, 4> out;
    for (int64_t i = 0; i < 4; ++i)
      out.push_back(LLVM::ExtractValueOp::create(b, asmOp.getRes(), i));
    return out;
  }

  ImplicitLocOpBuilder &b;
};

/// The part of the result one gpu block computes: warpsM x warpsN warps,
/// each tilesM x tilesN MMA tiles of 16 x 8.
struct BlockTile {
  int64_t tilesM, tilesN, warpsM, warpsN;
  int64_t warpRows() const { return 16 * tilesM; }
  int64_t warpCols() const { return 8 * tilesN; }
  int64_t rows() const { return warpRows() * warpsM; }
  int64_t cols() const { return warpCols() * warpsN; }
};

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
/// least 16 steps, until the grid has about 16 warps for each of 132
/// multiprocessors (an H200's; more does no harm elsewhere).
int64_t chooseSplitK(int64_t m, int64_t n, const BlockTile &tile,
                     int64_t steps) {
  int64_t warps =
      (m / tile.rows()) * (n / tile.cols()) * tile.warpsM * tile.warpsN;
  int64_t splits = 1;
  for (int64_t s = 2; s <= 8 && warps * splits < 16 * 132; s *= 2)
    if (steps % s == 0 && steps / s >= 16)
      splits = s;
  return splits;
}

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

/// The block's dynamic shared memory from its first 1024-byte boundary,
/// where the 128-byte swizzle pattern starts (launches ask for a KiB more
/// than they use): its 32-bit shared address, and `bytes` bytes of it as
/// i32 words.
struct AlignedShared {
  Value address, words;
};
AlignedShared alignedSharedMemory(KernelEmitter &e, int64_t bytes) {
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

/// Stores the eight codes of `word` (nibble k is code k) times their scale,
/// `factor` (scaleBF16x2 of the E8M0 byte), as bf16 into 16-byte chunk
/// `chunk` of the 128-byte row at byte `rowOffset` of `words` (i32): pairs
/// p and p + 4 of the codes as in computeBF16, the chunks swizzled by 128
/// bytes as wgmma reads them (chunk c at c ^ (row % 8), rows counted from a
/// 1024-byte boundary). Word w of K-block h of a row's step of 64 goes to
/// chunk 4h + w, the same for A and B, so the sums are the reference's.
void storeBF16Chunk(KernelEmitter &e, Value word, Value factor, Value words,
                    Value rowOffset, Value chunk) {
  ImplicitLocOpBuilder &b = e.b;
  Value pow126 = e.i32(0x7E807E80); // 2^126 in both halves
  SmallVector<Value, 4> pairs;
  for (int p = 0; p < 4; ++p)
    pairs.push_back(e.mulBF16x2(
        e.mulBF16x2(e.bf16x2Times2PowMinus126(word, p), pow126), factor));
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

/// Whether an E8M0 scale is above 252 (2^125), where products of codes and
/// scales are no longer exact in bf16.
Value aboveBF16Range(KernelEmitter &e, Value scale) {
  return arith::CmpIOp::create(e.b, arith::CmpIPredicate::ugt, scale,
                               e.i32(252));
}

/// storeBF16Chunk for the four words of K-block `half` of a row's step
/// (`codes`, nibble k of word w is code 8w + k) and its scale (an E8M0
/// byte); returns aboveBF16Range of the scale.
Value storeBF16Block(KernelEmitter &e, Value codes, Value scale, Value words,
                     Value rowOffset, Value half) {
  ImplicitLocOpBuilder &b = e.b;
  Value factor = e.scaleBF16x2(scale);
  for (int64_t w = 0; w < 4; ++w)
    storeBF16Chunk(e, vector::ExtractOp::create(b, codes, w), factor, words,
                   rowOffset, e.addIdx(e.mulIdx(half, 4), w));
  return aboveBF16Range(e, scale);
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

/// The streamed kernel's tile of the result (two consumer warpgroups of 64
/// rows by 256 columns), its ring of stages (each the bf16 images of a K
/// step of 64 of the tile's rows of A and of B), and their bytes.
constexpr int64_t kStreamedRows = 128, kStreamedCols = 256;
constexpr int64_t kStreamedStages = 4;
constexpr int64_t kStreamedStageBytes = 128 * (kStreamedRows + kStreamedCols);
/// The stages, then a `full` and an `empty` mbarrier per stage.
constexpr int64_t kStreamedSharedBytes =
    kStreamedStages * (kStreamedStageBytes + 16);

/// Whether the streamed kernel takes an M x N x K matmul: M and N divide
/// into its tiles, K into steps of 64, and both are at least 1024, where
/// the passes that make the bf16 images (2.5 bytes per element of A and B
/// moved) cost little beside the products (2 M N K flops).
bool fitsStreamed(int64_t m, int64_t n, int64_t k) {
  return m % kStreamedRows == 0 && n % kStreamedCols == 0 && k % 64 == 0 &&
         m >= 1024 && n >= 1024 && m / kStreamedRows <= 65535 &&
         n / kStreamedCols <= 65535;
}

/// The tile (along M, along N) that block (x, y) of a grid of `tilesN` x
/// `tilesM` blocks computes, so that the blocks that run at the same time
/// share operands in L2: the blocks in launch order (x fastest) walk the
/// tiles down columns of groups of kStreamedGroup tiles along M, each
/// group along N before the next. Some 132 blocks at a time then cover
/// about 16 x 8 tiles of 128 x 256 (as many rows of A as of B) rather
/// than 4 rows of tiles and all of B.
constexpr int64_t kStreamedGroup = 16;
std::array<Value, 2> groupedTile(KernelEmitter &e, gpu::LaunchOp launch,
                                 int64_t tilesM, int64_t tilesN) {
  ImplicitLocOpBuilder &b = e.b;
  Value id = e.addIdx(e.mulIdx(launch.getBlockIds().y, tilesN),
                      launch.getBlockIds().x);
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

/// The bf16 images of A and B for the streamed kernel (i32 words), and per
/// tile and K step whether a scale in it is above 252 (i32, nonzero if so).
struct StreamedImages {
  Value aImage, aFlags, bImage, bFlags;
};

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
  if (!out.getDefiningOp<memref::AllocOp>() || !fill ||
      fill.getDpsInits()[0] != out ||
      !matchPattern(fill.getInputs()[0], m_PosZeroFloat()))
    return false;
  fill->erase();
  return true;
}

/// The buffers a kernel reads: codes as words, scales as bytes (or, for
/// the tcgen05 kernel, as words too).
struct Operands {
  Value aWords, aScales, bWords, bScales;
};

/// The indices one lane works on (see the file comment).
struct LaneIndices {
  Value t;                                 // lane % 4
  SmallVector<std::array<Value, 2>> rows;  // per M tile: rows g, g + 8
  SmallVector<Value> cols;                 // per N tile: B's row g
  SmallVector<std::array<Value, 2>> ccols; // per N tile: result columns 2t, 2t + 1
};

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
                  rank2Static(cType) && cType.getDimSize(0) % 128 == 0 &&
                  cType.getDimSize(1) % 128 == 0 &&
                  (aType.getDimSize(1) * 2) % 256 == 0 &&
                  cType.getDimSize(0) / 128 <= 65535;
      if (sm100Tcgen05 && fits) {
        rewriteTcgen05(op);
        return;
      }
      emitRemark(op.getLoc())
          << "mx-gpu-block-scaled-matmul: "
          << (sm100Tcgen05 ? "the tcgen05 kernel needs M % 128, N % 128 and "
                             "K % 256 = 0 and contiguous operands; "
                           : "the tcgen05 kernel is off (sm100-tcgen05); ")
          << "the block-scaled matmul stays on the CUDA cores";
      return;
    }
    if (!rank2Static(aType) || !rank2Static(bType) || !rank2Static(cType) ||
        !aType.getLayout().isIdentity() || !bType.getLayout().isIdentity() ||
        cType.getDimSize(0) == 0 || cType.getDimSize(1) == 0 ||
        cType.getDimSize(1) % 8 || (aType.getDimSize(1) * 2) % kStep) {
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
    if (chip == "sm_90a" && sm90Operands == "bf16" && sm90Warpgroup) {
      if (std::optional<WarpgroupTile> tile = chooseWarpgroupTile(
              rowsOfA, cType.getDimSize(1), aType.getDimSize(1) * 2)) {
        rewriteWarpgroup(op, *tile);
        return;
      }
    }
    // M is padded to whole 16-row tiles: rows past M load row M - 1 and
    // store nothing.
    int64_t m = llvm::alignTo(rowsOfA, 16), n = cType.getDimSize(1);
    int64_t k = aType.getDimSize(1) * 2;
    BlockTile tile = chooseBlockTile(m, n);
    if (m / tile.rows() > 65535) {
      emitRemark(op.getLoc()) << "mx-gpu-block-scaled-matmul: M = " << m
                       << " needs more than 65535 blocks of " << tile.rows()
                       << " rows; it stays on the CUDA cores";
      return;
    }

    ImplicitLocOpBuilder b(op.getLoc(), op);
    KernelEmitter e(b);
    bool native = chip == "sm_120a";
    bool folded = !native && sm90Operands == "bf16";
    // With scales folded into the operands, the k-order of codes is free
    // across blocks too: a step covers up to four K-blocks, one per lane of
    // a quad, so a lane loads a whole block of a row (16 bytes) at once.
    int64_t blocksPerStep = !folded ? 1 : (k / 32) % 4 == 0 ? 4
                                        : (k / 32) % 2 == 0 ? 2 : 1;
    int64_t loadBytes = 4 * blocksPerStep;
    // Codes are read as words, loadBytes at a time: the buffers must be
    // that aligned (every allocation is; a view into one might not be).
    SmallVector<Value> words;
    for (Value codes : {in[0], in[2]}) {
      mx::assertAligned(b, codes, loadBytes,
                        "mx.matmul on the tensor cores: packed codes must be " +
                            Twine(loadBytes) + "-byte aligned");
      words.push_back(mx::viewAsWords(b, codes));
    }
    int64_t steps = native ? k / 64 : k / (32 * blocksPerStep);
    int64_t splits = chooseSplitK(m, n, tile, steps);
    auto launch = gpu::LaunchOp::create(
        b, e.idx(n / tile.cols()), e.idx(m / tile.rows()), e.idx(splits),
        e.idx(32), e.idx(tile.warpsN), e.idx(tile.warpsM));
    b.setInsertionPointToStart(&launch.getBody().front());
    Value lane = launch.getThreadIds().x;
    Value g = arith::DivUIOp::create(b, lane, e.idx(4));
    LaneIndices at;
    // Per M tile, the result rows g and g + 8 (at.rows: the rows of A that
    // are loaded for them, the same except in padding).
    SmallVector<std::array<Value, 2>> resultRows;
    at.t = arith::RemUIOp::create(b, lane, e.idx(4));
    Value mBase = e.addIdx(e.mulIdx(launch.getBlockIds().y, tile.rows()),
                           e.mulIdx(launch.getThreadIds().z, tile.warpRows()));
    Value nBase = e.addIdx(e.mulIdx(launch.getBlockIds().x, tile.cols()),
                           e.mulIdx(launch.getThreadIds().y, tile.warpCols()));
    for (int64_t i = 0; i < tile.tilesM; ++i) {
      Value row = e.addIdx(e.addIdx(mBase, 16 * i), g);
      resultRows.push_back({row, e.addIdx(row, 8)});
      auto clamp = [&](Value r) -> Value {
        if (rowsOfA == m)
          return r;
        return arith::MinUIOp::create(b, r, e.idx(rowsOfA - 1));
      };
      at.rows.push_back({clamp(row), clamp(e.addIdx(row, 8))});
    }
    for (int64_t j = 0; j < tile.tilesN; ++j) {
      Value tileBase = e.addIdx(nBase, 8 * j);
      at.cols.push_back(e.addIdx(tileBase, g));
      Value ccol = e.addIdx(tileBase, e.mulIdx(at.t, 2));
      at.ccols.push_back({ccol, e.addIdx(ccol, 1)});
    }
    // Result element (i, j, r): MMA tile (i, j), fragment register r.
    SmallVector<std::pair<Value, Value>> cIndex;
    for (int64_t i = 0; i < tile.tilesM; ++i)
      for (int64_t j = 0; j < tile.tilesN; ++j)
        for (int r = 0; r < 4; ++r)
          cIndex.push_back({resultRows[i][r / 2], at.ccols[j][r % 2]});
    // The sums start from zero and the result's initial value is added at
    // the end: holding its 64-bit addresses across the loop would cost
    // registers.
    Value zero = arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f));
    SmallVector<Value> acc(cIndex.size(), zero);
    // Each step loads its operands (all i32), then computes. With scales
    // folded and one MMA tile along M (small M, where the kernel streams B
    // and waits on memory), the loads of step k + 1 go out before step k
    // computes; with more tiles the extra registers cost more than the
    // latency they hide (docs/benchmarks.md).
    Operands operands{words[0], in[1], words[1], in[3]};
    bool loadAhead = folded && tile.tilesM == 1;
    // Split K: block z of the grid walks steps z * stepsPerSplit onwards.
    int64_t stepsPerSplit = steps / splits;
    Value firstStep = splits == 1
                          ? e.idx(0)
                          : e.mulIdx(launch.getBlockIds().z, stepsPerSplit);
    Value lastStep = e.addIdx(firstStep, stepsPerSplit - 1);
    SmallVector<Value> initial(acc);
    if (loadAhead)
      llvm::append_range(initial,
                         loadBF16(e, operands, at, firstStep, blocksPerStep));
    auto loop = scf::ForOp::create(
        b, firstStep, e.addIdx(firstStep, stepsPerSplit), e.idx(1), initial);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value step = loop.getInductionVar();
      ValueRange sums = loop.getRegionIterArgs().take_front(acc.size());
      SmallVector<Value> next;
      if (native) {
        next = computeMXF4(e, tile, loadMXF4(e, tile, operands, at, step), sums);
      } else if (!folded) {
        next = computeE4M3(e, tile, loadE4M3(e, operands, at, step), sums);
      } else if (!loadAhead) {
        next = stepBF16(e, tile, operands, at, step, blocksPerStep,
                        loadBF16(e, operands, at, step, blocksPerStep), sums);
      } else {
        // Past the split's last step, its last step again (not used).
        SmallVector<Value> ahead =
            loadBF16(e, operands, at,
                     arith::MinUIOp::create(b, e.addIdx(step, 1), lastStep),
                     blocksPerStep);
        next = stepBF16(e, tile, operands, at, step, blocksPerStep,
                        loop.getRegionIterArgs().drop_front(acc.size()), sums);
        llvm::append_range(next, ahead);
      }
      scf::YieldOp::create(b, next);
    }
    // With K split, the blocks of a tile add their sums atomically, in
    // whatever order they finish.
    for (auto [index, sum] :
         llvm::enumerate(loop.getResults().take_front(acc.size()))) {
      std::array<Value, 2> element{cIndex[index].first, cIndex[index].second};
      OpBuilder::InsertionGuard guard(b);
      if (rowsOfA != m) {
        Value inside = arith::CmpIOp::create(b, arith::CmpIPredicate::ult,
                                             cIndex[index].first,
                                             e.idx(rowsOfA));
        b.setInsertionPointToStart(
            scf::IfOp::create(b, inside, /*withElse=*/false).thenBlock());
      }
      if (splits > 1) {
        memref::AtomicRMWOp::create(b, arith::AtomicRMWKind::addf, sum, out,
                                    element);
        continue;
      }
      Value initial = memref::LoadOp::create(b, out, element);
      memref::StoreOp::create(b, arith::AddFOp::create(b, initial, sum), out,
                              element);
    }
    gpu::TerminatorOp::create(b);
    op->erase();
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
  /// WarpgroupKernel). The dynamic shared memory is a KiB more than the
  /// stages, which must start on a 1024-byte boundary.
  void rewriteWarpgroup(linalg::GenericOp op, const WarpgroupTile &tile) {
    bool overwrite = takeZeroFill(op);
    int64_t steps =
        cast<MemRefType>(op.getDpsInputs()[0].getType()).getDimSize(1) / 32;
    launchPerTile(
        op, tile.rows, tile.cols, tile.threads(),
        kWarpgroupStages * tile.stageBytes() + 1024, {16, 0, 16, 0},
        "mx.matmul on the tensor cores: packed codes must be "
        "16-byte aligned",
        [&](KernelEmitter &e, const Operands &ops, Value out,
            gpu::LaunchOp launch) {
          WarpgroupKernel(e, tile, ops, out, overwrite, steps, launch).build();
        });
  }

  /// sm_90a with the scales folded into bf16 operands, for large M and N:
  /// first one kernel per operand writes its bf16 image (buildImage), then
  /// the streamed kernel (StreamedKernel) copies the images into shared
  /// memory with cp.async.bulk and multiplies them with wgmma. The images
  /// cost 2 bytes per element of A and B in global memory and a pass over
  /// them, but the matmul's warps then only multiply.
  void rewriteStreamed(linalg::GenericOp op) {
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
    StreamedImages images{words(m * k / 2), words(m / kStreamedRows * steps),
                          words(n * k / 2), words(n / kStreamedCols * steps)};
    buildImage(e, in[0], in[1], images.aImage, images.aFlags, m, steps,
               kStreamedRows);
    buildImage(e, in[2], in[3], images.bImage, images.bFlags, n, steps,
               kStreamedCols);
    auto launch = gpu::LaunchOp::create(
        b, e.idx(n / kStreamedCols), e.idx(m / kStreamedRows), e.idx(1),
        e.idx(384), e.idx(1), e.idx(1), e.i32(kStreamedSharedBytes + 1024));
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&launch.getBody().front());
      StreamedKernel(
          e, Operands{in[0], in[1], in[2], in[3]}, images, out, overwrite,
          steps, launch,
          groupedTile(e, launch, m / kStreamedRows, n / kStreamedCols))
          .build();
      gpu::TerminatorOp::create(b);
    }
    for (Value buffer :
         {images.aImage, images.aFlags, images.bImage, images.bFlags})
      mx::freeGPUBuffer(b, b.getLoc(), buffer);
    op->erase();
  }

  /// A kernel that writes the bf16 image of one operand (`rows` rows of
  /// codes as words, their scales as bytes) for the streamed kernel: per
  /// tile of `tileRows` rows and K step of 64 (in that order, steps
  /// innermost), tileRows rows of 128 bytes, each as storeBF16Chunk lays
  /// it out, which is the stage wgmma reads; and per tile and step, whether
  /// a scale in it is above 252. A block of 256 threads per tile and step:
  /// thread i converts code word i % 8 of the step (word i % 4 of K-block
  /// (i % 8) / 4) of rows i / 8, i / 8 + 32, ..., so that each group of
  /// eight threads writes a whole 128-byte row.
  static void buildImage(KernelEmitter &e, Value words, Value scales,
                         Value image, Value flags, int64_t rows, int64_t steps,
                         int64_t tileRows) {
    ImplicitLocOpBuilder &b = e.b;
    auto launch =
        gpu::LaunchOp::create(b, e.idx(steps), e.idx(rows / tileRows), e.idx(1),
                              e.idx(256), e.idx(1), e.idx(1));
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
      storeBF16Chunk(e, word, e.scaleBF16x2(scale), image, rowOffset, chunk);
      Value above = aboveBF16Range(e, scale);
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

  /// sm_100a (see Tcgen05Kernel): blocks of 128 threads per 128 x 128 tile
  /// of the result, codes and scales read as words.
  void rewriteTcgen05(linalg::GenericOp op) {
    int64_t stages =
        cast<MemRefType>(op.getDpsInputs()[0].getType()).getDimSize(1) / 128;
    launchPerTile(op, 128, 128, 128, Tcgen05Kernel::kSharedBytes + 1024,
                  {16, 4, 16, 4},
                  "mx.matmul on tcgen05: packed codes must be 16-byte and "
                  "scales 4-byte aligned",
                  [&](KernelEmitter &e, const Operands &words, Value out,
                      gpu::LaunchOp launch) {
                    Tcgen05Kernel(e, words, out, stages, launch).build();
                  });
  }

  /// sm_90a with E4M3 block sums, one 32-wide K-block. Loads, all i32: per
  /// M tile the words of rows g and g + 8, per N tile the word of column g,
  /// then the scale bytes of the same rows and of result columns 2t and
  /// 2t + 1 (the scales multiply block sums).
  static SmallVector<Value> loadE4M3(KernelEmitter &e, const Operands &ops,
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

  /// sm_90a with the scales folded into bf16 operands, `blocks` K-blocks per
  /// step: lane t of a quad loads `blocks` words of each of its rows and
  /// columns at once (a whole block where blocks = 4), all from K-block
  /// blocks * step + (blocks * t) / 4, and that block's scale for each:
  /// per row of A (g and g + 8 per M tile), then per column of B (g per N
  /// tile), its words; then the scales in the same order.
  static SmallVector<Value> loadBF16(KernelEmitter &e, const Operands &ops,
                                     const LaneIndices &at, Value step,
                                     int64_t blocks) {
    ImplicitLocOpBuilder &b = e.b;
    Value column = e.addIdx(e.mulIdx(step, 4 * blocks), e.mulIdx(at.t, blocks));
    Value block = e.addIdx(e.mulIdx(step, blocks),
                           arith::DivUIOp::create(b, e.mulIdx(at.t, blocks),
                                                  e.idx(4)));
    SmallVector<Value> codeWords, scales;
    auto loadRow = [&](Value words, Value scaleBuffer, Value row) {
      if (blocks == 1) {
        codeWords.push_back(e.word(words, row, column));
      } else {
        // One vector load of `blocks` words (the alignment lets it be one
        // ld.global.v2 or v4).
        auto load = vector::LoadOp::create(
            b, VectorType::get({blocks}, b.getI32Type()), words,
            ValueRange{row, column});
        load.setAlignment(static_cast<uint64_t>(4 * blocks));
        for (int64_t w = 0; w < blocks; ++w)
          codeWords.push_back(vector::ExtractOp::create(b, load, w));
      }
      scales.push_back(e.byte(scaleBuffer, row, block));
    };
    for (const auto &rows : at.rows)
      for (Value row : rows)
        loadRow(ops.aWords, ops.aScales, row);
    for (Value col : at.cols)
      loadRow(ops.bWords, ops.bScales, col);
    llvm::append_range(codeWords, scales);
    return codeWords;
  }

  /// sm_90a with the scales folded into bf16 operands: one step from what
  /// loadBF16 gave. Where every scale the warp loaded is at most 252, each
  /// code times its scale is exact in bf16 (at most 6 * 2^125, at least
  /// the subnormal 2^-128), so bf16 MMAs accumulate the codes straight into
  /// the sums, whatever block each k-slot holds. Otherwise (a value would
  /// overflow bf16, or a scale is NaN) the warp runs the step's blocks on
  /// the E4M3 path, which scales block sums in f32.
  static SmallVector<Value> stepBF16(KernelEmitter &e, const BlockTile &tile,
                                     const Operands &ops, const LaneIndices &at,
                                     Value step, int64_t blocks,
                                     ValueRange loaded, ValueRange sums) {
    ImplicitLocOpBuilder &b = e.b;
    int64_t rows = loaded.size() / (blocks + 1);
    SmallVector<SmallVector<Value, 4>> codeWords;
    for (int64_t r = 0; r < rows; ++r)
      codeWords.emplace_back(loaded.slice(r * blocks, blocks));
    ValueRange scales = loaded.drop_front(rows * blocks);
    Value largest = scales.front();
    for (Value scale : scales.drop_front())
      largest = arith::MaxUIOp::create(b, largest, scale);
    Value outOfRange = arith::CmpIOp::create(b, arith::CmpIPredicate::ugt,
                                             largest, e.i32(252));
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
      scf::YieldOp::create(b, computeBF16(e, tile, codeWords, scales, sums));
    }
    return SmallVector<Value>(branch.getResults());
  }

  /// sm_90a, scales folded: per tile and word two m16n8k16 bf16 MMAs
  /// accumulating into the sums. A word of eight codes becomes four bf16
  /// pairs, pair p holding codes p and p + 4; pairs 0 and 1 feed the first
  /// MMA's k-slots {2t, 2t + 1} and {2t + 8, 2t + 9}, pairs 2 and 3 the
  /// second's, the same for A and B. `codeWords` and `scales` are per row
  /// of A (g and g + 8 per M tile), then per column of B.
  static SmallVector<Value>
  computeBF16(KernelEmitter &e, const BlockTile &tile,
              ArrayRef<SmallVector<Value, 4>> codeWords, ValueRange scales,
              ValueRange c) {
    int64_t tm = tile.tilesM, tn = tile.tilesN;
    Value pow126 = e.i32(0x7E807E80); // 2^126 in both halves
    SmallVector<Value> factors;
    for (Value scale : scales)
      factors.push_back(e.scaleBF16x2(scale));
    // Pair p of word w of operand row or column r.
    auto pair = [&](int64_t r, int64_t w, int p) {
      return e.mulBF16x2(
          e.mulBF16x2(e.bf16x2Times2PowMinus126(codeWords[r][w], p), pow126),
          factors[r]);
    };
    SmallVector<Value> next = llvm::to_vector(c);
    for (int64_t w = 0, words = codeWords.front().size(); w < words; ++w) {
      for (int half = 0; half < 2; ++half) {
        int p = 2 * half;
        SmallVector<std::array<Value, 2>> a, bw; // [row or column][k-slots]
        for (int64_t r = 0; r < 2 * tm; ++r)
          a.push_back({pair(r, w, p), pair(r, w, p + 1)});
        for (int64_t j = 0; j < tn; ++j)
          bw.push_back({pair(2 * tm + j, w, p), pair(2 * tm + j, w, p + 1)});
        for (int64_t i = 0; i < tm; ++i) {
          for (int64_t j = 0; j < tn; ++j) {
            int64_t first = (i * tn + j) * 4;
            SmallVector<Value, 4> d = e.mma(
                "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                "{$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13};",
                "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f",
                {a[2 * i][0], a[2 * i + 1][0], a[2 * i][1], a[2 * i + 1][1],
                 bw[j][0], bw[j][1], next[first], next[first + 1],
                 next[first + 2], next[first + 3]});
            std::copy(d.begin(), d.end(), next.begin() + first);
          }
        }
      }
    }
    return next;
  }

  /// sm_90a: an E4M3 MMA from zero per tile, then the block's scales in f32.
  static SmallVector<Value> computeE4M3(KernelEmitter &e, const BlockTile &tile,
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
          next.push_back(LLVM::FMAOp::create(
              b, exact, hi, c[(i * tn + j) * 4 + r]));
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
        llvm::append_range(
            next,
            e.mma("mma.sync.aligned.m16n8k64.row.col.kind::mxf4.block_scale."
                  "scale_vec::2X.f32.e2m1.e2m1.f32.ue8m0 {$0,$1,$2,$3}, "
                  "{$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13}, $14, {0, 0}, "
                  "$15, {0, 0};",
                  "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f,r,r",
                  {aWords[4 * i], aWords[4 * i + 2], aWords[4 * i + 1],
                   aWords[4 * i + 3], bWords[2 * j], bWords[2 * j + 1], acc[0],
                   acc[1], acc[2], acc[3], aScales[i], bScales[j]}));
      }
    }
    return next;
  }
  /// What the wgmma kernels share. Each consumer warpgroup holds 64 rows of
  /// the block's tile of the result, all `cols` columns of it, in wgmma's
  /// f32 accumulators: thread 4g + t of warp w of the consumers owns d[4j +
  /// r], row 16 w + g + 8 (r / 2), column 8j + 2t + r % 2, which is
  /// mma.sync's fragment of 16 x 8 tile j (PTX ISA, wgmma). Operands come
  /// from shared memory in the 128-byte-swizzled K-major layout, 64 bf16
  /// (128 bytes) per row and K step; word w of K-block h of a row is in
  /// 16-byte chunk 4h + w (pairs p and p + 4 of its codes, as in
  /// computeBF16), the same order for A and B, so the sums are those of the
  /// reference. A step whose scales include one above 252 runs on the E4M3
  /// path instead (multiplyExactly), each warp on its own rows of the
  /// accumulators.
  struct WgmmaAccumulators {
    /// The block computes tile (`mTile`, `nTile`) of `rows` x `cols`
    /// tiles of the result; the consumers are its threads (`tid`) from
    /// `firstConsumer` on. With `overwrite`, the sums replace the result
    /// (see takeZeroFill) instead of being added to it.
    WgmmaAccumulators(KernelEmitter &e, const Operands &ops, Value out,
                      bool overwrite, int64_t rows, int64_t cols, Value tid,
                      Value mTile, Value nTile, int64_t firstConsumer)
        : e(e), b(e.b), ctx(e.b.getContext()), ops(ops), out(out),
          overwrite(overwrite), cols(cols), i32(b.getI32Type()),
          i64(b.getI64Type()),
          accType(LLVM::LLVMStructType::getLiteral(
              ctx, SmallVector<Type>(cols / 2, b.getF32Type()))),
          tid(tid), mTile(mTile), nTile(nTile) {
      mBase = e.mulIdx(mTile, rows);
      nBase = e.mulIdx(nTile, cols);
      Value lane = arith::RemUIOp::create(b, tid, e.idx(32));
      g = arith::DivUIOp::create(b, lane, e.idx(4));
      t = arith::RemUIOp::create(b, lane, e.idx(4));
      // Warp w of the consumers (meaningless on other threads).
      Value warp = arith::DivUIOp::create(
          b, arith::SubIOp::create(b, tid, e.idx(firstConsumer)), e.idx(32));
      row = e.addIdx(e.addIdx(mBase, e.mulIdx(warp, 16)), g);
    }

    Value toI32(Value index) {
      return arith::IndexCastUIOp::create(b, i32, index);
    }

    /// A shared-memory matrix descriptor (PTX ISA, wgmma): start address /
    /// 16 in bits 0-13, leading offset 1 (unused with this swizzle), 1024
    /// bytes between 8-row groups / 16 in bits 32-45, 128-byte swizzle (1)
    /// in bits 62-63.
    Value descriptor(Value address) {
      Value encoded = arith::ExtUIOp::create(b, i64, e.shr(address, 4));
      uint64_t fixed = (uint64_t(1) << 16) | (uint64_t(1024 >> 4) << 32) |
                       (uint64_t(1) << 62);
      return arith::OrIOp::create(
          b, encoded, arith::ConstantOp::create(b, b.getI64IntegerAttr(fixed)));
    }

    /// `descriptor` moved on by `bytes` (a multiple of 16).
    Value advance(Value descriptor, Value bytes) {
      return arith::AddIOp::create(
          b, descriptor, arith::ExtUIOp::create(b, i64, e.shr(bytes, 4)));
    }

    /// The four k16 wgmma of one K step of 64, A and B from the stages the
    /// descriptors point to; one commit group.
    Value multiply(Value aDescriptor, Value bDescriptor, Value acc) {
      NVVM::WgmmaFenceAlignedOp::create(b);
      for (int64_t kk = 0; kk < 4; ++kk) {
        // The 16 K-elements kk: 32 bytes further along each row.
        Value offset =
            arith::ConstantOp::create(b, b.getI64IntegerAttr(2 * kk));
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
      NVVM::WgmmaGroupSyncAlignedOp::create(b);
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

    /// The E4M3 path for step `step`, four 16 x 8 tiles at a time, on the
    /// codes and scales in global memory.
    Value multiplyExactly(Value step, Value acc) {
      NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
      SmallVector<Value> sums = unpack(acc);
      BlockTile four{1, 4, 1, 1};
      for (int64_t first = 0; first < cols / 8; first += 4) {
        LaneIndices at;
        at.t = t;
        at.rows.push_back({row, e.addIdx(row, 8)});
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

    /// Waits for the last wgmma and adds the sums to the result, or stores
    /// them there with `overwrite`: then the result is a fresh allocation,
    /// and each thread's two adjacent columns are one 8-byte store.
    void addToResult(Value acc) {
      NVVM::WgmmaWaitGroupSyncOp::create(b, 0);
      SmallVector<Value> sums = unpack(acc);
      if (overwrite) {
        auto pair = VectorType::get({2}, b.getF32Type());
        for (int64_t j = 0; j < cols / 8; ++j) {
          for (int r = 0; r < 4; r += 2) {
            auto store = vector::StoreOp::create(
                b,
                vector::FromElementsOp::create(
                    b, pair, ValueRange{sums[4 * j + r], sums[4 * j + r + 1]}),
                out, ValueRange{r < 2 ? row : e.addIdx(row, 8), column(j, 0)});
            store.setAlignment(static_cast<uint64_t>(8));
          }
        }
        return;
      }
      for (int64_t j = 0; j < cols / 8; ++j) {
        for (int r = 0; r < 4; ++r) {
          std::array<Value, 2> element{r < 2 ? row : e.addIdx(row, 8),
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
    int64_t cols;
    Type i32, i64;
    LLVM::LLVMStructType accType;
    Value tid, mTile, nTile, mBase, nBase, g, t, row;
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
                    const Operands &ops, Value out, bool overwrite,
                    int64_t steps, gpu::LaunchOp launch)
        : WgmmaAccumulators(e, ops, out, overwrite, tile.rows, tile.cols,
                            launch.getThreadIds().x, launch.getBlockIds().y,
                            launch.getBlockIds().x, /*firstConsumer=*/0),
          tile(tile), steps(steps),
          units(2 * tile.stagedRows() / tile.threads()),
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
          arith::MulIOp::create(b, toI32(warpgroup), e.i32(64 * 128))));
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
        auto codes = vector::LoadOp::create(
            b, vec4, i == 0 ? ops.aWords : ops.bWords,
            ValueRange{sourceRows[i], e.mulIdx(block, 4)});
        codes.setAlignment(static_cast<uint64_t>(16));
        loaded.push_back(codes);
      }
      for (int64_t i = 0; i < units; ++i)
        loaded.push_back(
            e.byte(i == 0 ? ops.aScales : ops.bScales, sourceRows[i], block));
      return loaded;
    }

    /// Converts what `load` gave into stage `stage`; true if a scale is out
    /// of the range where the products are exact in bf16.
    Value convert(Value stage, ValueRange loaded) {
      Value outOfRange;
      for (int64_t i = 0; i < units; ++i) {
        Value above = storeBF16Block(
            e, loaded[i], loaded[units + i], ring,
            e.addIdx(e.mulIdx(stage, stageBytes), e.mulIdx(stagedRows[i], 128)),
            half);
        outOfRange =
            outOfRange ? arith::OrIOp::create(b, outOfRange, above) : above;
      }
      return outOfRange;
    }

    /// Makes the stores of `convert` visible to wgmma (the async proxy) and
    /// waits for the whole block; true on every thread if `outOfRange` was
    /// true on any.
    Value publish(Value outOfRange) {
      NVVM::FenceProxyOp::create(
          b, NVVM::ProxyKindAttr::get(ctx, NVVM::ProxyKind::async_shared),
          NVVM::SharedSpaceAttr::get(ctx, NVVM::SharedSpace::shared_cta));
      return anyInBlock(e, outOfRange);
    }

    /// The wgmma of the step in stage `stage`.
    Value multiplyStage(Value stage, Value acc) {
      Value offset = toI32(e.mulIdx(stage, stageBytes));
      Value aStage = advance(aDescriptor, offset);
      Value bStage = advance(bDescriptor, offset);
      return multiply(aStage, bStage, acc);
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
        scf::YieldOp::create(
            b, convert(
                   arith::RemUIOp::create(b, nextStep, e.idx(kWarpgroupStages)),
                   loaded.take_front(2 * units)));
        b.setInsertionPointToStart(staging.elseBlock());
        scf::YieldOp::create(
            b, ValueRange{arith::ConstantOp::create(b, b.getBoolAttr(false))});
      }
      next[0] = branch.getResult(0);
      next[1] = publish(staging.getResult(0));
      return next;
    }

    WarpgroupTile tile;
    int64_t steps, units, stageBytes;
    Value half, ring, ringAddress, aDescriptor, bDescriptor;
    SmallVector<Value> stagedRows, sourceRows;
  };

  /// The body of the sm_90a streamed kernel (see rewriteStreamed): three
  /// warpgroups per kStreamedRows x kStreamedCols tile of the result.
  /// Thread 0, the producer, copies each K step's bf16 images of A and B
  /// (kStreamedStageBytes) into the next stage of a ring with two
  /// cp.async.bulk, which complete the stage's `full` mbarrier. Warpgroups
  /// 1 and 2, the consumers, wait for it, multiply their 64 rows of A by B
  /// with wgmma, and arrive on the stage's `empty` mbarrier once those
  /// wgmma are done; the producer waits for that before it refills the
  /// stage. The other threads of warpgroup 0 have nothing to do.
  struct StreamedKernel : WgmmaAccumulators {
    /// The block computes tile (`tile[0]`, `tile[1]`) of the result.
    StreamedKernel(KernelEmitter &e, const Operands &ops,
                   const StreamedImages &images, Value out, bool overwrite,
                   int64_t steps, gpu::LaunchOp launch,
                   std::array<Value, 2> tile)
        : WgmmaAccumulators(e, ops, out, overwrite, kStreamedRows,
                            kStreamedCols, launch.getThreadIds().x, tile[0],
                            tile[1], /*firstConsumer=*/128),
          images(images), steps(steps) {
      base = alignedSharedMemory(e, kStreamedSharedBytes).address;
    }

    void build() {
      e.inside(e.isIdx(tid, 0), [&] {
        for (int64_t s = 0; s < kStreamedStages; ++s) {
          NVVM::MBarrierInitOp::create(b, barrier(kFull, e.idx(s)), e.i32(1),
                                       Value());
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
      // warpgroup does not need.
      b.setInsertionPointToStart(roles.thenBlock());
      NVVM::SetMaxRegisterOp::create(b, 40,
                                     NVVM::SetMaxRegisterAction::decrease);
      e.inside(e.isIdx(tid, 0), [&] { produce(); });
      b.setInsertionPointToStart(roles.elseBlock());
      NVVM::SetMaxRegisterOp::create(b, 232,
                                     NVVM::SetMaxRegisterAction::increase);
      consume();
    }

  private:
    static constexpr int64_t kFull = kStreamedStages * kStreamedStageBytes;
    static constexpr int64_t kEmpty = kFull + 8 * kStreamedStages;

    /// The `full` (kFull) or `empty` (kEmpty) mbarrier of stage `stage`.
    Value barrier(int64_t which, Value stage) {
      return sharedPointer(
          arith::AddIOp::create(b, e.i32(which), toI32(e.mulIdx(stage, 8))));
    }

    Value sharedPointer(Value offset) {
      Value address = arith::AddIOp::create(b, base, offset);
      return LLVM::IntToPtrOp::create(b, LLVM::LLVMPointerType::get(ctx, 3),
                                      address);
    }

    /// Waits until the phase of `barrier` with parity `parity` (0 or 1, an
    /// index) is complete.
    void wait(Value barrier, Value parity) {
      NVVM::MBarrierTryWaitParityOp::create(b, barrier, toI32(parity),
                                            e.i32(0x989680));
    }

    /// Step k's A and B images go to stage k % kStreamedStages, once the
    /// consumers are done with what the stage held before (on the first
    /// round, the wait for parity 1 returns at once).
    void produce() {
      auto loop = scf::ForOp::create(b, e.idx(0), e.idx(steps), e.idx(1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value k = loop.getInductionVar();
      Value stage = arith::RemUIOp::create(b, k, e.idx(kStreamedStages));
      Value round = arith::DivUIOp::create(b, k, e.idx(kStreamedStages));
      wait(barrier(kEmpty, stage),
           arith::XOrIOp::create(b, arith::RemUIOp::create(b, round, e.idx(2)),
                                 e.idx(1)));
      Value full = barrier(kFull, stage);
      NVVM::MBarrierArriveExpectTxOp::create(
          b, Type(), full, e.i32(kStreamedStageBytes), NVVM::MemScopeKind::CTA,
          /*relaxed=*/false, Value());
      auto copy = [&](Value image, Value tile, int64_t rows, Value offset) {
        int64_t bytes = rows * 128;
        Value start = globalAddress(image);
        Value source = arith::AddIOp::create(
            b, start,
            arith::IndexCastUIOp::create(
                b, i64, e.mulIdx(e.addIdx(e.mulIdx(tile, steps), k), bytes)));
        // The shared::cluster form of the copy (PTX 8.0; the shared::cta
        // one needs 8.6) to this block's own shared memory.
        Value destination = LLVM::AddrSpaceCastOp::create(
            b, LLVM::LLVMPointerType::get(ctx, 7), sharedPointer(offset));
        NVVM::CpAsyncBulkGlobalToSharedClusterOp::create(
            b, destination,
            LLVM::IntToPtrOp::create(b, LLVM::LLVMPointerType::get(ctx, 1),
                                     source),
            full, e.i32(bytes), Value(), Value());
      };
      copy(images.aImage, mTile, kStreamedRows,
           toI32(e.mulIdx(stage, kStreamedRows * 128)));
      Value bStage = toI32(e.mulIdx(stage, kStreamedCols * 128));
      copy(images.bImage, nTile, kStreamedCols,
           arith::AddIOp::create(
               b, e.i32(kStreamedStages * kStreamedRows * 128), bStage));
    }

    Value globalAddress(Value memref) {
      return arith::IndexCastUIOp::create(
          b, i64, memref::ExtractAlignedPointerAsIndexOp::create(b, memref));
    }

    /// The consumers' loop over K steps, then the epilogue.
    void consume() {
      Value group = arith::DivUIOp::create(
          b, arith::SubIOp::create(b, tid, e.idx(128)), e.idx(128));
      Value aDescriptor = descriptor(
          arith::AddIOp::create(b, base, toI32(e.mulIdx(group, 64 * 128))));
      Value bDescriptor = descriptor(arith::AddIOp::create(
          b, base, e.i32(kStreamedStages * kStreamedRows * 128)));
      // Whether step k runs on the E4M3 path is loaded a step ahead.
      auto loop = scf::ForOp::create(
          b, e.idx(0), e.idx(steps), e.idx(1),
          ValueRange{LLVM::ZeroOp::create(b, accType), isExact(e.idx(0))});
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(loop.getBody());
        Value k = loop.getInductionVar();
        Value acc = loop.getRegionIterArgs()[0];
        Value exact = loop.getRegionIterArgs()[1];
        Value exactNext = isExact(
            arith::MinUIOp::create(b, e.addIdx(k, 1), e.idx(steps - 1)));
        Value stage = arith::RemUIOp::create(b, k, e.idx(kStreamedStages));
        Value round = arith::DivUIOp::create(b, k, e.idx(kStreamedStages));
        wait(barrier(kFull, stage), arith::RemUIOp::create(b, round, e.idx(2)));
        auto branch = scf::IfOp::create(b, accType, exact, /*withElse=*/true);
        {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPointToStart(branch.thenBlock());
          scf::YieldOp::create(b, multiplyExactly(k, acc));
          b.setInsertionPointToStart(branch.elseBlock());
          Value aStage =
              advance(aDescriptor, toI32(e.mulIdx(stage, kStreamedRows * 128)));
          Value bStage =
              advance(bDescriptor, toI32(e.mulIdx(stage, kStreamedCols * 128)));
          scf::YieldOp::create(b, multiply(aStage, bStage, acc));
        }
        // Step k - 1's wgmma are done: its stage may be refilled.
        NVVM::WgmmaWaitGroupSyncOp::create(b, 1);
        Value previous = arith::SubIOp::create(b, k, e.idx(1));
        e.inside(
            arith::CmpIOp::create(b, arith::CmpIPredicate::ugt, k, e.idx(0)),
            [&] {
              NVVM::MBarrierArriveOp::create(
                  b, Type(),
                  barrier(kEmpty, arith::RemUIOp::create(
                                      b, previous, e.idx(kStreamedStages))),
                  Value());
            });
        scf::YieldOp::create(b, ValueRange{branch.getResult(0), exactNext});
      }
      addToResult(loop.getResult(0));
    }

    /// Whether step k of this block's tile has a scale above 252.
    Value isExact(Value k) {
      auto flag = [&](Value flags, Value tile) {
        return memref::LoadOp::create(
            b, flags, ValueRange{e.addIdx(e.mulIdx(tile, steps), k)});
      };
      Value aFlag = flag(images.aFlags, mTile);
      Value bFlag = flag(images.bFlags, nTile);
      return arith::CmpIOp::create(b, arith::CmpIPredicate::ne,
                                   e.bor(aFlag, bFlag), e.i32(0));
    }

    StreamedImages images;
    int64_t steps;
    Value base;
  };
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
        NVVM::MBarrierTryWaitParityOp::create(
            b, barrier, toI32(arith::RemUIOp::create(b, stage, e.idx(2))),
            e.i32(0x989680));
      }
      fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
      storeResult(tmem);
      fence(NVVM::Tcgen05FenceKind::BEFORE_THREAD_SYNC);
      NVVM::BarrierOp::create(b);
      e.inside(firstWarp, [&] {
        fence(NVVM::Tcgen05FenceKind::AFTER_THREAD_SYNC);
        NVVM::Tcgen05DeallocOp::create(b, tensorPointer(tmem, 0),
                                       e.i32(kColumns), cta1);
      });
    }

  private:
    Value toI32(Value index) {
      return arith::IndexCastUIOp::create(b, i32, index);
    }

    void fence(NVVM::Tcgen05FenceKind kind) {
      NVVM::Tcgen05FenceOp::create(b,
                                   NVVM::Tcgen05FenceKindAttr::get(ctx, kind));
    }

    /// A shared-memory pointer `offset` bytes into the aligned block.
    Value sharedPointer(int64_t offset) {
      Value address = arith::AddIOp::create(b, base, e.i32(offset));
      return LLVM::IntToPtrOp::create(b, LLVM::LLVMPointerType::get(ctx, 3),
                                      address);
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
              rowStart,
              e.mulIdx(arith::XOrIOp::create(b, e.idx(c), swizzle), 4));
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
              ValueRange{e.addIdx(
                  inChunk, (2 * kCodeBytes + operand * kScaleBytes) / 4)});
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
      uint32_t shape = (1u << 7) | (1u << 10) | ((128u / 8) << 17) |
                       (1u << 23) | ((128u / 128) << 27);
      Value first = e.isIdx(stage, 0);
      for (int64_t kk = 0; kk < 4; ++kk) {
        uint32_t id = 2 * (kk % 2);
        Value enable =
            kk ? arith::ConstantOp::create(b, b.getBoolAttr(true)).getResult()
               : arith::XOrIOp::create(
                     b, first,
                     arith::ConstantOp::create(b, b.getBoolAttr(true)))
                     .getResult();
        // K = 64 codes are 32 bytes of each 128-byte row.
        NVVM::Tcgen05MMABlockScaleOp::create(
            b,
            NVVM::MMABlockScaleKindAttr::get(ctx,
                                             NVVM::MMABlockScaleKind::MXF4),
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
      Value lanes = e.shl(toI32(warp), 21); // (32 w) << 16
      Value lane0 = arith::AddIOp::create(b, tmem, lanes);
      Value address = LLVM::IntToPtrOp::create(
          b, LLVM::LLVMPointerType::get(ctx, 6), lane0);
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
};

} // namespace
