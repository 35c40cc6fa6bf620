//===- GPUQuantize.cpp - mx.quantize as one GPU kernel --------------------===//
//
// convert-mx-to-linalg writes mx.quantize as four linalg ops (block amax,
// scales, one code per byte, packing), which become four SIMT kernels with
// intermediate buffers, and a thread per block that reads its 32 values one
// by one. On a GPU one kernel does it all: two threads per block, each with
// sixteen neighbouring elements, using the same scalar arithmetic
// (mx::buildQuantizeScaleByte, mx::buildQuantizeCode), so the results stay
// bit-identical to the reference. (Sixteen elements a thread ran faster on
// the H200 than eight, 0.28 against 0.33 ms for 16384^2 f32, and they are
// one group of the stochastic rounding stream: one Philox call a thread.)
//
//===----------------------------------------------------------------------===//

#include "GPUKernelUtils.h"

#include "mx/Conversion/MXToLinalg/MXToLinalg.h"
#include "mx/Dialect/MX/IR/MXOps.h"
#include "mx/Dialect/MX/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::mx {
#define GEN_PASS_DEF_GPUQUANTIZE
#include "mx/Dialect/MX/Transforms/Passes.h.inc"
} // namespace mlir::mx

using namespace mlir;

namespace {

/// Elements per thread: two 32-bit words of packed codes, and exactly one
/// 16-element group of the stochastic rounding stream.
constexpr int64_t kPerThread = 16;
/// Threads per 32-element block.
constexpr int64_t kPerBlock = 32 / kPerThread;

struct GPUQuantizePass
    : mlir::mx::impl::GPUQuantizeBase<GPUQuantizePass> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(GPUQuantizePass)
  using GPUQuantizeBase::GPUQuantizeBase;

  void runOnOperation() override {
    if (!mx::isKnownGPUChip(chip)) {
      getOperation().emitError()
          << "mx-gpu-quantize: unknown chip '" << chip << "'";
      return signalPassFailure();
    }
    SmallVector<mx::QuantizeOp> quantizers;
    getOperation().walk([&](mx::QuantizeOp op) {
      if (fits(op))
        quantizers.push_back(op);
    });
    for (mx::QuantizeOp op : quantizers)
      rewrite(op);
  }

  /// Nearest-even rounding on a chip with hardware E2M1 conversion.
  bool convertsInHardware(mx::QuantizeOp op) const {
    return (chip == "sm_100a" || chip == "sm_120a") && !op.getEma() &&
           op.getRounding() == mx::Rounding::NearestEven;
  }

  /// PTX cvt.rn.satfinite.e2m1x2.f32: the codes of `high` and `low` (f32)
  /// as the high and low nibble of a byte, returned in an i32. (Modelled,
  /// with the operand order used here, in python/mx/ptx_model.py.)
  static Value cvtE2M1x2(ImplicitLocOpBuilder &b, Value high, Value low) {
    return LLVM::InlineAsmOp::create(
               b, b.getI32Type(), ValueRange{high, low},
               "{ .reg .b8 pair; cvt.rn.satfinite.e2m1x2.f32 pair, $1, $2; "
               "cvt.u32.u8 $0, pair; }",
               "=r,f,f", /*has_side_effects=*/false, /*is_align_stack=*/false,
               LLVM::TailCallKind::None, LLVM::AsmDialectAttr(), ArrayAttr())
        .getRes();
  }

  /// A static 2-D quantization along rows of whole warps' worth of elements
  /// (so that every shuffle sees a full warp).
  static bool fits(mx::QuantizeOp op) {
    auto type = dyn_cast<RankedTensorType>(op.getInput().getType());
    if (!type || type.getRank() != 2 || !type.hasStaticShape() ||
        op.getAxis() != 1 || type.getNumElements() % (32 * kPerThread) ||
        type.getNumElements() == 0)
      return false;
    Type element = type.getElementType();
    return element.isF32() || element.isBF16() || element.isF16();
  }

