//===- MXOps.td - Operations of the mx dialect -------------*- tablegen -*-===//

#ifndef MX_DIALECT_MX_IR_MXOPS_TD
#define MX_DIALECT_MX_IR_MXOPS_TD

include "mx/Dialect/MX/IR/MXDialect.td"
include "mx/Dialect/MX/IR/MXEnums.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def MX_FloatTensor : RankedTensorOf<[F32, BF16, F16]>;
def MX_CodeTensor : RankedTensorOf<[F4E2M1FN]>;
def MX_ScaleTensor : RankedTensorOf<[F8E8M0FNU]>;
def MX_AccumulatorTensor : RankedTensorOf<[F32]>;
def MX_Axis : ConfinedAttr<I64Attr, [IntNonNegative]>;

class MX_Op<string mnemonic, list<Trait> traits = []>
    : Op<MX_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

def MX_QuantizeOp : MX_Op<"quantize", [Pure, AttrSizedOperandSegments]> {
  let summary = "quantize a float tensor to MXFP4 codes and block scales";
  let description = [{
    Splits `input` into blocks of 32 consecutive values along `axis`, gives
    each block an E8M0 scale `2^s` chosen by `scale_rule`, and rounds every
    value divided by its block scale to an E2M1 code with `rounding`,
    saturating to `+-6`. `codes` has the shape of `input`; `scales` has that
    shape with dimension `axis` divided by 32. The size of `input` along
    `axis` must be a multiple of 32.

    Stochastic rounding needs a random stream: `seed` (a 64-bit key) and
    `offset` (the position of this quantizer's stream, so that several
    quantizers fed by one seed draw independent bits). They are given
    together, and only with `rounding stochastic`.

    An `ema` operand, a tensor of the shape of `input`, selects Q-EMA
    rounding (TetraJet's forward weight quantizer): the scale still comes
    from `input`; with `v = |w| / 2^s` between the grid points
    `q_lo <= v < q_hi`, the code is `q_hi` iff
    `sign(w) * ema / 2^s >= (q_lo + q_hi) / 2`, else `q_lo`; `w = 0` stays
    0. Q-EMA replaces the tie rule, so `rounding` must be left at its default
    `nearest_even` when `ema` is present.

    Example:

    ```mlir
    %codes, %scales = mx.quantize %x axis 1 scale<ceil>
        : tensor<16x64xf32> -> tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>

    %c2, %s2 = mx.quantize %dy axis 0 scale<ceil> rounding<stochastic>
        seed(%seed, %offset)
        : tensor<64x16xbf16> -> tensor<64x16xf4E2M1FN>, tensor<2x16xf8E8M0FNU>

    %c3, %s3 = mx.quantize %w axis 1 scale<ceil> ema(%w_ema : tensor<32x64xf32>)
        : tensor<32x64xf32> -> tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU>
    ```
  }];

  let arguments = (ins
    MX_FloatTensor:$input,
    MX_Axis:$axis,
    MX_ScaleRuleAttr:$scale_rule,
    DefaultValuedAttr<MX_RoundingAttr, "::mlir::mx::Rounding::NearestEven">:$rounding,
    Optional<I64>:$seed,
    Optional<I64>:$offset,
    Optional<MX_FloatTensor>:$ema
  );
  let results = (outs MX_CodeTensor:$codes, MX_ScaleTensor:$scales);

  let assemblyFormat = [{
    $input `axis` $axis `scale` `` $scale_rule
    (`rounding` `` $rounding^)?
    (`seed` `(` $seed^ `,` $offset `)`)?
    (`ema` `(` $ema^ `:` type($ema) `)`)?
    attr-dict `:` type($input) `->` type($codes) `,` type($scales)
  }];

  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

def MX_DequantizeOp : MX_Op<"dequantize", [Pure]> {
  let summary = "decode MXFP4 codes and block scales to a float tensor";
  let description = [{
    Computes `decode(codes[i]) * 2^(b - 127)` for every element, where `b`
    is the scale byte of the element's block of 32 along `axis`. A scale
    byte `0xFF` decodes its whole block to NaN. The product is exact in
    `f32`; for `bf16` and `f16` results it is rounded to nearest even, with
    overflow to infinity and underflow through subnormals to zero.

    Example:

    ```mlir
    %x = mx.dequantize %codes, %scales axis 1
        : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU> -> tensor<16x64xf32>
    ```
  }];

  let arguments = (ins MX_CodeTensor:$codes, MX_ScaleTensor:$scales,
                       MX_Axis:$axis);
  let results = (outs MX_FloatTensor:$result);

  let assemblyFormat = [{
    $codes `,` $scales `axis` $axis attr-dict
    `:` type($codes) `,` type($scales) `->` type($result)
  }];

  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

def MX_MatmulOp : MX_Op<"matmul", [Pure,
    OptionalTypesMatchWith<"accumulator has the type of the result",
                           "result", "acc", "$_self">]> {
  let summary = "block-scaled matrix product of two MXFP4 operands";
  let description = [{
    Computes `D[m, n] = C[m, n] + sum_k (a[m, k] * 2^sa[m, k/32]) *
    (b[n, k] * 2^sb[n, k/32])` with `f32` accumulation, where `a` and `b`
    are decoded E2M1 codes and `sa`, `sb` the E8M0 scale exponents. Both
    operands are K-major (the "TN" layout of the hardware instructions):

    | operand | shape |
    | --- | --- |
    | `a` | `[B..., M, K]`, `f4E2M1FN` |
    | `a_scales` | `[B..., M, K/32]`, `f8E8M0FNU` |
    | `b` | `[B..., N, K]`, `f4E2M1FN` |
    | `b_scales` | `[B..., N, K/32]`, `f8E8M0FNU` |
    | `acc` (optional) and result | `[B..., M, N]`, `f32` |

    The optional leading batch dimensions `B...` must agree between all
    operands. `K` must be a multiple of 32. Without `acc` the sum starts
    from zero. The order in which the `f32` sum is accumulated is not
    specified; each product of two decoded values with their scales is
    exact in `f32` unless it overflows or underflows.

    Example:

    ```mlir
    %y = mx.matmul %x, %xs, %w, %ws
        : tensor<16x64xf4E2M1FN>, tensor<16x2xf8E8M0FNU>,
          tensor<32x64xf4E2M1FN>, tensor<32x2xf8E8M0FNU> -> tensor<16x32xf32>
    ```
  }];

  let arguments = (ins MX_CodeTensor:$a, MX_ScaleTensor:$a_scales,
                       MX_CodeTensor:$b, MX_ScaleTensor:$b_scales,
                       Optional<MX_AccumulatorTensor>:$acc);
  let results = (outs MX_AccumulatorTensor:$result);

  let assemblyFormat = [{
    $a `,` $a_scales `,` $b `,` $b_scales (`acc` `(` $acc^ `)`)? attr-dict
    `:` type($a) `,` type($a_scales) `,` type($b) `,` type($b_scales)
    `->` type($result)
  }];

  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// TileScalesOp
//===----------------------------------------------------------------------===//

def MX_TileScalesOp : MX_Op<"tile_scales", [Pure]> {
  let summary = "lay out block scales in the 128 x 4 tiles of Blackwell's MMAs";
  let description = [{
    Rearranges the scales of a K-major operand, one E8M0 byte per row and
    32-element block (`[R, C]`, row-major, `C = K / 32`), into the layout
    that Blackwell's block-scaled MMAs read (the one of cuBLAS and CUTLASS):
    `R` padded to a multiple of 128 and `C` to a multiple of 4 with zero
    bytes, cut into 128 x 4 tiles ordered by row tile, then column tile;
    inside a tile, the byte of tile row `r` and column `c` sits at offset
    `(r % 32) * 16 + (r / 32) * 4 + c`. The result `[R/128, C/4, 32, 16]`
    (rounded up) holds those bytes in memory order: element `[rt, ct, i, j]`
    is the scale of row `128 rt + 32 (j / 4) + i` and column
    `4 ct + j % 4`.

    Example:

    ```mlir
    %t = mx.tile_scales %s : tensor<256x8xf8E8M0FNU> -> tensor<2x2x32x16xf8E8M0FNU>
    ```
  }];

  let arguments = (ins MX_ScaleTensor:$scales);
  let results = (outs MX_ScaleTensor:$result);

  let assemblyFormat = [{
    $scales attr-dict `:` type($scales) `->` type($result)
  }];

  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// UntileScalesOp
//===----------------------------------------------------------------------===//

def MX_UntileScalesOp : MX_Op<"untile_scales", [Pure]> {
  let summary = "block scales from Blackwell's 128 x 4 tiles back to rows";
  let description = [{
    The inverse of `mx.tile_scales`: reads scales in the 128 x 4 tile layout
    (`[ceil(R/128), ceil(C/4), 32, 16]`) and returns them row-major
    (`[R, C]`), dropping the padding. The result type says `R` and `C`,
    which the tiled shape rounds up: it must be a static 2-D tensor whose
    tiles are the operand's. Element `[r, c]` of the result is element
    `[r / 128, c / 4, r % 32, 4 ((r % 128) / 32) + c % 4]` of the operand.
    `mx.untile_scales` of an `mx.tile_scales` of the same shape folds to
    the original scales.

    Example:

    ```mlir
    %s = mx.untile_scales %t : tensor<2x2x32x16xf8E8M0FNU> -> tensor<200x6xf8E8M0FNU>
    ```
  }];

  let arguments = (ins MX_ScaleTensor:$tiled);
  let results = (outs MX_ScaleTensor:$result);

  let assemblyFormat = [{
    $tiled attr-dict `:` type($tiled) `->` type($result)
  }];

  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // MX_DIALECT_MX_IR_MXOPS_TD
