"""selaras.align: the beads `selaras align SRC TGT --format jsonl` writes, the command's errors."""

from __future__ import annotations

import json
import subprocess

import pytest

import selaras
from conftest import CORPUS, cli_error


def label_indices(label: str) -> tuple[list[int], list[int]]:
    """`[1,2]:[3]` → ([1, 2], [3])."""
    src, tgt = label.split(":")
    side = lambda text: [int(i) for i in text.strip("[]").split(",") if i]  # noqa: E731
    return side(src), side(tgt)


def cli_align(selaras_bin: str, name: str, *flags: str) -> list[selaras.Bead]:
    """`selaras align` on a corpus pair, its JSONL rows as the beads of selaras.align."""
    done = subprocess.run(
        [selaras_bin, "align", str(CORPUS / f"{name}.en.txt"), str(CORPUS / f"{name}.id.txt"),
         "--format", "jsonl", *flags],
        capture_output=True, check=True, text=True, encoding="utf-8",
    )
    beads = []
    for line in done.stdout.splitlines():
        row = json.loads(line)
        src, tgt = label_indices(row["bead"])
        beads.append({
            "src": src, "tgt": tgt,
            "src_text": row["translation"]["en"], "tgt_text": row["translation"]["id"],
            "score": row["score"], "flags": row["flags"],
        })
    return beads


@pytest.mark.parametrize(
    ("keywords", "flags"),
    [
        ({}, ()),
        ({"keep_unaligned": True, "min_score": 0.5}, ("--keep-unaligned", "--min-score", "0.5")),
        ({"max_bead": 2, "keep_boilerplate": True}, ("--max-bead", "2", "--keep-boilerplate")),
    ],
)
def test_beads_are_those_the_command_writes(selaras_bin, pairs, keywords, flags):
    for name, en, idn in pairs:
        beads = selaras.align(en, idn, **keywords)
        assert beads == cli_align(selaras_bin, name, *flags), name
        assert beads, name


def test_a_bead_says_which_sentences_it_pairs(pairs):
    name, en, idn = pairs[0]
    src = selaras.split(en, "en", strip_boilerplate=True)
    beads = selaras.align(en, idn, keep_unaligned=True)
    assert set(beads[0]) == {"src", "tgt", "src_text", "tgt_text", "score", "flags"}
    for bead in beads:
        assert bead["src_text"] == " ".join(src[i] for i in bead["src"])
        assert 0.0 <= bead["score"] <= 1.0 and round(bead["score"], 3) == bead["score"]
        assert all(flag.endswith((":no-src", ":no-tgt")) for flag in bead["flags"])
    # Every source sentence is in a bead, in order, once.
    assert [i for b in beads for i in b["src"]] == list(range(len(src)))


def test_flags_name_what_one_side_lacks():
    [bead] = selaras.align("Lavrov paid 1.500 dollars.", "Lavrov membayar 1,600 dolar.")
    assert "number:1.500:no-tgt" in bead["flags"] and "number:1,600:no-src" in bead["flags"]


def test_presegmented_texts_are_used_line_by_line():
    beads = selaras.align("One. Two.\nThree.", "Satu. Dua.\nTiga.", presegmented=True)
    assert [(b["src"], b["tgt"]) for b in beads] == [([0], [0]), ([1], [1])]
    assert beads[0]["src_text"] == "One. Two."


def test_swapped_sides_are_left_out_with_a_warning_unless_kept(selaras_bin, pairs):
    name, en, idn = pairs[0]
    with pytest.warns(selaras.SelarasWarning, match="swapped") as warned:
        assert selaras.align(idn, en) == []
    assert "keep_suspect=True returns it anyway" in str(warned[0].message)
    with pytest.warns(selaras.SelarasWarning, match=r"swapped.*\(kept\)$"):
        kept = selaras.align(idn, en, keep_suspect=True)
    assert kept
    swapped = [str(CORPUS / f"{name}.id.txt"), str(CORPUS / f"{name}.en.txt")]
    done = subprocess.run(
        [selaras_bin, "align", *swapped, "--format", "jsonl", "--keep-suspect"],
        capture_output=True, check=True, text=True, encoding="utf-8",
    )
    assert [b["score"] for b in kept] == [json.loads(l)["score"] for l in done.stdout.splitlines()]
    # The command says the same of the pair, after the document's name, and writes nothing.
    done = subprocess.run(
        [selaras_bin, "align", *swapped, "--format", "jsonl"],
        capture_output=True, check=True, text=True, encoding="utf-8",
    )
    assert done.stdout == ""
    problem = str(warned[0].message).split(" (kept out")[0]
    assert (
        f"selaras: warning: {name}.id: {problem} (kept out of the output; --keep-suspect writes "
        "it anyway)"
    ) in done.stderr.splitlines()


