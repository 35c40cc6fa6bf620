#!/usr/bin/env bash
# Installs what building and testing mx needs on Debian 12, and nothing when
# it is all there already: LLVM/MLIR 22 from Debian's packages, CMake, Ninja,
# a C++ compiler, and Debian's python3 with numpy and pytest (the tests use
# /usr/bin/python3, whatever else is first on PATH). Safe to run any number
# of times.
set -euo pipefail

packages=(
  cmake ninja-build g++ python3 python3-numpy python3-pytest
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "mx: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
