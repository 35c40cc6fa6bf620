//===- GPUKernelUtils.h - Shared pieces of the mx GPU passes ---*- C++ -*-===//
//
// What mx-gpu-block-scaled-matmul and mx-gpu-quantize both need when they
// build kernels by hand: the chips they know, run-time alignment checks of
// buffers read with wide loads, byte buffers viewed as 32-bit words,
// single PTX instructions on 32-bit registers, and device buffers that
// host code allocates and frees around kernels.
//
//===----------------------------------------------------------------------===//

#ifndef MX_LIB_DIALECT_MX_TRANSFORMS_GPUKERNELUTILS_H
#define MX_LIB_DIALECT_MX_TRANSFORMS_GPUKERNELUTILS_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::mx {

/// True for the chips the GPU passes lower for: sm_90a, sm_100a, sm_120a.
bool isKnownGPUChip(StringRef chip);

/// An i32 constant with the bits of `v`.
Value constI32(ImplicitLocOpBuilder &b, uint32_t v);

/// An index constant.
Value constIndex(ImplicitLocOpBuilder &b, int64_t v);

/// Stops the program with `message` (cf.assert) unless `buffer`'s aligned
/// pointer is a multiple of `bytes`.
void assertAligned(ImplicitLocOpBuilder &b, Value buffer, int64_t bytes,
                   const Twine &message);

/// A rows x bytes i8 buffer with the identity layout as rows x bytes/4
/// i32 words, the same memory.
Value viewAsWords(ImplicitLocOpBuilder &b, Value bytes);

/// PTX without side effects (one instruction, or a braced block of them)
/// with one result of type `result`: `instruction` names the result $0
/// and `operands` $1, $2, ...; i32 and f32 values (registers "r", "f").
Value ptx(ImplicitLocOpBuilder &b, Type result, StringRef instruction,
          ValueRange operands);

/// ptx with an i32 result.
Value ptxI32(ImplicitLocOpBuilder &b, StringRef instruction,
             ValueRange operands);

/// Builds an asynchronous op on a fresh stream (`op` gets the token type
/// and the stream's start token, and returns the op's token) and waits for
/// it: the GPU-to-LLVM lowering takes deallocations, copies and device
/// allocations only in their asynchronous form.
void onFreshStream(OpBuilder &b, Location loc,
                   function_ref<Value(Type token, Value start)> op);

/// A buffer of `type` in device memory (gpu.alloc), for data only kernels
/// touch.
Value allocDeviceBuffer(OpBuilder &b, Location loc, MemRefType type);

/// Sets every 32-bit element of `memref`, from allocDeviceBuffer, to 0
/// (gpu.memset).
void zeroDeviceBuffer(OpBuilder &b, Location loc, Value memref);

/// Frees `memref`, from gpu.alloc, host-shared or not (gpu.dealloc).
void freeGPUBuffer(OpBuilder &b, Location loc, Value memref);

} // namespace mlir::mx

#endif // MX_LIB_DIALECT_MX_TRANSFORMS_GPUKERNELUTILS_H
