// How fast the H200 streams a 28672 x 8192 MXFP4 weight (117 MB of codes)
// when it is read the way the mma.sync kernel of mx.matmul reads it, and in
// variations of that pattern: a throughput probe for docs/benchmarks.md.
// The kernels only load and fold what they load into one word; nothing
// is multiplied.
//
// In the mma.sync kernel (GPUBlockScaledMatmul.cpp, one 16-row MMA tile
// along M), a warp owns `tiles` x 8 rows of the weight, and lane 4g + t
// loads 16 bytes (one K-block of codes) at byte 16 t of each 64-byte step
// of rows g, g + 8, ...; K is split into `splits` parts, one per block
// index along y. Built and run on the GPU machine:
//
//   nvcc -O3 -arch=sm_90a -std=c++17 python/tools/weight_load_patterns.cu \
//        -o weight_load_patterns && ./weight_load_patterns
//
// Times are the median of 12 launches, each after a 256 MB write that
// flushes L2, from CUDA events.

#include <cuda_runtime.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

constexpr int kRows = 28672, kRowBytes = 4096;

void check(cudaError_t result, const char *what) {
  if (result == cudaSuccess)
    return;
  std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(result));
  std::exit(1);
}

/// One 16-byte load that bypasses L1, as the matmul's loads of B do.
__device__ unsigned load16(const uint4 *address) {
  uint4 v;
  asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(address));
  return v.x + 3 * v.y + 5 * v.z + 7 * v.w;
}

/// The mma.sync kernel's pattern: `Tiles` x 8 rows a warp, `Warps` warps a
/// block, K in `Splits` parts.
template <int Splits, int Tiles, int Warps>
__global__ void mmaPattern(const uint4 *weight, unsigned *sink) {
  int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
  int warp = blockIdx.x * Warps + threadIdx.x / 32;
  int steps = kRowBytes / 64 / Splits, first = blockIdx.y * steps;
  unsigned folded = 0;
#pragma unroll 2
  for (int s = first; s < first + steps; ++s)
#pragma unroll
    for (int j = 0; j < Tiles; ++j) {
      size_t row = static_cast<size_t>(warp) * Tiles * 8 + g + 8 * j;
      folded ^= load16(weight + (row * kRowBytes + s * 64 + t * 16) / 16);
    }
  if (folded == 0x12345678u) // never, for the data written below
    *sink = folded;
}

/// As mmaPattern, but lane t loads `Blocks` adjacent 16-byte K-blocks of
/// each row a step (64 * Blocks bytes a row and step, a warp).
template <int Splits, int Tiles, int Warps, int Blocks>
__global__ void widePattern(const uint4 *weight, unsigned *sink) {
  int lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
  int warp = blockIdx.x * Warps + threadIdx.x / 32;
  int steps = kRowBytes / (64 * Blocks) / Splits, first = blockIdx.y * steps;
  unsigned folded = 0;
#pragma unroll 2
  for (int s = first; s < first + steps; ++s)
#pragma unroll
    for (int j = 0; j < Tiles; ++j)
#pragma unroll
      for (int b = 0; b < Blocks; ++b) {
        size_t row = static_cast<size_t>(warp) * Tiles * 8 + g + 8 * j;
        folded ^= load16(
            weight +
            (row * kRowBytes + s * 64 * Blocks + (t * Blocks + b) * 16) / 16);
      }
  if (folded == 0x12345678u)
    *sink = folded;
}

