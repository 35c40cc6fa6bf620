// How fast a weight-bound MXFP4 matmul (16 x 28672 x 8192, the M = 16
// shape of docs/benchmarks.md) can run on the H200 with the design of
// mx.matmul's mma.sync kernel, what limits it, and other designs: a
// probe for docs/benchmarks.md, not part of the compiler. It times each
// variant side by side with cuBLAS's bf16 product of the same shape and
// checks it against a float64 product (98 columns).
//
// All variants compute what the lowering's bf16 way computes: B's codes
// become bf16 times their scale in three integer instructions and one
// mul.bf16x2 per pair, bf16 MMAs accumulate in f32, K is split into parts
// added atomically. Unlike the lowering, A's bf16 operands are made once
// per block (each block owns one K part) into shared memory, before a
// persistent loop over groups of rows of B.
//
//  * m16: each warp loads its rows of B one or more steps ahead into
//    registers (as the lowering does) and multiplies with mma.sync
//    m16n8k16. Template arguments vary what the lowering cannot vary
//    cheaply: rows a warp (8 J), K-blocks a lane and step (BPL, adjacent
//    or interleaved), steps loaded ahead; Mode leaves work out to see what
//    the rest costs (0: everything; 1: no conversion, raw words into the
//    MMAs; 2: no loads after the first steps; 3: no conversion and half
//    the MMAs; 4: half the MMAs). Only Mode 0 computes the product; the
//    others print their error anyway.
//  * ws16: warp-specialized; producer warps copy B into a ring of shared
//    memory with cp.async, consumer warps convert and multiply from there.
//  * tma16: as ws16, but one thread copies a whole stage (the rows of all
//    consumer warps) with one TMA instruction through a tensor map that
//    the host makes with the driver API (hence -lcuda).
//  * wg16: the transposed product on wgmma, B converted in registers into
//    the A operand of m64n16k16.
//  * e4m3wg: the transposed product on wgmma with E4M3 operands in shared
//    memory and each block's sums scaled in f32; also at M = 64 (the
//    variants named "M = 64", timed against cuBLAS at M = 64).
//
// Built and run on the GPU machine:
//
//   nvcc -O3 -gencode arch=compute_90a,code=sm_90a -std=c++17 \
//        python/tools/weight_bound_probe.cu \
//        -lcublas -lcuda -o weight_bound_probe && ./weight_bound_probe
//
// With a word as its argument (`./weight_bound_probe e4m3`) it runs only
// the variants whose names contain it.
//
// Scales are drawn from 2^-7 .. 2^8, where every product is exact in bf16
// as the probe folds them. Times are medians of 21 launches, each after a
// 256 MB write that flushes L2, from CUDA events.
#include <cublas_v2.h>
#include <cuda.h>
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#define CK(x)                                                                  \
  do {                                                                         \
    auto result = (x);                                                         \
    if (result != 0) {                                                         \
      std::fprintf(stderr, "%s:%d %s -> %d\n", __FILE__, __LINE__, #x,         \
                   static_cast<int>(result));                                  \
      std::exit(1);                                                            \
    }                                                                          \
  } while (0)

constexpr int M = 16, MaxM = 64, N = 28672, K = 8192;
constexpr int RowBytes = K / 2, RowScales = K / 32;

__device__ __forceinline__ unsigned mulbf(unsigned a, unsigned b) {
  unsigned d;
  asm("mul.rn.bf16x2 %0, %1, %2;" : "=r"(d) : "r"(a), "r"(b));
  return d;
}
// codes p and p + 4 of w at 2^-126 times their E2M1 value.
__device__ __forceinline__ unsigned pairBits(unsigned w, int p) {
  return (((w >> (4 * p)) & 0x000F000Fu) * 0x1040u) & 0x81C081C0u;
}
// 2^(s - 64) in both halves, for scale byte s: B's pairBits times it are
// codes times 2^(s - 127 - 63); A's, first multiplied by 2^126 (aPair),
// codes times 2^(s - 127 + 63). Their products are the exact ones.
__device__ __forceinline__ unsigned scaleFactor(unsigned s) {
  return ((s + 63) << 7) * 0x00010001u;
}
__device__ __forceinline__ uint4 ldB(const uint4 *p) {
  uint4 v;
  asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];"
               : "=r"(v.x), "=r"(v.y), "=r"(v.z), "=r"(v.w)
               : "l"(p));
  return v;
}
__device__ __forceinline__ void mma(float *c, const unsigned *a, unsigned b0,
                                    unsigned b1) {
  asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
               "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
               : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
}
__device__ __forceinline__ unsigned aPair(unsigned w, int p, unsigned f) {
  return mulbf(mulbf(pairBits(w, p), 0x7E807E80u), f);
}

// Word i (0 to 3, known at compile time once unrolled) of a 16-byte load.
__device__ __forceinline__ unsigned wordOf4(const uint4 &q, int i) {
  return i == 0 ? q.x : i == 1 ? q.y : i == 2 ? q.z : q.w;
}

// Lane t's word wd of a step: its index in the row and its block.
template <int BPL, bool Inter>
__device__ __forceinline__ int wordOf(int s, int t, int wd) {
  return Inter ? s * 16 * BPL + 16 * (wd / 4) + 4 * t + wd % 4
               : s * 16 * BPL + 4 * BPL * t + wd;
}
template <int BPL, bool Inter>
__device__ __forceinline__ int blockOf(int s, int t, int wd) {
  return Inter ? s * 4 * BPL + 4 * (wd / 4) + t
               : s * 4 * BPL + BPL * t + wd / 4;
}
template <int BPL, bool Inter>
__device__ __forceinline__ uint4 aFragment(const unsigned *aw,
                                           const unsigned char *as, int g,
                                           int t, int s, int wd, int h) {
  int word = wordOf<BPL, Inter>(s, t, wd),
      block = blockOf<BPL, Inter>(s, t, wd);
  unsigned w0 = aw[g * (RowBytes / 4) + word];
  unsigned w1 = aw[(g + 8) * (RowBytes / 4) + word];
  unsigned f0 = scaleFactor(as[g * RowScales + block]);
  unsigned f1 = scaleFactor(as[(g + 8) * RowScales + block]);
  return make_uint4(aPair(w0, 2 * h, f0), aPair(w1, 2 * h, f1),
                    aPair(w0, 2 * h + 1, f0), aPair(w1, 2 * h + 1, f1));
}

template <int J, int BPL> struct BLoad {
  uint4 w[J][BPL];
  unsigned char s[J][BPL];
};
template <int J, int BPL, bool Inter>
__device__ __forceinline__ void loadB(BLoad<J, BPL> &l, const uint4 *bw,
                                      const unsigned char *bs, int rg, int s,
                                      int g, int t) {
#pragma unroll
  for (int j = 0; j < J; ++j) {
    size_t row = (size_t)rg * 8 * J + 8 * j + g;
#pragma unroll
    for (int q = 0; q < BPL; ++q) {
      l.w[j][q] =
          ldB(bw + (row * RowBytes / 4 + wordOf<BPL, Inter>(s, t, 4 * q)) / 4);
      l.s[j][q] = bs[row * RowScales + blockOf<BPL, Inter>(s, t, 4 * q)];
    }
  }
}

