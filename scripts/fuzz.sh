#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with cargo fuzz on
# the nightly toolchain: the text code's beside it (text/fuzz: the JSON
# reader against serde_json, numbers against the standard library), then
# the library's (fuzz: models, accounts, the classifier, the C batch),
# each starting from its seeds (<project>/seeds) and the corpus of earlier
# runs (target/fuzz-corpus). Prints each target's executions and coverage;
# a crash stops the run, and its input is in <project>/artifacts/<target>/
# (turn it into a regression test).
#
# Usage: bash scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
root=$(pwd)

run_project() {
    local project=$1
    shift
    (cd "$project" && cargo +nightly fuzz build)
    for t in "$@"; do
        corpus="$root/target/fuzz-corpus/$t"
        mkdir -p "$corpus"
        cp -n "$project"/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
        log="$root/target/fuzz-corpus/$t.log"
        if (cd "$project" && cargo +nightly fuzz run "$t" "$corpus" -- \
            -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096) > "$log" 2>&1; then
            printf 'fuzz %-12s %s\n' "$t" "$(grep -E '^#[0-9]+.*DONE' "$log" | tail -1 | tr -s ' ')"
        else
            tail -40 "$log"
            echo "fuzz $t: FAILED (the input is in $project/artifacts/$t/)" >&2
            exit 1
        fi
    done
}

run_project text/fuzz json_reader numbers
run_project fuzz model_load accounts classify c_batch