  void rewrite(mx::QuantizeOp op) {
    ImplicitLocOpBuilder b(op.getLoc(), op);
    auto type = cast<RankedTensorType>(op.getInput().getType());
    int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
    Type i8 = b.getI8Type(), i32 = b.getI32Type();
    auto idx = [&](int64_t v) { return arith::ConstantIndexOp::create(b, v); };
    auto c32 = [&](uint32_t v) {
      return arith::ConstantOp::create(
          b, b.getI32IntegerAttr(static_cast<int32_t>(v)));
    };

    // Buffers: the input (and Q-EMA values) read in place, the codes and
    // scales allocated here and handed back as tensors.
    auto readOnly = [&](Value tensor) {
      auto t = cast<RankedTensorType>(tensor.getType());
      auto buffer = bufferization::ToBufferOp::create(
          b, MemRefType::get(t.getShape(), t.getElementType()), tensor,
          /*read_only=*/true);
      return buffer.getResult();
    };
    Value input = readOnly(op.getInput());
    Value ema = op.getEma() ? readOnly(op.getEma()) : Value();
    SmallVector<Value> inputs{input};
    if (ema)
      inputs.push_back(ema);
    for (Value buffer : inputs)
      mx::assertAligned(b, buffer, 16,
                        "mx.quantize on the GPU: the input and its Q-EMA "
                        "values must be 16-byte aligned");
    auto codesType = MemRefType::get({rows, cols / 2}, i8);
    auto scalesType = MemRefType::get({rows, cols / 32}, i8);
    Value codes = memref::AllocOp::create(b, codesType, b.getI64IntegerAttr(64));
    Value scales =
        memref::AllocOp::create(b, scalesType, b.getI64IntegerAttr(64));
    // The packed codes as i32 words of eight codes.
    Value words = mx::viewAsWords(b, codes);

    int64_t threads = rows * cols / kPerThread;
    int64_t blockSize = 256;
    while (threads % blockSize)
      blockSize /= 2; // threads % 32 == 0 (fits)
    auto launch = gpu::LaunchOp::create(b, idx(threads / blockSize), idx(1),
                                        idx(1), idx(blockSize), idx(1), idx(1));
    b.setInsertionPointToStart(&launch.getBody().front());
    Value thread =
        arith::AddIOp::create(b,
                              arith::MulIOp::create(
                                  b, launch.getBlockIds().x, idx(blockSize)),
                              launch.getThreadIds().x);
    Value first = arith::MulIOp::create(b, thread, idx(kPerThread));
    Value row = arith::DivUIOp::create(b, first, idx(cols));
    Value col = arith::RemUIOp::create(b, first, idx(cols));

    // The thread's elements as f32, in 16-byte loads.
    auto loadAll = [&](Value buffer) {
      Type element = cast<MemRefType>(buffer.getType()).getElementType();
      int64_t perLoad = 16 * 8 / element.getIntOrFloatBitWidth();
      SmallVector<Value> values;
      for (int64_t start = 0; start < kPerThread; start += perLoad) {
        auto load = vector::LoadOp::create(
            b, VectorType::get({perLoad}, element), buffer,
            ValueRange{row, arith::AddIOp::create(b, col, idx(start))});
        load.setAlignment(static_cast<uint64_t>(16));
        for (int64_t i = 0; i < perLoad; ++i) {
          Value v = vector::ExtractOp::create(b, load, i);
          values.push_back(element.isF32()
                               ? v
                               : arith::ExtFOp::create(b, b.getF32Type(), v));
        }
      }
      return values;
    };
    SmallVector<Value> x = loadAll(input);
    SmallVector<Value> emaValues =
        ema ? loadAll(ema) : SmallVector<Value>(kPerThread, Value());

    // The block's amax bits: the thread's, then across the block's threads.
    Value amax;
    for (Value v : x) {
      Value bits = arith::AndIOp::create(
          b, arith::BitcastOp::create(b, i32, v), c32(0x7fffffff));
      amax = amax ? arith::MaxSIOp::create(b, amax, bits) : bits;
    }
    for (uint32_t distance = 1; distance < kPerBlock; distance *= 2) {
      auto other = gpu::ShuffleOp::create(b, amax, c32(distance), c32(32),
                                          gpu::ShuffleMode::XOR);
      amax = arith::MaxSIOp::create(b, amax, other.getShuffleResult());
    }
    Value scaleByte = arith::TruncIOp::create(
        b, i8, mx::buildQuantizeScaleByte(b, amax, op.getScaleRule()));

    // Stochastic rounding: the thread's elements are one 16-element group
    // of the stream, byte j of the Philox block's little-endian words for
    // element first + j.
    SmallVector<Value> randomBytes(kPerThread, Value());
    if (op.getRounding() == mx::Rounding::Stochastic) {
      Value index = arith::IndexCastUIOp::create(b, b.getI64Type(), first);
      Value group = arith::ShRUIOp::create(
          b, index, arith::ConstantOp::create(b, b.getI64IntegerAttr(4)));
      std::array<Value, 4> random =
          mx::buildRandomWords(b, op.getSeed(), op.getOffset(), group);
      for (int64_t j = 0; j < kPerThread; ++j)
        randomBytes[j] = arith::AndIOp::create(
            b, arith::ShRUIOp::create(b, random[j / 4], c32(8 * (j % 4))),
            c32(0xff));
    }

    // Eight codes per word, two words in one 8-byte store.
    SmallVector<Value> packed(kPerThread / 8, c32(0));
    if (convertsInHardware(op)) {
      // Blackwell's cvt.rn.satfinite.e2m1x2.f32 rounds to nearest, ties to
      // the even code, and saturates at 6: the reference's nearest-even
      // rounding of x * 2^-s, sign and -0 included (by the PTX ISA; not run
      // on such a chip here).
      Value inverseScale = mx::buildInverseScale(b, scaleByte);
      for (int64_t j = 0; j < kPerThread; j += 2) {
        Value even = arith::MulFOp::create(b, x[j], inverseScale);
        Value odd = arith::MulFOp::create(b, x[j + 1], inverseScale);
        Value byte = cvtE2M1x2(b, odd, even);
        packed[j / 8] = arith::OrIOp::create(
            b, packed[j / 8], arith::ShLIOp::create(b, byte, c32(4 * (j % 8))));
      }
    } else {
      for (int64_t j = 0; j < kPerThread; ++j) {
        Value code = mx::buildQuantizeCode(b, x[j], scaleByte, op.getRounding(),
                                           emaValues[j], randomBytes[j]);
        packed[j / 8] = arith::OrIOp::create(
            b, packed[j / 8],
            arith::ShLIOp::create(b, code, c32(4 * (j % 8))));
      }
    }
    // Blocks of zeros and of NaN or infinity get all-zero codes, as in the
    // reference: one select a word, not one a code.
    Value special = mx::buildSpecialBlock(b, amax);
    for (Value &word : packed)
      word = arith::SelectOp::create(b, special, c32(0), word);
    Value pair = vector::FromElementsOp::create(
        b, VectorType::get({kPerThread / 8}, i32), packed);
    auto store = vector::StoreOp::create(
        b, pair, words,
        ValueRange{row, arith::DivUIOp::create(b, col, idx(8))});
    store.setAlignment(static_cast<uint64_t>(4 * kPerThread / 8));
    Value leader = arith::CmpIOp::create(
        b, arith::CmpIPredicate::eq,
        arith::RemUIOp::create(b, thread, idx(kPerBlock)), idx(0));
    auto ifLeader = scf::IfOp::create(b, leader, /*withElse=*/false);
    b.setInsertionPointToStart(ifLeader.thenBlock());
    memref::StoreOp::create(
        b, scaleByte, scales,
        ValueRange{row, arith::DivUIOp::create(b, col, idx(32))});
    b.setInsertionPointAfter(ifLeader);
    gpu::TerminatorOp::create(b);

    // Back to tensors of the op's result types.
    b.setInsertionPointAfter(launch);
    SmallVector<Value> results, buffers{codes, scales};
    for (auto [buffer, result] : llvm::zip(buffers, op.getResults())) {
      auto tensorType = RankedTensorType::get(
          cast<MemRefType>(buffer.getType()).getShape(), i8);
      Value bytes = bufferization::ToTensorOp::create(
          b, tensorType, buffer, /*restrict=*/true, /*writable=*/true);
      results.push_back(UnrealizedConversionCastOp::create(
                            b, result.getType(), bytes)
                            .getResult(0));
    }
    op.replaceAllUsesWith(results);
    op.erase();
  }
};

} // namespace
