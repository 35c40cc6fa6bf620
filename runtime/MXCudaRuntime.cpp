//===- MXCudaRuntime.cpp - The host runtime of compiled mx programs -------===//
//
// Implements the functions that MLIR's GPU-to-LLVM lowering calls
// (mgpuModuleLoad, mgpuLaunchKernel, mgpuMemAlloc, mgpuMemset32, ...) over the
// CUDA driver API, for programs built with mx-gpu-pipeline, plus mxManagedAlloc
// and mxManagedFree for drivers that pass buffers to them. Buffers allocated
// "host shared" are CUDA managed memory, reachable from kernels and host
// code alike; the others, which only kernels touch, come from the device's
// memory pool in stream order. A driver whose results stay on the device
// (PyTorch CUDA tensors) can have host-shared buffers come from the pool
// too (mxSetHostSharedOnDevice): managed memory costs more to allocate,
// place and free than the kernels of a quantization take.
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

/// Stops the program with the failing call and CUDA's message.
void check(CUresult result, const char *what) {
  if (result == CUDA_SUCCESS)
    return;
  const char *name = "unknown", *message = "";
  cuGetErrorName(result, &name);
  cuGetErrorString(result, &message);
  std::fprintf(stderr, "mx runtime: %s failed: %s (%s)\n", what, name, message);
  std::abort();
}

/// Makes the primary context of device 0 current, once per thread.
void ensureContext() {
  static thread_local bool ready = false;
  if (ready)
    return;
  static CUcontext context = [] {
    check(cuInit(0), "cuInit");
    CUdevice device;
    check(cuDeviceGet(&device, 0), "cuDeviceGet");
    CUcontext primary;
    check(cuDevicePrimaryCtxRetain(&primary, device),
          "cuDevicePrimaryCtxRetain");
    return primary;
  }();
  check(cuCtxSetCurrent(context), "cuCtxSetCurrent");
  ready = true;
}

/// Moves managed memory to device 0 (allocating its pages there if it has
/// none yet) and waits: kernels then run without page faults on it.
void prefetchToDevice(CUdeviceptr pointer, uint64_t bytes) {
  CUmemLocation device = {};
  device.type = CU_MEM_LOCATION_TYPE_DEVICE;
  device.id = 0;
  check(cuMemPrefetchAsync(pointer, bytes, device, 0, nullptr),
        "cuMemPrefetchAsync");
  check(cuStreamSynchronize(nullptr), "cuStreamSynchronize");
}

/// Device 0's default memory pool, made to keep what is freed for the next
/// allocation instead of handing it back to the driver at each
/// synchronisation: buffers that compiled programs allocate and free on
/// every call (the matmul's bf16 operand images) then cost next to nothing.
CUmemoryPool devicePool() {
  static CUmemoryPool pool = [] {
    CUdevice device;
    check(cuDeviceGet(&device, 0), "cuDeviceGet");
    CUmemoryPool defaultPool;
    check(cuDeviceGetDefaultMemPool(&defaultPool, device),
          "cuDeviceGetDefaultMemPool");
    cuuint64_t keepAll = UINT64_MAX;
    check(cuMemPoolSetAttribute(defaultPool, CU_MEMPOOL_ATTR_RELEASE_THRESHOLD,
                                &keepAll),
          "cuMemPoolSetAttribute");
    return defaultPool;
  }();
  return pool;
}

/// Whether "host shared" buffers that this thread allocates come from the
/// device pool instead of managed memory (mxSetHostSharedOnDevice). Per
/// thread, so that a driver calling a program on one thread does not change
/// where another thread's program puts its results; mgpuMemFree asks the
/// driver which kind a pointer is, so a buffer may be freed anywhere.
thread_local bool hostSharedOnDevice = false;

} // namespace

extern "C" {

CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  ensureContext();
  CUmodule module = nullptr;
  check(cuModuleLoadData(&module, data), "cuModuleLoadData");
  return module;
}

/// PTX, compiled by the driver (format=isa builds).
CUmodule mgpuModuleLoadJIT(void *data, int /*optLevel*/) {
  return mgpuModuleLoad(data, 0);
}

void mgpuModuleUnload(CUmodule module) {
  // Called from a global destructor, possibly after the driver has shut
  // down: an error here is not worth stopping the program for.
  cuModuleUnload(module);
}

CUfunction mgpuModuleGetFunction(CUmodule module, const char *name) {
  CUfunction function = nullptr;
  check(cuModuleGetFunction(&function, module, name), "cuModuleGetFunction");
  return function;
}

