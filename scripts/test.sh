#!/usr/bin/env bash
# Installs what is missing, builds mx twice (Release, and with AddressSanitizer
# and UndefinedBehaviorSanitizer) and runs the whole test suite on both builds.
# Prints one summary line at the end and exits non-zero on any failure.
#   MX_SKIP_SANITIZERS=1 scripts/test.sh    skips the sanitizer build
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
results="$root/build/test-results"

"$root/scripts/install-deps.sh" || exit 1
rm -rf "$results"
mkdir -p "$results"

status=0
run_suites() { # name build-dir
  local name="$1" build="$2"
  echo "== $name: lit suite in $build"
  /usr/lib/llvm-22/bin/lit -sv "$build/test" \
    --xunit-xml-output "$results/lit-$name.xml" || status=1
  echo "== $name: Python tests (reference, differential, statistics)"
  # allow_user_poisoning=0: LLVM's allocators poison fresh slabs when the
  # code that starts one is built with AddressSanitizer (ours, inlined) and
  # cannot unpoison what Debian's uninstrumented libMLIR then allocates
  # from them; those reports are not about this project.
  ASAN_OPTIONS=allow_user_poisoning=0 \
  MX_OPT="$build/bin/mx-opt" /usr/bin/python3 -m pytest -q -p no:cacheprovider \
    "$root/python/tests" --junitxml="$results/pytest-$name.xml" || status=1
}

echo "== release build"
if "$root/scripts/build.sh" "$root/build"; then
  run_suites release "$root/build"
else
  status=1
fi

if [ "${MX_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== sanitizer build (ASan + UBSan)"
  if "$root/scripts/build.sh" "$root/build-sanitizers" -DMX_ENABLE_SANITIZERS=ON; then
    run_suites sanitizers "$root/build-sanitizers"
  else
    status=1
  fi
fi

python3 "$root/scripts/summarize-tests.py" "$results" || status=1
exit "$status"
