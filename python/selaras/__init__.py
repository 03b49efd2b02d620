"""selaras ("aligned" in Indonesian): sentence alignment of document pairs into bitext.

Three functions, each the Python face of what the ``selaras`` command does:

* :func:`split` splits a text into sentences (``selaras split --lang L FILE``);
* :func:`align` aligns a text and its translation (``selaras align SRC TGT``), into a list of
  beads;
* :func:`align_corpus` aligns a corpus of document pairs in parallel, into rows that are the
  JSON objects ``selaras run --input-jsonl FILE -o -`` writes, in input order; they feed
  ``pandas.DataFrame`` as they are, and ``datasets.Dataset.from_generator`` with
  :func:`dataset_features`.

Errors are :class:`SelarasError` (a :class:`ValueError`) with the messages of the command;
what the command prints as a warning is a :class:`SelarasWarning`.

>>> import selaras
>>> selaras.split("Dr. Siti tiba. Dia tersenyum.", "id")
['Dr. Siti tiba.', 'Dia tersenyum.']
"""

from __future__ import annotations

import json
import re
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, TypedDict, Union, cast

from . import _selaras
from ._selaras import FIT_BYTES, FIT_DOCUMENTS, SelarasError

__all__ = [
    "Bead",
    "CorpusRows",
    "FIT_BYTES",
    "FIT_DOCUMENTS",
    "Row",
    "SelarasError",
    "SelarasWarning",
    "align",
    "align_corpus",
    "dataset_features",
    "split",
]

__version__ = "0.1.0"


class SelarasWarning(UserWarning):
    """What the ``selaras`` command prints as a warning: a language without rules of its own,
    a document that looks wrong, an empty side, a document of a corpus that failed."""


class Bead(TypedDict):
    """One bead of :func:`align`: which sentences of each side it pairs, and their text."""

    src: list[int]
    """Indices of the source sentences (from 0), in order; empty for a 0-1 bead."""
    tgt: list[int]
    """Indices of the target sentences."""
    src_text: str
    """The source sentences, joined by one space."""
    tgt_text: str
    """The target sentences, joined by one space."""
    score: float
    """The calibrated confidence, 0 to 1, three decimals."""
    flags: list[str]
    """QA flags, ``KIND:VALUE:no-src`` or ``KIND:VALUE:no-tgt``: a number, date, time, URL or
    name one side has and the other lacks."""


class Row(TypedDict):
    """One row of :func:`align_corpus`: a JSON object of ``selaras run --input-jsonl … -o -``."""

    doc: str
    """The document's name (its ``doc``)."""
    bead: str
    """Which sentences of the document the pair holds: ``[0]:[0]``, ``[1,2]:[3]``."""
    score: float
    """The calibrated confidence, 0 to 1, three decimals."""
    translation: dict[str, str]
    """The two sides, under their language codes, source first."""
    flags: list[str]
    """QA flags, as in :class:`Bead`."""


#: A document of :func:`align_corpus`: ``(doc, src_text, tgt_text)`` (a tuple or a list), or a
#: mapping shaped as a line of ``--input-jsonl``: ``{"doc": …, "<src_lang>": "…",
#: "<tgt_lang>": "…"}`` (the records of ``pandas.DataFrame.to_dict("records")`` are such
#: mappings, whatever the type checker makes of their keys).
Pair = Union[tuple[Any, str, str], Sequence[Any], Mapping[Any, Any]]


#: A document the run names after its line (``line 12``), alone or opening a message.
_LINE = re.compile(r"line (\d+)")
_LINE_IN_MESSAGE = re.compile(r"^(document |)(line \d+)(?= failed:|:)")


def _warn(messages: Iterable[str], stacklevel: int = 3) -> None:
    for message in messages:
        warnings.warn(message, SelarasWarning, stacklevel=stacklevel)


def split(text: str, lang: str, *, strip_boilerplate: bool = False) -> list[str]:
    """Splits ``text`` into sentences by the rules of ``lang`` (an ISO 639 code such as ``en``
    or ``id``, optionally with a region), whitespace collapsed: what ``selaras split --lang
    LANG`` prints, one sentence per line. With ``strip_boilerplate``, the lines recognised as
    web boilerplate ("Baca juga: …", share prompts) are left out.

    Raises :class:`SelarasError` for a text that is not a language code (``english``: "did you
    mean `en`?"); warns of a language without rules of its own (it gets the generic ones).
    """
    sentences, messages = _selaras.split(text, lang, strip_boilerplate)
    _warn(messages)
    return sentences


