#!/usr/bin/env bash
# Builds libvaluevector and runs the C tests against it: linked shared and
# static, under valgrind (leaks are errors), and with AddressSanitizer.
# Usage: bash bindings-c/tests/run.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

cargo build --locked -q -p valuevector-c
out="$root/target/c-tests"
# The library carries the soname libvaluevector.so.0: give it that name too.
lib="$out/lib"
mkdir -p "$lib"
cp "$root/target/debug/libvaluevector.so" "$root/target/debug/libvaluevector.a" "$lib/"
ln -sf libvaluevector.so "$lib/libvaluevector.so.0"
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

# Install into a scratch prefix and build the CRM example against the
# installed copy with pkg-config, shared and static.
prefix="$out/prefix"
rm -rf "$prefix"
make -s -C "$root/bindings-c" install PREFIX="$prefix" > "$out/install.log" 2>&1
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
# shellcheck disable=SC2046
gcc "${cflags[@]}" "$root/examples/c/crm_sync.c" -o "$out/crm_sync" $(pkg-config --cflags --libs valuevector) -lm \
    -Wl,-rpath,"$prefix/lib"
# shellcheck disable=SC2046
gcc "${cflags[@]}" "$root/examples/c/crm_sync.c" -o "$out/crm_sync.static" -static-libgcc \
    $(pkg-config --cflags valuevector) "$prefix/lib/libvaluevector.a" $(pkg-config --libs-only-other --static valuevector) \
    $(pkg-config --static --libs-only-l valuevector | sed 's/-lvaluevector//') -lm
check_crm() { # binary
    local rows accounts
    "$1" "$root/examples/portfolio.csv" > "$out/crm.csv"
    rows=$(($(wc -l < "$root/examples/portfolio.csv") - 1))
    accounts=$(($(wc -l < "$out/crm.csv") - 1))
    [ "$rows" -eq "$accounts" ] || { echo "$accounts accounts scored of $rows"; return 1; }
    head -1 "$out/crm.csv" | grep -qx 'id,adoption,renewal,expansion,root_driver'
    printf 'id,nps,product\nok,10,0.5\nbad,ten,0.5\n' > "$out/bad.csv"
    local code=0
    "$1" "$out/bad.csv" > "$out/bad.out" 2> "$out/bad.err" || code=$?
    [ "$code" -eq 1 ] && grep -q "line 3: nps: 'ten' is not a number" "$out/bad.err" && grep -q '^ok,' "$out/bad.out"
}
run "crm_sync (installed, pkg-config)" check_crm "$out/crm_sync"
run "crm_sync (installed, static)" check_crm "$out/crm_sync.static"

# A second install elsewhere: its pkg-config file names its own prefix (it
# used to keep the first install's), and so does a third into the first.
check_prefixes() {
    local p want got
    for p in "$out/prefix-two" "$prefix"; do
        make -s -C "$root/bindings-c" install PREFIX="$p" >> "$out/install.log" 2>&1
        want=$p
        got=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" pkg-config --variable=prefix valuevector)
        [ "$got" = "$want" ] || { echo "installed into $want, pkg-config says $got"; return 1; }
        got=$(PKG_CONFIG_PATH="$p/lib/pkgconfig" pkg-config --variable=libdir valuevector)
        [ "$got" = "$want/lib" ] || { echo "libdir $got for $want"; return 1; }
        [ -f "$p/lib/libvaluevector.so.0" ] && [ -f "$p/include/valuevector.h" ]
    done
}
rm -rf "$out/prefix-two"
run "install into two prefixes (pkg-config --variable=prefix)" check_prefixes

echo "c: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