def test_an_empty_side_is_warned_of():
    with pytest.warns(selaras.SelarasWarning, match="empty"):
        assert selaras.align("Rain fell. Roads flooded.", "") == []


def test_regression_a_text_larger_than_max_document_bytes_is_refused():
    text = "Hujan turun. " * 10
    with pytest.raises(selaras.SelarasError, match=r"^tgt: 130 bytes, larger than the limit of 100 bytes"):
        selaras.align("Rain fell. " * 5, text, max_document_bytes=100)
    assert selaras.align("Rain fell.", "Hujan turun.", max_document_bytes=100)


def test_errors_carry_the_command_s_messages(selaras_bin):
    text = "Rain fell."
    cases = [
        ({"src_lang": "english"}, ("--src-lang", "english")),
        ({"tgt_lang": "indonesian"}, ("--tgt-lang", "indonesian")),
        ({"min_score": 2}, ("--min-score", "2")),
        ({"max_bead": 9}, ("--max-bead", "9")),
    ]
    for keywords, flags in cases:
        with pytest.raises(selaras.SelarasError) as raised:
            selaras.align(text, text, **keywords)
        cli = cli_error(selaras_bin, "align", "a.txt", "b.txt", *flags)
        # `invalid value 'X' for '--flag <V>': why` beside `invalid value 'X' for 'keyword': why`
        assert str(raised.value).split("': ", 1)[1] == cli.split("': ", 1)[1], keywords
        assert str(raised.value).startswith(f"invalid value '{flags[1]}' for '{flags[0][2:].replace('-', '_')}'")
    with pytest.raises(selaras.SelarasError, match="src_lang and tgt_lang are both `en`: give the language of each side"):
        selaras.align(text, text, tgt_lang="en")
    cli = cli_error(selaras_bin, "align", "a.txt", "b.txt", "--tgt-lang", "en")
    assert cli == "--src-lang and --tgt-lang are both `en`: give the language of each side"


def test_a_dictionary_is_read_and_its_errors_are_the_command_s(selaras_bin, tmp_path):
    good = tmp_path / "good.tsv"
    good.write_text("banjir\tflood\n", encoding="utf-8")
    assert selaras.align("Rain fell.", "Hujan turun.", dictionary=good)
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    with pytest.raises(selaras.SelarasError) as raised:
        selaras.align("Rain fell.", "Hujan turun.", dictionary=str(bad))
    assert str(raised.value) == cli_error(selaras_bin, "align", "a", "b", "--dictionary", str(bad))
    with pytest.raises(selaras.SelarasError, match="cannot read the dictionary"):
        selaras.align("Rain fell.", "Hujan turun.", dictionary=tmp_path / "missing.tsv")


def test_unknown_keywords_and_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match=r"^align\(\) got an unexpected keyword argument 'min_scor'$"):
        selaras.align("a", "b", min_scor=0.5)
    with pytest.raises(TypeError, match="unexpected keyword argument 'threads'"):
        selaras.align("a", "b", threads=2)
    with pytest.raises(TypeError, match="'keep_unaligned' must be True or False, not str"):
        selaras.align("a", "b", keep_unaligned="yes")
    with pytest.raises(TypeError, match="'max_bead' must be a whole number, not float"):
        selaras.align("a", "b", max_bead=2.5)
    # A whole number too large for any setting is a bad value, not a bad type.
    with pytest.raises(selaras.SelarasError, match="invalid value '1180591620717411303424' for 'max_bead'"):
        selaras.align("a", "b", max_bead=2**70)