__device__ unsigned sharedAddress(const void *p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

/// A producer warp copies `Warps` x 32 rows of `StageBytes` bytes each with
/// cp.async.bulk into a ring of `Stages` stages; `Warps` consumer warps
/// read each stage from shared memory the way the mma.sync kernel's lanes
/// read the weight (lane 4g + t: 16 bytes at 16 t of each 64 bytes of rows
/// g, g + 8, g + 16, g + 24), then release it. Rows are padded by 16 bytes
/// in shared memory so that those reads do not conflict.
template <int Splits, int Warps, int StageBytes, int Stages>
__global__ void bulkPattern(const char *weight, unsigned *sink) {
  constexpr int kRowsPerBlock = Warps * 32, kPitch = StageBytes + 16;
  extern __shared__ __align__(128) char ring[];
  __shared__ __align__(8) unsigned long long full[Stages], empty[Stages];
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  int partBytes = kRowBytes / Splits, rounds = partBytes / StageBytes;
  size_t firstRow = static_cast<size_t>(blockIdx.x) * kRowsPerBlock;
  const char *part = weight + firstRow * kRowBytes + blockIdx.y * partBytes;
  if (threadIdx.x == 0)
    for (int s = 0; s < Stages; ++s) {
      asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(
          sharedAddress(&full[s])));
      asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(
                       sharedAddress(&empty[s])),
                   "r"(Warps));
    }
  asm volatile("fence.mbarrier_init.release.cluster;");
  __syncthreads();
  auto wait = [](unsigned long long *barrier, unsigned parity) {
    asm volatile("{\n .reg .pred p;\n wait_%=:\n"
                 " mbarrier.try_wait.parity.shared::cta.b64 p, [%0], %1;\n"
                 " @!p bra wait_%=;\n}" ::"r"(sharedAddress(barrier)),
                 "r"(parity));
  };
  if (warp == Warps) { // the producer
    for (int r = 0; r < rounds; ++r) {
      int s = r % Stages;
      if (r >= Stages)
        wait(&empty[s], (r / Stages - 1) & 1);
      if (lane == 0)
        asm volatile(
            "mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(
                sharedAddress(&full[s])),
            "r"(kRowsPerBlock * StageBytes));
      __syncwarp();
      for (int row = lane; row < kRowsPerBlock; row += 32)
        asm volatile(
            "cp.async.bulk.shared::cluster.global.mbarrier::"
            "complete_tx::bytes [%0], [%1], %2, [%3];" ::"r"(
                sharedAddress(ring + (s * kRowsPerBlock + row) * kPitch)),
            "l"(part + static_cast<size_t>(row) * kRowBytes + r * StageBytes),
            "r"(StageBytes), "r"(sharedAddress(&full[s]))
            : "memory");
    }
    return;
  }
  int g = lane / 4, t = lane % 4;
  unsigned folded = 0;
  for (int r = 0; r < rounds; ++r) {
    int s = r % Stages;
    wait(&full[s], (r / Stages) & 1);
    const char *stage = ring + (s * kRowsPerBlock + warp * 32) * kPitch;
#pragma unroll
    for (int step = 0; step < StageBytes / 64; ++step)
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        uint4 v = *reinterpret_cast<const uint4 *>(
            stage + (g + 8 * j) * kPitch + step * 64 + t * 16);
        folded ^= v.x + 3 * v.y + 5 * v.z + 7 * v.w;
      }
    __syncwarp();
    if (lane == 0)
      asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(
          sharedAddress(&empty[s])));
  }
  if (folded == 0x12345678u)
    *sink = folded;
}

/// The ceiling: 256 threads a block read 16 bytes each, `PerThread` times,
/// one contiguous run of 4 KB a block and round.
template <int PerThread>
__global__ void contiguous(const uint4 *weight, unsigned *sink) {
  size_t base = static_cast<size_t>(blockIdx.x) * blockDim.x * PerThread;
  unsigned folded = 0;
  for (int i = 0; i < PerThread; ++i)
    folded ^= load16(weight + base + i * blockDim.x + threadIdx.x);
  if (folded == 0x12345678u)
    *sink = folded;
}

} // namespace

