#!/usr/bin/env bash
# What each corpus filter drops: on the sample corpus (corpus/) and on the clean dev sets, whose
# pairs are all real gold translations (so what --drop-wrong-language drops there is a false
# drop). Reads /work/shared at run time only; writes into a temporary folder; commits nothing.
# Usage: scripts/measure_filters.sh [BIN]   (BIN defaults to $CARGO_TARGET_DIR/release/selaras)
set -euo pipefail
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/selaras}
DATA=${SELARAS_DATA:-/work/shared/data}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FILTERS="--dedup --drop-identical --drop-no-letters --max-length-ratio 3 --drop-wrong-language"

# Prints a set's pairs written without filters, and each filter's count with all of them on.
measure() { # name dir [flags...]
  local name=$1 dir=$2; shift 2
  "$BIN" run "$dir" --format jsonl -o "$TMP/$name-plain" -q "$@"
  # shellcheck disable=SC2086
  "$BIN" run "$dir" --format jsonl -o "$TMP/$name" -q "$@" $FILTERS
  python3 - "$name" "$TMP/$name-plain/report.json" "$TMP/$name/report.json" <<'PY'
import json, sys
name, plain, filtered = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
counts = ", ".join(f"{k} {v}" for k, v in filtered["totals"]["filtered"].items())
print(f"{name:10} pairs {plain['totals']['pairs_written']:5} -> {filtered['totals']['pairs_written']:5}: {counts}")
PY
}
clean() { mkdir -p "$TMP/$1"; cp "$2"/*.txt "$TMP/$1/"; }

measure corpus "$(dirname "$0")/../corpus"
clean iden-clean "$DATA/iden-dev"; measure iden "$TMP/iden-clean" --presegmented
clean panl-clean "$DATA/panl-dev"; measure panl "$TMP/panl-clean" --presegmented
measure iden-hard "$DATA/iden-dev/hard" --presegmented
measure panl-hard "$DATA/panl-dev/hard" --presegmented

# Recall of --drop-wrong-language: every 10th Indonesian line of the clean set replaced by its
# English source (an untranslated sentence left in the translation).
mkdir -p "$TMP/iden-copied"
python3 - "$DATA/iden-dev" "$TMP/iden-copied" <<'PY'
import glob, os, sys
src, out = sys.argv[1], sys.argv[2]
copied = long = 0
for en in sorted(glob.glob(os.path.join(src, "*.en.txt"))):
    name = os.path.basename(en)[: -len(".en.txt")]
    e = open(en, encoding="utf-8").read().splitlines()
    i = open(os.path.join(src, name + ".id.txt"), encoding="utf-8").read().splitlines()
    for k in range(4, min(len(e), len(i)), 10):
        i[k] = e[k]
        copied += 1
        long += len(e[k]) >= 60
    open(os.path.join(out, name + ".en.txt"), "w", encoding="utf-8").write("\n".join(e) + "\n")
    open(os.path.join(out, name + ".id.txt"), "w", encoding="utf-8").write("\n".join(i) + "\n")
print(f"iden-copied: {copied} Indonesian lines replaced by their English source, {long} of 60+ characters")
PY
"$BIN" run "$TMP/iden-copied" --presegmented --format jsonl -o "$TMP/copied" -q --keep-suspect --drop-wrong-language
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["totals"]; print("iden-copied: wrong_language dropped", t["filtered"]["wrong_language"])' "$TMP/copied/report.json"