// Adds an m16n8 accumulator tile (lane 4g + t: rows g and g + 8 of the
// result, columns col and col + 1) into the result and zeroes it.
__device__ __forceinline__ void addTile(float *c, float (&acc)[4], int g,
                                        size_t col) {
  atomicAdd(c + g * N + col, acc[0]);
  atomicAdd(c + g * N + col + 1, acc[1]);
  atomicAdd(c + (g + 8) * N + col, acc[2]);
  atomicAdd(c + (g + 8) * N + col + 1, acc[3]);
#pragma unroll
  for (int e = 0; e < 4; ++e)
    acc[e] = 0;
}

// Persistent: block b owns K part b % Parts; its warps walk groups of 8 J
// rows; a lane loads BPL blocks of each of its J rows a step. A's fragments
// made once per block into shared memory.
template <int Parts, int J, int BPL, bool Inter, int Mode = 0, int Ahead = 1>
__global__ void m16(const uint4 *bw, const unsigned char *bs,
                    const unsigned *aw, const unsigned char *as, float *c,
                    int warpsPerBlock) {
  constexpr int StepK = 128 * BPL, Steps = K / StepK, Chunks = 8 * BPL;
  constexpr int PartSteps = Steps / Parts, Groups = N / (8 * J);
  extern __shared__ uint4 frag[]; // [PartSteps][Chunks][32]
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32, g = lane / 4,
      t = lane % 4;
  int part = blockIdx.x % Parts, blocksPerPart = gridDim.x / Parts;
  int inPart = blockIdx.x / Parts;
  int firstStep = part * PartSteps;
  int wi = inPart * warpsPerBlock + warp,
      stride = blocksPerPart * warpsPerBlock;
  int groups = wi < Groups ? (Groups - 1 - wi) / stride + 1 : 0;
  int iters = groups * PartSteps;
  BLoad<J, BPL> buf[Ahead];
#pragma unroll
  for (int a = 0; a < Ahead; ++a)
    if (a < iters)
      loadB<J, BPL, Inter>(buf[a], bw, bs, wi + stride * (a / PartSteps),
                           firstStep + a % PartSteps, g, t);
  for (int u = warp; u < PartSteps * Chunks; u += warpsPerBlock) {
    int s = u / Chunks, ch = u % Chunks;
    frag[u * 32 + lane] =
        aFragment<BPL, Inter>(aw, as, g, t, firstStep + s, ch / 2, ch % 2);
  }
  __syncthreads();
  float acc[J][4] = {};
  for (int i = 0; i < iters; ++i) {
    BLoad<J, BPL> cur = buf[0];
#pragma unroll
    for (int a = 0; a + 1 < Ahead; ++a)
      buf[a] = buf[a + 1];
    int rg = wi + stride * (i / PartSteps), ls = i % PartSteps;
    if (i + Ahead < iters && Mode != 2)
      loadB<J, BPL, Inter>(buf[Ahead - 1], bw, bs,
                           wi + stride * ((i + Ahead) / PartSteps),
                           firstStep + (i + Ahead) % PartSteps, g, t);
    unsigned fb[J][BPL];
#pragma unroll
    for (int j = 0; j < J; ++j)
#pragma unroll
      for (int q = 0; q < BPL; ++q)
        fb[j][q] = scaleFactor(cur.s[j][q]);
#pragma unroll
    for (int wd = 0; wd < 4 * BPL; ++wd)
#pragma unroll
      for (int h = 0; h < 2; ++h) {
        uint4 a = frag[(ls * Chunks + wd * 2 + h) * 32 + lane];
        unsigned av[4] = {a.x, a.y, a.z, a.w};
#pragma unroll
        for (int j = 0; j < J; ++j) {
          const uint4 &q = cur.w[j][wd / 4];
          unsigned w = wordOf4(q, wd % 4);
          unsigned f = fb[j][wd / 4];
          if (Mode == 1)
            mma(acc[j], av, w, w ^ f);
          else if (Mode == 3) {
            if (j % 2 == 0)
              mma(acc[j], av, w, w ^ f);
            else
              acc[j][0] += __uint_as_float(w ^ f);
          } else if (Mode == 4) {
            unsigned b0 = mulbf(pairBits(w, 2 * h), f),
                     b1 = mulbf(pairBits(w, 2 * h + 1), f);
            if (j % 2 == 0)
              mma(acc[j], av, b0, b1);
            else
              acc[j][0] += __uint_as_float(b0 ^ b1);
          } else
            mma(acc[j], av, mulbf(pairBits(w, 2 * h), f),
                mulbf(pairBits(w, 2 * h + 1), f));
        }
      }
    if (ls == PartSteps - 1) {
#pragma unroll
      for (int j = 0; j < J; ++j) {
        int col = rg * 8 * J + 8 * j + 2 * t;
        addTile(c, acc[j], g, col);
      }
    }
  }
}

__device__ float e2m1Device(int code) {
  const float v[8] = {0, .5f, 1, 1.5f, 2, 3, 4, 6};
  return (code & 8 ? -1 : 1) * v[code & 7];
}

// Shared-memory addresses and mbarriers, and the consumers' side of ws16
// and tma16.
__device__ __forceinline__ unsigned sharedAddress(const void *p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}
__device__ __forceinline__ void waitParity(unsigned long long *barrier,
                                           unsigned parity) {
  asm volatile("{\n .reg .pred p;\n wait_%=:\n"
               " mbarrier.try_wait.parity.shared::cta.b64 p, [%0], %1;\n"
               " @!p bra wait_%=;\n}" ::"r"(sharedAddress(barrier)),
               "r"(parity)
               : "memory");
}
// Lane t's two 16-byte chunks (2 t and 2 t + 1) of each of its consumer
// warp's rows 32 warp + 8 j + g in a stage: 128 bytes of codes a row,
// chunk x of row r at x ^ (r % 8).
__device__ __forceinline__ void loadStage(uint4 (&w)[4][2],
                                          const unsigned char *stage, int warp,
                                          int g, int t) {
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    int row = 32 * warp + 8 * j + g;
#pragma unroll
    for (int q = 0; q < 2; ++q)
      w[j][q] = *reinterpret_cast<const uint4 *>(
          stage + row * 128 + (((2 * t + q) ^ (row % 8)) * 16));
  }
}

// Hands a stage back to the producers once the whole warp has loaded it.
__device__ __forceinline__ void releaseStage(unsigned long long *empty,
                                             int lane) {
  __syncwarp();
  if (lane == 0)
    asm volatile(
        "mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(sharedAddress(empty))
        : "memory");
}

// Adds a consumer warp's step to `acc`: its rows' codes `w` (loadStage),
// two scale bytes a row in `sc`, times A's fragments of the step
// (`stepFrag`, 16 chunks of 32 lanes).
__device__ __forceinline__ void multiplyStage(float (&acc)[4][4],
                                              const uint4 (&w)[4][2],
                                              const unsigned short (&sc)[4],
                                              const uint4 *stepFrag, int lane) {
  unsigned fb[4][2];
#pragma unroll
  for (int j = 0; j < 4; ++j) {
    fb[j][0] = scaleFactor(sc[j] & 0xFF);
    fb[j][1] = scaleFactor(sc[j] >> 8);
  }
#pragma unroll
  for (int wd = 0; wd < 8; ++wd)
#pragma unroll
    for (int h = 0; h < 2; ++h) {
      uint4 a = stepFrag[(wd * 2 + h) * 32 + lane];
      unsigned av[4] = {a.x, a.y, a.z, a.w};
#pragma unroll
      for (int j = 0; j < 4; ++j) {
        unsigned x = wordOf4(w[j][wd / 4], wd % 4);
        unsigned f = fb[j][wd / 4];
        mma(acc[j], av, mulbf(pairBits(x, 2 * h), f),
            mulbf(pairBits(x, 2 * h + 1), f));
      }
    }
}

