#!/usr/bin/env bash
# check_tmx_omegat.sh TMX_FILE
#
# Checks that a TMX file written by selaras loads in OmegaT (the CAT tool) and
# that OmegaT actually uses its translations.
#
# It builds a throwaway OmegaT project in a temp dir:
#   source/segments.txt  one TMX source-language segment per line (blank line between)
#   tm/auto/<TMX_FILE>    OmegaT inserts exact matches from tm/auto/ automatically
#   omegat/               must exist, otherwise OmegaT 3.6 does not treat the
#                         dir as a project ("Unable to read project file! ...
#                         projectDir is null")
# then runs `OmegaT --mode=console-translate` headless with a timeout, and
# compares target/segments.txt line by line with the TMX target segments.
#
# A unit with a source <tuv> and no target <tuv> (what --keep-unaligned writes
# for a sentence with no translation) is checked to fill nothing: its segment
# must come out as its source text, untranslated.  A unit with a target <tuv>
# alone is skipped by OmegaT with a warning (TMXR_WARNING_SOURCE_NOT_FOUND),
# the one warning accepted, and only when the TMX has such units.  A unit with an empty <seg>
# is always a failure, and so is any segment OmegaT fills with nothing.
#
# Exit 0: OmegaT read the TMX without errors and every checked segment in the
#         target file is the expected translation (or OmegaT is not installed:
#         the check is skipped with a message).
# Exit 1: OmegaT failed, logged errors/warnings about the TMX, a segment did
#         not match, or a translation was empty.  Exit 2: usage error.
#
# Environment:
#   OMEGAT_JAR      path to OmegaT.jar (default /usr/share/omegat/OmegaT.jar;
#                   falls back to the `omegat` launcher on PATH)
#   OMEGAT_TIMEOUT  seconds to allow OmegaT (default 300)
#   SRC_LANG        source language (default: TMX header srclang, else "en")
#   TGT_LANG        target language (default: first other xml:lang in the TMX)
#   KEEP_TMP=1      keep the temp project and print its path
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 TMX_FILE" >&2
    exit 2
fi
TMX=$1
if [[ ! -f "$TMX" ]]; then
    echo "error: no such file: $TMX" >&2
    exit 2
fi

OMEGAT_JAR=${OMEGAT_JAR:-/usr/share/omegat/OmegaT.jar}
OMEGAT_TIMEOUT=${OMEGAT_TIMEOUT:-300}

# ---- locate OmegaT (skip if absent) ---------------------------------------
omegat_cmd=()
if [[ -f "$OMEGAT_JAR" ]] && command -v java >/dev/null 2>&1; then
    omegat_cmd=(java -Djava.awt.headless=true -Dfile.encoding=UTF-8 -jar "$OMEGAT_JAR")
elif command -v omegat >/dev/null 2>&1; then
    omegat_cmd=(omegat)
else
    echo "SKIP: OmegaT is not installed (no $OMEGAT_JAR with java, no 'omegat' on PATH)"
    exit 0
fi
for tool in python3 timeout; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool is required" >&2
        exit 1
    fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/check_tmx_omegat.XXXXXX")
