#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for SECONDS each (default 60)
# with cargo fuzz on the nightly toolchain, starting from the seeds in
# fuzz/seeds and the corpus of earlier runs (target/fuzz-corpus). Prints
# each target's executions and coverage; a crash stops the run, and its
# input is in fuzz/artifacts/<target>/ (turn it into a regression test).
#
# Usage: bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
targets=(json_reader model_load accounts classify c_batch)
(cd fuzz && cargo +nightly fuzz build)
for t in "${targets[@]}"; do
    corpus="target/fuzz-corpus/$t"
    mkdir -p "$corpus"
    cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
    log="target/fuzz-corpus/$t.log"
    if (cd fuzz && cargo +nightly fuzz run "$t" "../$corpus" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096) > "$log" 2>&1; then
        printf 'fuzz %-12s %s\n' "$t" "$(grep -E '^#[0-9]+.*DONE' "$log" | tail -1 | tr -s ' ')"
    else
        tail -40 "$log"
        echo "fuzz $t: FAILED (the input is in fuzz/artifacts/$t/)" >&2
        exit 1
    fi
done
