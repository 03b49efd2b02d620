#!/usr/bin/env bash
# Peak memory of one large document pair (issue 18's standard: at most 4 times its size).
#
# Builds one document pair of about MEGABYTES (default 20) from the bundled corpus/: every
# article of each side, in sorted order, repeated until the size is reached, each copy's
# paragraphs numbered ("(copy 12)") so that the book is not one text said over and over. Then
# aligns it RUNS times (default 3) with
#
#   selaras align BIG.en.txt BIG.id.txt -o BIG.tsv --format tsv --keep-suspect
#
# under /usr/bin/time -v and prints the pair's size, the sentences, the median wall time and the
# median peak resident memory, and peak / size. (--keep-suspect: a book that repeats one set of
# articles looks, to the not-a-translation check, like a pair of mistaken files.) Everything is written in a temporary folder.
#
#   scripts/measure_memory.sh [BIN] [MEGABYTES] [RUNS]
#
# BIN defaults to $CARGO_TARGET_DIR/release/selaras (build it first). Extra options for
# `align` go in SELARAS_ALIGN_OPTIONS (for example `--presegmented`).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/selaras}
megabytes=${2:-20}
runs=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$megabytes" <<'EOF'
import glob, os, sys
work, megabytes = sys.argv[1], float(sys.argv[2])
sides = {}
for lang in ("en", "id"):
    texts = []
    for path in sorted(glob.glob(f"corpus/*.{lang}.txt")):
        with open(path, encoding="utf-8") as f:
            texts.append(f.read().strip())
    sides[lang] = texts
one_copy = sum(len("\n\n".join(t).encode()) for t in sides.values())
copies = max(1, round(megabytes * 1_000_000 / one_copy))
for lang, texts in sides.items():
    with open(os.path.join(work, f"BIG.{lang}.txt"), "w", encoding="utf-8") as out:
        for copy in range(1, copies + 1):
            for text in texts:
                for paragraph in text.split("\n\n"):
                    out.write(f"{paragraph} (copy {copy})\n\n")
EOF

size=$(cat "$work/BIG.en.txt" "$work/BIG.id.txt" | wc -c)
walls=() peaks=()
for _ in $(seq "$runs"); do
    # shellcheck disable=SC2086
    /usr/bin/time -v "$bin" align "$work/BIG.en.txt" "$work/BIG.id.txt" -o "$work/BIG.tsv" \
        --format tsv --keep-suspect ${SELARAS_ALIGN_OPTIONS:-} 2> "$work/time.txt" || {
        cat "$work/time.txt"
        exit 1
    }
    peaks+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")")
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")")
done
pairs=$(wc -l < "$work/BIG.tsv")
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
peak_kb=$(median "${peaks[@]}")
printf 'pair: %.1f MB (en %s bytes, id %s bytes), %s aligned rows\n' "$(echo "$size / 1000000" | bc -l)" \
    "$(wc -c < "$work/BIG.en.txt")" "$(wc -c < "$work/BIG.id.txt")" "$pairs"
printf 'wall times: %s\n' "${walls[*]}"
printf 'peak RSS (median of %s): %.1f MB = %.2f x the pair\n' "$runs" "$(echo "$peak_kb * 1024 / 1000000" | bc -l)" \
    "$(echo "$peak_kb * 1024 / $size" | bc -l)"
