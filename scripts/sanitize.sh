#!/usr/bin/env bash
# Build the engine and its plain C++ tests (tests/cpp/test_*.cpp) with
# AddressSanitizer + UndefinedBehaviorSanitizer, and separately with
# ThreadSanitizer, and run them. Exits non-zero on any build failure, test
# failure or sanitizer report (reports are fatal: -fno-sanitize-recover=all,
# halt_on_error=1).
#
#   scripts/sanitize.sh            # both: asan+ubsan, then tsan
#   scripts/sanitize.sh asan       # only address;undefined
#   scripts/sanitize.sh tsan       # only thread
#   JOBS=2 BUILD_ROOT=build scripts/sanitize.sh
#
# Optional (experimental, a full extension build): PYTHON_ASAN=1 also runs a small
# Python smoke (tests/hardening/_smoke.py: routing + assignment) against an
# ASan+UBSan build of the extension via LD_PRELOAD of libasan; see the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_ROOT="${BUILD_ROOT:-$ROOT/build}"
JOBS="${JOBS:-2}"
WHICH="${1:-all}"
GENERATOR=()
if command -v ninja >/dev/null 2>&1; then GENERATOR=(-G Ninja); fi

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

status=0

run_variant() {
  local name="$1" sanitize="$2"
  local dir="$BUILD_ROOT/sanitize-$name"
  echo "=== [$name] configure ($sanitize) in $dir"
  cmake -S "$ROOT" -B "$dir" "${GENERATOR[@]}" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DLASTLEG_PYTHON=OFF -DBUILD_TESTING=ON \
    -DLASTLEG_SANITIZE="$sanitize" >/dev/null
  echo "=== [$name] build (-j$JOBS)"
  cmake --build "$dir" -j "$JOBS"
  echo "=== [$name] run"
  local log="$dir/sanitize.log"
  if ctest --test-dir "$dir" --output-on-failure --timeout 900 2>&1 | tee "$log"; then
    :
  else
    echo "!!! [$name] ctest failed"
    status=1
  fi
  # a report in a test that still exited 0 would be a bug in the options above;
  # look for one anyway
  if grep -Eq "ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|WARNING: ThreadSanitizer" "$log"; then
    echo "!!! [$name] sanitizer report found in $log"
    status=1
  else
    echo "=== [$name] clean"
  fi
}

case "$WHICH" in
  all) run_variant asan "address;undefined"; run_variant tsan "thread" ;;
  asan) run_variant asan "address;undefined" ;;
  tsan) run_variant tsan "thread" ;;
  *) echo "usage: $0 [all|asan|tsan]" >&2; exit 2 ;;
esac

if [[ "${PYTHON_ASAN:-0}" == "1" ]]; then
  # The Python extension under ASan+UBSan: build it into a throwaway venv-free
  # location and run a smoke with libasan preloaded (the interpreter itself is
  # not instrumented, so leak checking is off).
  dir="$BUILD_ROOT/sanitize-pyasan"
  echo "=== [pyasan] build extension"
  python -m pip install --no-build-isolation --no-deps --target "$dir/site" \
    -Cbuild-dir="$dir/build" -Ccmake.define.LASTLEG_SANITIZE="address;undefined" \
    -Ccmake.build-type=RelWithDebInfo "$ROOT" >/dev/null
  libasan="$(g++ -print-file-name=libasan.so)"
  libubsan="$(g++ -print-file-name=libubsan.so)"
  if ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1" \
     LD_PRELOAD="$libasan $libubsan" PYTHONPATH="$dir/site" \
     python "$ROOT/tests/hardening/_smoke.py"; then
    echo "=== [pyasan] clean"
  else
    echo "!!! [pyasan] failed"
    status=1
  fi
fi

exit "$status"
