"""selaras.align_corpus: the rows of `selaras run --input-jsonl FILE -o -`, exactly, in order;
a run that reads its input as it goes, stops when its reader does, and lets other Python threads
run while it works."""

from __future__ import annotations

import itertools
import json
import subprocess
import os
import signal
import sys
import threading
import warnings

import pytest

import selaras
from conftest import renumbered, run_jsonl, write_jsonl


def documents(pairs, copies: int) -> list[tuple[str, str, str]]:
    """`copies` renumbered copies of every corpus pair, each under its own name."""
    return [
        (f"part{k}/{name}", renumbered(en, k), renumbered(idn, k))
        for k in range(copies)
        for name, en, idn in pairs
    ]


def as_record(item, src="en", tgt="id") -> dict:
    """The `--input-jsonl` record of a document given as a tuple or a mapping."""
    if isinstance(item, tuple):
        doc, s, t = item
        return {"doc": doc, src: s, tgt: t}
    return dict(item)


def mixed(pairs) -> list:
    """Documents as tuples and as mappings, with the ones the command fails or flags."""
    docs: list = documents(pairs, 3)
    name, en, idn = pairs[0]
    docs[1] = {"doc": docs[1][0], "en": docs[1][1], "id": docs[1][2], "url": "https://x.test"}
    docs += [
        {"doc": 7, "en": en, "id": idn},  # a number for a name: "7"
        {"doc": None, "en": renumbered(en, 50), "id": renumbered(idn, 50)},  # "line N"
        ("missing-target", en, ""),  # an empty side: flagged
        {"doc": "no-target", "en": en},  # no "id": fails
        ("part0/" + name, en, idn),  # a repeated name: fails
        ("../escape", en, idn),  # not a relative path: fails
        ("swapped", idn, en),  # suspect: kept out unless keep_suspect
    ]
    return docs


