//===- GPUPipeline.cpp - mx on tensors to GPU kernels and PTX -------------===//

#include "mx/Pipelines/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

#include <string>

namespace {

enum class Chip { SM90a, SM100a, SM120a };

struct GPUPipelineOptions : mlir::PassPipelineOptions<GPUPipelineOptions> {
  Option<Chip> chip{
      *this, "chip", llvm::cl::desc("The GPU to compile for"),
      llvm::cl::init(Chip::SM90a),
      llvm::cl::values(
          clEnumValN(Chip::SM90a, "sm_90a", "Hopper (H100, H200)"),
          clEnumValN(Chip::SM100a, "sm_100a", "datacenter Blackwell (B200)"),
          clEnumValN(Chip::SM120a, "sm_120a",
                     "consumer Blackwell (RTX 50, DGX Spark)"))};
  Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What the GPU modules become: isa (PTX text), bin "
                     "(cubin, needs ptxas) or fatbin"),
      llvm::cl::init("isa")};
  Option<bool> tensorCores{
      *this, "tensor-cores",
      llvm::cl::desc("Run block-scaled matmuls on the tensor cores "
                     "(mx-gpu-block-scaled-matmul); false keeps them as SIMT "
                     "kernels, the baseline of python/tools/gpu_bench.py"),
      llvm::cl::init(true)};
  Option<bool> fusedQuantize{
      *this, "fused-quantize",
      llvm::cl::desc("Quantize along rows with one kernel per mx.quantize "
                     "(mx-gpu-quantize); false keeps the reference's linalg "
                     "ops, one SIMT kernel each"),
      llvm::cl::init(true)};
  Option<std::string> sm90Operands{
      *this, "sm90-operands",
      llvm::cl::desc("sm_90a matmuls: bf16 (scales folded into bf16 "
                     "operands) or e4m3 (block sums scaled in f32)"),
      llvm::cl::init("bf16")};
  Option<bool> sm100Tcgen05{
      *this, "sm100-tcgen05",
      llvm::cl::desc("sm_100a matmuls with M % 128, N % 128 and K % 256 = 0: "
                     "the tcgen05 kernel (assembled by ptxas, never run on a "
                     "GPU); off keeps them SIMT"),
      llvm::cl::init(false)};
  Option<bool> sm90Warpgroup{
      *this, "sm90-warpgroup",
      llvm::cl::desc("sm_90a matmuls with bf16 operands: wgmma where M, N "
                     "and K divide into its tiles; false keeps mma.sync"),
      llvm::cl::init(true)};
  Option<bool> sm90Streamed{
      *this, "sm90-streamed",
      llvm::cl::desc("sm_90a matmuls with bf16 operands, M % 128, N % 256 "
                     "and K % 64 = 0, M and N >= 1024 or M < 1024 in at "
                     "least 64 tiles: bf16 images of the operands (of A "
                     "only where M < 1024) streamed to wgmma; false "
                     "converts them in the matmul kernel"),
      llvm::cl::init(true)};
};

/// The chip name and the PTX version its instructions need: sm_90a's e4m3
/// mma.sync needs PTX 8.4; the Blackwell chips' block-scaled and FP4
/// instructions 8.8.
std::pair<const char *, const char *> target(Chip chip) {
  switch (chip) {
  case Chip::SM90a:
    return {"sm_90a", "+ptx84"};
  case Chip::SM100a:
    return {"sm_100a", "+ptx88"};
  case Chip::SM120a:
    return {"sm_120a", "+ptx88"};
  }
  llvm_unreachable("unknown chip");
}

void buildGPUPipeline(mlir::OpPassManager &pm,
                      const GPUPipelineOptions &options) {
  auto [chip, features] = target(options.chip);
  std::string pipeline =
      // Quantizations along rows as one kernel each, with the reference's
      // scalar arithmetic; then mx -> linalg on packed bytes: the same
      // reference arithmetic as the CPU path, so GPU results are
      // bit-identical to it (block-scaled matmuls on the tensor cores
      // aside: they accumulate in another order and not with IEEE f32
      // rounding, within the f32 summation bound).
      (options.fusedQuantize
           ? "func.func(mx-gpu-quantize{chip=" + std::string(chip) + "}),"
           : std::string()) +
      "convert-mx-to-linalg,canonicalize,"
      // Callers' buffers are never written: drivers pass theirs as they
      // are (the PyTorch binding passes CUDA tensors without a copy).
      "func.func(mx-read-only-arguments),"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
      // Block-scaled matmuls on the tensor cores; every other linalg op
      // becomes a kernel over its parallel loops.
      "func.func(" +
      (options.tensorCores
           ? "mx-gpu-block-scaled-matmul{chip=" + std::string(chip) +
                 " sm90-operands=" + options.sm90Operands.getValue() +
                 " sm90-warpgroup=" +
                 (options.sm90Warpgroup ? "true" : "false") +
                 " sm90-streamed=" + (options.sm90Streamed ? "true" : "false") +
                 " sm100-tcgen05=" + (options.sm100Tcgen05 ? "true" : "false") +
                 "},"
           : std::string()) +
      "convert-linalg-to-parallel-loops,mx-gpu-tile-parallel-loops,"
      "gpu-map-parallel-loops{mapping-policy=innermost-first},"
      "convert-parallel-loops-to-gpu),"
      // Constants that pattern rewrites hoisted out of the launches go back
      // in: as kernel parameters they would cost registers and immediates.
      "gpu-launch-sink-index-computations,gpu-kernel-outlining,"
      // Buffers the function allocates live where its kernels reach them.
      "func.func(mx-gpu-shared-allocations),"
      "lower-affine,convert-scf-to-cf,"
      // C interface wrappers for the host, as on the CPU.
      "func.func(llvm-request-c-wrappers),"
      // NVVM, the host side, and the binary for the chip.
      "gpu-lower-to-nvvm-pipeline{cubin-chip=" +
      std::string(chip) + " cubin-features=" + features +
      " cubin-format=" + options.format.getValue() + "}";
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm)))
    llvm::report_fatal_error("mx-gpu-pipeline: cannot parse its own pipeline");
}

} // namespace

void mx::registerGPUPipeline() {
  mlir::PassPipelineRegistration<GPUPipelineOptions>(
      "mx-gpu-pipeline",
      "Lower mx ops on tensors to GPU kernels and a binary for one chip "
      "(tensor-core matmuls, SIMT kernels for the rest; see docs/gpu.md)",
      buildGPUPipeline);
}
