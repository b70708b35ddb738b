#!/usr/bin/env bash
# Runs every test of valuevector: formatting, lints, all crates (unit,
# integration, property and conformance tests, doctests), the CLI against
# the sample files, and the sample data's generator check.
#
# Usage: bash scripts/test.sh
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "formatting (cargo fmt --check)"
cargo fmt --all -- --check

step "lints (cargo clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests: core, CLI, conformance vectors, doctests"
log=$(mktemp)
cargo test --workspace --locked 2>&1 | tee "$log"
passed=$(grep -Eo '^test result: .* ([0-9]+) passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '^test result: .* ([0-9]+) failed' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
rm -f "$log"

step "sample data matches its seeded generator"
python3 examples/generate.py --check

step "main job: the CLI scores the sample portfolio with the embedded model"
cargo run --quiet --locked -p valuevector-cli -- score examples/portfolio.csv --format csv > /dev/null

echo
echo "rust: $passed passed, $failed failed"
