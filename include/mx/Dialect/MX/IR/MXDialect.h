//===- MXDialect.h - The mx dialect -----------------------------*- C++ -*-===//

#ifndef MX_DIALECT_MX_IR_MXDIALECT_H
#define MX_DIALECT_MX_IR_MXDIALECT_H

#include "mlir/IR/Dialect.h"

#include "mx/Dialect/MX/IR/MXOpsDialect.h.inc"

#endif // MX_DIALECT_MX_IR_MXDIALECT_H
