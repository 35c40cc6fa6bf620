#!/usr/bin/env bash
# Configures and builds mx with Ninja against Debian's LLVM/MLIR 22.
#   scripts/build.sh [BUILD_DIR] [extra CMake arguments...]
# BUILD_DIR defaults to build/ in the repository.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true

cmake -G Ninja -S "$root" -B "$build" \
  -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir "$@" >/dev/null
ninja -C "$build"
