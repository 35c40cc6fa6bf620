"""The Triton baseline of gpu_bench.py: an MXFP4 x MXFP4 matmul written with
`tl.dot_scaled`, on the operands exactly as mx.matmul takes them (codes
packed two per byte along K, the even element low; one E8M0 byte per 32
elements along K; B given as N x K). On a GPU without MX tensor cores
(the H200) Triton upcasts both tiles to bf16 with the scales folded in and
runs a bf16 dot.

Needs Triton, so it is imported on the GPU machine only.
"""

import triton
import triton.language as tl

# (BLOCK_M, BLOCK_N, BLOCK_K, warps, stages): a few tiles for large M and a
# few for skinny M; gpu_bench keeps the fastest correct one per shape.
TILES = [(128, 256, 128, 8, 3), (128, 128, 256, 8, 3), (128, 128, 128, 4, 4),
         (16, 128, 256, 4, 4), (64, 128, 256, 4, 4)]


@triton.jit
def _mxfp4_matmul(a, a_scales, b, b_scales, c, M, N, K,
                  BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr,
                  GROUP_M: tl.constexpr):
    # Programs walk the tiles of GROUP_M rows of tiles column by column, so
    # that neighbouring programs share tiles of A and B in L2.
    pid = tl.program_id(0)
    tiles_m = tl.cdiv(M, BLOCK_M)
    tiles_n = tl.cdiv(N, BLOCK_N)
    per_group = GROUP_M * tiles_n
    first_m = (pid // per_group) * GROUP_M
    group_rows = min(tiles_m - first_m, GROUP_M)
    tile_m = first_m + (pid % per_group) % group_rows
    tile_n = (pid % per_group) // group_rows

    rows = tile_m * BLOCK_M + tl.arange(0, BLOCK_M)
    cols = tile_n * BLOCK_N + tl.arange(0, BLOCK_N)
    bytes_k = tl.arange(0, BLOCK_K // 2)
    blocks_k = tl.arange(0, BLOCK_K // 32)
    row_bytes = K // 2
    row_blocks = K // 32
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, K, BLOCK_K):
        a_tile = tl.load(a + rows[:, None] * row_bytes + (k // 2 + bytes_k)[None, :])
        # B is N x K; dot_scaled wants its tile as (K / 2) x N.
        b_tile = tl.load(b + cols[None, :] * row_bytes + (k // 2 + bytes_k)[:, None])
        a_s = tl.load(a_scales + rows[:, None] * row_blocks + (k // 32 + blocks_k)[None, :])
        b_s = tl.load(b_scales + cols[:, None] * row_blocks + (k // 32 + blocks_k)[None, :])
        acc = tl.dot_scaled(a_tile, a_s, "e2m1", b_tile, b_s, "e2m1", acc)
    tl.store(c + rows[:, None] * N + cols[None, :], acc)


def fits(tile, m, n, k):
    block_m, block_n, block_k, _, _ = tile
    return m % block_m == 0 and n % block_n == 0 and k % block_k == 0


def matmul(a, a_scales, b, b_scales, out, tile):
    """out (M x N, f32) = the block-scaled product of A (M x K) and B^T
    (B is N x K), all torch tensors on the GPU; the tile must fit."""
    m, n, k = a.shape[0], b.shape[0], a.shape[1] * 2
    block_m, block_n, block_k, warps, stages = tile
    grid = (m // block_m * (n // block_n),)
    _mxfp4_matmul[grid](a, a_scales, b, b_scales, out, m, n, k,
                        BLOCK_M=block_m, BLOCK_N=block_n, BLOCK_K=block_k, GROUP_M=8,
                        num_warps=warps, num_stages=stages)
    return out
