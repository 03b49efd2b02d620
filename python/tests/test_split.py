"""selaras.split: the sentences `selaras split` prints, and the command's errors and warnings."""

from __future__ import annotations

import subprocess

import pytest

import selaras
from conftest import CORPUS, cli_error


def cli_split(selaras_bin: str, path, lang: str, *flags: str) -> list[str]:
    done = subprocess.run(
        [selaras_bin, "split", "--lang", lang, *flags, str(path)],
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    )
    return done.stdout.splitlines()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_sentences_are_those_the_command_prints(selaras_bin, lang):
    files = sorted(CORPUS.glob(f"*.{lang}.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert selaras.split(text, lang) == cli_split(selaras_bin, path, lang), path.name
        assert selaras.split(text, lang, strip_boilerplate=True) == cli_split(
            selaras_bin, path, lang, "--strip-boilerplate"
        ), path.name


def test_abbreviations_do_not_end_sentences():
    assert selaras.split("Dr. Siti tiba. Dia tersenyum.", "id") == ["Dr. Siti tiba.", "Dia tersenyum."]
    assert selaras.split("", "en") == []


def test_boilerplate_is_stripped_only_when_asked():
    text = "Harga beras naik.\nBaca juga: Harga cabai turun\nPetani senang."
    kept = selaras.split(text, "id")
    stripped = selaras.split(text, "id", strip_boilerplate=True)
    assert len(stripped) < len(kept)
    assert all("Baca juga" not in s for s in stripped)


def test_a_language_name_is_refused_with_the_command_s_message(selaras_bin):
    with pytest.raises(selaras.SelarasError) as raised:
        selaras.split("Hello.", "english")
    message = str(raised.value)
    assert message == "invalid value 'english' for 'lang': `english` is not a language code: did you mean `en`?"
    # The command says the same of its --lang flag.
    cli = cli_error(selaras_bin, "split", "--lang", "english", "-")
    assert cli.split("': ", 1)[1] == message.split("': ", 1)[1]
    assert isinstance(raised.value, ValueError)


def test_a_language_without_rules_is_warned_of_as_the_command_does(selaras_bin):
    with pytest.warns(selaras.SelarasWarning) as warned:
        assert selaras.split("Hello there. Bye.", "xx") == ["Hello there.", "Bye."]
    done = subprocess.run(
        [selaras_bin, "split", "--lang", "xx", "-"], input="Hi.", capture_output=True, text=True
    )
    assert done.stderr.strip() == f"selaras: warning: {warned[0].message}"
