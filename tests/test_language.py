"""Tests for language detection and word counting."""
from __future__ import annotations

import pytest

from cleaner import language

SAMPLES = {
    "en": "The council said on Tuesday that the work will begin in the spring and that it should take two years.",
    "de": "Die Stadtverwaltung teilte am Dienstag mit, dass die Arbeiten im Frühjahr beginnen und zwei Jahre dauern.",
    "fr": "La mairie a indiqué mardi que les travaux commenceront au printemps et qu'ils dureront deux ans.",
    "es": "El ayuntamiento dijo el martes que las obras empezarán en primavera y que durarán dos años.",
    "it": "Il comune ha detto martedì che i lavori inizieranno in primavera e che dureranno due anni.",
    "pt": "A prefeitura disse na terça-feira que as obras começam na primavera e que vão durar dois anos.",
    "nl": "De gemeente zei dinsdag dat het werk in het voorjaar begint en dat het twee jaar zal duren.",
    "ru": "Городской совет заявил во вторник, что работы начнутся весной и продлятся два года.",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_detects_the_language_of_a_paragraph(lang: str) -> None:
    assert language.detect(SAMPLES[lang] * 3) == lang


def test_unspaced_scripts_are_cjk() -> None:
    assert language.detect("港口的旧防波堤将在春天开始重建，预计需要两年时间。" * 3) == "cjk"


def test_text_without_stopwords_has_no_language() -> None:
    assert language.detect("12345 67890 ###") is None


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es", "it", "pt", "nl", "ru"])
def test_every_required_language_has_a_stopword_list(lang: str) -> None:
    assert len(language.stopwords(lang)) > 100


def test_cjk_characters_count_as_words() -> None:
    """Without spaces, a sentence of 24 characters still counts as about 12 words."""
    assert language.word_count("港口的旧防波堤将在春天开始重建，预计需要两年时间") >= 10


def test_stopword_share() -> None:
    assert language.stopword_share("the wall and the harbor", frozenset({"the", "and"})) == pytest.approx(0.6)
