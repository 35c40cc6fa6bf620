// The plugin's passes inside Debian's mlir-opt. Passes that a plugin adds
// are named through --pass-pipeline: MlirOptMain parses its per-pass flags
// before plugins are loaded.
// RUN: %host-mlir-opt --load-pass-plugin=%mx_libs/MXPlugin%shlibext --help | FileCheck %s --check-prefix=HELP
// RUN: %host-mlir-opt %s --load-dialect-plugin=%mx_libs/MXPlugin%shlibext \
// RUN:   --pass-pipeline="builtin.module(convert-mx-to-linalg)" | FileCheck %s --check-prefix=LINALG
// RUN: %host-mlir-opt %s --load-dialect-plugin=%mx_libs/MXPlugin%shlibext \
// RUN:   --pass-pipeline="builtin.module(mx-cpu-pipeline)" \
// RUN: | mlir-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils \
// RUN: | FileCheck %s --check-prefix=EXEC

// HELP: --convert-mx-to-linalg
// HELP: --mx-cpu-pipeline

func.func private @printMemrefF32(tensor<*xf32>)

// LINALG-LABEL: func.func @main
// LINALG-NOT: mx.
// LINALG: return
func.func @main() {
  %x = arith.constant dense<[[6.0, 0.25, 0.75, -1.25, 2.5, 3.5, 5.0, 0.1,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<1x32xf32>
  %c, %s = mx.quantize %x axis 1 scale<ceil> : tensor<1x32xf32> -> tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU>
  %y = mx.dequantize %c, %s axis 1 : tensor<1x32xf4E2M1FN>, tensor<1x1xf8E8M0FNU> -> tensor<1x32xf32>
  %u = tensor.cast %y : tensor<1x32xf32> to tensor<*xf32>
  // EXEC: [6, 0, 1, -1, 2, 4, 4, 0, 0
  call @printMemrefF32(%u) : (tensor<*xf32>) -> ()
  return
}
