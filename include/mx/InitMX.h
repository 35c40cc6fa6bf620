//===- InitMX.h - Register everything the mx project provides ---*- C++ -*-===//
//
// One place that names all dialects and passes of the project, used by
// mx-opt and by the plugin, so both always offer the same things.
//
//===----------------------------------------------------------------------===//

#ifndef MX_INITMX_H
#define MX_INITMX_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mx {

/// Adds the mx dialect (and anything it needs loaded with it) to `registry`.
void registerMXDialects(mlir::DialectRegistry &registry);

/// Registers every pass and pass pipeline of the project with the global
/// pass registry, so that they can be named on the command line.
void registerMXPasses();

} // namespace mx

#endif // MX_INITMX_H