// Adds a consumer warp's sums of its 32 rows (from `firstRow` + 32 warp)
// to the result.
__device__ __forceinline__ void addStage(float *c, float (&acc)[4][4],
                                         size_t firstRow, int warp, int lane) {
#pragma unroll
  for (int j = 0; j < 4; ++j)
    addTile(c, acc[j], lane / 4, firstRow + 32 * warp + 8 * j + 2 * (lane % 4));
}

// How a persistent block of ws16 or tma16 shares the work: it owns K part
// blockIdx.x % Parts (PartSteps steps from firstStep) and walks the groups
// of Rows rows of B inPart, inPart + blocksPerPart, ..., one step a round.
template <int Parts, int Rows> struct RingShare {
  static constexpr int PartSteps = K / 256 / Parts;
  int blocksPerPart, inPart, firstStep, rounds;
  __device__ RingShare()
      : blocksPerPart(gridDim.x / Parts), inPart(blockIdx.x / Parts),
        firstStep(blockIdx.x % Parts * PartSteps) {
    int groups = N / Rows;
    rounds = (inPart < groups ? (groups - 1 - inPart) / blocksPerPart + 1 : 0) *
             PartSteps;
  }
  // The first row of B and the step of round r.
  __device__ int firstRow(int r) const {
    return (inPart + blocksPerPart * (r / PartSteps)) * Rows;
  }
  __device__ int step(int r) const { return firstStep + r % PartSteps; }
};

// Readies the ring's barriers (full ones expecting `fullArrivals`, empty
// ones `consumers` arrivals) and the block's A fragments of its K part
// ([step][16 chunks][32 lanes], made by the block's `warps` warps).
template <int Parts, int Rows, int Stages>
__device__ void prepareRing(const RingShare<Parts, Rows> &share,
                            unsigned long long (&full)[Stages],
                            unsigned long long (&empty)[Stages],
                            int fullArrivals, int consumers, int warps,
                            uint4 *frag, const unsigned *aw,
                            const unsigned char *as) {
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  if (threadIdx.x == 0)
    for (int s = 0; s < Stages; ++s) {
      asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(
                       sharedAddress(&full[s])),
                   "r"(fullArrivals));
      asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(
                       sharedAddress(&empty[s])),
                   "r"(consumers));
    }
  for (int u = warp; u < share.PartSteps * 16; u += warps)
    frag[u * 32 + lane] =
        aFragment<2, false>(aw, as, lane / 4, lane % 4,
                            share.firstStep + u / 16, u % 16 / 2, u % 2);
  asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
  __syncthreads();
}

// Warp-specialized: `Producers` warps copy each step's 128 bytes of each of
// the block's 32 x C rows of B, and their 8 scales, with cp.async into a ring
// of `Stages` stages (rows swizzled in 16-byte chunks by row % 8, so that
// the consumers' reads do not conflict); C consumer warps convert and
// multiply from shared memory, as m16 does with J = 4 and BPL = 2, with A's
// fragments made once per block. Full barriers count the producers'
// threads (cp.async.mbarrier.arrive.noinc), empty ones the consumers.
template <int Parts, int C, int Producers, int Stages>
__global__ void ws16(const uint4 *bw, const unsigned char *bs,
                     const unsigned *aw, const unsigned char *as, float *c,
                     int /*warps: C + Producers*/) {
  constexpr int Rows = 32 * C, StageBytes = Rows * 128 + Rows * 8;
  RingShare<Parts, Rows> share;
  extern __shared__ __align__(128) unsigned char shared[];
  uint4 *frag = reinterpret_cast<uint4 *>(shared); // [PartSteps][16][32]
  unsigned char *ring = shared + share.PartSteps * 16 * 32 * 16;
  __shared__ __align__(8) unsigned long long full[Stages], empty[Stages];
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32, g = lane / 4,
      t = lane % 4;
  prepareRing(share, full, empty, 32 * Producers, C, C + Producers, frag, aw,
              as);
  if (warp >= C) { // a producer
    int p = (warp - C) * 32 + lane;
    for (int r = 0; r < share.rounds; ++r) {
      int s = r % Stages;
      if (r >= Stages)
        waitParity(&empty[s], (r / Stages - 1) & 1);
      size_t firstRow = share.firstRow(r);
      int step = share.step(r);
      unsigned char *stage = ring + s * StageBytes;
      for (int q = p; q < Rows * 8; q += 32 * Producers) {
        int row = q / 8, chunk = q % 8;
        const void *from = reinterpret_cast<const unsigned char *>(bw) +
                           (firstRow + row) * RowBytes + step * 128 +
                           chunk * 16;
        asm volatile(
            "cp.async.cg.shared.global [%0], [%1], 16;" ::"r"(
                sharedAddress(stage + row * 128 + ((chunk ^ (row % 8)) * 16))),
            "l"(from)
            : "memory");
      }
      for (int row = p; row < Rows; row += 32 * Producers)
        asm volatile("cp.async.ca.shared.global [%0], [%1], 8;" ::"r"(
                         sharedAddress(stage + Rows * 128 + row * 8)),
                     "l"(bs + (firstRow + row) * RowScales + step * 8)
                     : "memory");
      asm volatile("cp.async.mbarrier.arrive.noinc.shared::cta.b64 [%0];" ::"r"(
                       sharedAddress(&full[s]))
                   : "memory");
    }
    return;
  }
  float acc[4][4] = {};
  for (int r = 0; r < share.rounds; ++r) {
    int s = r % Stages, ls = r % share.PartSteps;
    waitParity(&full[s], (r / Stages) & 1);
    const unsigned char *stage = ring + s * StageBytes;
    uint4 w[4][2];
    unsigned short sc[4];
    loadStage(w, stage, warp, g, t);
#pragma unroll
    for (int j = 0; j < 4; ++j)
      sc[j] = *reinterpret_cast<const unsigned short *>(
          stage + Rows * 128 + (32 * warp + 8 * j + g) * 8 + 2 * t);
    releaseStage(&empty[s], lane);
    multiplyStage(acc, w, sc, frag + ls * 16 * 32, lane);
    if (ls == share.PartSteps - 1)
      addStage(c, acc, share.firstRow(r), warp, lane);
  }
}

