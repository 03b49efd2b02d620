#!/usr/bin/env bash
# End-to-end speed and memory of `selaras run`, as the performance issue measures them.
#
#   scripts/bench.sh [SOURCE_DIR] [MEGABYTES] [RUNS]
#
# Builds a corpus of MEGABYTES of raw article pairs from SOURCE_DIR (default: corpus/, 100 MB),
# the same pairs as one JSON-lines stream (for `run --input-jsonl`), and a 20,000 x 20,000-sentence
# presegmented book pair; then times RUNS runs (default 5) of each configuration and prints the
# median wall time, MB/s, sentence pairs per second and peak memory (from /usr/bin/time -v).
# `-j 1` is the baseline measured beside all cores in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
SOURCE="${1:-corpus}"
MEGABYTES="${2:-100}"
RUNS="${3:-5}"
WORK="${BENCH_DIR:-/tmp/selaras-bench}"

# SELARAS_BIN measures another build (an older one, for a before/after comparison).
if [ -n "${SELARAS_BIN:-}" ]; then
  BIN="$SELARAS_BIN"
else
  cargo build --release --quiet
  BIN="$PWD/target/release/selaras"
fi
mkdir -p "$WORK"
if [ ! -f "$WORK/articles-$MEGABYTES.done" ]; then
  rm -rf "$WORK/articles"
  python3 scripts/make_bench_corpus.py "$SOURCE" "$WORK/articles" --megabytes "$MEGABYTES"
  touch "$WORK/articles-$MEGABYTES.done"
fi
if [ ! -f "$WORK/book/book.en.txt" ]; then
  BOOK_SOURCE="${BOOK_SOURCE:-$WORK/preseg}"
  if [ ! -d "$BOOK_SOURCE" ]; then
    python3 scripts/check_corpus.py corpus --presegmented "$BOOK_SOURCE" >/dev/null
  fi
  python3 scripts/make_bench_corpus.py "$BOOK_SOURCE" "$WORK/book" --book 20000
fi
# The same pairs as one JSON-lines stream, for `run --input-jsonl`.
if [ ! -f "$WORK/articles.jsonl" ] || [ "$WORK/articles-$MEGABYTES.done" -nt "$WORK/articles.jsonl" ]; then
  python3 - "$WORK/articles" "$WORK/articles.jsonl" <<'PY'
import json, pathlib, sys
folder, out = pathlib.Path(sys.argv[1]), sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for en in sorted(folder.rglob("*.en.txt")):
        name = str(en.relative_to(folder))[: -len(".en.txt")]
        doc = {"doc": name, "en": en.read_text(encoding="utf-8"),
               "id": en.with_name(en.name[: -len(".en.txt")] + ".id.txt").read_text(encoding="utf-8")}
        f.write(json.dumps(doc, ensure_ascii=False) + "\n")
PY
fi
INPUT_MB=$(du -sb "$WORK/articles" | awk '{printf "%.1f", $1/1e6}')
BOOK_MB=$(du -sb "$WORK/book" | awk '{printf "%.1f", $1/1e6}')

# measure NAME INPUT_MB -- COMMAND...: RUNS runs; prints the median.
measure() {
  local name="$1" mb="$2"; shift 3
  local times=() mems=() pairs=0
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/out"; mkdir -p "$WORK/out"
    /usr/bin/time -v -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || { cat "$WORK/stderr.txt"; exit 1; }
    times+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/time.txt")")
    mems+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")")
    if [ -f "$WORK/out/report.json" ]; then
      pairs=$(python3 -c "import json;print(json.load(open('$WORK/out/report.json'))['totals']['pairs_written'])")
    else
      pairs=$(grep -cv '^\[\]\|\[\]\s' "$WORK/out/"*.beads || true)
    fi
  done
  python3 - "$name" "$mb" "$pairs" "${times[*]}" "${mems[*]}" <<'PY'
import statistics, sys
name, mb, pairs, times, mems = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), sys.argv[5].split()
t = statistics.median(float(x) for x in times)
m = statistics.median(int(x) for x in mems) / 1024
print(f"{name:<34} {t:8.2f} s  {mb / t:8.1f} MB/s  {pairs / t:10.0f} pairs/s  {m:8.1f} MB peak   (runs: {' '.join(times)})")
PY
}

echo "selaras $($BIN --version | awk '{print $2}') on $(nproc) cores; median of $RUNS runs"
echo "articles: $INPUT_MB MB in $(find "$WORK/articles" -name '*.en.txt' | wc -l) pairs; book: $BOOK_MB MB"
measure "articles -j 1 (baseline) tmx,csv" "$INPUT_MB" -- "$BIN" run "$WORK/articles" -o "$WORK/out" -q -j 1
measure "articles all cores tmx,csv" "$INPUT_MB" -- "$BIN" run "$WORK/articles" -o "$WORK/out" -q
measure "the same as a JSONL stream" "$INPUT_MB" -- "$BIN" run --input-jsonl "$WORK/articles.jsonl" -o "$WORK/out" -q
measure "book 20k x 20k presegmented" "$BOOK_MB" -- "$BIN" align "$WORK/book/book.en.txt" "$WORK/book/book.id.txt" --presegmented -o "$WORK/out/book.beads"

# Accuracy of the book aligned whole against its chapters aligned one by one (strict F1).
"$BIN" align "$WORK/book/book.en.txt" "$WORK/book/book.id.txt" --presegmented -o "$WORK/book-whole.beads"
echo "book aligned whole:       $("$BIN" eval --gold "$WORK/book/book.gold" --pred "$WORK/book-whole.beads" --json | python3 -c 'import json,sys; print("strict F1", json.load(sys.stdin)["strict"]["f1"])')"
rm -rf "$WORK/chapters-out"
"$BIN" run "$WORK/book/chapters" --presegmented --format beads -o "$WORK/chapters-out" -q
echo "chapters one by one:      $("$BIN" eval --gold "$WORK/book/chapters" --pred "$WORK/chapters-out/beads" --json | python3 -c 'import json,sys; print("strict F1", json.load(sys.stdin)["strict"]["f1"])')"
