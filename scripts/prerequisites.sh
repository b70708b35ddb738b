#!/usr/bin/env bash
# Installs what the test command needs and this machine lacks, from the
# package registries only: Debian packages with apt (as root, or through
# sudo), the Rust components and targets with rustup, the nightly toolchain
# and cargo-fuzz for the fuzz targets, and wasm-bindgen-cli at the version
# Cargo.lock pins. What is there already is left alone, so a second run
# installs nothing. `bash scripts/test.sh` runs this first.
#
# Usage: bash scripts/prerequisites.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo >/dev/null 2>&1 || {
    echo "prerequisites: no cargo: install a Rust toolchain with rustup (https://rustup.rs) first" >&2
    exit 1
}

# Debian packages: python3 with venv (the sample data check, the Python
# package), a C toolchain, valgrind, pkg-config and cJSON (the C tests read
# the conformance vectors with it), Node with npm and Debian's Chromium (the
# WebAssembly package's tests; no browser is downloaded by a test tool), and
# a Java runtime for PySpark.
need=()
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need+=(python3-venv)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || need+=(make)
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
[ -f /usr/include/cjson/cJSON.h ] || need+=(libcjson-dev)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
# Java 17 or later for PySpark in local mode (the Spark tests).
java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || need+=(openjdk-17-jre-headless)
if [ "${#need[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "prerequisites: need root (or sudo) to install: ${need[*]}" >&2
        exit 1
    fi
    echo "prerequisites: installing ${need[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${need[@]}"
fi

if command -v rustup >/dev/null 2>&1; then
    rustup component add rustfmt clippy
    rustup target list --installed | grep -qx wasm32-unknown-unknown ||
        rustup target add wasm32-unknown-unknown
    # The fuzz targets build with the nightly toolchain's sanitizer support.
    rustup toolchain list | grep -q '^nightly' ||
        rustup toolchain install nightly --profile minimal
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

# The wasm-bindgen CLI must match the crate exactly (pinned with = in
# bindings-wasm/Cargo.toml). Not --locked: one of its locked dependencies is
# not served by the registry here.
wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p' | head -1)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\$"; then
    cargo install wasm-bindgen-cli --version "$wb_version"
fi
echo "prerequisites: all present"
