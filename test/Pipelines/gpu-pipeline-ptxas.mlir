// The kernels of a whole TetraJet linear layer (forward and backward)
// assemble with ptxas for each chip: format=bin runs ptxas on the PTX.
// REQUIRES: ptxas
// RUN: mx-opt %S/../../examples/tetrajet_linear.mlir --mx-gpu-pipeline="chip=sm_90a format=bin" | FileCheck %s
// RUN: mx-opt %S/../../examples/tetrajet_linear.mlir --mx-gpu-pipeline="chip=sm_90a sm90-operands=e4m3 format=bin" | FileCheck %s
// RUN: mx-opt %S/../../examples/tetrajet_linear.mlir --mx-gpu-pipeline="chip=sm_100a format=bin" | FileCheck %s
// RUN: mx-opt %S/../../examples/tetrajet_linear.mlir --mx-gpu-pipeline="chip=sm_120a format=bin" | FileCheck %s
// CHECK: gpu.binary @linear_forward_backward_kernel
// CHECK-SAME: #gpu.object<#nvvm.target
// CHECK-SAME: bin = "
