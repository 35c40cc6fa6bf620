//===- MXOps.h - Operations of the mx dialect -------------------*- C++ -*-===//

#ifndef MX_DIALECT_MX_IR_MXOPS_H
#define MX_DIALECT_MX_IR_MXOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mx/Dialect/MX/IR/MXDialect.h"

#include "mx/Dialect/MX/IR/MXEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "mx/Dialect/MX/IR/MXAttrs.h.inc"

#define GET_OP_CLASSES
#include "mx/Dialect/MX/IR/MXOps.h.inc"

namespace mlir::mx {
/// Number of elements that share one E8M0 scale.
inline constexpr int64_t kBlockSize = 32;
} // namespace mlir::mx

#endif // MX_DIALECT_MX_IR_MXOPS_H
