#!/usr/bin/env bash
# Runs the cargo-fuzz targets one after the other (the machine has 2 cores), SECONDS each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # default: 60 seconds, targets text align writers
#
# Needs a nightly toolchain and cargo-fuzz (`rustup toolchain install nightly`,
# `cargo install cargo-fuzz`). The corpus grows in fuzz/corpus/TARGET (not committed); the text
# target is seeded with the bundled corpus. A crash is saved in fuzz/artifacts/TARGET/; keep it
# as a regression test in tests/reliability/fuzz_regressions.rs and rerun it with
#   cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-...
# Set CARGO_TARGET_DIR to share a build folder. Exits non-zero if a target found a crash.
set -euo pipefail

seconds="${1:-60}"
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    targets=(text align writers)
fi

cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/text
if [ -z "$(ls -A fuzz/corpus/text)" ]; then
    cp corpus/*.txt fuzz/corpus/text/
fi

status=0
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    echo "== fuzz $target for ${seconds}s"
    if ! cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=20 -print_final_stats=1; then
        echo "== fuzz $target: FOUND A CRASH (see fuzz/artifacts/$target/)"
        status=1
    fi
done
exit "$status"
