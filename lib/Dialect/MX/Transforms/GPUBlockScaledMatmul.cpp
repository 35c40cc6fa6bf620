//===- GPUBlockScaledMatmul.cpp - mx.matmul on the tensor cores -----------===//
//
// Replaces the contraction that mx.matmul lowers to (tagged
// mx.block_scaled_matmul, on buffers) with a gpu.launch of warp-level MMA:
//
//  * sm_120a: mma.sync m16n8k64 kind::mxf4 block_scale, the native MXFP4
//    instruction: codes straight from memory, two E8M0 scales per row and
//    column and K = 64 step, accumulated in f32 by the tensor core;
//  * sm_90a: Hopper has no FP4 or block-scaled MMA, so each 32-element block
//    runs as one mma.sync m16n8k32 e4m3 (E2M1 values are exact in E4M3, and
//    a block's sum of products is exact in f32) from a zero accumulator, and
//    the block's two scales are applied in f32 on the CUDA cores.
//
// Both share the tiling and the addressing of packed codes. A block of
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
//
//===----------------------------------------------------------------------===//

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

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

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, v); }
  Value i32(uint32_t v) {
    return arith::ConstantOp::create(b, b.getI32IntegerAttr(static_cast<int32_t>(v)));
  }
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
    return LLVM::InlineAsmOp::create(
               b, b.getI32Type(), ValueRange{lo, hi, selector},
               "prmt.b32 $0, $1, $2, $3;", "=r,r,r,r",
               /*has_side_effects=*/false, /*is_align_stack=*/false,
               LLVM::TailCallKind::None, LLVM::AsmDialectAttr(), ArrayAttr())
        .getRes();
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

/// The indices one lane works on (see the file comment).
struct LaneIndices {
  Value t;                                 // lane % 4
  SmallVector<std::array<Value, 2>> rows;  // per M tile: rows g, g + 8
  SmallVector<Value> cols;                 // per N tile: B's row g
  SmallVector<std::array<Value, 2>> ccols; // per N tile: result columns 2t, 2t + 1
};

/// The words of a packed code buffer (rows x bytes, identity layout):
/// rows x bytes/4 i32, the same memory.
Value viewAsWords(KernelEmitter &e, Value codes) {
  ImplicitLocOpBuilder &b = e.b;
  auto type = cast<MemRefType>(codes.getType());
  Value flat = memref::CollapseShapeOp::create(
      b, codes, ArrayRef<ReassociationIndices>{{0, 1}});
  auto wordsType = MemRefType::get({type.getDimSize(0), type.getDimSize(1) / 4},
                                   b.getI32Type(), MemRefLayoutAttrInterface(),
                                   type.getMemorySpace());
  return memref::ViewOp::create(b, wordsType, flat, e.idx(0), ValueRange{});
}