cleanup() {
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
        echo "kept temp project: $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

proj=$work/project
mkdir -p "$proj"/{source,target,tm/auto,omegat,glossary,dictionary} "$work/config"
cp "$TMX" "$proj/tm/auto/input.tmx"

# ---- extract segments (python3 stdlib only) --------------------------------
# Writes source/segments.txt, expected.json and project languages.
python3 - "$proj/tm/auto/input.tmx" "$work" "${SRC_LANG:-}" "${TGT_LANG:-}" <<'PY'
import json, sys, xml.etree.ElementTree as ET

tmx_path, work, src_lang, tgt_lang = sys.argv[1:5]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
try:
    root = ET.parse(tmx_path).getroot()
except ET.ParseError as e:
    sys.exit(f"FAIL: TMX is not well-formed XML: {e}")
header = root.find("header")
if not src_lang:
    src_lang = (header.get("srclang") if header is not None else None) or "en"
if src_lang == "*all*":
    src_lang = "en"

def lang_of(tuv):
    return tuv.get(XML_LANG) or tuv.get("lang") or ""  # "lang" = TMX 1.1 form

def same(a, b):
    a, b = a.lower().replace("_", "-"), b.lower().replace("_", "-")
    return a == b or a.split("-")[0] == b.split("-")[0]

tus = root.findall("./body/tu")
if not tgt_lang:
    for tu in tus:
        for tuv in tu.findall("tuv"):
            if lang_of(tuv) and not same(lang_of(tuv), src_lang):
                tgt_lang = lang_of(tuv)
                break
        if tgt_lang:
            break
if not tgt_lang:
    sys.exit("error: no target-language <tuv> found in TMX")

expected = {}      # source text -> list of acceptable targets
order = []         # source segments in TMX order (unique)
untranslated = []  # sources of units with no target <tuv>: OmegaT must fill nothing
empty = []         # sources of units whose target <seg> is empty: always a failure
skipped = {"inline_markup": 0, "multiline": 0, "no_source": 0}
for tu in tus:
    src = tgt = None
    inline = False
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        if seg is None:
            continue
        if len(seg):  # inline <bpt>/<ph>/...: OmegaT turns these into its own tags
            inline = True
        text = "".join(seg.itertext())
        if same(lang_of(tuv), src_lang) and src is None:
            src = text
        elif same(lang_of(tuv), tgt_lang) and tgt is None:
            tgt = text
    if src is not None and tgt is not None and (not src.strip() or not tgt.strip()):
        # An empty <seg>: a CAT tool takes it as the translation "nothing".
        empty.append(src.strip() or "(empty source)")
        if src.strip() and "\n" not in src.strip() and src.strip() not in expected:
            # Shown to OmegaT too, with no acceptable result: what it fills is reported.
            expected[src.strip()] = []
            order.append(src.strip())
        continue
    if inline:
        skipped["inline_markup"] += 1
        continue
    if src is None or not src.strip():
        skipped["no_source"] += 1  # a target-only unit: OmegaT has no segment to fill
        continue
    src = src.strip()
    tgt = tgt.strip() if tgt is not None else None
    if "\n" in src or "\r" in src or (tgt and ("\n" in tgt or "\r" in tgt)):
        skipped["multiline"] += 1  # would not survive line-based segmentation
        continue
    if tgt is None:
        untranslated.append(src)
        continue
    if src not in expected:
        expected[src] = []
        order.append(src)
    if tgt not in expected[src]:
        expected[src].append(tgt)
# A source-only unit is checked to stay untranslated (OmegaT writes its source text) unless
# another unit translates the same source.
alone = [s for s in dict.fromkeys(untranslated) if s not in expected]
for s in alone:
    expected[s] = [s]
    order.append(s)

with open(f"{work}/project/source/segments.txt", "w", encoding="utf-8") as f:
    f.write("\n\n".join(order) + "\n")
with open(f"{work}/expected.json", "w", encoding="utf-8") as f:
    json.dump({"order": order, "expected": expected, "skipped": skipped,
               "alone": alone, "empty": empty,
               "tu_count": len(tus), "src_lang": src_lang, "tgt_lang": tgt_lang},
              f, ensure_ascii=False)
with open(f"{work}/langs", "w") as f:
    f.write(f"{src_lang}\n{tgt_lang}\n")
print(f"TMX: {len(tus)} <tu>, {len(order)} unique {src_lang} segments to check "
      f"({len(alone)} with no translation, which must stay unfilled; "
      f"{len(empty)} with an empty <seg>, each a failure) "
      f"({src_lang} -> {tgt_lang}); skipped: "
      + ", ".join(f"{k}={v}" for k, v in skipped.items()))
PY

{ read -r src_lang; read -r tgt_lang; } <"$work/langs"
if [[ ! -s "$proj/source/segments.txt" ]] || [[ "$(tr -d '[:space:]' <"$proj/source/segments.txt")" == "" ]]; then
    echo "FAIL: no checkable segments in $TMX"
    exit 1
fi

# sentence_seg=false: each line of the source file is one OmegaT segment,
# so multi-sentence TUs (n:m beads) are matched whole.
cat >"$proj/omegat.project" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes>
            <mask>**/.svn/**</mask>
            <mask>**/.git/**</mask>
        </source_dir_excludes>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>${src_lang^^}</source_lang>
        <target_lang>${tgt_lang^^}</target_lang>
        <source_tok>org.omegat.tokenizer.DefaultTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
EOF

# ---- run OmegaT ------------------------------------------------------------
# The project dir must be a plain positional argument; OmegaT only accepts it
# if it contains both omegat.project and omegat/.  --config-dir keeps
# ~/.omegat untouched.
cmd=("${omegat_cmd[@]}" "$proj" --mode=console-translate
     "--config-dir=$work/config" --disable-project-locking)
echo "running: timeout $OMEGAT_TIMEOUT ${cmd[*]}"
rc=0
timeout "$OMEGAT_TIMEOUT" "${cmd[@]}" >"$work/omegat.log" 2>&1 </dev/null || rc=$?

# Show OmegaT's own output minus the plugin-loading noise.
echo "---- OmegaT output (plugin lines omitted) ----"
grep -v 'PLUGIN_LOAD_OK' "$work/omegat.log" | sed 's/^/  /' || true
echo "----------------------------------------------"

if [[ $rc -eq 124 ]]; then
    echo "FAIL: OmegaT timed out after ${OMEGAT_TIMEOUT}s"
    exit 1
elif [[ $rc -ne 0 ]]; then
    echo "FAIL: OmegaT exited with status $rc"
    exit 1
fi

# ---- compare ---------------------------------------------------------------
python3 - "$work" <<'PY'
import json, re, sys

work = sys.argv[1]
log = open(f"{work}/omegat.log", encoding="utf-8", errors="replace").read()
data = json.load(open(f"{work}/expected.json", encoding="utf-8"))
problems = []

if "TMXR_INFO_READING_COMPLETE" not in log and "Reading of TMX file complete" not in log:
    problems.append("OmegaT log does not show the TMX being read completely")
# Any error/warning line (TMXR_* parse warnings, exceptions, ...) is a failure.
# One warning is expected: OmegaT skips a unit with no source-language <tuv> (a target
# sentence with no source, kept by --keep-unaligned) and says so. Skipped, it fills nothing.
expected_warning = "TMXR_WARNING_SOURCE_NOT_FOUND"
bad = [l for l in log.splitlines()
       if re.search(r"\b(Error|Warning|SEVERE|WARNING)\b|Exception|TMXR_(WARNING|ERROR|FATAL|RECOVERABLE|EXCEPTION)", l)
       and not (expected_warning in l and data["skipped"]["no_source"] > 0)]
if bad:
    problems.append("OmegaT reported errors/warnings:\n    " + "\n    ".join(bad[:20]))

try:
    target = open(f"{work}/project/target/segments.txt", encoding="utf-8").read()
except FileNotFoundError:
    print("FAIL: OmegaT did not write target/segments.txt")
    sys.exit(1)
# The source file holds one segment per line with a blank line between: OmegaT keeps that
# layout, so segment k is line 2k of the target. An empty line there is an empty translation.
lines = target.split("\n")
order, expected = data["order"], data["expected"]
alone = set(data["alone"])
if len(lines) < 2 * len(order) - 1:
    problems.append(f"target has {len(lines)} lines, expected {2 * len(order) - 1} or more")

matched = identical = unfilled = 0
mismatches = []
emptied = []
for k, src in enumerate(order):
    tgt = lines[2 * k].strip() if 2 * k < len(lines) else ""
    if not tgt:
        emptied.append(src)
    elif tgt in expected[src]:
        if src in alone:
            unfilled += 1
        else:
            matched += 1
            if tgt == src:
                identical += 1
    else:
        mismatches.append((src, tgt, (expected[src] or ["(nothing: the TMX is wrong)"])[0]))
for src in data["empty"]:
    problems.append(f"the TMX gives an empty translation to: {src[:80]}")
if emptied:
    problems.append(f"{len(emptied)} segments were filled with an empty translation, "
                    f"first: {emptied[0][:80]}")
print(f"unfilled {unfilled}/{len(alone)} segments that the TMX gives no translation")
print(f"matched {matched}/{len(order) - len(alone)} segments "
      f"({data['src_lang']} -> {data['tgt_lang']}; {identical} have target == source)")
for src, tgt, exp in mismatches[:10]:
    print(f"  MISMATCH source : {src}\n           got    : {tgt}\n           expect : {exp}")
if len(mismatches) > 10:
    print(f"  ... and {len(mismatches) - 10} more mismatches")
if mismatches:
    problems.append(f"{len(mismatches)} segments not translated from the TMX")
if matched - identical == 0:
    problems.append("no segment was translated to a text different from its source")

if problems:
    for p in problems:
        print("FAIL: " + p)
    sys.exit(1)
print("OK: OmegaT loaded the TMX and filled the target file from it")
PY
