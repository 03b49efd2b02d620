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

    dataset = datasets.Dataset.from_generator(rows, cache_dir=str(tmp_path / "cache"))
    assert dataset.num_rows == len(expected)
    assert dataset.to_list() == expected
    assert dataset.features["translation"] == {"en": datasets.Value("string"), "id": datasets.Value("string")}


def test_a_dataset_of_documents_in(docs, expected, tmp_path):
    source = datasets.Dataset.from_list([{"doc": d, "en": s, "id": t} for d, s, t in docs])
    assert list(selaras.align_corpus(source)) == expected
