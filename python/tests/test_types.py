"""The package's type hints, checked by mypy --strict on the installed package and on a user's
code (skipped where mypy is not installed; .ci/run installs it)."""

from __future__ import annotations

import pytest

EXAMPLE = """
from collections.abc import Hashable
from typing import Any

import selaras

# The records of pandas' DataFrame.to_dict("records"), and lists for tuples.
records: list[dict[Hashable, Any]] = [{"doc": "c", "en": "E.", "id": "F."}]
selaras.align_corpus(records).close()
selaras.align_corpus([["a", "A.", "B."]]).close()

sentences: list[str] = selaras.split("A. B.", "en", strip_boilerplate=True)
beads = selaras.align("A.", "B.", min_score=0.5)
score: float = beads[0]["score"]
first: list[int] = beads[0]["src"]
with selaras.align_corpus([("a", "A.", "B."), {"doc": "b", "en": "C.", "id": "D."}], threads=1) as rows:
    for row in rows:
        side: str = row["translation"]["en"]
    totals = rows.totals
try:
    selaras.align("A.", "B.", src_lang="english")
except selaras.SelarasError as e:
    message: str = str(e)
"""


def test_the_type_hints_hold_under_mypy_strict(tmp_path):
    api = pytest.importorskip("mypy.api")
    good = tmp_path / "good.py"
    good.write_text(EXAMPLE, encoding="utf-8")
    for target in (["-p", "selaras"], [str(good)]):
        out, err, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), *target])
        assert status == 0, out + err
    # The hints are real: a wrong use is found.
    bad = tmp_path / "bad.py"
    bad.write_text('import selaras\nn: int = selaras.split("A.", "en")\nselaras.align("A.", 3)\n', encoding="utf-8")
    out, err, status = api.run(["--strict", "--cache-dir", str(tmp_path / "cache"), str(bad)])
    assert status == 1, out + err
    assert "bad.py:2: error: Incompatible types in assignment" in out
    assert 'bad.py:3: error: Argument 2 to "align" has incompatible type "int"' in out