def align(
    src: str,
    tgt: str,
    src_lang: str = "en",
    tgt_lang: str = "id",
    presegmented: bool = False,
    **options: Any,
) -> list[Bead]:
    """Aligns ``src`` and its translation ``tgt`` into beads, as ``selaras align`` aligns two
    files: the length model and the learned lexicon are fitted on the pair itself, and the
    beads are those the command writes (every pair with a sentence on each side, boilerplate
    left out), in order.

    ``presegmented``: each text is one sentence per line, used as given (a blank line marks a
    paragraph). Keywords, each the command's option of the same name:

    * ``min_score`` (float or None): leave out the pairs scored below it;
    * ``keep_unaligned`` (bool): keep the sentences without a partner (1-0 and 0-1 beads);
    * ``keep_suspect`` (bool): return the beads of a pair that looks wrong (a side in another
      language, swapped sides, sides that do not translate each other), which is otherwise left
      out with a warning;
    * ``keep_boilerplate`` (bool): treat web boilerplate as ordinary text;
    * ``max_bead`` (int, 1 to 8): the most sentences on one side of a bead (default 6,
      as the command's ``--max-bead``);
    * ``max_document_bytes`` (int): the most bytes of one document;
    * ``dictionary`` (path): a bilingual dictionary, ``source<TAB>target1|target2`` lines;
    * ``model`` (path): a corpus model saved by ``selaras fit``, used in place of fitting one
      on the pair alone (``selaras align --model``); it carries its own dictionary. A model
      fitted on documents read otherwise (``presegmented`` or not, say) is warned of.

    An unknown keyword is a :class:`TypeError`; a bad value or language a
    :class:`SelarasError` with the command's message.
    """
    beads, messages = _selaras.align(
        src, tgt, src_lang, tgt_lang, {"presegmented": presegmented, **options}
    )
    _warn(messages)
    return cast("list[Bead]", beads)


def _missing(value: object) -> bool:
    """Whether a value stands for nothing: None, a float NaN, or pandas' ``NA`` and ``NaT`` (what
    a column with a gap holds)."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in ("NAType", "NaTType")


def _lines(
    pairs: Iterable[Pair], src_key: str, tgt_key: str, names: list[str | None]
) -> Iterator[str]:
    """The ``--input-jsonl`` line of each document; the name each line gives (None: none) is
    appended to ``names`` as the line is made.

    Only the document's name and its two texts go into the line, so that other keys (a date
    that pandas or ``datasets`` turned into a timestamp, a NaN where a column has a gap) are
    ignored, as the command ignores them. A name that is not a string is written as its
    ``str()``, and a missing one (None, NaN, ``pd.NA``) is left out, so that the document is
    named after its line as the command names it; a text that is not a string is left out, and the run fails that document alone
    ("no string field"), as it fails a text that cannot be encoded (a lone surrogate).
    """
    for number, pair in enumerate(pairs, 1):
        if isinstance(pair, Mapping):
            doc, src, tgt = pair.get("doc"), pair.get(src_key), pair.get(tgt_key)
        elif isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 3:
            doc, src, tgt = pair
        else:
            raise TypeError(
                f"align_corpus(): document {number} is a {type(pair).__name__}: give "
                f'(doc, src_text, tgt_text) tuples or {{"doc": …, "{src_key}": …, '
                f'"{tgt_key}": …}} mappings'
            )
        record: dict[str, str] = {}
        if not _missing(doc):
            record["doc"] = doc if isinstance(doc, str) else str(doc)
        names.append(record.get("doc"))
        for key, text in ((src_key, src), (tgt_key, tgt)):
            if isinstance(text, str):
                record[key] = text
        line = json.dumps(record, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate is no text: escaped, the run reads the line and fails it alone.
            line = json.dumps(record)
        yield line


class CorpusRows(Iterator[Row]):
    """The rows of :func:`align_corpus`, in input order, as the corpus is aligned.

    The corpus is aligned on background threads while the rows are read; reading waits with
    the GIL released, so other Python threads run meanwhile. Stopping early (``close()``, the
    end of a ``with`` block, or dropping the iterator) stops the run. Once the rows are
    exhausted, :attr:`totals`, :attr:`failed` and :attr:`suspect` tell what the run did.
    """

    def __init__(self, run: _selaras.CorpusRun, names: list[str | None]) -> None:
        self._run = run
        # The name each input line gives, by line number from 1: a document the run could not
        # read far enough to find its name is reported under it.
        self._names = names
        self._rows: Iterator[str] = iter(())
        # Threads that share the iterator take its rows in turn.
        self._lock = threading.Lock()

    def __iter__(self) -> CorpusRows:
        return self

    def __next__(self) -> Row:
        with self._lock:
            for line in self._rows:
                return cast(Row, json.loads(line))
            while True:
                batch = self._run.next_batch()
                if batch is None:
                    raise StopIteration
                lines, messages = batch
                _warn(self._named(message) for _, message in messages)
                if lines:
                    self._rows = iter(lines)
                    return cast(Row, json.loads(next(self._rows)))

    def close(self) -> None:
        """Stops the run, if it is still going; no more rows come."""
        self._rows = iter(())
        self._run.close()

    def __enter__(self) -> CorpusRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def totals(self) -> dict[str, Any] | None:
        """What ``report.json`` counts for a run (documents, aligned, failed, pairs_written…),
        once the rows are exhausted; None before, or for an empty corpus."""
        totals = self._run.totals
        return None if totals is None else json.loads(totals)

    @property
    def failed(self) -> list[tuple[str, str]]:
        """The documents that failed, ``(name, error)``, once the rows are exhausted (each was
        also warned of as it failed)."""
        return [(self._name(name), self._named(error)) for name, error in self._run.failed]

    @property
    def suspect(self) -> list[tuple[str, list[str]]]:
        """The documents that look wrong, ``(name, [what the checks found])``, once the rows are
        exhausted: a side in another language, swapped sides, sides that do not translate each
        other, an empty side. Their rows are left out unless ``keep_suspect=True`` (each was also
        warned of)."""
        return [(name, list(problems)) for name, problems in self._run.suspect]

    def _name(self, name: str) -> str:
        """A document's name: ``line N`` (the run's name for a line it could not read far
        enough) becomes the name that line gives, with its number."""
        match = _LINE.fullmatch(name)
        if match:
            number = int(match.group(1))
            if 0 < number <= len(self._names) and self._names[number - 1] is not None:
                return f"{self._names[number - 1]} (document {number})"
        return name

    def _named(self, message: str) -> str:
        """A message of the run as this package's user reads it: documents by their names, and
        the command's option by the keyword of this package."""
        message = _LINE_IN_MESSAGE.sub(lambda m: m.group(1) + self._name(m.group(2)), message)
        return message.replace("(--max-document-bytes)", "(max_document_bytes)")


