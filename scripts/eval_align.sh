#!/usr/bin/env bash
# Strict/lax F1 of the aligner on the dev sets (presegmented, default settings).
# Reads /work/shared at run time only; writes into a temporary folder; commits nothing.
# Usage: scripts/eval_align.sh [BIN]   (BIN defaults to $CARGO_TARGET_DIR/release/selaras)
set -euo pipefail
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/selaras}
DATA=${SELARAS_DATA:-/work/shared/data}
TB=${SELARAS_TEXTBERG:-/work/shared/eval/textberg}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# Prints one line per set: name, then strict precision, recall, F1 (add -v for the full report).
VERBOSE=${VERBOSE:-}
run() { # name dir [lang flags...]
  local name=$1 dir=$2; shift 2
  "$BIN" run "$dir" --presegmented --format beads -o "$TMP/$name" -q "$@"
  if [ -n "$VERBOSE" ]; then
    echo "== $name"; "$BIN" eval --gold "$dir" --pred "$TMP/$name/beads"
  else
    printf '%-10s ' "$name"
    "$BIN" eval --gold "$dir" --pred "$TMP/$name/beads" --json |
      python3 -c 'import json,sys; d=json.load(sys.stdin); s=d.get("scores",d)["strict"]; print("strict P %.4f R %.4f F1 %.4f" % (s["precision"], s["recall"], s["f1"]))'
  fi
}
# The clean sets without their hard/ subfolders (discovery is recursive).
clean() { mkdir -p "$TMP/$1"; cp "$2"/*.txt "$2"/*.gold "$TMP/$1/"; }

run iden-hard "$DATA/iden-dev/hard"
run panl-hard "$DATA/panl-dev/hard"
clean iden-clean "$DATA/iden-dev"; run iden "$TMP/iden-clean"
clean panl-clean "$DATA/panl-dev"; run panl "$TMP/panl-clean"
mkdir -p "$TMP/tb"
for f in "$TB"/test*.de; do
  n=$(basename "$f" .de)
  cp "$TB/$n.de" "$TMP/tb/$n.de.txt"
  cp "$TB/$n.fr" "$TMP/tb/$n.fr.txt"
  cp "$TB/$n.defr" "$TMP/tb/$n.defr"
done
run textberg "$TMP/tb" --src-lang de --tgt-lang fr
# Chinese–English literary translation (MAC dev part): Chinese is the source side.
run mac-dev "$DATA/mac-dev" --src-lang zh --tgt-lang en
# Text+Berg's dev document (what parameters may be fitted on, beside the sets above).
if [ -n "${WITH_TB_DEV:-}" ]; then
  mkdir -p "$TMP/tbdev"
  cp "$TB/dev.de" "$TMP/tbdev/dev.de.txt"; cp "$TB/dev.fr" "$TMP/tbdev/dev.fr.txt"; cp "$TB/dev.defr" "$TMP/tbdev/dev.defr"
  run tb-dev "$TMP/tbdev" --src-lang de --tgt-lang fr
fi
