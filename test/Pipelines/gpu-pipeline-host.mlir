// The host side of a GPU build calls only what runtime/MXCudaRuntime.cpp
// provides, and every buffer it allocates is host-shared.
// RUN: mx-opt %S/../../examples/tetrajet_linear.mlir --mx-gpu-pipeline="chip=sm_90a" \
// RUN:   | mlir-translate --mlir-to-llvmir | FileCheck %s
// CHECK-NOT: declare {{.*}}@malloc
// CHECK-DAG: declare ptr @mgpuMemAlloc(i64, ptr, i8)
// CHECK-DAG: declare void @mgpuMemFree(ptr, ptr)
// CHECK-DAG: declare ptr @mgpuStreamCreate()
// CHECK-DAG: declare void @mgpuStreamSynchronize(ptr)
// CHECK-DAG: declare void @mgpuStreamDestroy(ptr)
// CHECK-DAG: declare ptr @mgpuModuleLoadJIT(ptr, i32)
// CHECK-DAG: declare void @mgpuModuleUnload(ptr)
// CHECK-DAG: declare ptr @mgpuModuleGetFunction(ptr, ptr)
// CHECK-DAG: declare void @mgpuLaunchKernel(ptr, i64, i64, i64, i64, i64, i64, i32, ptr, ptr, ptr, i64)
// CHECK-DAG: define void @_mlir_ciface_linear_forward_backward(
