# -*- Python -*-
# lit configuration of the mx regression tests.

import os
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "MX"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mx_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py", "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%mx_libs", config.mx_libs_dir))
config.substitutions.append(("%mx_src_root", config.mx_src_root))
config.substitutions.append(("%mx_obj_root", config.mx_obj_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# The host tools of the plugin tests are Debian's own binaries, which are not
# built with the sanitizers; an instrumented plugin needs the sanitizer
# runtimes loaded first.
host_env = []
if config.mx_sanitizers:
    runtimes = []
    for lib in ("libasan.so", "libubsan.so"):
        path = subprocess.check_output(
            [config.cxx_compiler, "-print-file-name=" + lib], text=True
        ).strip()
        runtimes.append(path)
    host_env = ["env", "LD_PRELOAD=" + ":".join(runtimes)]
    # The host tools' own allocations are outside this project's control.
    # And LLVM's allocators poison fresh slabs when the code that starts one
    # is built with AddressSanitizer (ours, inlined), which Debian's
    # uninstrumented libMLIR cannot unpoison when it allocates from them.
    config.environment["ASAN_OPTIONS"] = "detect_leaks=0:allow_user_poisoning=0"
config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

# Debian's mlir-opt, the host that the plugin is loaded into.
host_mlir_opt = os.path.join(config.llvm_tools_dir, "mlir-opt")
config.substitutions.append(
    ("%host-mlir-opt", " ".join(host_env + [host_mlir_opt]))
)

# Runtime libraries of mlir-runner, for the executable tests.
llvm_lib_dir = os.path.join(os.path.dirname(config.llvm_tools_dir), "lib")
for name in ("mlir_runner_utils", "mlir_c_runner_utils"):
    config.substitutions.append(
        ("%" + name, os.path.join(llvm_lib_dir, "lib" + name + config.llvm_shlib_ext))
    )

# ptxas validates the PTX that the GPU pipeline emits; tests that need it
# are unsupported where it is missing.
ptxas = shutil.which("ptxas") or (
    "/usr/local/cuda/bin/ptxas" if os.path.exists("/usr/local/cuda/bin/ptxas") else None
)
if ptxas:
    config.available_features.add("ptxas")
    llvm_config.with_environment("PATH", os.path.dirname(ptxas), append_path=True)

tool_dirs = [config.mx_tools_dir, config.llvm_tools_dir]
tools = ["mx-opt", "mlir-runner", "mlir-translate", "FileCheck", "not", "count"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
