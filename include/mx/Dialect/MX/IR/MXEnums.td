//===- MXEnums.td - Enumerations of the mx dialect ---------*- tablegen -*-===//

#ifndef MX_DIALECT_MX_IR_MXENUMS_TD
#define MX_DIALECT_MX_IR_MXENUMS_TD

include "mx/Dialect/MX/IR/MXDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Scale rule
//===----------------------------------------------------------------------===//

def MX_ScaleRuleFloor : I32EnumAttrCase<"Floor", 0, "floor">;
def MX_ScaleRuleCeil : I32EnumAttrCase<"Ceil", 1, "ceil">;

def MX_ScaleRule : I32EnumAttr<"ScaleRule",
    "how the shared E8M0 exponent of a block is chosen from its amax",
    [MX_ScaleRuleFloor, MX_ScaleRuleCeil]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::mx";
  let description = [{
    The scale of a block of 32 values is `2^s`, where `s` is computed exactly
    from the bits of the largest magnitude `amax` of the block (never through
    a floating-point `log2`) and clamped to `[-127, 127]`:

    | case | rule | `amax / 2^s` | used by |
    | --- | --- | --- | --- |
    | `floor` | `s = floor(log2(amax)) - 2` | `[4, 8)`: values above `6 * 2^s` saturate | OCP MX v1.0, microxcaling, the "Microscaling" baseline |
    | `ceil` | `s = ceil(log2(amax / 6))` | `(3, 6]`: nothing saturates | TetraJet ("truncation-free"), cuBLAS/cuDNN RCEIL |

    A block whose values are all zero gets scale byte `0x00` and `+0` codes.
    A block that contains a NaN or an infinity gets scale byte `0xFF` (NaN)
    and all-zero codes, so the whole block decodes to NaN.
  }];
}

def MX_ScaleRuleAttr : EnumAttr<MX_Dialect, MX_ScaleRule, "scale_rule"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Rounding
//===----------------------------------------------------------------------===//

def MX_RoundingNearestEven : I32EnumAttrCase<"NearestEven", 0, "nearest_even">;
def MX_RoundingNearestAway : I32EnumAttrCase<"NearestAway", 1, "nearest_away">;
def MX_RoundingStochastic : I32EnumAttrCase<"Stochastic", 2, "stochastic">;

def MX_Rounding : I32EnumAttr<"Rounding",
    "how a scaled value is rounded to an E2M1 code",
    [MX_RoundingNearestEven, MX_RoundingNearestAway, MX_RoundingStochastic]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::mx";
  let description = [{
    After division by the block scale, a value `v` is rounded to the E2M1
    grid `{0, 0.5, 1, 1.5, 2, 3, 4, 6}` (and negatives), then saturated to
    `+-6`. A negative value that rounds to zero keeps its sign (code `0x8`).

    | case | rule | matches |
    | --- | --- | --- |
    | `nearest_even` | nearest grid point, ties to the even code | `cvt.rn.satfinite.e2m1x2.f32`, TetraJet's PyTorch path |
    | `nearest_away` | nearest grid point, ties away from zero | TetraJet's Triton kernels, microxcaling's default |
    | `stochastic` | between the neighbours `q_lo < q_hi` of `|v|`, with `t = floor(256 * (|v| - q_lo) / (q_hi - q_lo))` and a random byte `r`, round to `q_hi` iff `t + r >= 256` | the 8-bit carry rule of `cvt.rs.satfinite.e2m1x4.f32` |

    The random byte of element `i` comes from a Philox4x32-10 stream keyed by
    a 64-bit seed and indexed by a stream offset and `i`, so every target
    produces the same codes for the same seed. Exact grid points never move.
  }];
}

def MX_RoundingAttr : EnumAttr<MX_Dialect, MX_Rounding, "rounding"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // MX_DIALECT_MX_IR_MXENUMS_TD
