#!/usr/bin/env bash
# A benchmark source with a natural vocabulary: the raw paragraphs of the development sets
# (../shared/data, read at run time; nothing derived from them is committed) as document pairs
# NAME.en.txt / NAME.id.txt in OUT_DIR, for scripts/bench.sh:
#
#   scripts/dev_bench_source.sh /tmp/devraw
#   BENCH_DIR=/tmp/bench-dev scripts/bench.sh /tmp/devraw 100 5
#
# The bundled corpus/ repeats eight articles, so word-level memos hit far more often on it than
# on real news; this source (about 1.7 MB of distinct text) is closer to a real corpus.
set -euo pipefail
OUT="${1:?usage: dev_bench_source.sh OUT_DIR}"
DATA="${SELARAS_DATA:-$(cd "$(dirname "$0")/../.." && pwd)/shared/data}"
mkdir -p "$OUT"
for set in iden-dev panl-dev iden-dev/hard panl-dev/hard; do
  tag="${set//\//-}"
  for en in "$DATA/$set"/*.en.raw; do
    base="$(basename "$en" .en.raw)"
    cp "$en" "$OUT/$tag-$base.en.txt"
    cp "$DATA/$set/$base.id.raw" "$OUT/$tag-$base.id.txt"
  done
done
echo "$(find "$OUT" -name '*.en.txt' | wc -l) document pairs in $OUT"
