#!/usr/bin/env bash
# Times selaras on absurd inputs at two sizes, a quarter and the full size, and fails if four
# times the input takes more than eight times as long (a sign of superlinear work):
#   - one 30 MB line with no punctuation (split and align),
#   - a million one-word lines on each side (align, raw and --presegmented),
#   - a million one-word lines against half a million (align; very unequal sides).
#
#   scripts/scale.sh [CASE...]     # cases: long-line one-word-lines unequal (default: all)
#
# Builds the release binary (CARGO_TARGET_DIR is honoured). The tests in
# tests/reliability/scale.rs run smaller sizes of the same inputs in every `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/selaras"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cases=("$@")
[ "${#cases[@]}" -gt 0 ] || cases=(long-line one-word-lines unequal)

seconds() { # COMMAND... -> elapsed seconds on stdout; the command's output is discarded
    local start end
    start=$(date +%s.%N)
    "$@" > /dev/null
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

long_line() { { yes kata || true; } | head -n "$1" | tr '\n' ' '; }
words() { seq 1 "$1" | sed 's/^/w/'; }

status=0
compare() { # NAME SMALL_SECONDS LARGE_SECONDS
    local ratio
    ratio=$(echo "scale=2; $3 / ($2 + 0.01)" | bc)
    printf '%-40s %8.2fs %8.2fs  x%s\n' "$1" "$2" "$3" "$ratio"
    if [ "$(echo "$ratio > 8" | bc)" = 1 ]; then
        echo "   superlinear: 4x the input took ${ratio}x the time"
        status=1
    fi
}

printf '%-40s %9s %9s  %s\n' case quarter full ratio
for case in "${cases[@]}"; do
    case "$case" in
    long-line)
        for n in 1500000 6000000; do # 5 bytes a word: 7.5 MB and 30 MB
            long_line "$n" > "$work/line$n.en.txt"
            cp "$work/line$n.en.txt" "$work/line$n.id.txt"
        done
        compare "split: one line, no punctuation" \
            "$(seconds "$bin" split --lang en "$work/line1500000.en.txt")" \
            "$(seconds "$bin" split --lang en "$work/line6000000.en.txt")"
        compare "align: one line, no punctuation" \
            "$(seconds "$bin" align "$work/line1500000.en.txt" "$work/line1500000.id.txt")" \
            "$(seconds "$bin" align "$work/line6000000.en.txt" "$work/line6000000.id.txt")"
        ;;
    one-word-lines)
        for n in 250000 1000000; do
            words "$n" > "$work/w$n.en.txt"
            cp "$work/w$n.en.txt" "$work/w$n.id.txt"
        done
        compare "align: one-word lines" \
            "$(seconds "$bin" align "$work/w250000.en.txt" "$work/w250000.id.txt")" \
            "$(seconds "$bin" align "$work/w1000000.en.txt" "$work/w1000000.id.txt")"
        compare "align --presegmented: one-word lines" \
            "$(seconds "$bin" align --presegmented "$work/w250000.en.txt" "$work/w250000.id.txt")" \
            "$(seconds "$bin" align --presegmented "$work/w1000000.en.txt" "$work/w1000000.id.txt")"
        ;;
    unequal)
        for n in 2500 10000; do
            words "$n" > "$work/u$n.en.txt"
            words "$((n / 2))" > "$work/u$n.id.txt"
        done
        compare "align: N against N/2 one-word lines" \
            "$(seconds "$bin" align "$work/u2500.en.txt" "$work/u2500.id.txt")" \
            "$(seconds "$bin" align "$work/u10000.en.txt" "$work/u10000.id.txt")"
        ;;
    *)
        echo "unknown case $case" >&2
        exit 2
        ;;
    esac
done
exit "$status"
