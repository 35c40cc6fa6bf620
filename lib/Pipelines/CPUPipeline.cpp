//===- CPUPipeline.cpp - mx on tensors to the LLVM dialect for the CPU ----===//

#include "mx/Pipelines/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"

// The stages of the CPU pipeline, written as a textual pipeline so that it
// reads exactly like the mlir-opt command a user could type instead.
static constexpr const char *kCPUPipeline =
    // mx -> linalg on packed bytes (the reference semantics).
    "convert-mx-to-linalg,canonicalize,"
    // Tensors -> buffers; function boundaries take plain memrefs.
    "one-shot-bufferize{bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-deallocation-pipeline,convert-bufferization-to-memref,"
    // linalg -> loops -> control flow.
    "convert-linalg-to-loops,expand-strided-metadata,lower-affine,"
    "convert-scf-to-cf,"
    // bf16 conversions as integer arithmetic (no libcalls needed).
    "arith-expand{include-bf16=true},"
    // Everything -> LLVM, with C interface wrappers for the host; math ops
    // without an LLVM intrinsic (erf) become libm calls.
    "func.func(llvm-request-c-wrappers),convert-math-to-llvm,convert-math-to-libm,"
    "finalize-memref-to-llvm,"
    "convert-arith-to-llvm,convert-index-to-llvm,convert-func-to-llvm,"
    "convert-cf-to-llvm,reconcile-unrealized-casts";

void mx::buildCPUPipeline(mlir::OpPassManager &pm) {
  if (mlir::failed(mlir::parsePassPipeline(kCPUPipeline, pm)))
    llvm::report_fatal_error("mx-cpu-pipeline: cannot parse its own pipeline");
}

void mx::registerMXPipelines() {
  mx::registerGPUPipeline();
  mlir::PassPipelineRegistration<>(
      "mx-cpu-pipeline",
      "Lower mx ops on tensors to the LLVM dialect for CPU execution (see "
      "docs/numerics.md for the memory layout of codes and scales)",
      [](mlir::OpPassManager &pm) { mx::buildCPUPipeline(pm); });
}