struct GPUBlockScaledMatmulPass
    : mlir::mx::impl::GPUBlockScaledMatmulBase<GPUBlockScaledMatmulPass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUBlockScaledMatmulPass)
  using GPUBlockScaledMatmulBase::GPUBlockScaledMatmulBase;

  void runOnOperation() override {
    if (chip != "sm_90a" && chip != "sm_120a" && chip != "sm_100a") {
      getOperation().emitError()
          << "mx-gpu-block-scaled-matmul: unknown chip '" << chip << "'";
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

  void rewrite(linalg::GenericOp op) {
    // A copy: the operand list must outlive `op`'s rewrite.
    SmallVector<Value> in = llvm::to_vector(op.getDpsInputs());
    if (in.size() != 5 || op.getNumDpsInits() != 1) {
      op->emitRemark() << "mx-gpu-block-scaled-matmul: not the contraction "
                          "convert-mx-to-linalg makes; left alone";
      return;
    }
    Value out = op.getDpsInits()[0];
    auto aType = cast<MemRefType>(in[0].getType());
    auto bType = cast<MemRefType>(in[2].getType());
    auto cType = cast<MemRefType>(out.getType());
    int64_t kStep = chip == "sm_120a" ? 64 : 32;
    if (chip == "sm_100a") {
      op->emitRemark() << "mx-gpu-block-scaled-matmul: no tcgen05 kernel yet; "
                          "the block-scaled matmul stays on the CUDA cores";
      return;
    }
    auto rank2Static = [](MemRefType type) {
      return type.getRank() == 2 && type.hasStaticShape();
    };
    if (!rank2Static(aType) || !rank2Static(bType) || !rank2Static(cType) ||
        !aType.getLayout().isIdentity() || !bType.getLayout().isIdentity() ||
        cType.getDimSize(0) == 0 || cType.getDimSize(1) == 0 ||
        cType.getDimSize(0) % 16 || cType.getDimSize(1) % 8 ||
        (aType.getDimSize(1) * 2) % kStep) {
      op->emitRemark() << "mx-gpu-block-scaled-matmul: needs a static, "
                          "non-empty 2-D matmul with M % 16, N % 8 and K % "
                       << kStep
                       << " = 0 and contiguous operands for tensor-core "
                          "tiles; it stays on the CUDA cores";
      return;
    }
    int64_t m = cType.getDimSize(0), n = cType.getDimSize(1);
    int64_t k = aType.getDimSize(1) * 2;
    BlockTile tile = chooseBlockTile(m, n);
    if (m / tile.rows() > 65535) {
      op->emitRemark() << "mx-gpu-block-scaled-matmul: M = " << m
                       << " needs more than 65535 blocks of " << tile.rows()
                       << " rows; it stays on the CUDA cores";
      return;
    }

    ImplicitLocOpBuilder b(op.getLoc(), op);
    KernelEmitter e(b);
    // Codes are read as words: the buffers must be 4-byte aligned (every
    // allocation is; a view into one might not be).
    SmallVector<Value> words;
    for (Value codes : {in[0], in[2]}) {
      Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, codes);
      Value aligned = e.isIdx(arith::RemUIOp::create(b, address, e.idx(4)), 0);
      cf::AssertOp::create(b, aligned,
                           "mx.matmul on the tensor cores: packed codes must be "
                           "4-byte aligned");
      words.push_back(viewAsWords(e, codes));
    }
    auto launch = gpu::LaunchOp::create(
        b, e.idx(n / tile.cols()), e.idx(m / tile.rows()), e.idx(1), e.idx(32),
        e.idx(tile.warpsN), e.idx(tile.warpsM));
    b.setInsertionPointToStart(&launch.getBody().front());
    Value lane = launch.getThreadIds().x;
    Value g = arith::DivUIOp::create(b, lane, e.idx(4));
    LaneIndices at;
    at.t = arith::RemUIOp::create(b, lane, e.idx(4));
    Value mBase = e.addIdx(e.mulIdx(launch.getBlockIds().y, tile.rows()),
                           e.mulIdx(launch.getThreadIds().z, tile.warpRows()));
    Value nBase = e.addIdx(e.mulIdx(launch.getBlockIds().x, tile.cols()),
                           e.mulIdx(launch.getThreadIds().y, tile.warpCols()));
    for (int64_t i = 0; i < tile.tilesM; ++i) {
      Value row = e.addIdx(e.addIdx(mBase, 16 * i), g);
      at.rows.push_back({row, e.addIdx(row, 8)});
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
          cIndex.push_back({at.rows[i][r / 2], at.ccols[j][r % 2]});
    // The sums start from zero and the result's initial value is added at
    // the end: holding its 64-bit addresses across the loop would cost
    // registers.
    Value zero = arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f));
    SmallVector<Value> acc(cIndex.size(), zero);
    // Each step loads its operands (all i32), then computes; loading the
    // next step's operands during this one's was slower on the H200 (the
    // extra registers cost occupancy; see docs/benchmarks.md).
    Operands operands{words[0], in[1], words[1], in[3]};
    bool native = chip == "sm_120a";
    auto loop = scf::ForOp::create(b, e.idx(0), e.idx(k / kStep), e.idx(1), acc);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value step = loop.getInductionVar();
      ValueRange sums = loop.getRegionIterArgs();
      SmallVector<Value> next =
          native ? computeMXF4(e, tile, loadMXF4(e, tile, operands, at, step), sums)
                 : computeE4M3(e, tile, loadE4M3(e, tile, operands, at, step), sums);
      scf::YieldOp::create(b, next);
    }
    for (auto [index, sum] : llvm::enumerate(loop.getResults())) {
      ValueRange element{cIndex[index].first, cIndex[index].second};
      Value initial = memref::LoadOp::create(b, out, element);
      memref::StoreOp::create(b, arith::AddFOp::create(b, initial, sum), out,
                              element);
    }
    gpu::TerminatorOp::create(b);
    op->erase();
  }

  /// The buffers a kernel reads: codes as words, scales as bytes.
  struct Operands {
    Value aWords, aScales, bWords, bScales;
  };

  /// sm_90a, one 32-wide K-block per step. Loads, all i32: per M tile the
  /// words of rows g and g + 8, per N tile the word of column g, then the
  /// scale bytes of the same rows and of result columns 2t and 2t + 1.
  SmallVector<Value> loadE4M3(KernelEmitter &e, const BlockTile &tile,
                              const Operands &ops, const LaneIndices &at,
                              Value block) {
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
  SmallVector<Value> computeE4M3(KernelEmitter &e, const BlockTile &tile,
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
};

} // namespace
