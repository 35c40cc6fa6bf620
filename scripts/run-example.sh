#!/usr/bin/env bash
# The main job on the bundled example: installs what is missing, builds mx,
# runs mx-opt on examples/tetrajet_linear.mlir (one linear layer with
# TetraJet's six MXFP4 quantizers), then compiles it for the CPU, runs it on
# random data and reports the error of its three GEMMs against float64.
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
echo "== compiled with mx-cpu-pipeline and run"
cd "$root/python"
MX_OPT="$root/build/bin/mx-opt" /usr/bin/python3 -m mx.run_example "$example"