def dataset_features(src_lang: str = "en", tgt_lang: str = "id") -> Any:
    """The ``datasets.Features`` of the rows of :func:`align_corpus` with these languages, for
    ``datasets.Dataset.from_generator(…, features=selaras.dataset_features())``: without them,
    ``datasets`` guesses the types from the first rows, and a corpus whose first rows have no
    QA flags gets a ``flags`` column of nulls that the first flag then breaks.

    Needs the ``datasets`` package (imported here, not by ``import selaras``).
    """
    import datasets  # type: ignore[import-untyped, unused-ignore]

    src_key, tgt_key = _selaras.CorpusRun(src_lang, tgt_lang, None).keys
    text = datasets.Value("string")
    strings = datasets.List(text) if hasattr(datasets, "List") else datasets.Sequence(text)
    return datasets.Features(
        {
            "doc": text,
            "bead": text,
            "score": datasets.Value("float64"),
            "translation": {src_key: text, tgt_key: text},
            "flags": strings,
        }
    )


def align_corpus(
    pairs: Iterable[Pair],
    src_lang: str = "en",
    tgt_lang: str = "id",
    **options: Any,
) -> CorpusRows:
    """Aligns a corpus of document pairs, in parallel, as ``selaras run --input-jsonl FILE -o -``
    aligns the same documents: the rows are the JSON objects that command writes, parsed, in
    input order::

        {"doc": "news/a1", "bead": "[0]:[0]", "score": 0.97,
         "translation": {"en": "…", "id": "…"}, "flags": []}

    ``pairs`` is any iterable, read as the rows are: ``(doc, src_text, tgt_text)`` tuples, or
    mappings shaped as the command's input lines, ``{"doc": …, "<src_lang>": "…",
    "<tgt_lang>": "…"}`` (other keys are ignored; a ``doc`` that is not a string is read as
    its ``str()``). As with the command, the corpus model is
    fitted on the first :data:`FIT_DOCUMENTS` documents or :data:`FIT_BYTES` bytes of text,
    whichever comes first; a document that fails (a missing side, a repeated ``doc``) is warned
    of and skipped, and a run in which every document fails raises :class:`SelarasError`.
    ``max_document_bytes`` holds each document's line as the command reads it: both texts
    together, as JSON.

    Keywords: those of :func:`align` (``presegmented`` among them); ``threads`` (int):
    worker threads, 0 (the default) for one per core; ``model`` (a path): a corpus model saved
    by ``selaras fit``, used in place of fitting (``--model``); and the corpus filters, each a
    bool unless said, as the command's flags: ``dedup``, ``drop_identical``,
    ``drop_no_letters``, ``drop_wrong_language``, ``clean`` (the first three),
    ``max_length_ratio`` (a number of at least 1, or None).
    """
    run = _selaras.CorpusRun(src_lang, tgt_lang, options)
    src_key, tgt_key = run.keys
    names: list[str | None] = []
    run.start(_lines(pairs, src_key, tgt_key, names))
    return CorpusRows(run, names)
