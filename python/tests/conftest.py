"""Shared fixtures: the `selaras` command to compare with, and documents made from corpus/.

The command is $SELARAS_BIN, else `selaras` in $CARGO_TARGET_DIR/release (the repository's
target/ by default), built with `cargo build --release` when it is not there yet.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

# Hugging Face `datasets` never reaches for the network in these tests.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"


def corpus_pairs() -> list[tuple[str, str, str]]:
    """The bundled corpus's document pairs: (name, English, Indonesian), by name."""
    pairs = []
    for en in sorted(CORPUS.glob("*.en.txt")):
        name = en.name[: -len(".en.txt")]
        idn = CORPUS / f"{name}.id.txt"
        pairs.append((name, en.read_text(encoding="utf-8"), idn.read_text(encoding="utf-8")))
    assert len(pairs) >= 8, "corpus/ holds the sample pairs"
    return pairs


def renumbered(text: str, k: int) -> str:
    """The text with every number raised by k: another document that reads the same."""
    return re.sub(r"\d+", lambda m: str(int(m.group()) + k), text)


@pytest.fixture(scope="session")
def pairs() -> list[tuple[str, str, str]]:
    return corpus_pairs()


@pytest.fixture(scope="session")
def selaras_bin() -> str:
    given = os.environ.get("SELARAS_BIN")
    if given:
        return given
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "selaras"], cwd=REPO, check=True
    )
    path = target / "release" / "selaras"
    assert path.exists(), path
    return str(path)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Writes records as `--input-jsonl` lines, as a researcher's script would."""
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run_jsonl(selaras_bin: str, path: Path, *flags: str) -> list[dict]:
    """The rows of `selaras run --input-jsonl PATH -o - FLAGS`, parsed, in order."""
    done = subprocess.run(
        [selaras_bin, "run", "--input-jsonl", str(path), "-o", "-", *flags],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert done.returncode in (0, 3), done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def cli_error(selaras_bin: str, *args: str) -> str:
    """What the command says after `error: ` when it refuses its arguments."""
    done = subprocess.run([selaras_bin, *args], capture_output=True, text=True)
    assert done.returncode != 0
    first = done.stderr.strip().splitlines()[0]
    return first.split("error: ", 1)[1]
