//===- GPUBlockScaledMatmul.cpp - mx.matmul on the tensor cores -----------===//
//
// Replaces the contraction that mx.matmul lowers to (tagged
// mx.block_scaled_matmul, on buffers) with a gpu.launch in which each warp
// computes one 16x8 tile of the result with warp-level MMA instructions:
//
//  * sm_120a: mma.sync m16n8k64 kind::mxf4 block_scale, the native MXFP4
//    instruction: codes straight from memory, two E8M0 scales per row and
//    column and K = 64 step, accumulated in f32 by the tensor core;
//  * sm_90a: Hopper has no FP4 or block-scaled MMA, so each 32-element block
//    runs as one mma.sync m16n8k32 e4m3 (E2M1 values are exact in E4M3, and
//    a block's sum of products is exact in f32) from a zero accumulator, and
//    the block's two scales are applied in f32 on the CUDA cores.
//
// Both share the tile skeleton and the addressing of packed codes: lane
// l = 4g + t owns rows g and g + 8 of A, column g of B, and the result
// elements (g + 8 (i/2), 2t + i%2) (PTX ISA, mma fragments).
//
//===----------------------------------------------------------------------===//

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
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
  Value mulIdx(Value x, int64_t c) { return arith::MulIOp::create(b, x, idx(c)); }
  Value shl(Value x, uint32_t n) { return arith::ShLIOp::create(b, x, i32(n)); }
  Value shr(Value x, uint32_t n) { return arith::ShRUIOp::create(b, x, i32(n)); }
  Value band(Value x, uint32_t m) { return arith::AndIOp::create(b, x, i32(m)); }
  Value bor(Value x, Value y) { return arith::OrIOp::create(b, x, y); }

  /// memref[i, j] as i32 (an unsigned byte).
  Value byte(Value memref, Value i, Value j) {
    Value v = memref::LoadOp::create(b, memref, ValueRange{i, j});
    return arith::ExtUIOp::create(b, b.getI32Type(), v);
  }

  /// `count` consecutive bytes memref[i, j ...], little-endian, as i32.
  Value word(Value memref, Value i, Value j, int count) {
    Value w = byte(memref, i, j);
    for (int k = 1; k < count; ++k)
      w = bor(w, shl(byte(memref, i, addIdx(j, idx(k))), 8 * k));
    return w;
  }

  /// The E4M3 byte of an E2M1 code (i32, 0..15): the same value.
  Value e4m3(Value code) {
    Value mag = band(code, 7);
    Value normal = bor(shl(arith::AddIOp::create(b, shr(mag, 1), i32(6)), 3),
                       shl(band(mag, 1), 2));
    Value isZero = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, mag, i32(0));
    Value isHalf = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, mag, i32(1));
    Value e = arith::SelectOp::create(b, isHalf, i32(0x30), normal);
    e = arith::SelectOp::create(b, isZero, i32(0), e);
    return bor(e, shl(band(code, 8), 4));
  }

  /// Four E2M1 codes (two packed bytes, i32) as four E4M3 bytes.
  Value e4m3x4(Value twoBytes) {
    Value r = i32(0);
    for (int k = 0; k < 4; ++k)
      r = bor(r, shl(e4m3(band(shr(twoBytes, 4 * k), 0xf)), 8 * k));
    return r;
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
        b, result, operands, b.getStringAttr(instruction),
        b.getStringAttr(constraints), /*has_side_effects=*/UnitAttr(),
        /*is_align_stack=*/UnitAttr(),
        LLVM::TailCallKindAttr::get(b.getContext(), LLVM::tailcallkind::TailCallKind::None),
        /*asm_dialect=*/LLVM::AsmDialectAttr(), /*operand_attrs=*/ArrayAttr());
    SmallVector<Value, 4> out;
    for (int64_t i = 0; i < 4; ++i)
      out.push_back(LLVM::ExtractValueOp::create(b, asmOp.getRes(), i));
    return out;
  }

  ImplicitLocOpBuilder &b;
};

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
    // Tiles of 16 x 8 results; M tiles on grid y (at most 65535).
    if (!rank2Static(aType) || !rank2Static(bType) || !rank2Static(cType) ||
        cType.getDimSize(0) == 0 || cType.getDimSize(1) == 0 ||
        cType.getDimSize(0) % 16 || cType.getDimSize(1) % 8 ||
        cType.getDimSize(0) / 16 > 65535 || (aType.getDimSize(1) * 2) % kStep) {
      op->emitRemark() << "mx-gpu-block-scaled-matmul: needs a static, "
                          "non-empty 2-D matmul with M % 16, N % 8 and K % "
                       << kStep
                       << " = 0 and M <= 16 * 65535 for tensor-core tiles; it "
                          "stays on the CUDA cores";
      return;
    }
    int64_t m = cType.getDimSize(0), n = cType.getDimSize(1);
    int64_t k = aType.getDimSize(1) * 2;

    ImplicitLocOpBuilder b(op.getLoc(), op);
    KernelEmitter e(b);
    auto launch = gpu::LaunchOp::create(b, e.idx(n / 8), e.idx(m / 16), e.idx(1),
                                        e.idx(32), e.idx(1), e.idx(1));
    b.setInsertionPointToStart(&launch.getBody().front());
    Value lane = launch.getThreadIds().x;
    Value g = arith::DivUIOp::create(b, lane, e.idx(4));
    Value t = arith::RemUIOp::create(b, lane, e.idx(4));
    Value row0 = e.addIdx(e.mulIdx(launch.getBlockIds().y, 16), g);
    Value row1 = e.addIdx(row0, e.idx(8));
    Value nBase = e.mulIdx(launch.getBlockIds().x, 8);
    Value col = e.addIdx(nBase, g);                      // B's row
    Value ccol0 = e.addIdx(nBase, e.mulIdx(t, 2));      // result columns
    Value ccol1 = e.addIdx(ccol0, e.idx(1));
    SmallVector<std::pair<Value, Value>> cIndex = {
        {row0, ccol0}, {row0, ccol1}, {row1, ccol0}, {row1, ccol1}};
    SmallVector<Value> acc;
    for (auto [i, j] : cIndex)
      acc.push_back(memref::LoadOp::create(b, out, ValueRange{i, j}));

    auto loop = scf::ForOp::create(b, e.idx(0), e.idx(k / kStep), e.idx(1), acc);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value step = loop.getInductionVar();
      ValueRange c = loop.getRegionIterArgs();
      SmallVector<Value> next = chip == "sm_120a"
                                    ? mxf4Step(e, in, step, row0, row1, col, t, c)
                                    : e4m3Step(e, in, step, row0, row1, col,
                                               ccol0, ccol1, t, c);
      scf::YieldOp::create(b, next);
    }
    for (auto [index, value] : llvm::enumerate(loop.getResults()))
      memref::StoreOp::create(b, value, out,
                              ValueRange{cIndex[index].first, cIndex[index].second});
    gpu::TerminatorOp::create(b);
    op->erase();
  }

  /// sm_90a: one 32-wide block per step, E4M3 MMA from zero, scales in f32.
  SmallVector<Value> e4m3Step(KernelEmitter &e, ValueRange in, Value step,
                              Value row0, Value row1, Value col, Value ccol0,
                              Value ccol1, Value t, ValueRange c) {
    ImplicitLocOpBuilder &b = e.b;
    Value base = e.addIdx(e.mulIdx(step, 16), e.mulIdx(t, 2)); // byte of k
    Value high = e.addIdx(base, e.idx(8));                     // k + 16
    Value a0 = e.e4m3x4(e.word(in[0], row0, base, 2));
    Value a1 = e.e4m3x4(e.word(in[0], row1, base, 2));
    Value a2 = e.e4m3x4(e.word(in[0], row0, high, 2));
    Value a3 = e.e4m3x4(e.word(in[0], row1, high, 2));
    Value b0 = e.e4m3x4(e.word(in[2], col, base, 2));
    Value b1 = e.e4m3x4(e.word(in[2], col, high, 2));
    Value zero = arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f));
    SmallVector<Value, 4> d = e.mma(
        "mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32 "
        "{$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, {$10,$11,$12,$13};",
        "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f",
        {a0, a1, a2, a3, b0, b1, zero, zero, zero, zero});
    Value sa0 = e.scale(e.byte(in[1], row0, step));
    Value sa1 = e.scale(e.byte(in[1], row1, step));
    Value sb0 = e.scale(e.byte(in[3], ccol0, step));
    Value sb1 = e.scale(e.byte(in[3], ccol1, step));
    Value sa[4] = {sa0, sa0, sa1, sa1}, sb[4] = {sb0, sb1, sb0, sb1};
    // The smaller scale first: a block sum (a multiple of 2^-2) times any
    // E8M0 scale (>= 2^-127) is exact, and the one rounding step cannot
    // overflow where the reference's products do not (scales 2^127 and
    // 2^-127 on a sum of 32 ones give 32, not inf).
    SmallVector<Value> next;
    for (int i = 0; i < 4; ++i) {
      Value lo = arith::MinimumFOp::create(b, sa[i], sb[i]);
      Value hi = arith::MaximumFOp::create(b, sa[i], sb[i]);
      Value scaled = arith::MulFOp::create(
          b, arith::MulFOp::create(b, d[i], lo), hi);
      next.push_back(arith::AddFOp::create(b, c[i], scaled));
    }
    return next;
  }

  /// sm_120a: one K = 64 step of the native MXFP4 block-scaled MMA.
  SmallVector<Value> mxf4Step(KernelEmitter &e, ValueRange in, Value step,
                              Value row0, Value row1, Value col, Value t,
                              ValueRange c) {
    ImplicitLocOpBuilder &b = e.b;
    Value base = e.addIdx(e.mulIdx(step, 32), e.mulIdx(t, 4)); // byte of k
    Value high = e.addIdx(base, e.idx(16));                    // k + 32
    Value a0 = e.word(in[0], row0, base, 4);
    Value a1 = e.word(in[0], row1, base, 4);
    Value a2 = e.word(in[0], row0, high, 4);
    Value a3 = e.word(in[0], row1, high, 4);
    Value b0 = e.word(in[2], col, base, 4);
    Value b1 = e.word(in[2], col, high, 4);
    // Scales, selector {0, 0}: lane 4g brings row g's two K-blocks, lane
    // 4g + 1 row g + 8's (bytes 0 and 1); lane 4g brings column g's.
    Value block = e.mulIdx(step, 2);
    Value next = e.addIdx(block, e.idx(1));
    auto pair = [&](Value memref, Value row) {
      return e.bor(e.byte(memref, row, block), e.shl(e.byte(memref, row, next), 8));
    };
    Value isT0 = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, t, e.idx(0));
    Value isT1 = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, t, e.idx(1));
    Value scaleA = arith::SelectOp::create(
        b, isT0, pair(in[1], row0),
        arith::SelectOp::create(b, isT1, pair(in[1], row1), e.i32(0)));
    Value scaleB = arith::SelectOp::create(b, isT0, pair(in[3], col), e.i32(0));
    SmallVector<Value, 4> d = e.mma(
        "mma.sync.aligned.m16n8k64.row.col.kind::mxf4.block_scale.scale_vec::2X"
        ".f32.e2m1.e2m1.f32.ue8m0 {$0,$1,$2,$3}, {$4,$5,$6,$7}, {$8,$9}, "
        "{$10,$11,$12,$13}, $14, {0, 0}, $15, {0, 0};",
        "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f,r,r",
        {a0, a1, a2, a3, b0, b1, c[0], c[1], c[2], c[3], scaleA, scaleB});
    return SmallVector<Value>(d.begin(), d.end());
  }
};

} // namespace
