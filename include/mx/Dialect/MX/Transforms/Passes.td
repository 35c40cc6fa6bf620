//===- Passes.td - Transformations of the mx dialect -------*- tablegen -*-===//

#ifndef MX_DIALECT_MX_TRANSFORMS_PASSES_TD
#define MX_DIALECT_MX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TetraJet : Pass<"mx-tetrajet", "::mlir::ModuleOp"> {
  let summary = "Insert TetraJet's six MXFP4 quantizers into a linalg training graph";
  let description = [{
    Finds every linear layer `Y = X W^T (+ b)` of a training graph in the
    `linalg` dialect, forward and backward, by dataflow, and rewrites its
    three GEMMs to run on MXFP4 operands made by TetraJet's quantizers
    (Chen et al., ICML 2025):

    | GEMM | operands |
    | --- | --- |
    | `Y = X W^T` | `Q1(X)` along D, `Q2(W)` along D, nearest rounding |
    | `dX = dY W` | `Q3(dY)` along C, `Q4(deq Q2(W))` along C, stochastic |
    | `dW = dY^T X` | `Q5(dY)` along N, `Q6(deq Q1(X))` along N, stochastic |

    and the bias gradient becomes the column sum of `deq Q3(dY)`. A GEMM
    whose operands are both quantized becomes `mx.matmul`; one with a
    quantizer switched off keeps its linalg op and reads the dequantized
    values of the quantized operand.

    **What is a linear layer.** A weight is a rank-2 argument `W` (C x D) of
    the function. Operands are traced back through `linalg.transpose`,
    `tensor.collapse_shape`/`expand_shape`, `tensor.cast` and
    `linalg.broadcast` to find where they come from. A 2-D contraction is

    * the **forward GEMM** of `W` when its B operand (the one providing the
      result's columns) comes from `W` reduced over W's dimension 1 and its A
      operand is an activation reduced over its last dimension;
    * the **input-gradient GEMM** when its B operand comes from `W` reduced
      over W's dimension 0;
    * the **weight-gradient GEMM** when one operand comes from the forward
      activation `X` and the other from the output gradient, both reduced
      over the token dimensions, with a C x D (or D x C) result;
    * and a reduction that sums the output gradient over the tokens is the
      **bias gradient**.

    Annotations override the analysis: a contraction with the attributes
    `mx.layer = "<name>"` and `mx.gemm = "forward" | "input_grad" |
    "weight_grad"` is taken as that GEMM of that layer, and
    `mx.gemm = "none"` keeps a contraction out of the rewrite.

    **Names.** A layer is named after its weight: the `mx.name` attribute of
    the function argument without a trailing `.weight`, else `arg<N>`.

    **Random streams.** Stochastic quantizers draw from one 64-bit seed, an
    argument added at the end of the function (marked `mx.seed`; an existing
    argument so marked is reused). The quantizer `Qq` of the layer found
    `i`-th gets the stream offset `8 * i + q`, so no two quantizers share
    random bits.

    **Q-EMA.** With `qema`, Q2 of every rewritten layer becomes an `scf.if`
    on the warm-up counter: Q-EMA rounding against the layer's EMA argument
    once the counter reaches `qema-warmup`, nearest rounding before. The
    created quantizers carry `mx.layer` and `mx.quantizer` ("Q1".."Q6")
    attributes.

    **Diagnostics.** A remark for each linear layer (name, shapes, what was
    inserted); a warning, with the reason, for each contraction that looks
    like part of a linear layer but is not rewritten; an error for a name
    pattern in `layers` or `exclude-layers` that matches no layer.
  }];
  let options = [
    Option<"scaleRule", "scale-rule", "std::string", /*default=*/"\"ceil\"",
           "Scale rule of every quantizer: ceil (TetraJet) or floor (OCP)">,
    Option<"tieRule", "tie-rule", "std::string", /*default=*/"\"nearest_even\"",
           "Rounding of the deterministic quantizers: nearest_even or nearest_away">,
    Option<"quantizers", "quantizers", "std::string", /*default=*/"\"1,2,3,4,5,6\"",
           "Which of Q1..Q6 are on, as a comma-separated list (the paper's ablation)">,
    Option<"microscaling", "microscaling", "bool", /*default=*/"false",
           "The 'Microscaling' baseline: floor scale, nearest rounding everywhere, "
           "backward operands re-quantized from full precision">,
    Option<"layers", "layers", "std::string", /*default=*/"\"\"",
           "Only rewrite layers whose names match one of these comma-separated regexes">,
    Option<"excludeLayers", "exclude-layers", "std::string", /*default=*/"\"\"",
           "Do not rewrite layers whose names match one of these comma-separated regexes">,
    Option<"quantizeHead", "quantize-head", "bool", /*default=*/"false",
           "Also rewrite a layer named 'head' (the classifier), which TetraJet keeps in full precision">,
    Option<"qema", "qema", "bool", /*default=*/"false",
           "Round Q2 with Q-EMA: each rewritten layer gets an EMA argument of its "
           "weight (mx.state = \"ema\"), and one warm-up counter argument "
           "(mx.state = \"ema_updates\") decides between Q-EMA and nearest rounding">,
    Option<"qemaWarmup", "qema-warmup", "int64_t", /*default=*/"10",
           "EMA updates needed before Q-EMA rounding replaces nearest rounding">,
    Option<"includeAttention", "include-attention", "bool", /*default=*/"false",
           "Also quantize the batched matmuls between activations (attention's "
           "QK^T and PV, forward and backward) with nearest rounding">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::mx::MXDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def TrainingStep : Pass<"mx-training-step", "::mlir::ModuleOp"> {
  let summary = "Wrap a gradient function into a training step with explicit optimizer state";
  let description = [{
    Takes a gradient function `@F` (parameters named with `mx.name`,
    inputs, and the `mx.seed`, Q-EMA `ema` and `ema_updates` arguments that
    `mx-tetrajet` adds; results: the gradient of every parameter in argument
    order first, the loss last, anything else in between ignored) and adds
    functions around it:

    | function | what it does |
    | --- | --- |
    | `@F_step` | one training step: `@F`, then AdamW on every parameter (decoupled weight decay, bias correction with the global step), then the Q-EMA update; optionally Q-Ramping's accumulating AdamW on the quantized weights |
    | `@F_init` | the initial optimizer state from the parameters: zero moments, EMA = weights, periods 1 |
    | `@F_calibration_update` | (`ramping`) adds one step's `|w_t - w_{t-1}|` and `|Q(w_t) - Q(w_{t-1})|` to the calibration sums distW and distQ |
    | `@F_periods` | (`ramping`) the update periods `P = min(k2 floor(distQ / (k1 (distW + 1e-8))) + 1, N_max)` |
    | `@F_oscillation` | the rate of change `||x_t - x_{t-1}|| / ||x_{t-1}||` of each quantized weight and of its quantized value |
    | `@F_oscillating_fraction` | the fraction of weights with `R_w = distQ / distW > 16` |
    | `@F_confidence` | the quantization confidence of each quantized weight |

    Every state argument and result carries `mx.state` (`param`, `exp_avg`,
    `exp_avg_sq`, `ema`, `ema_updates`, `period`, `count`, `accumulator`,
    `step`, `lr`, `input`, `seed`, `loss`) and, where it belongs to a
    parameter, `mx.of` with the parameter's name, so a driver can map them.
    The optimizer's hyperparameters are recorded in the `mx.optimizer`
    attribute of `@F_step`. The quantized weights are the inputs of the
    `mx.quantize` ops tagged `mx.quantizer = "Q2"`.

    Weight decay is `weight-decay` except for parameters of rank 1, names
    ending in `.bias`, and names matching `no-decay` (timm's rule). With
    `ramping`, each quantized weight gets a period, a count and an
    accumulator per element: the gradient is accumulated, and the element is
    updated with the mean gradient and a learning rate scaled by the count
    when the count reaches a multiple of its period; weight decay applies
    every step. Combining Q-EMA with Q-Ramping is allowed with a warning: the
    paper advises against it.
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The gradient function (default: the module's only public function)">,
    Option<"beta1", "beta1", "double", /*default=*/"0.9", "AdamW beta1">,
    Option<"beta2", "beta2", "double", /*default=*/"0.999", "AdamW beta2">,
    Option<"epsilon", "eps", "double", /*default=*/"1e-8", "AdamW epsilon">,
    Option<"weightDecay", "weight-decay", "double", /*default=*/"0.05",
           "Decoupled weight decay of the decayed parameters">,
    Option<"noDecay", "no-decay", "std::string", /*default=*/"\"pos_embed,cls_token\"",
           "Comma-separated regexes of parameter names without weight decay "
           "(rank-1 parameters and biases never decay)">,
    Option<"qemaBeta", "qema-beta", "double", /*default=*/"0.998",
           "Q-EMA decay: ema = beta * ema + (1 - beta) * w after each step">,
    Option<"ramping", "ramping", "bool", /*default=*/"false",
           "Q-Ramping: accumulating AdamW with per-element update periods on "
           "the quantized weights">,
    Option<"rampingK1", "ramping-k1", "double", /*default=*/"16", "Q-Ramping k1">,
    Option<"rampingK2", "ramping-k2", "double", /*default=*/"5", "Q-Ramping k2">,
    Option<"rampingMaxPeriod", "ramping-max-period", "int64_t", /*default=*/"1251",
           "Q-Ramping N_max, the largest period (the steps of one epoch)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::mx::MXDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

def GPUQuantize : Pass<"mx-gpu-quantize", "::mlir::func::FuncOp"> {
  let summary = "Quantize static 2-D tensors with one GPU kernel";
  let description = [{
    Replaces each `mx.quantize` of a static 2-D f32, bf16 or f16 tensor
    along its rows (axis 1), with a multiple of 512 elements (whole warps),
    by a `gpu.launch` on buffers of the tensors (`bufferization.to_buffer`
    and `to_tensor`). Two threads quantize one 32-element block: each loads
    sixteen neighbouring elements (16-byte loads), the block's amax comes
    from one butterfly shuffle, each thread computes the scale and its
    sixteen codes with the reference arithmetic of `convert-mx-to-linalg`
    and stores them as two 32-bit words in one store, and the first of the
    two stores the scale. With stochastic rounding a thread's sixteen
    elements are one group of the stream: one Philox call. Results are
    bit-identical to the reference.

    On `sm_100a` and `sm_120a`, nearest-even rounding uses the hardware
    conversion `cvt.rn.satfinite.e2m1x2.f32`, which rounds the scaled
    values the same way (assembled with ptxas in the tests; not run: no
    such GPU here). On `sm_100a`, stochastic rounding uses
    `cvt.rs.satfinite.e2m1x4.f32`, fed each element's byte of the same
    Philox block (the byte order of its `rbits` operand is an assumption,
    see docs/gpu.md). Nearest rounding of bf16 input otherwise works on bf16
    pairs: `mul.rn.bf16x2` by 2^-s (exact), the midpoint comparisons by
    `set.gt/ge.bf16x2`, counted by `add.rn.bf16x2` onto 128.0, the same
    codes with about half the instructions. Stochastic rounding without
    `cvt.rs` adds each element's random byte to the bits of
    max(a, 0.5 + a/2 rounded toward zero), a = min(|x 2^-s|, 6), whose
    carry rounds up exactly where the reference does. Q-EMA uses the
    reference arithmetic.

    Quantizations along columns (axis 0) whose column count is a multiple
    of 16 and whose blocks of four columns fill whole warps get a kernel of
    a thread per four columns of a block: it holds the block's 32 rows in
    registers, writes the four scales in one store and each row's four
    codes in one 2-byte store. With stochastic rounding the sixteen columns
    of a quad of lanes are one group of the stream in each row; each lane
    computes every fourth row's Philox block and takes its word of the
    others from the quad by shuffles. Blackwell's conversions are used as
    along rows (the same function builds them for both kernels).

    Where `mx.tile_scales` puts the scales into Blackwell's 128 x 4 tiles,
    the kernel also writes them in that layout, into a zero-filled buffer
    that replaces the `mx.tile_scales` ops.

    Runs on tensors, before `convert-mx-to-linalg`; other quantizations are
    left to it. The input buffer (and the Q-EMA one) must be 16-byte
    aligned (every allocation is; a run-time check stops the program
    otherwise).
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_90a\"",
           "sm_90a, sm_100a or sm_120a">,
  ];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::cf::ControlFlowDialect",
                           "::mlir::gpu::GPUDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def GPUBlockScaledMatmul : Pass<"mx-gpu-block-scaled-matmul", "::mlir::func::FuncOp"> {
  let summary = "Run the block-scaled matmuls of mx on the tensor cores";
  let description = [{
    Replaces each contraction that `mx.matmul` lowers to (a linalg.generic
    marked `mx.block_scaled_matmul`, on buffers) by a `gpu.launch` of
    warp-level MMA. A gpu block of up to 2 x 2 warps computes a tile of the
    result; each warp computes up to 4 x 4 MMA tiles of 16 x 8, reading
    packed codes as 32-bit words:

    * `sm_120a`: `mma.sync.aligned.m16n8k64.row.col.kind::mxf4.block_scale`
      with the E8M0 scales of two K-blocks per operand row, accumulated in
      f32 by the tensor core;
    * `sm_90a`, `sm90-operands=bf16` (the default): each code times its
      block's scale is exact in bf16 over most of the E8M0 range (with
      2^63 moved from B's scales onto A's, so that B takes its scale in one
      multiplication: A's scales up to 2^62, B's from 2^-69 to 2^64), so
      the scales are folded into bf16 operands and
      `mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32` accumulates
      straight into the result. The k-order is then free across blocks: a
      step covers up to four K-blocks, one per lane of a quad, so a lane
      loads a whole block of a row (16 bytes) at once. A
      warp whose step meets another (or NaN) scale runs that step on the
      E4M3 path. Where M % 64, N % 128 and K % 64 are 0 (and
      `sm90-warpgroup` is left on), a warpgroup kernel runs instead: blocks
      of one or two warpgroups compute 64 or 128 x 128 results; each K step
      of 64, all their threads convert the step's rows of A and B into bf16
      in shared memory (128-byte swizzled, a ring of three stages) while
      `wgmma.mma_async.sync.aligned.m64n128k16.f32.bf16.bf16` multiplies the
      step before, with the same 2^63 moved onto A; a step with a scale
      outside that range runs on the E4M3 path.
      Where M and N are at least 1024, M % 128, N % 256 and K % 64 are 0
      (and `sm90-warpgroup` and `sm90-streamed` are left on), two passes
      over the operands first write A and B as bf16 in global memory, laid
      out as the warpgroup kernel's shared-memory stages (each scale folded
      whole, exact up to 2^125; a step with a larger one runs on the E4M3
      path), and a streamed
      kernel runs: per 128 x 256 tile, one thread copies each step's stages
      into a ring of four with `cp.async.bulk` (mbarriers mark them full
      and empty) and two warpgroups multiply with `wgmma ... m64n256k16`.
      Where M is 128 to 1023 instead, only A gets an image (with the 2^63
      moved onto it): the streamed kernel's first warpgroup converts B
      into the stages itself, one multiplication a pair of codes, from
      codes it copies into shared memory with `cp.async` three steps ahead.
      Its tile is 256 x 128 where M % 256 = 0 (half as much of B to convert
      per product; each consumer warpgroup multiplies two 64-row blocks
      with `wgmma ... m64n128k16`), else 128 x 256; a matmul with fewer
      than 64 such tiles runs on the warpgroup kernel instead. Where the
      tiles outnumber the H200's 132 multiprocessors (one block each) but
      do not fill whole waves of them, 132 blocks take equal shares of all
      the tiles' K steps, tile after tile (stream-K): of a tile that two
      blocks share, the block with its last steps puts its sums in the
      result and then sets the tile's flag (the flags are zeroed by a
      `gpu.memset` before the launch), and the block with its first steps
      waits for the flag and adds its sums.
    * `sm_90a`, `sm90-operands=e4m3`: one
      `mma.sync.aligned.m16n8k32.row.col.f32.e4m3.e4m3.f32` per 32-element
      block from a zero accumulator (E2M1 values and their block sums are
      exact; codes become E4M3 bytes by `prmt` table lookups), scaled by the
      two blocks' scales in f32 and added. About half as fast.

    M is padded to whole 16-row tiles (rows past M load the last row of A
    and store nothing). A grid with few warps and a long K (small M, as in
    weight-bound products) splits K into 2, 4 or 8 parts whose blocks add
    their sums to the result atomically; with scales folded and one MMA
    tile along M, a warp loads each step's operands one step ahead.

    Needs static, non-empty 2-D shapes with N % 8 = 0 and K % 64 = 0
    (sm_120a) or K % 32 = 0 (sm_90a), contiguous code buffers (a run-time
    check stops the program if one is not aligned to the width of the
    loads: 4, 8 or 16 bytes), and at most 65535 blocks along M; other
    matmuls stay on the CUDA cores, with a remark.

    On sm_100a, with `sm100-tcgen05` on, matmuls with M % 128, N % 128 and
    K % 256 = 0 run on `tcgen05.mma.cta_group::1.kind::mxf4.block_scale`:
    a block of 128 threads copies 256 K-elements of its 128 rows of A and
    B into shared memory with `cp.async` (128-byte swizzle) and their
    scales in the 128 x 4
    chunk layout, thread 0 copies the scale chunks to tensor memory
    (`tcgen05.cp 32x128b.warpx4`) and issues four K = 64 MMAs into f32
    accumulators in tensor memory, committed to an mbarrier; two buffers
    of shared memory (each with its mbarrier and its scale columns) let
    the threads stage the next 256 K-elements while the MMAs run; the
    warps read the result back with `tcgen05.ld`. This kernel is assembled by
    ptxas but has never run on a GPU, so it is off by default and sm_100a
    matmuls otherwise stay on the CUDA cores, with a remark. The
    result stays within the standard bound for f32 summation in any order
    of the exact product (the tensor cores' f32 accumulation is not IEEE
    round-to-nearest, so not only the order differs from the reference).
  }];
  let options = [
    Option<"chip", "chip", "std::string", /*default=*/"\"sm_90a\"",
           "sm_90a, sm_100a or sm_120a">,
    Option<"sm90Operands", "sm90-operands", "std::string",
           /*default=*/"\"bf16\"",
           "sm_90a only: bf16 (scales folded into bf16 operands) or e4m3 "
           "(block sums scaled in f32)">,
    Option<"sm100Tcgen05", "sm100-tcgen05", "bool", /*default=*/"false",
           "sm_100a: run matmuls with M % 128, N % 128 and K % 256 = 0 on "
           "the tcgen05 kernel (assembled by ptxas, never run on a GPU)">,
    Option<"sm90Warpgroup", "sm90-warpgroup", "bool", /*default=*/"true",
           "sm_90a with bf16 operands: run matmuls whose M, N and K divide "
           "into the warpgroup kernel's tiles on wgmma (false: mma.sync)">,
    Option<"sm90Streamed", "sm90-streamed", "bool", /*default=*/"true",
           "sm_90a with bf16 operands: run large matmuls (M % 128, "
           "N % 256, K % 64 = 0; M and N >= 1024, or M < 1024 in at least "
           "64 tiles) on bf16 images of the operands (of A only where "
           "M < 1024) streamed to wgmma (false: convert in the matmul "
           "kernel)">,
  ];
  let dependentDialects = ["::mlir::cf::ControlFlowDialect",
                           "::mlir::gpu::GPUDialect", "::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect"];
}

def GPUTileParallelLoops : Pass<"mx-gpu-tile-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Tile parallel loops into GPU blocks of many threads";
  let description = [{
    Tiles every outermost `scf.parallel` with unit steps and no reductions
    (outside `gpu.launch`) so that one tile has up to `threads` iterations:
    the innermost dimension gets as many as its trip count (rounded up to a
    power of two) allows, then the next one outwards, within the block
    limits of the thread ids the last three dimensions map to under
    `gpu-map-parallel-loops{mapping-policy=innermost-first}` (x, y: 1024;
    z: 64). Tiles have a constant bound and an in-bounds guard.
    `gpu-map-parallel-loops` then maps the tile loop to the grid and the
    loop inside a tile to the threads of a block, instead of making blocks
    of one thread, and neighbouring threads touch neighbouring elements.
    Part of `mx-gpu-pipeline`, between `convert-linalg-to-parallel-loops`
    and `gpu-map-parallel-loops` (no canonicalization in between: it would
    merge the two loops back).
  }];
  let options = [
    Option<"threads", "threads", "int64_t", /*default=*/"256",
           "Threads per block (the innermost tile size), 1 to 1024">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect"];
}

def ReadOnlyArguments : Pass<"mx-read-only-arguments", "::mlir::func::FuncOp"> {
  let summary = "Keep bufferization from writing into a public function's arguments";
  let description = [{
    Marks each tensor argument of a public function with a body
    `bufferization.writable = false`. One-shot bufferization with function
    boundaries then never computes a result in the buffer of such an
    argument: where an op would update it in place, it writes a copy. A
    caller can pass its own buffers without copying them first, as the
    PyTorch binding of `mx-gpu-pipeline` programs does. Arguments that
    already carry the attribute keep their value.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect"];
}

def GPUSharedAllocations : Pass<"mx-gpu-shared-allocations", "::mlir::func::FuncOp"> {
  let summary = "Allocate host-side buffers where the GPU can reach them";
  let description = [{
    Rewrites the `memref.alloc` and `memref.dealloc` ops of host code (not
    those inside `gpu.launch` or GPU modules) into `gpu.alloc host_shared`
    and `gpu.dealloc`, so that kernels launched from the function can read
    and write every buffer the function allocates, and host code can still
    touch them. Host copies between contiguous buffers become `gpu.memcpy`
    (the function's arguments may be device memory, which host code cannot
    read); strided ones stay `memref.copy` on the host, which needs
    arguments that the host can reach (managed memory). Constant globals
    that kernels read (they
    live in the host program's memory) are copied into a `host_shared`
    buffer on entry by `gpu.memcpy`, freed before each return. The mx runtime serves
    `host_shared` allocations with CUDA managed memory, or, during calls
    from PyTorch, with device memory (the binding's results stay on the
    device; host code of such a program must not read buffers). Part of
    `mx-gpu-pipeline`.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect", "::mlir::memref::MemRefDialect"];
}

#endif // MX_DIALECT_MX_TRANSFORMS_PASSES_TD
