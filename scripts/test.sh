#!/usr/bin/env bash
# Installs chiso with its test extras into a virtual environment and runs
# every test: the Rust tests and doctests, the Python tests, the docstring
# examples and the notebooks (executed with a real Jupyter kernel).
#
# Build products and the environment live outside the clone, in
# $CHISO_CACHE (default ~/.cache/chiso), so a fresh clone reuses them.
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${CHISO_CACHE:-$HOME/.cache/chiso}"
mkdir -p "$cache"
export CARGO_TARGET_DIR="$cache/target"
venv="$cache/venv"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
# shellcheck disable=SC1091
. "$venv/bin/activate"
python -m pip install --quiet --upgrade pip
python -m pip install --quiet "maturin>=1.9,<2.0"

echo "== Rust tests (cargo test, no Python) =="
cargo test --locked

echo "== Rust docs without warnings, benchmarks still compile =="
RUSTDOCFLAGS=-Dwarnings cargo doc --locked --no-deps --quiet
cargo bench --locked --no-run --quiet

echo "== Build and install the Python package =="
CARGO_TARGET_DIR="$cache/target-wheel" python -m pip install --quiet --no-build-isolation ".[test,plot,progress]"

echo "== Python tests, docstring examples and notebooks =="
# Run from a folder outside the clone so `import chiso` finds the installed
# package, not the source tree without its compiled module.
export CHISO_REPO="$PWD"
package="$(python -c 'import chiso, os; print(os.path.dirname(chiso.__file__))')"
cd "$cache"
python -m pytest -q -p no:cacheprovider --rootdir "$CHISO_REPO" -c "$CHISO_REPO/pyproject.toml" \
    "$CHISO_REPO/tests" \
    --doctest-modules "$package" \
    --nbmake "$CHISO_REPO/notebooks" --nbmake-timeout=600
