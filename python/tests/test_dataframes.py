"""The rows go into pandas and Hugging Face `datasets` as they are, and come from them."""

from __future__ import annotations

import warnings

import datasets
import pandas as pd
import pytest

import selaras
from conftest import renumbered

pytestmark = pytest.mark.filterwarnings("ignore::selaras.SelarasWarning")


@pytest.fixture(scope="module")
def docs(pairs):
    return [(f"{k}/{name}", renumbered(en, k), renumbered(idn, k)) for k in range(2) for name, en, idn in pairs]


@pytest.fixture(scope="module")
def expected(docs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(selaras.align_corpus(docs))


def test_a_dataframe_of_the_rows(docs, expected):
    frame = pd.DataFrame(selaras.align_corpus(docs))
    assert list(frame.columns) == ["doc", "bead", "score", "translation", "flags"]
    assert frame.to_dict("records") == expected
    sides = pd.json_normalize(frame["translation"].tolist())
    assert list(sides.columns) == ["en", "id"] and len(sides) == len(frame)


def test_a_dataframe_of_documents_in_and_of_beads_out(docs, expected):
    frame = pd.DataFrame(docs, columns=["doc", "en", "id"])
    assert list(selaras.align_corpus(frame.itertuples(index=False))) == expected
    assert list(selaras.align_corpus(frame.to_dict("records"))) == expected
    name, en, idn = docs[0]
    beads = pd.DataFrame(selaras.align(en, idn))
    assert list(beads.columns) == ["src", "tgt", "src_text", "tgt_text", "score", "flags"]
    assert beads["score"].between(0, 1).all()


def test_a_dataset_from_the_rows(docs, expected, tmp_path):
    def rows():
        yield from selaras.align_corpus(docs)

    dataset = datasets.Dataset.from_generator(
        rows, features=selaras.dataset_features(), cache_dir=str(tmp_path / "cache")
    )
    assert dataset.num_rows == len(expected)
    assert dataset.to_list() == expected
    assert dataset.features["translation"] == {"en": datasets.Value("string"), "id": datasets.Value("string")}


def test_a_dataset_of_documents_in(docs, expected, tmp_path):
    source = datasets.Dataset.from_list([{"doc": d, "en": s, "id": t} for d, s, t in docs])
    assert list(selaras.align_corpus(source)) == expected


def test_regression_a_dataset_whose_first_rows_have_no_flags_took_flags_for_nulls(tmp_path):
    # datasets guessed the flags column from its first 1,000 rows: all empty, it became a list
    # of nulls, and the first flag after them stopped the dataset being made.
    plain = ("The cat sat on the mat. It was happy.", "Kucing duduk di atas tikar. Ia senang.")
    docs = [(f"d{k}", *plain) for k in range(600)]
    docs.append(("x", "The minister said it cost 1.500 dollars.", "Menteri berkata harganya 1,600 dolar."))
    dataset = datasets.Dataset.from_generator(
        lambda: selaras.align_corpus(docs), features=selaras.dataset_features(), cache_dir=str(tmp_path / "c")
    )
    assert dataset.num_rows == 1201
    assert dataset[-1]["flags"], "the last pair is flagged"
    features = selaras.dataset_features("de", "fr-CH")
    assert list(features["translation"]) == ["de", "fr-CH"]


def test_the_tsv_read_as_the_readme_says_gives_the_jsonl_pairs(selaras_bin, tmp_path):
    # Read the obvious way, pandas took the TSV's quote marks for CSV quoting: quotes were lost
    # or a row failed to parse.
    import csv
    import json
    import subprocess

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "q.en.txt").write_text('"Prices will rise," said Budi. The bank agreed.\n\nThe minister left.\n')
    (folder / "q.id.txt").write_text('"Harga akan naik," kata Budi. Bank setuju.\n\nMenteri pergi.\n')
    out = tmp_path / "out"
    subprocess.run([selaras_bin, "run", "-q", str(folder), "-o", str(out), "--format", "tsv,jsonl"], check=True)
    tsv = pd.read_csv(out / "corpus.tsv", sep="\t", quoting=csv.QUOTE_NONE, dtype=str, keep_default_na=False)
    unescape = lambda s: s.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n").replace("\0", "\\")  # noqa: E731
    tsv[["en", "id"]] = tsv[["en", "id"]].map(unescape)
    rows = [json.loads(line) for line in (out / "corpus.jsonl").read_text().splitlines()]
    assert tsv[["en", "id"]].values.tolist() == [[r["translation"]["en"], r["translation"]["id"]] for r in rows]
    assert tsv["en"][0].startswith('"Prices will rise,"')