def rows_of(items, **keywords) -> list[dict]:
    """The rows of a corpus, its warnings (tested on their own below) silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", selaras.SelarasWarning)
        return list(selaras.align_corpus(items, **keywords))


@pytest.mark.parametrize(
    ("keywords", "flags"),
    [
        ({}, ()),
        (
            {"keep_unaligned": True, "min_score": 0.3, "keep_suspect": True, "threads": 1},
            ("--keep-unaligned", "--min-score", "0.3", "--keep-suspect", "-j", "1"),
        ),
        ({"max_bead": 2, "keep_boilerplate": True}, ("--max-bead", "2", "--keep-boilerplate")),
    ],
)
def test_rows_are_those_of_selaras_run_input_jsonl(selaras_bin, pairs, tmp_path, keywords, flags):
    items = mixed(pairs)
    path = write_jsonl(tmp_path / "in.jsonl", [as_record(item) for item in items])
    expected = run_jsonl(selaras_bin, path, *flags)
    rows = rows_of(items, **keywords)
    assert len(rows) > 100
    assert rows == expected
    assert {row["doc"] for row in rows} >= {"7", "line 26", "part2/" + pairs[-1][0]}


def test_the_languages_name_the_fields_source_first(selaras_bin, pairs, tmp_path):
    items = [(doc, idn, en) for doc, en, idn in documents(pairs, 1)]
    records = [as_record(item, "id", "en") for item in items]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    rows = rows_of(records, src_lang="id", tgt_lang="en")
    assert rows == run_jsonl(selaras_bin, path, "--src-lang", "id", "--tgt-lang", "en")
    assert list(rows[0]["translation"]) == ["id", "en"]
    assert rows_of(items, src_lang="id", tgt_lang="en") == rows


def test_presegmented_documents(selaras_bin, pairs, tmp_path):
    items = [
        (doc, "\n".join(selaras.split(en, "en")), "\n".join(selaras.split(idn, "id")))
        for doc, en, idn in documents(pairs, 1)
    ]
    path = write_jsonl(tmp_path / "in.jsonl", [as_record(item) for item in items])
    rows = rows_of(items, presegmented=True)
    assert rows == run_jsonl(selaras_bin, path, "--presegmented")


def test_the_model_is_fitted_on_the_first_documents_as_the_command_fits_it(selaras_bin, pairs, tmp_path):
    # More documents than the fit takes: both fit on the first FIT_DOCUMENTS, then align all.
    sentences = [(selaras.split(en, "en"), selaras.split(idn, "id")) for _, en, idn in pairs]
    items = []
    for k in range(selaras.FIT_DOCUMENTS + 150):
        src, tgt = sentences[k % len(sentences)]
        at = k % 4
        items.append((f"d{k}", renumbered(" ".join(src[at : at + 3]), k), renumbered(" ".join(tgt[at : at + 3]), k)))
    path = write_jsonl(tmp_path / "in.jsonl", [as_record(item) for item in items])
    rows = rows_of(items)
    assert rows == run_jsonl(selaras_bin, path)
    assert int(rows[-1]["doc"][1:]) > selaras.FIT_DOCUMENTS


def test_failures_are_warned_of_and_counted(pairs):
    with pytest.warns(selaras.SelarasWarning) as warned:
        rows = selaras.align_corpus(mixed(pairs))
        assert list(rows)
    messages = [str(w.message) for w in warned]
    assert any(m.startswith('document no-target failed: line 28: no string field "id"') for m in messages), messages
    assert any("was already used on line 1" in m for m in messages)
    assert any(m.startswith("swapped: swapped sides") for m in messages)
    assert [name for name, _ in rows.failed] == ["no-target", "part0/" + pairs[0][0], "../escape"]
    # Which documents look wrong, and why, without reading the warnings' text.
    assert [(name, problems[0].split(":")[0]) for name, problems in rows.suspect] == [
        ("missing-target", "the target side is empty"),
        ("swapped", "swapped sides"),
    ]
    assert rows.totals["documents"] == len(mixed(pairs))
    assert rows.totals["failed"] == 3 and rows.totals["suspect"] == 2


def test_an_empty_corpus_gives_no_rows():
    rows = selaras.align_corpus([])
    assert list(rows) == []
    assert rows.totals is None


def test_a_corpus_whose_every_document_fails_is_an_error():
    with pytest.warns(selaras.SelarasWarning, match='no string field "id"'):
        with pytest.raises(selaras.SelarasError, match="^every document failed$"):
            list(selaras.align_corpus([{"doc": "a", "en": "Hello."}, {"doc": "b", "en": "Bye."}]))


def test_settings_are_checked_when_called_not_when_read():
    with pytest.raises(TypeError, match=r"^align_corpus\(\) got an unexpected keyword argument 'dedupe'$"):
        selaras.align_corpus([], dedupe=True)
    with pytest.raises(selaras.SelarasError, match="did you mean `id`"):
        selaras.align_corpus([], tgt_lang="indonesian")
    with pytest.raises(selaras.SelarasError, match="is not in 0..=1024"):
        selaras.align_corpus([], threads=-1)


def test_an_item_that_is_not_a_document_is_a_type_error(pairs):
    rows = selaras.align_corpus([pairs[0], "just a string"])
    with pytest.raises(TypeError, match="document 2 is a str"):
        list(rows)


def test_what_the_input_raises_reaches_the_reader(pairs):
    def failing():
        yield from documents(pairs, 1)[:3]
        raise RuntimeError("the source went away")

    rows = selaras.align_corpus(failing())
    with pytest.raises(RuntimeError, match="the source went away"):
        list(rows)
    assert next(rows, None) is None, "a failed run gives nothing more"


def endless(pairs, pulled: list[int]):
    """Documents for ever, counting how many were taken."""
    sentences = [(en.split(". ")[:3], idn.split(". ")[:3]) for _, en, idn in pairs]
    for k in itertools.count():
        src, tgt = sentences[k % len(sentences)]
        pulled[0] = k + 1
        yield (f"d{k}", renumbered(". ".join(src), k), renumbered(". ".join(tgt), k))


@pytest.mark.filterwarnings("ignore::selaras.SelarasWarning")
def test_the_input_is_read_as_rows_are_read_and_the_run_stops_with_its_reader(pairs):
    pulled = [0]
    rows = selaras.align_corpus(endless(pairs, pulled))
    first = list(itertools.islice(rows, 5))
    assert [row["doc"] for row in first][:1] == ["d0"]
    taken = pulled[0]
    # The model is fitted on the first FIT_DOCUMENTS documents; past them, the run takes only
    # what its bounded queues hold.
    assert selaras.FIT_DOCUMENTS <= taken < 200_000
    rows.close()
    assert next(rows, None) is None
    assert pulled[0] == taken, "a closed run takes nothing more"
    with selaras.align_corpus(endless(pairs, [0])) as again:
        assert next(again)["doc"] == "d0"


def test_other_python_threads_run_while_the_corpus_is_aligned(pairs):
    # With a switch interval longer than the test, another thread gets the GIL only when this
    # one gives it up of its own accord: waiting for rows must be such a moment.
    go, ran = threading.Event(), threading.Event()

    def other():
        go.wait()
        ran.set()

    thread = threading.Thread(target=other)
    thread.start()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        rows = selaras.align_corpus(documents(pairs, 2))
        go.set()
        assert not ran.is_set()
        count = sum(1 for _ in rows)
        assert ran.is_set(), "the other thread ran while the rows were awaited"
    finally:
        sys.setswitchinterval(interval)
        go.set()
        thread.join()
    assert count > 0


def test_runs_in_several_threads_give_the_same_rows(pairs):
    docs = documents(pairs, 2)
    results: list = [None, None]

    def work(i):
        results[i] = list(selaras.align_corpus(docs, threads=1))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == results[1] == list(selaras.align_corpus(docs))


def test_regression_threads_sharing_one_iterator_take_its_rows_in_turn(pairs):
    docs = documents(pairs, 2)
    expected = rows_of(docs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", selaras.SelarasWarning)
        rows = selaras.align_corpus(docs)
        taken: list[list] = [[], []]

        def work(i):
            for row in rows:
                taken[i].append(row)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    key = lambda row: (row["doc"], row["bead"])  # noqa: E731
    assert sorted(taken[0] + taken[1], key=key) == sorted(expected, key=key)


@pytest.mark.filterwarnings("ignore::selaras.SelarasWarning")
def test_ctrl_c_stops_a_run_whose_rows_are_awaited(pairs):
    # One long document: its first row takes a while, which the reader spends waiting.
    name, en, idn = pairs[0]
    copies = range(600)
    long = ("long", "\n\n".join(renumbered(en, k) for k in copies), "\n\n".join(renumbered(idn, k) for k in copies))
    rows = selaras.align_corpus([long, *documents(pairs, 1)])
    timer = threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            next(rows)
    finally:
        timer.cancel()
    assert next(rows, None) is None, "the interrupted run gives nothing more"


def test_regression_a_document_that_cannot_be_text_fails_alone_and_other_keys_are_ignored(pairs):
    import datetime
    import math

    name, en, idn = pairs[0]
    items = [
        ("bad", "A lone \ud800 surrogate.", "Sendiri."),  # no UTF-8 for it: fails alone
        {"doc": "dated", "en": en, "id": idn, "date": datetime.date(2024, 6, 19)},  # not JSON: ignored
        {"doc": "gap", "en": en, "id": idn, "url": math.nan},  # pandas' gap in a column: ignored
        {"doc": datetime.date(2024, 6, 20), "en": renumbered(en, 1), "id": renumbered(idn, 1)},
        {"doc": "no-text", "en": en, "id": math.nan},  # a text that is not a string: fails alone
    ]
    with pytest.warns(selaras.SelarasWarning) as warned:
        rows = selaras.align_corpus(items)
        docs = {row["doc"] for row in rows}
    assert docs == {"dated", "gap", "2024-06-20"}
    assert [name for name, _ in rows.failed] == ["bad (document 1)", "no-text"]
    messages = " ".join(str(w.message) for w in warned)
    assert "half of a UTF-16 surrogate pair" in messages and 'no string field "id"' in messages
    assert rows.totals["documents"] == 5 and rows.totals["failed"] == 2


@pytest.mark.parametrize(
    ("keywords", "flags"),
    [
        ({"clean": True, "max_length_ratio": 1.6}, ("--clean", "--max-length-ratio", "1.6")),
        # As on the command line, clean turns its filters on whatever their own keywords say.
        ({"clean": True, "dedup": False}, ("--clean",)),
        (
            {"dedup": True, "drop_wrong_language": True, "keep_unaligned": True},
            ("--dedup", "--drop-wrong-language", "--keep-unaligned"),
        ),
    ],
)
def test_the_corpus_filters_drop_the_rows_selaras_run_drops(selaras_bin, pairs, tmp_path, keywords, flags):
    items = mixed(pairs)
    path = write_jsonl(tmp_path / "in.jsonl", [as_record(item) for item in items])
    rows = rows_of(items, **keywords)
    assert rows == run_jsonl(selaras_bin, path, *flags)
    # The corpus repeats its documents: the repeats' pairs are dropped as duplicates.
    assert 0 < len(rows) < len(rows_of(items, keep_unaligned=keywords.get("keep_unaligned", False)))


def test_a_saved_model_gives_the_rows_of_selaras_run_with_it(selaras_bin, pairs, tmp_path):
    items = mixed(pairs)
    path = write_jsonl(tmp_path / "in.jsonl", [as_record(item) for item in items])
    model = tmp_path / "model.json"
    # Three of the documents fail (exit status 3); the model is fitted on the others.
    fitted = subprocess.run(
        [selaras_bin, "fit", "--input-jsonl", str(path), "-o", str(model), "-q"],
        capture_output=True, text=True,
    )
    assert fitted.returncode == 3 and model.exists(), fitted.stderr
    rows = rows_of(items, model=model)
    assert rows == run_jsonl(selaras_bin, path, "--model", str(model))
    # Fitted on the same documents, the saved model is the model the run fits.
    assert rows == rows_of(items)
    with pytest.raises(selaras.SelarasError, match="model"):
        rows_of(items, model=model, src_lang="id", tgt_lang="en")
    with pytest.raises(selaras.SelarasError, match="not a ratio of at least 1"):
        rows_of(items, max_length_ratio=0.5)
    with pytest.raises(TypeError, match="dedup"):
        selaras.align("One.", "Satu.", dedup=True)


def test_regression_a_doc_gap_in_a_dataframe_was_named_nan_and_lost_the_next_gap(selaras_bin, pairs, tmp_path):
    # pandas reads a missing doc as NaN (pd.NA with a string dtype): each was named "nan", and
    # the second one failed as a repeated name.
    pd = pytest.importorskip("pandas")
    (_, en, idn), (_, en2, idn2) = pairs[0], pairs[1]
    records = [{"doc": "a", "en": en, "id": idn}, {"en": en2, "id": idn2}, {"doc": "c", "en": en, "id": idn},
               {"en": en2, "id": idn2}]
    path = write_jsonl(tmp_path / "gaps.jsonl", records)
    for dtype in (str, "string"):
        frame = pd.read_json(path, lines=True, dtype={"doc": dtype})
        rows = selaras.align_corpus(frame.to_dict("records"))
        assert list(rows) == run_jsonl(selaras_bin, path)
        assert rows.failed == []
        assert {row["doc"] for row in run_jsonl(selaras_bin, path)} == {"a", "line 2", "c", "line 4"}


def test_a_document_the_run_cannot_read_is_reported_by_its_name(pairs):
    (name, en, idn) = pairs[0]
    docs = [("news/long", en * 3, idn * 3), ("news/short", "Rain fell.", "Hujan turun.")]
    with pytest.warns(selaras.SelarasWarning) as warned:
        rows = selaras.align_corpus(docs, max_document_bytes=2000)
        list(rows)
    assert rows.failed[0][0] == "news/long (document 1)"
    assert rows.failed[0][1].startswith("news/long (document 1): the line is ")
    assert rows.failed[0][1].endswith("(max_document_bytes)")
    failed = [str(w.message) for w in warned if "failed" in str(w.message)]
    assert failed and failed[0].startswith("document news/long (document 1) failed:"), failed
    # The warning points at the line that read the rows, not into the package.
    assert all(w.filename == __file__ for w in warned), [w.filename for w in warned]


def test_a_model_fitted_otherwise_is_warned_of(selaras_bin, pairs, tmp_path):
    items = [(name, en, idn) for name, en, idn in pairs]
    path = write_jsonl(tmp_path / "in.jsonl", [as_record(item) for item in items])
    model = tmp_path / "model.json"
    subprocess.run([selaras_bin, "fit", "--input-jsonl", str(path), "-o", str(model), "-q"], check=True)
    expected = subprocess.run(
        [selaras_bin, "run", "--input-jsonl", str(path), "-o", "-", "-q", "--model", str(model), "--presegmented"],
        capture_output=True, text=True,
    ).stderr
    assert "the model was fitted without --presegmented" in expected
    with pytest.warns(selaras.SelarasWarning, match="the model was fitted without --presegmented") as warned:
        list(selaras.align_corpus(items, model=model, presegmented=True))
    assert any(f"selaras: warning: {w.message}" in expected for w in warned)
    # align takes a model too, and says the same.
    name, en, idn = items[0]
    with pytest.warns(selaras.SelarasWarning, match="the model was fitted without --presegmented"):
        selaras.align(en, idn, model=model, presegmented=True)
    (tmp_path / "a.en.txt").write_text(en, encoding="utf-8")
    (tmp_path / "a.id.txt").write_text(idn, encoding="utf-8")
    cli = subprocess.run(
        [selaras_bin, "align", "--model", str(model), "--format", "jsonl", str(tmp_path / "a.en.txt"),
         str(tmp_path / "a.id.txt")],
        capture_output=True, text=True, check=True,
    )
    expected_beads = [json.loads(line) for line in cli.stdout.splitlines()]
    got = selaras.align(en, idn, model=model)
    assert [(b["score"], b["src_text"], b["tgt_text"]) for b in got] == [
        (b["score"], b["translation"]["en"], b["translation"]["id"]) for b in expected_beads
    ]
