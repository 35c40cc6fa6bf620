//===- MXPlugin.cpp - The mx dialects and passes as an MLIR plugin --------===//
//
// Load into an MlirOptMain tool with
//   mlir-opt --load-dialect-plugin=MXPlugin.so   (dialects and passes), or
//   mlir-opt --load-pass-plugin=MXPlugin.so      (passes only).
//
//===----------------------------------------------------------------------===//

#include "mx/InitMX.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

// The version string names the LLVM the plugin was built against: the plugin
// API checks only MLIR_PLUGIN_API_VERSION, so an ABI mismatch would otherwise
// go unnoticed until it crashes.
static constexpr const char *kPluginVersion = "mx (LLVM " LLVM_VERSION_STRING ")";

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "MX", kPluginVersion,
          [](mlir::DialectRegistry *registry) {
            mx::registerMXDialects(*registry);
            mx::registerMXPasses();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "MX", kPluginVersion,
          []() { mx::registerMXPasses(); }};
}