void mgpuLaunchKernel(CUfunction function, intptr_t gridX, intptr_t gridY,
                      intptr_t gridZ, intptr_t blockX, intptr_t blockY,
                      intptr_t blockZ, int32_t sharedBytes, CUstream stream,
                      void **params, void **extra, size_t /*paramCount*/) {
  ensureContext();
  if (sharedBytes > 48 * 1024)
    check(cuFuncSetAttribute(function,
                             CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                             sharedBytes),
          "cuFuncSetAttribute");
  check(cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY, blockZ,
                       sharedBytes, stream, params, extra),
        "cuLaunchKernel");
}

CUstream mgpuStreamCreate() {
  ensureContext();
  CUstream stream = nullptr;
  check(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  return stream;
}

void mgpuStreamDestroy(CUstream stream) {
  check(cuStreamDestroy(stream), "cuStreamDestroy");
}

void mgpuStreamSynchronize(CUstream stream) {
  check(cuStreamSynchronize(stream), "cuStreamSynchronize");
}

/// Host-shared buffers are managed memory; the others come from the device
/// pool, in stream order.
void *mgpuMemAlloc(uint64_t bytes, CUstream stream, bool hostShared) {
  ensureContext();
  CUdeviceptr pointer = 0;
  if (bytes == 0)
    return nullptr;
  if (hostShared && hostSharedOnDevice) {
    // Usable on every stream once allocated.
    check(cuMemAllocFromPoolAsync(&pointer, bytes, devicePool(), stream),
          "cuMemAllocFromPoolAsync");
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
  } else if (hostShared) {
    check(cuMemAllocManaged(&pointer, bytes, CU_MEM_ATTACH_GLOBAL),
          "cuMemAllocManaged");
    // Host-shared buffers are mostly written by kernels: their pages start
    // on the device.
    prefetchToDevice(pointer, bytes);
  } else {
    check(cuMemAllocFromPoolAsync(&pointer, bytes, devicePool(), stream),
          "cuMemAllocFromPoolAsync");
  }
  return reinterpret_cast<void *>(pointer);
}

/// Any pointers the driver knows (device, managed or host memory).
void mgpuMemcpy(void *dst, void *src, size_t bytes, CUstream stream) {
  check(cuMemcpyAsync(reinterpret_cast<CUdeviceptr>(dst),
                      reinterpret_cast<CUdeviceptr>(src), bytes, stream),
        "cuMemcpyAsync");
}

/// `count` 32-bit words from `dst` on set to `value` (gpu.memset).
void mgpuMemset32(void *dst, unsigned value, size_t count, CUstream stream) {
  check(cuMemsetD32Async(reinterpret_cast<CUdeviceptr>(dst), value, count,
                         stream),
        "cuMemsetD32Async");
}

/// Managed memory after the stream's work; pool memory in stream order.
void mgpuMemFree(void *pointer, CUstream stream) {
  if (!pointer)
    return;
  auto device = reinterpret_cast<CUdeviceptr>(pointer);
  unsigned managed = 0;
  check(
      cuPointerGetAttribute(&managed, CU_POINTER_ATTRIBUTE_IS_MANAGED, device),
      "cuPointerGetAttribute");
  if (!managed) {
    check(cuMemFreeAsync(device, stream), "cuMemFreeAsync");
    return;
  }
  if (stream)
    check(cuStreamSynchronize(stream), "cuStreamSynchronize");
  check(cuMemFree(device), "cuMemFree");
}

/// Managed memory for a driver's arguments and results.
void *mxManagedAlloc(uint64_t bytes) { return mgpuMemAlloc(bytes, nullptr, true); }

/// Frees what mxManagedAlloc or a compiled program's host-shared allocation
/// handed to a driver, after the work queued on the device, which may still
/// read it.
void mxManagedFree(void *pointer) {
  if (!pointer)
    return;
  ensureContext();
  check(cuCtxSynchronize(), "cuCtxSynchronize");
  mgpuMemFree(pointer, nullptr);
}

/// Nonzero: from now on, buffers that compiled programs allocate "host
/// shared" (their results, for one) on the calling thread come from the
/// device pool, for a driver that only hands them to device code; zero:
/// managed memory again.
/// Host code of the program must then not read them (mx programs on the
/// GPU path do not: their host copies are gpu.memcpy).
void mxSetHostSharedOnDevice(int onDevice) { hostSharedOnDevice = onDevice; }

/// Moves a driver's argument, written on the host, to the device before a
/// call, as a device-resident tensor would be.
void mxPrefetchToDevice(void *pointer, uint64_t bytes) {
  ensureContext();
  if (pointer && bytes)
    prefetchToDevice(reinterpret_cast<CUdeviceptr>(pointer), bytes);
}

/// Waits for all work on the device.
void mxSynchronize() {
  ensureContext();
  check(cuCtxSynchronize(), "cuCtxSynchronize");
}

} // extern "C"
