//===- GPUKernelUtils.cpp - Shared pieces of the mx GPU kernel passes ------===//

#include "GPUKernelUtils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

bool mx::isKnownGPUChip(StringRef chip) {
  return chip == "sm_90a" || chip == "sm_100a" || chip == "sm_120a";
}

Value mx::constI32(ImplicitLocOpBuilder &b, uint32_t v) {
  return arith::ConstantOp::create(
      b, b.getI32IntegerAttr(static_cast<int32_t>(v)));
}

Value mx::constIndex(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIndexOp::create(b, v);
}

void mx::assertAligned(ImplicitLocOpBuilder &b, Value buffer, int64_t bytes,
                       const Twine &message) {
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, buffer);
  Value remainder = arith::RemUIOp::create(
      b, address, arith::ConstantIndexOp::create(b, bytes));
  Value aligned =
      arith::CmpIOp::create(b, arith::CmpIPredicate::eq, remainder,
                            arith::ConstantIndexOp::create(b, 0));
  cf::AssertOp::create(b, aligned, message.str());
}

Value mx::viewAsWords(ImplicitLocOpBuilder &b, Value bytes) {
  auto type = cast<MemRefType>(bytes.getType());
  Value flat = memref::CollapseShapeOp::create(
      b, bytes, ArrayRef<ReassociationIndices>{{0, 1}});
  auto wordsType = MemRefType::get({type.getDimSize(0), type.getDimSize(1) / 4},
                                   b.getI32Type(), MemRefLayoutAttrInterface(),
                                   type.getMemorySpace());
  return memref::ViewOp::create(b, wordsType, flat,
                                arith::ConstantIndexOp::create(b, 0),
                                ValueRange{});
}

Value mx::ptx(ImplicitLocOpBuilder &b, Type result, StringRef instruction,
              ValueRange operands) {
  auto letter = [](Type type) {
    assert((type.isInteger(32) || type.isF32()) && "an i32 or f32 value");
    return type.isF32() ? "f" : "r";
  };
  std::string constraints = std::string("=") + letter(result);
  for (Value operand : operands)
    constraints += std::string(",") + letter(operand.getType());
  return LLVM::InlineAsmOp::create(
             b, result, operands, instruction, constraints,
             /*has_side_effects=*/false, /*is_align_stack=*/false,
             LLVM::TailCallKind::None, LLVM::AsmDialectAttr(), ArrayAttr())
      .getRes();
}

Value mx::ptxI32(ImplicitLocOpBuilder &b, StringRef instruction,
                 ValueRange operands) {
  return ptx(b, b.getI32Type(), instruction, operands);
}

void mx::onFreshStream(OpBuilder &b, Location loc,
                       function_ref<Value(Type token, Value start)> op) {
  Type token = b.getType<gpu::AsyncTokenType>();
  Value start =
      gpu::WaitOp::create(b, loc, token, ValueRange()).getAsyncToken();
  gpu::WaitOp::create(b, loc, Type(), op(token, start));
}

Value mx::allocDeviceBuffer(OpBuilder &b, Location loc, MemRefType type) {
  Value buffer;
  onFreshStream(b, loc, [&](Type token, Value start) {
    auto alloc = gpu::AllocOp::create(b, loc, type, token, start,
                                      /*dynamicSizes=*/ValueRange(),
                                      /*symbolOperands=*/ValueRange(),
                                      /*hostShared=*/false);
    buffer = alloc.getMemref();
    return alloc.getAsyncToken();
  });
  return buffer;
}

void mx::zeroDeviceBuffer(OpBuilder &b, Location loc, Value memref) {
  onFreshStream(b, loc, [&](Type token, Value start) {
    Value zero = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(0));
    return gpu::MemsetOp::create(b, loc, token, start, memref, zero)
        .getAsyncToken();
  });
}

void mx::freeGPUBuffer(OpBuilder &b, Location loc, Value memref) {
  onFreshStream(b, loc, [&](Type token, Value start) {
    return gpu::DeallocOp::create(b, loc, token, start, memref).getAsyncToken();
  });
}
