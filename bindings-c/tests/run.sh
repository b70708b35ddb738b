#!/usr/bin/env bash
# Builds libvaluevector and runs the C tests against it: linked shared and
# static, under valgrind (leaks are errors), and with AddressSanitizer.
# Usage: bash bindings-c/tests/run.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

cargo build --locked -q -p valuevector-c
lib="$root/target/debug"
out="$root/target/c-tests"
mkdir -p "$out"
cflags=(-std=c11 -Wall -Wextra -Werror -g -I"$root/bindings-c/include")
static_libs=$(cargo rustc --locked -q -p valuevector-c --crate-type staticlib -- --print native-static-libs 2>&1 |
    sed -n 's/.*native-static-libs: //p' | tail -1)
static_libs=${static_libs:--lgcc_s -lutil -lrt -lpthread -lm -ldl -lc}
export RUST_BACKTRACE=0

tests=(test_api test_threads test_conformance)
extra_libs() { case "$1" in test_conformance) echo "-lcjson" ;; test_threads) echo "-lpthread" ;; esac; }
args() { case "$1" in test_conformance) echo "$root"/conformance/*.json ;; esac; }

passed=0 failed=0
run() { # name, command...
    local name=$1
    shift
    if "$@" > "$out/$name.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok      $name: $(grep -E 'passed, [0-9]+ failed' "$out/$name.log" | tail -1)"
    else
        failed=$((failed + 1))
        echo "FAILED  $name"
        tail -30 "$out/$name.log"
    fi
}

for t in "${tests[@]}"; do
    # shellcheck disable=SC2046
    gcc "${cflags[@]}" "$here/$t.c" -o "$out/$t.shared" -L"$lib" -lvaluevector -Wl,-rpath,"$lib" $(extra_libs "$t") -lm
    # shellcheck disable=SC2046
    gcc "${cflags[@]}" "$here/$t.c" -o "$out/$t.static" "$lib/libvaluevector.a" $(extra_libs "$t") $static_libs
    # shellcheck disable=SC2046
    run "$t (shared)" "$out/$t.shared" $(args "$t")
    # shellcheck disable=SC2046
    run "$t (static)" "$out/$t.static" $(args "$t")
    # Definite and indirect leaks fail the run. "Possibly lost" is left out:
    # the embedded default model lives in a static, and its hash tables are
    # held by pointers into their blocks, which valgrind counts as possible.
    # shellcheck disable=SC2046
    run "$t (valgrind)" valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 "$out/$t.static" $(args "$t")
    # shellcheck disable=SC2046
    gcc "${cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer "$here/$t.c" -o "$out/$t.asan" \
        "$lib/libvaluevector.a" $(extra_libs "$t") $static_libs
    # shellcheck disable=SC2046
    run "$t (asan)" env ASAN_OPTIONS=detect_leaks=1 "$out/$t.asan" $(args "$t")
done

echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
