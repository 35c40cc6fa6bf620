//===- InitMX.cpp - Register everything the mx project provides -----------===//

#include "mx/InitMX.h"

#include "mx/Conversion/Passes.h"
#include "mx/Dialect/MX/IR/MXDialect.h"
#include "mx/Dialect/MX/Transforms/Passes.h"
#include "mx/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"

void mx::registerMXDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::mx::MXDialect>();
}

void mx::registerMXPasses() {
  mlir::mx::registerMXConversionPasses();
  mlir::mx::registerMXTransformsPasses();
  mx::registerMXPipelines();
}
