"""Type hints of the native half of the package (``python/src/lib.rs``); use :mod:`selaras`."""

from collections.abc import Iterable
from typing import Any

FIT_DOCUMENTS: int
FIT_BYTES: int

class SelarasError(ValueError):
    """An error of selaras, with the message the ``selaras`` command prints."""

def split(text: str, lang: str, strip_boilerplate: bool = False) -> tuple[list[str], list[str]]:
    """The sentences of ``text``, and the warnings the command would print."""

def align(
    src: str,
    tgt: str,
    src_lang: str,
    tgt_lang: str,
    options: dict[str, Any] | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The beads ``selaras align`` would write, as dicts, and the warnings it would print."""

class CorpusRun:
    """A corpus aligned on a background thread as ``selaras run --input-jsonl - -o -`` does."""

    def __init__(
        self, src_lang: str, tgt_lang: str, options: dict[str, Any] | None = None
    ) -> None: ...
    @property
    def keys(self) -> tuple[str, str]:
        """The keys of the two texts in an input line."""
    def start(self, lines: Iterable[str]) -> None:
        """Starts the run over JSON lines (without their newline)."""
    def next_batch(self) -> tuple[list[str], list[tuple[str, str]]] | None:
        """The next bitext lines and messages, or None once the run is over."""
    @property
    def totals(self) -> str | None:
        """The run's totals as a JSON object, once it is over."""
    @property
    def failed(self) -> list[tuple[str, str]]:
        """The documents that failed, with their errors, once the run is over."""
    @property
    def suspect(self) -> list[tuple[str, list[str]]]:
        """The documents found suspect, with what the checks found, once the run is over."""
    def close(self) -> None:
        """Stops the run and waits for its thread to end."""

