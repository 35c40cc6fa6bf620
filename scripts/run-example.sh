#!/usr/bin/env bash
# The main job: installs what is missing, builds mx, emits a DeiT-Tiny
# training graph (forward and backward, in linalg), rewrites it with
# mx-opt --mx-tetrajet and prints what was inserted; then compiles a small
# ViT's TetraJet training step for the CPU, runs it next to the
# full-precision step and prints the loss and gradient differences.
# Outputs land in build/examples/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null

cd "$root/python"
MX_OPT="$root/build/bin/mx-opt" /usr/bin/python3 -m mx.run_example --out "$root/build/examples"
