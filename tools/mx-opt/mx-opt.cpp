//===- mx-opt.cpp - The mx optimizer driver -------------------------------===//
//
// mlir-opt with the mx dialect and passes built in: every upstream dialect,
// extension and pass that Debian's mlir-opt offers, plus the project's own.
//
//===----------------------------------------------------------------------===//

#include "mx/InitMX.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mx::registerMXPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates GPU modules to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);
  mx::registerMXDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "mx optimizer driver: MXFP4 training graphs for MLIR\n",
      registry));
}