// As ws16, but one producer thread copies each stage's codes (R = 32 C
// rows x 128 bytes) with one TMA instruction through `codes`, a 2D tensor
// map with 128-byte swizzle (the same layout ws16 writes by hand); the
// consumers load their scales themselves (L1-cached, as the lowering does).
template <int Parts, int C, int Stages>
__global__ void tma16(const __grid_constant__ CUtensorMap codes,
                      const unsigned char *bs, const unsigned *aw,
                      const unsigned char *as, float *c) {
  constexpr int Rows = 32 * C;
  constexpr int StageBytes = Rows * 128; // a multiple of 1024
  RingShare<Parts, Rows> share;
  extern __shared__ unsigned char sharedBytes[];
  unsigned char *shared =
      sharedBytes +
      ((1024 - __cvta_generic_to_shared(sharedBytes) % 1024) % 1024);
  unsigned char *ring = shared;
  uint4 *frag = reinterpret_cast<uint4 *>(shared + Stages * StageBytes);
  __shared__ __align__(8) unsigned long long full[Stages], empty[Stages];
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32, g = lane / 4,
      t = lane % 4;
  prepareRing(share, full, empty, 1, C, C + 1, frag, aw, as);
  if (warp == C) { // the producer
    if (lane == 0)
      for (int r = 0; r < share.rounds; ++r) {
        int s = r % Stages;
        if (r >= Stages)
          waitParity(&empty[s], (r / Stages - 1) & 1);
        int firstRow = share.firstRow(r), x = share.step(r) * 128;
        asm volatile(
            "mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(
                sharedAddress(&full[s])),
            "r"(StageBytes)
            : "memory");
        asm volatile("cp.async.bulk.tensor.2d.shared::cluster.global.mbarrier::"
                     "complete_tx::bytes [%0], [%1, {%2, %3}], [%4];" ::"r"(
                         sharedAddress(ring + s * StageBytes)),
                     "l"(&codes), "r"(x), "r"(firstRow),
                     "r"(sharedAddress(&full[s]))
                     : "memory");
      }
    return;
  }
  float acc[4][4] = {};
  for (int r = 0; r < share.rounds; ++r) {
    int s = r % Stages, ls = r % share.PartSteps, firstRow = share.firstRow(r);
    unsigned short sc[4];
#pragma unroll
    for (int j = 0; j < 4; ++j)
      sc[j] = *reinterpret_cast<const unsigned short *>(
          bs + (size_t)(firstRow + 32 * warp + 8 * j + g) * RowScales +
          share.step(r) * 8 + 2 * t);
    waitParity(&full[s], (r / Stages) & 1);
    uint4 w[4][2];
    loadStage(w, ring + s * StageBytes, warp, g, t);
    releaseStage(&empty[s], lane);
    multiplyStage(acc, w, sc, frag + ls * 16 * 32, lane);
    if (ls == share.PartSteps - 1)
      addStage(c, acc, firstRow, warp, lane);
  }
}

// The transposed product on wgmma: a warpgroup multiplies 64 rows of B
// (the weight; 16 a warp, converted in registers into the A operand of
// wgmma.mma_async m64n16k16, in the layout of an m16n8k16 A fragment) by
// A's 16 rows, which the block writes once per K part into shared memory
// as bf16 (the B operand: 16 rows of 128 bytes a 64-element K stage,
// 128-byte swizzle). Lane 4g + t loads two blocks of rows g and g + 8 of its
// warp's 16 a step, as m16 does; its k-slot j of chunk c (word c / 2,
// half c % 2) holds code 2 (c % 2) + 4 (j % 2) + j / 8 of that word.
__device__ __forceinline__ void wgmmaFence() {
  asm volatile("wgmma.fence.sync.aligned;" ::: "memory");
}
__device__ __forceinline__ void wgmmaCommit() {
  asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory");
}
template <int Pending> __device__ __forceinline__ void wgmmaWait() {
  asm volatile("wgmma.wait_group.sync.aligned %0;" ::"n"(Pending) : "memory");
}
__device__ __forceinline__ void wgmma16(float *d, const unsigned *a,
                                        unsigned long long desc) {
  asm volatile("wgmma.mma_async.sync.aligned.m64n16k16.f32.bf16.bf16 "
               "{%0,%1,%2,%3,%4,%5,%6,%7}, {%8,%9,%10,%11}, %12, 1, 1, 1, 0;"
               : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]),
                 "+f"(d[5]), "+f"(d[6]), "+f"(d[7])
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc)
               : "memory");
}

template <int Parts, bool Overlap = true>
__global__ void wg16(const uint4 *bw, const unsigned char *bs,
                     const unsigned *aw, const unsigned char *as, float *c,
                     int warpsPerBlock) {
  constexpr int BPL = 2, StepK = 256, Steps = K / StepK, Chunks = 16;
  constexpr int PartSteps = Steps / Parts, Groups = N / 64;
  constexpr int StageBytes = 16 * 128; // 64 elements of K of A's 16 rows
  extern __shared__ unsigned char sharedBytes[];
  // 128-byte swizzle: stages on 1024-byte boundaries (1 KiB more is asked).
  unsigned char *act =
      sharedBytes +
      ((1024 - __cvta_generic_to_shared(sharedBytes) % 1024) % 1024);
  int lane = threadIdx.x % 32, warp = threadIdx.x / 32, g = lane / 4,
      t = lane % 4;
  int wg = warp / 4, wgPerBlock = warpsPerBlock / 4;
  int part = blockIdx.x % Parts, blocksPerPart = gridDim.x / Parts;
  int firstStep = part * PartSteps;
  int wi = (blockIdx.x / Parts) * wgPerBlock + wg,
      stride = blocksPerPart * wgPerBlock;
  int groups = wi < Groups ? (Groups - 1 - wi) / stride + 1 : 0;
  int iters = groups * PartSteps;
  // A's part, element (row n, chunk c of the part, k-slot j).
  for (int e = threadIdx.x; e < PartSteps * Chunks * 16 * 16; e += blockDim.x) {
    int j = e % 16, n = (e / 16) % 16, cp = e / 256;
    int s = cp / Chunks, ch = cp % Chunks, lt = (j % 8) / 2;
    int word = (firstStep + s) * 32 + 8 * lt + ch / 2;
    int code = 2 * (ch % 2) + 4 * (j % 2) + j / 8;
    int k = word * 8 + code;
    unsigned byte =
        reinterpret_cast<const unsigned char *>(aw)[n * RowBytes + k / 2];
    float v = e2m1Device(k % 2 ? byte >> 4 : byte & 15) *
              exp2f(float(as[n * RowScales + k / 32]) - 127 + 63);
    int kk = ch % 4, stage = cp / 4;
    int chunk16 = (kk * 32 + 2 * j) / 16;
    int offset = stage * StageBytes + (n / 8) * 1024 + (n % 8) * 128 +
                 ((chunk16 ^ (n % 8)) * 16) + (2 * j) % 16;
    *reinterpret_cast<__nv_bfloat16 *>(act + offset) = __float2bfloat16(v);
  }
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
  __syncthreads();
  unsigned base = static_cast<unsigned>(__cvta_generic_to_shared(act));
  unsigned long long fixed =
      (1ull << 16) | (1ull * (1024 >> 4) << 32) | (1ull << 62);
  BLoad<2, BPL> next;
  auto loadRows = [&](BLoad<2, BPL> &l, int i) {
    int rg = wi + stride * (i / PartSteps), s = firstStep + i % PartSteps;
#pragma unroll
    for (int j = 0; j < 2; ++j) {
      size_t row = (size_t)rg * 64 + 16 * (warp % 4) + 8 * j + g;
#pragma unroll
      for (int q = 0; q < BPL; ++q) {
        l.w[j][q] = ldB(
            bw + (row * RowBytes / 4 + wordOf<BPL, false>(s, t, 4 * q)) / 4);
        l.s[j][q] = bs[row * RowScales + blockOf<BPL, false>(s, t, 4 * q)];
      }
    }
  };
  if (iters > 0)
    loadRows(next, 0);
  float d[8] = {};
  // Two sets of A operands, so that one step's conversion overlaps the
  // previous step's MMAs.
  unsigned a0[Chunks][4], a1[Chunks][4];
  auto step = [&](int i, unsigned(&ai)[Chunks][4]) {
    BLoad<2, BPL> cur = next;
    int rg = wi + stride * (i / PartSteps), ls = i % PartSteps;
    if (i + 1 < iters)
      loadRows(next, i + 1);
#pragma unroll
    for (int ch = 0; ch < Chunks; ++ch) {
      int wd = ch / 2, h = ch % 2;
#pragma unroll
      for (int j = 0; j < 2; ++j) {
        const uint4 &q = cur.w[j][wd / 4];
        unsigned w = wordOf4(q, wd % 4);
        unsigned f = scaleFactor(cur.s[j][wd / 4]);
        ai[ch][j] = mulbf(pairBits(w, 2 * h), f);
        ai[ch][2 + j] = mulbf(pairBits(w, 2 * h + 1), f);
      }
    }
    // The descriptors before the fence: ptxas serializes wgmma whose
    // inputs other instructions define within the group.
    unsigned long long first =
        fixed | (((base + ls * 4 * StageBytes) >> 4) & 0x3FFF);
    // Keep the conversion before the fence (the compiler may not sink it
    // between the wgmma, which would make ptxas serialize them).
#pragma unroll
    for (int ch = 0; ch < Chunks; ++ch)
#pragma unroll
      for (int r = 0; r < 4; ++r)
        asm volatile("" : "+r"(ai[ch][r])::"memory");
#pragma unroll
    for (int r = 0; r < 8; ++r)
      asm volatile("" : "+f"(d[r])::"memory");
    unsigned long long desc[Chunks];
#pragma unroll
    for (int ch = 0; ch < Chunks; ++ch)
      asm volatile("mov.b64 %0, %1;"
                   : "=l"(desc[ch])
                   : "l"(first + (ch / 4) * (StageBytes >> 4) + (ch % 4) * 2));
    wgmmaFence();
#pragma unroll
    for (int ch = 0; ch < Chunks; ++ch)
      wgmma16(d, ai[ch], desc[ch]);
    wgmmaCommit();
    wgmmaWait<Overlap ? 1 : 0>();
    if (ls == PartSteps - 1) {
      wgmmaWait<0>();
      // d[4 i + r]: weight row 16 w + g (+ 8 for r >= 2), A row 8 i + 2 t + r
      // % 2.
      size_t row = (size_t)rg * 64 + 16 * (warp % 4) + g;
#pragma unroll
      for (int r = 0; r < 8; ++r) {
        int m = 8 * (r / 4) + 2 * t + r % 2;
        atomicAdd(c + (size_t)m * N + row + 8 * ((r % 4) / 2), d[r]);
        d[r] = 0;
      }
    }
  };
  for (int i = 0; i < iters; i += 2) {
    step(i, a0);
    if (i + 1 < iters)
      step(i + 1, a1);
  }
  wgmmaWait<0>();
}

