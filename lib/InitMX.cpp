//===- InitMX.cpp - Register everything the mx project provides -----------===//

#include "mx/InitMX.h"

#include "mx/Dialect/MX/IR/MXDialect.h"

#include "mlir/IR/DialectRegistry.h"

void mx::registerMXDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::mx::MXDialect>();
}

void mx::registerMXPasses() {}
