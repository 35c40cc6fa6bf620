//===- Pipelines.h - Pass pipelines of the mx project -----------*- C++ -*-===//

#ifndef MX_PIPELINES_PIPELINES_H
#define MX_PIPELINES_PIPELINES_H

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace mx {

/// Lowers a module of mx ops on tensors to the LLVM dialect for the CPU:
/// convert-mx-to-linalg, bufferization with buffer deallocation, loops, and
/// the LLVM conversions. Functions get C interface wrappers
/// (`_mlir_ciface_<name>`) so that a host program can call them with memref
/// descriptors.
void buildCPUPipeline(mlir::OpPassManager &pm);

/// Registers `mx-cpu-pipeline` and `mx-gpu-pipeline` with the pass registry.
void registerMXPipelines();

/// Registers `mx-gpu-pipeline{chip=sm_90a|sm_100a|sm_120a format=isa|bin|fatbin}`.
void registerGPUPipeline();

} // namespace mx

#endif // MX_PIPELINES_PIPELINES_H