// e4m3wg: the transposed product on wgmma with E4M3 operands (Hopper's FP8
// rate, no FP4). Code c of E2M1 is exactly the E4M3 byte
// ((c & 7) << 2) | ((c & 8) << 4) times 2^6, so B's codes become E4M3 in a
// few logic instructions a word and no multiplication; the scales cannot
// ride along (E4M3 holds 2^-9 .. 448), so each 32-element block is one
// wgmma m64nMAk32 from zero and its sums are scaled in f32 and added
// (2^12 folded into the scales, which the probe's scales leave in range). Each
// warpgroup converts its 64 rows of B a step of 128 elements ahead into one of
// two stages of shared memory (128-byte swizzle); A's part of K is made into
// E4M3 once per block. Within a block the k-order is free as long as A and B
// agree: word w's even codes go first, then its odd ones.
__device__ __forceinline__ uint2 e4m3Word(unsigned w) {
  unsigned lo = ((w << 2) & 0x1C1C1C1Cu) | ((w << 4) & 0x80808080u);
  unsigned hi = ((w >> 2) & 0x1C1C1C1Cu) | (w & 0x80808080u);
  return make_uint2(lo, hi);
}
// 32 codes (a block) as 32 E4M3 bytes, two 16-byte chunks.
__device__ __forceinline__ void e4m3Block(uint4 q, uint4 &c0, uint4 &c1) {
  uint2 a = e4m3Word(q.x), b = e4m3Word(q.y), c = e4m3Word(q.z),
        d = e4m3Word(q.w);
  c0 = make_uint4(a.x, a.y, b.x, b.y);
  c1 = make_uint4(c.x, c.y, d.x, d.y);
}
// Chunk x (16 bytes) of row r of a 128-byte-swizzled tile.
__device__ __forceinline__ int swz(int r, int x) {
  return (r / 8) * 1024 + (r % 8) * 128 + ((x ^ (r % 8)) * 16);
}
// wgmma m64nMAk32 on E4M3 from a zero accumulator: MA / 2 results a thread.
template <int MA>
__device__ __forceinline__ void
wgmmaE4M3(float (&d)[MA / 2], unsigned long long a, unsigned long long b);
template <>
__device__ __forceinline__ void
wgmmaE4M3<16>(float (&d)[8], unsigned long long a, unsigned long long b) {
  asm volatile("{\n.reg .pred p;\nsetp.ne.b32 p, %10, 0;\n"
               "wgmma.mma_async.sync.aligned.m64n16k32.f32.e4m3.e4m3 "
               "{%0,%1,%2,%3,%4,%5,%6,%7}, %8, %9, p, 1, 1;\n}"
               : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3]), "=f"(d[4]),
                 "=f"(d[5]), "=f"(d[6]), "=f"(d[7])
               : "l"(a), "l"(b), "r"(0)
               : "memory");
}
template <>
__device__ __forceinline__ void
wgmmaE4M3<64>(float (&d)[32], unsigned long long a, unsigned long long b) {
  asm volatile(
      "{\n.reg .pred p;\nsetp.ne.b32 p, %34, 0;\n"
      "wgmma.mma_async.sync.aligned.m64n64k32.f32.e4m3.e4m3 "
      "{%0,%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13,%14,%15,%16,%17,%18,%19,%"
      "20,%21,%22,%23,%24,%25,%26,%27,%28,%29,%30,%31}, %32, %33, p, 1, 1;\n}"
      : "=f"(d[0]), "=f"(d[1]), "=f"(d[2]), "=f"(d[3]), "=f"(d[4]), "=f"(d[5]),
        "=f"(d[6]), "=f"(d[7]), "=f"(d[8]), "=f"(d[9]), "=f"(d[10]),
        "=f"(d[11]), "=f"(d[12]), "=f"(d[13]), "=f"(d[14]), "=f"(d[15]),
        "=f"(d[16]), "=f"(d[17]), "=f"(d[18]), "=f"(d[19]), "=f"(d[20]),
        "=f"(d[21]), "=f"(d[22]), "=f"(d[23]), "=f"(d[24]), "=f"(d[25]),
        "=f"(d[26]), "=f"(d[27]), "=f"(d[28]), "=f"(d[29]), "=f"(d[30]),
        "=f"(d[31])
      : "l"(a), "l"(b), "r"(0)
      : "memory");
}
// bar.sync on warpgroup wg's own barrier (1 + wg), a constant: with an id
// in a register ptxas reserves all 16 and a multiprocessor runs one block.
template <int WG> __device__ __forceinline__ void warpgroupBarrier(int wg) {
  if (wg == 0)
    asm volatile("bar.sync 1, 128;" ::: "memory");
  else if (WG > 1 && wg == 1)
    asm volatile("bar.sync 2, 128;" ::: "memory");
  else if (WG > 2 && wg == 2)
    asm volatile("bar.sync 3, 128;" ::: "memory");
  else if (WG > 3)
    asm volatile("bar.sync 4, 128;" ::: "memory");
}
template <int Parts, int WG, int Ahead = 1, int MA = 16>
__global__ void e4m3wg(const uint4 *bw, const unsigned char *bs,
                       const unsigned *aw, const unsigned char *as, float *c,
                       int) {
  constexpr int StepK = 128, Steps = K / StepK, PartSteps = Steps / Parts;
  constexpr int Groups = N / 64;
  constexpr int ActStep = MA * 128, Stage = 64 * 128;
  // Blocks multiplied before their sums are scaled (registers).
  constexpr int Sets = MA == 16 ? 4 : 2;
  extern __shared__ unsigned char sharedBytes[];
  unsigned char *act =
      sharedBytes +
      ((1024 - __cvta_generic_to_shared(sharedBytes) % 1024) % 1024);
  unsigned char *stages = act + PartSteps * ActStep;
  float *fa = reinterpret_cast<float *>(stages + WG * 2 * Stage);
  int tid = threadIdx.x % 128, wg = threadIdx.x / 128, warp = tid / 32,
      lane = tid % 32, g = lane / 4, t = lane % 4;
  int part = blockIdx.x % Parts, blocksPerPart = gridDim.x / Parts;
  int firstStep = part * PartSteps;
  int wi = (blockIdx.x / Parts) * WG + wg, stride = blocksPerPart * WG;
  int groups = wi < Groups ? (Groups - 1 - wi) / stride + 1 : 0;
  int iters = groups * PartSteps;
  // A's part: MA rows, 4 chunks of 32 codes (blocks) a step.
  for (int e = threadIdx.x; e < PartSteps * MA * 4; e += blockDim.x) {
    int blk = e % 4, n = (e / 4) % MA, s = e / (4 * MA);
    uint4 q = reinterpret_cast<const uint4 *>(
        aw)[(n * RowBytes + (firstStep + s) * 64 + 16 * blk) / 16];
    uint4 c0, c1;
    e4m3Block(q, c0, c1);
    unsigned char *tile = act + s * ActStep;
    *reinterpret_cast<uint4 *>(tile + swz(n, 2 * blk)) = c0;
    *reinterpret_cast<uint4 *>(tile + swz(n, 2 * blk + 1)) = c1;
    // 2^(s - 127 + 6), A's share of the 2^12.
    fa[(s * 4 + blk) * MA + n] = __uint_as_float(
        (unsigned)(as[n * RowScales + (firstStep + s) * 4 + blk] + 6) << 23);
  }
  asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
  __syncthreads();
  unsigned long long fixed =
      (1ull << 16) | (1ull * (1024 >> 4) << 32) | (1ull << 62);
  unsigned actBase = sharedAddress(act);
  unsigned stageBase = sharedAddress(stages + wg * 2 * Stage);
  int cr = tid / 2, ch = tid % 2; // the row and half-step this thread converts
  struct Load {
    uint4 q0, q1;
    unsigned s0, s1;
  } buf[Ahead];
  auto load = [&](Load &l, int i) {
    int rg = wi + stride * (i / PartSteps), s = firstStep + i % PartSteps;
    size_t row = (size_t)rg * 64 + cr;
    const uint4 *p = bw + (row * RowBytes + s * 64 + ch * 32) / 16;
    l.q0 = ldB(p);
    l.q1 = ldB(p + 1);
    size_t r0 = (size_t)rg * 64 + 16 * warp + g;
    l.s0 = *reinterpret_cast<const unsigned *>(bs + r0 * RowScales + 4 * s);
    l.s1 =
        *reinterpret_cast<const unsigned *>(bs + (r0 + 8) * RowScales + 4 * s);
  };
#pragma unroll
  for (int a = 0; a < Ahead; ++a)
    if (a < iters)
      load(buf[a], a);
  float acc[MA / 2] = {};
  float d[Sets][MA / 2];
  for (int i = 0; i < iters; ++i) {
    Load cur = buf[0];
#pragma unroll
    for (int a = 0; a + 1 < Ahead; ++a)
      buf[a] = buf[a + 1];
    if (i + Ahead < iters)
      load(buf[Ahead - 1], i + Ahead);
    int rg = wi + stride * (i / PartSteps), ls = i % PartSteps;
    unsigned char *stage = stages + wg * 2 * Stage + (i % 2) * Stage;
    uint4 c0, c1, c2, c3;
    e4m3Block(cur.q0, c0, c1);
    e4m3Block(cur.q1, c2, c3);
    *reinterpret_cast<uint4 *>(stage + swz(cr, 4 * ch)) = c0;
    *reinterpret_cast<uint4 *>(stage + swz(cr, 4 * ch + 1)) = c1;
    *reinterpret_cast<uint4 *>(stage + swz(cr, 4 * ch + 2)) = c2;
    *reinterpret_cast<uint4 *>(stage + swz(cr, 4 * ch + 3)) = c3;
    asm volatile("fence.proxy.async.shared::cta;" ::: "memory");
    warpgroupBarrier<WG>(wg);
    unsigned long long da =
        fixed | (((stageBase + (i % 2) * Stage) >> 4) & 0x3FFF);
    unsigned long long db = fixed | (((actBase + ls * ActStep) >> 4) & 0x3FFF);
    const float *fs = fa + ls * 4 * MA;
#pragma unroll
    for (int b0 = 0; b0 < 4; b0 += Sets) {
      wgmmaFence();
#pragma unroll
      for (int b = 0; b < Sets; ++b)
        wgmmaE4M3<MA>(d[b], da + 2 * (b0 + b), db + 2 * (b0 + b));
      wgmmaCommit();
      wgmmaWait<0>();
#pragma unroll
      for (int b = 0; b < Sets; ++b)
#pragma unroll
        for (int r = 0; r < MA / 2; ++r)
          asm volatile("" : "+f"(d[b][r])::"memory");
#pragma unroll
      for (int b = 0; b < Sets; ++b) {
        int blk = b0 + b;
        float fw0 = __uint_as_float((((cur.s0 >> (8 * blk)) & 0xFF) + 6) << 23);
        float fw1 = __uint_as_float((((cur.s1 >> (8 * blk)) & 0xFF) + 6) << 23);
#pragma unroll
        for (int r = 0; r < MA / 2; ++r) {
          float fw = (r % 4) / 2 ? fw1 : fw0;
          int col = 8 * (r / 4) + 2 * t + r % 2;
          acc[r] = fmaf(d[b][r] * fw, fs[blk * MA + col], acc[r]);
        }
      }
    }
    if (ls == PartSteps - 1) {
      size_t row = (size_t)rg * 64 + 16 * warp + g;
#pragma unroll
      for (int r = 0; r < MA / 2; ++r) {
        int m = 8 * (r / 4) + 2 * t + r % 2;
        atomicAdd(c + (size_t)m * N + row + 8 * ((r % 4) / 2), acc[r]);
        acc[r] = 0;
      }
    }
  }
}