int main() {
  size_t bytes = static_cast<size_t>(kRows) * kRowBytes;
  size_t flushBytes = 256u << 20;
  uint4 *weight;
  char *flush;
  unsigned *sink;
  check(cudaMalloc(&weight, bytes), "cudaMalloc");
  check(cudaMalloc(&flush, flushBytes), "cudaMalloc");
  check(cudaMalloc(&sink, 4), "cudaMalloc");
  check(cudaMemset(weight, 1, bytes), "cudaMemset");
  cudaEvent_t start, stop;
  check(cudaEventCreate(&start), "cudaEventCreate");
  check(cudaEventCreate(&stop), "cudaEventCreate");
  auto time = [&](const char *name, auto launch) {
    std::vector<float> ms;
    for (int r = 0; r < 12; ++r) {
      check(cudaMemset(flush, r, flushBytes), "cudaMemset");
      check(cudaEventRecord(start), "cudaEventRecord");
      launch();
      check(cudaEventRecord(stop), "cudaEventRecord");
      check(cudaEventSynchronize(stop), "cudaEventSynchronize");
      check(cudaGetLastError(), name);
      float t;
      check(cudaEventElapsedTime(&t, start, stop), "cudaEventElapsedTime");
      ms.push_back(t);
    }
    std::sort(ms.begin(), ms.end());
    float median = ms[ms.size() / 2];
    std::printf("%-44s %7.1f us %6.2f TB/s\n", name, median * 1e3,
                bytes / median / 1e9);
  };
  constexpr int kBlockBytes = 256 * 16;
  time("contiguous, 4 loads a thread", [&] {
    contiguous<4><<<bytes / kBlockBytes / 4, 256>>>(weight, sink);
  });
  time("contiguous, 16 loads a thread", [&] {
    contiguous<16><<<bytes / kBlockBytes / 16, 256>>>(weight, sink);
  });
#define MX_PATTERN(splits, tiles, warps)                                       \
  time("mma.sync: " #tiles " tiles a warp, " #warps " warps, split " #splits,  \
       [&] {                                                                   \
         mmaPattern<splits, tiles, warps>                                      \
             <<<dim3(kRows / (tiles * 8 * warps), splits), 32 * warps>>>(      \
                 weight, sink);                                                \
       })
  MX_PATTERN(4, 4, 2); // the kernel's choice at M <= 16
  MX_PATTERN(4, 4, 4);
  MX_PATTERN(16, 4, 2);
  MX_PATTERN(4, 8, 1);
  MX_PATTERN(4, 2, 4);
  MX_PATTERN(4, 2, 2);
  MX_PATTERN(4, 1, 4);
  MX_PATTERN(8, 2, 4);
#undef MX_PATTERN
#define MX_WIDE(splits, tiles, warps, blocks)                                  \
  time("wide: " #tiles " tiles, " #warps " warps, split " #splits ", " #blocks \
       " blocks a lane",                                                       \
       [&] {                                                                   \
         widePattern<splits, tiles, warps, blocks>                             \
             <<<dim3(kRows / (tiles * 8 * warps), splits), 32 * warps>>>(      \
                 weight, sink);                                                \
       })
  MX_WIDE(4, 4, 2, 2);
  MX_WIDE(2, 4, 2, 2);
  MX_WIDE(4, 4, 2, 4);
#undef MX_WIDE
#define MX_BULK(splits, warps, stageBytes, stages)                             \
  time("bulk: " #warps " warps, split " #splits ", " #stages " x " #stageBytes \
       " B a row",                                                             \
       [&] {                                                                   \
         auto kernel = bulkPattern<splits, warps, stageBytes, stages>;         \
         int shared = stages * warps * 32 * (stageBytes + 16);                 \
         check(                                                                \
             cudaFuncSetAttribute(                                             \
                 kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, shared), \
             "cudaFuncSetAttribute");                                          \
         kernel<<<dim3(kRows / (warps * 32), splits), 32 * (warps + 1),        \
                  shared>>>(reinterpret_cast<const char *>(weight), sink);     \
       })
  MX_BULK(4, 2, 128, 4);
  MX_BULK(4, 2, 256, 4);
  MX_BULK(4, 4, 128, 4);
  MX_BULK(4, 4, 256, 3);
  MX_BULK(2, 4, 256, 4);
  MX_BULK(4, 8, 256, 3);
  MX_BULK(4, 8, 128, 4);
  MX_BULK(2, 8, 256, 3);
#undef MX_BULK
  return 0;
}
