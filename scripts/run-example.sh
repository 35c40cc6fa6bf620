#!/usr/bin/env bash
# The main job on the bundled example: installs what is missing, builds mx,
# and runs mx-opt on examples/tetrajet_linear.mlir (one linear layer with
# TetraJet's six MXFP4 quantizers), printing the verified IR and a summary.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
example="$root/examples/tetrajet_linear.mlir"

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" "$root/build" >/dev/null

echo "== mx-opt $(basename "$example")"
"$root/build/bin/mx-opt" "$example"
echo "== operations in the example"
"$root/build/bin/mx-opt" "$example" --print-op-stats -o /dev/null 2>&1 \
  | grep -E '^ +(mx|linalg)\.'