static float e2m1(int code) {
  static const float v[8] = {0, .5f, 1, 1.5f, 2, 3, 4, 6};
  return (code & 8 ? -1 : 1) * v[code & 7];
}

int main(int argc, char **argv) {
  // A word as the only argument runs only the variants that contain it.
  auto wanted = [&](const char *name) {
    return argc < 2 || std::strstr(name, argv[1]);
  };
  std::mt19937 rng(7);
  std::vector<unsigned char> hb((size_t)N * RowBytes),
      hbs((size_t)N * RowScales), ha(MaxM * RowBytes), has(MaxM * RowScales);
  for (auto &x : hb)
    x = rng();
  for (auto &x : ha)
    x = rng();
  for (auto &x : hbs)
    x = 120 + rng() % 16;
  for (auto &x : has)
    x = 120 + rng() % 16;
  unsigned char *db, *dbs, *da, *das;
  float *dc;
  CK(cudaMalloc(&db, hb.size()));
  CK(cudaMalloc(&dbs, hbs.size()));
  CK(cudaMalloc(&da, ha.size()));
  CK(cudaMalloc(&das, has.size()));
  CK(cudaMalloc(&dc, (size_t)MaxM * N * 4));
  CK(cudaMemcpy(db, hb.data(), hb.size(), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(dbs, hbs.data(), hbs.size(), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(da, ha.data(), ha.size(), cudaMemcpyHostToDevice));
  CK(cudaMemcpy(das, has.data(), has.size(), cudaMemcpyHostToDevice));
  // reference for 97 columns, in double
  std::vector<int> cols;
  for (int i = 0; i < 97; ++i)
    cols.push_back((i * 2957 + 11) % N);
  cols.push_back(N - 1);
  auto val = [](const std::vector<unsigned char> &codes,
                const std::vector<unsigned char> &sc, size_t row, int k) {
    int byte = codes[row * RowBytes + k / 2];
    int code = k % 2 ? byte >> 4 : byte & 15;
    return (double)e2m1(code) *
           std::ldexp(1.0, sc[row * RowScales + k / 32] - 127);
  };
  std::vector<double> ref(MaxM * cols.size()), mag(MaxM * cols.size());
  for (int m = 0; m < MaxM; ++m)
    for (size_t ci = 0; ci < cols.size(); ++ci) {
      double s = 0, a = 0;
      for (int k = 0; k < K; ++k) {
        double p = val(ha, has, m, k) * val(hb, hbs, cols[ci], k);
        s += p, a += std::fabs(p);
      }
      ref[m * cols.size() + ci] = s;
      mag[m * cols.size() + ci] = a;
    }
  int rows = M; // the rows of A multiplied and checked
  char *flush;
  CK(cudaMalloc(&flush, 256 << 20));
  cudaEvent_t e0, e1;
  CK(cudaEventCreate(&e0));
  CK(cudaEventCreate(&e1));
  auto time = [&](const char *name, auto launch, bool check) {
    std::vector<float> ms;
    for (int r = 0; r < 21; ++r) {
      CK(cudaMemset(flush, r, 256 << 20));
      CK(cudaMemset(dc, 0, (size_t)MaxM * N * 4));
      CK(cudaEventRecord(e0));
      launch();
      CK(cudaEventRecord(e1));
      CK(cudaEventSynchronize(e1));
      CK(cudaGetLastError());
      float x;
      CK(cudaEventElapsedTime(&x, e0, e1));
      ms.push_back(x);
    }
    std::sort(ms.begin(), ms.end());
    double worst = 0;
    if (check) {
      std::vector<float> hc((size_t)MaxM * N);
      CK(cudaMemcpy(hc.data(), dc, hc.size() * 4, cudaMemcpyDeviceToHost));
      for (int m = 0; m < rows; ++m)
        for (size_t ci = 0; ci < cols.size(); ++ci) {
          double r = ref[m * cols.size() + ci];
          double d = std::fabs(hc[(size_t)m * N + cols[ci]] - r) /
                     mag[m * cols.size() + ci];
          worst = std::max(worst, d);
        }
    }
    std::printf("%-40s %7.1f us  error / sum|ab| %.2e\n", name,
                ms[ms.size() / 2] * 1e3, worst);
    return ms[ms.size() / 2];
  };
  // cuBLAS's bf16 product on random operands of the same shape.
  __nv_bfloat16 *xa, *xb;
  CK(cudaMalloc(&xa, (size_t)MaxM * K * 2));
  CK(cudaMalloc(&xb, (size_t)N * K * 2));
  {
    std::vector<__nv_bfloat16> host((size_t)N * K);
    std::uniform_real_distribution<float> uniform(-1, 1);
    for (auto &x : host)
      x = __float2bfloat16(uniform(rng));
    CK(cudaMemcpy(xb, host.data(), (size_t)N * K * 2, cudaMemcpyHostToDevice));
    CK(cudaMemcpy(xa, host.data(), (size_t)MaxM * K * 2,
                  cudaMemcpyHostToDevice));
  }
  __nv_bfloat16 *xcb;
  CK(cudaMalloc(&xcb, (size_t)MaxM * N * 2));
  cublasHandle_t h;
  CK(cublasCreate(&h));
  float one = 1, zero = 0;
  // C^T (N x M) = B (N x K) * A^T: column-major view.
  auto gemm = [&] {
    CK(cublasGemmEx(h, CUBLAS_OP_T, CUBLAS_OP_N, N, rows, K, &one, xb,
                    CUDA_R_16BF, K, xa, CUDA_R_16BF, K, &zero, xcb, CUDA_R_16BF,
                    N, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
  };
  gemm();
  double cub = time("cublas bf16 16x28672x8192", gemm, false);
  // Times `kernel` on `blocks` blocks of `warps` warps and prints how it
  // compares with cuBLAS and how it was laid out (`layout`).
  auto measure = [&](const char *name, auto kernel, int blocks, int warps,
                     int shared, const std::string &layout) {
    if (!wanted(name))
      return;
    CK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                            shared));
    cudaFuncAttributes fa;
    CK(cudaFuncGetAttributes(&fa, kernel));
    double t = time(
        name,
        [&] {
          kernel<<<blocks, warps * 32, shared>>>(
              (const uint4 *)db, dbs, (const unsigned *)da, das, dc, warps);
        },
        true);
    int resident;
    CK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&resident, kernel,
                                                     warps * 32, shared));
    std::printf("   -> %.2fx cuBLAS (%d blocks of %s, %d a multiprocessor; "
                "%d registers)\n",
                cub / t, blocks, layout.c_str(), resident, fa.numRegs);
  };
  auto parts = [](int parts) {
    return "; K in " + std::to_string(parts) + " parts";
  };
  auto run = [&](const char *name, auto kernel, int partCount, int blocks,
                 int warps, int bpl) {
    measure(name, kernel, blocks, warps,
            K / (128 * bpl) / partCount * 8 * bpl * 32 * 16,
            std::to_string(warps) + " warps" + parts(partCount));
  };
  auto runWgmma = [&](const char *name, auto kernel, int partCount, int blocks,
                      int warps) {
    measure(name, kernel, blocks, warps, K / partCount * 16 * 2 + 1024,
            std::to_string(warps) + " warps" + parts(partCount));
  };
  auto runSpecialized = [&](const char *name, auto kernel, int partCount,
                            int blocks, int consumers, int producers,
                            int stages) {
    measure(name, kernel, blocks, consumers + producers,
            K / 256 / partCount * 16 * 32 * 16 + stages * consumers * 32 * 136,
            std::to_string(consumers) + " + " + std::to_string(producers) +
                " warps" + parts(partCount) + ", " + std::to_string(stages) +
                " stages");
  };
  auto runTma = [&](const char *name, auto kernel, int partCount, int blocks,
                    int consumers, int stages) {
    if (!wanted(name))
      return;
    CUtensorMap codes;
    cuuint64_t dims[2] = {RowBytes, N}, strides[1] = {RowBytes};
    cuuint32_t box[2] = {128, (cuuint32_t)(32 * consumers)}, unit[2] = {1, 1};
    CK(cuTensorMapEncodeTiled(
        &codes, CU_TENSOR_MAP_DATA_TYPE_UINT8, 2, db, dims, strides, box, unit,
        CU_TENSOR_MAP_INTERLEAVE_NONE, CU_TENSOR_MAP_SWIZZLE_128B,
        CU_TENSOR_MAP_L2_PROMOTION_L2_256B, CU_TENSOR_MAP_FLOAT_OOB_FILL_NONE));
    int shared = stages * consumers * 32 * 128 +
                 K / 256 / partCount * 16 * 32 * 16 + 1024;
    CK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                            shared));
    double t = time(
        name,
        [&] {
          kernel<<<blocks, (consumers + 1) * 32, shared>>>(
              codes, dbs, (const unsigned *)da, das, dc);
        },
        true);
    int resident;
    CK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
        &resident, kernel, (consumers + 1) * 32, shared));
    std::printf("   -> %.2fx cuBLAS (%d blocks of %d + 1 warps, %d a "
                "multiprocessor; %d stages)\n",
                cub / t, blocks, consumers, resident, stages);
  };
  auto runE4M3 = [&](const char *name, auto kernel, int partCount, int blocks,
                     int warpgroups) {
    int partSteps = K / 128 / partCount;
    measure(name, kernel, blocks, 4 * warpgroups,
            partSteps * (2048 + 256) + warpgroups * 2 * 8192 + 1024,
            std::to_string(warpgroups) + " warpgroups" + parts(partCount));
  };
  if (wanted("M = 64 e4m3 wgmma")) {
    rows = 64;
    gemm();
    double cub16 = cub;
    cub = time("cublas bf16 64x28672x8192", gemm, false);
    auto runE4M3x64 = [&](const char *name, auto kernel, int partCount,
                          int blocks, int warpgroups) {
      int partSteps = K / 128 / partCount;
      measure(name, kernel, blocks, 4 * warpgroups,
              partSteps * (64 * 128 + 64 * 16) + warpgroups * 2 * 8192 + 1024,
              std::to_string(warpgroups) + " warpgroups" + parts(partCount));
    };
    runE4M3x64("M = 64 e4m3 wgmma, p8, 264 x 2", e4m3wg<8, 2, 2, 64>, 8, 264,
               2);
    runE4M3x64("M = 64 e4m3 wgmma, p16, 272 x 2", e4m3wg<16, 2, 2, 64>, 16, 272,
               2);
    runE4M3x64("M = 64 e4m3 wgmma, p4, 132 x 2", e4m3wg<4, 2, 2, 64>, 4, 132,
               2);
    rows = M;
    cub = cub16;
  }
  runE4M3("e4m3 wgmma, p8, 264 x 4", e4m3wg<8, 4>, 8, 264, 4);
  runE4M3("e4m3 wgmma, p8, 264 x 4, 2 ahead", e4m3wg<8, 4, 2>, 8, 264, 4);
  runE4M3("e4m3 wgmma, p8, 528 x 2", e4m3wg<8, 2>, 8, 528, 2);
  runE4M3("e4m3 wgmma, p8, 528 x 2, 2 ahead", e4m3wg<8, 2, 2>, 8, 528, 2);
  runTma("TMA, 7 + 1 warps, 4 stages", tma16<4, 7, 4>, 4, 128, 7, 4);
  runTma("TMA, 7 + 1 warps, 5 stages", tma16<4, 7, 5>, 4, 128, 7, 5);
  runTma("TMA, 4 + 1 warps, 4 stages, p8", tma16<8, 4, 4>, 8, 264, 4, 4);
  runTma("TMA, 4 + 1 warps, 8 stages", tma16<4, 4, 8>, 4, 132, 4, 8);
  runTma("TMA, 8 + 1 warps, 4 stages, p8", tma16<8, 8, 4>, 8, 128, 8, 4);
  runSpecialized("specialized, 7 + 1 warps, 4 stages", ws16<4, 7, 1, 4>, 4, 128,
                 7, 1, 4);
  runSpecialized("specialized, 7 + 1 warps, 5 stages", ws16<4, 7, 1, 5>, 4, 128,
                 7, 1, 5);
  runSpecialized("specialized, 7 + 2 warps, 5 stages", ws16<4, 7, 2, 5>, 4, 128,
                 7, 2, 5);
  runSpecialized("specialized, 14 + 2 warps, 3 stages", ws16<8, 14, 2, 3>, 8,
                 128, 14, 2, 3);
  runSpecialized("specialized, 4 + 1 warps, 8 stages", ws16<4, 4, 1, 8>, 4, 132,
                 4, 1, 8);
  runSpecialized("specialized, 4 + 1 warps, 4 stages", ws16<8, 4, 1, 4>, 8, 264,
                 4, 1, 4);
  runWgmma("wgmma, p4, 132 x 12", wg16<4, false>, 4, 132, 12);
  runWgmma("wgmma, p4, 264 x 8", wg16<4, false>, 4, 264, 8);
  runWgmma("wgmma, p8, 264 x 8", wg16<8, false>, 8, 264, 8);
  runWgmma("wgmma, p4, 132 x 16", wg16<4, false>, 4, 132, 16);
  runWgmma("wgmma, p8, 392 x 4", wg16<8, false>, 8, 392, 4);
  runWgmma("wgmma, next step's conversion during the MMAs (ptxas "
           "serializes them), p4, 132 x 12",
           wg16<4, true>, 4, 132, 12);
  // The lowering's choice: 32 rows a warp, two adjacent blocks a lane.
  run("32 rows, 2 blocks, p4, 264 x 8", m16<4, 4, 2, false>, 4, 264, 8, 2);
  run("  the same, K in 8 parts", m16<8, 4, 2, false>, 8, 264, 8, 2);
  run("  blocks interleaved", m16<4, 4, 2, true>, 4, 264, 8, 2);
  run("  2 steps ahead, 132 x 12", m16<4, 4, 2, false, 0, 2>, 4, 132, 12, 2);
  run("  3 steps ahead, 132 x 8", m16<4, 4, 2, false, 0, 3>, 4, 132, 8, 2);
  run("16 rows, 4 blocks interleaved, 132 x 16", m16<4, 2, 4, true>, 4, 132, 16,
      4);
  run("16 rows, 2 blocks, 3 ahead, 132 x 12", m16<4, 2, 2, false, 0, 3>, 4, 132,
      12, 2);
  run("32 rows: no conversion, 132 x 12", m16<4, 4, 2, false, 1>, 4, 132, 12,
      2);
  run("32 rows: no conversion, half the MMAs", m16<4, 4, 2, false, 3>, 4, 132,
      12, 2);
  run("32 rows: half the MMAs", m16<4, 4, 2, false, 4>, 4, 264, 8, 2);
  run("32 rows: no loads, 132 x 12", m16<4, 4, 2, false, 2>, 4, 132, 12, 2);
  return 0;
}
