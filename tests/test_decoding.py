"""Tests for decoding: page bytes in any common encoding become clean text, and binary data is refused."""
from __future__ import annotations

import codecs

import pytest

from cleaner import CleanerError, clean_text
from cleaner.decoding import bytes_to_text, normalise

TEXT = "Café society – “quoted” – naïve résumé\nSecond line, 100 €"


@pytest.mark.parametrize("data", [
    pytest.param(TEXT.encode("utf-8"), id="UTF-8"),
    pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), id="UTF-8 with BOM"),
    pytest.param(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), id="UTF-16 LE with BOM"),
    pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), id="UTF-16 BE with BOM"),
    pytest.param(TEXT.encode("utf-16-le"), id="UTF-16 LE without BOM"),
    pytest.param(TEXT.encode("utf-16-be"), id="UTF-16 BE without BOM"),
    pytest.param(TEXT.encode("cp1252"), id="cp1252"),
])
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert bytes_to_text(data) == TEXT


def test_bom_is_not_kept_as_a_character() -> None:
    assert not bytes_to_text(codecs.BOM_UTF8 + b"Source link").startswith("\ufeff")


def test_utf8_and_cp1252_lines_mixed_in_one_file_both_decode() -> None:
    data = "Café one".encode("utf-8") + b"\n" + "Café two".encode("cp1252")
    assert bytes_to_text(data) == "Café one\nCafé two"


@pytest.mark.parametrize("broken, fixed", [
    pytest.param("cafÃ©", "café", id="é"),
    pytest.param("itâ€™s a â€œquoteâ€\x9d", "it’s a “quote”", id="curly quotes"),
    pytest.param("naÃ¯ve rÃ©sumÃ©", "naïve résumé", id="several"),
])
def test_mojibake_is_repaired(broken: str, fixed: str) -> None:
    assert normalise(broken) == fixed


def test_mojibake_in_bytes_is_repaired() -> None:
    assert bytes_to_text("cafÃ©".encode("utf-8")) == "café"


def test_correct_accents_are_left_alone() -> None:
    """Text that merely contains Ã or Â as letters is not 'repaired'."""
    assert normalise("SÃO PAULO — Â is a letter too.") == "SÃO PAULO — Â is a letter too."


@pytest.mark.parametrize("text, expected", [
    pytest.param("one\r\ntwo\r\n", "one\ntwo\n", id="CRLF"),
    pytest.param("one\rtwo\r", "one\ntwo\n", id="lone CR"),
    pytest.param("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour", id="mixed"),
])
def test_line_endings_become_newlines(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("Sha\u200bre this", "Share this", id="zero-width space"),
    pytest.param("\ufeffSource link", "Source link", id="BOM inside text"),
    pytest.param("Sour\u00adce", "Source", id="soft hyphen"),
    pytest.param("Source\x00 link", "Source link", id="NUL"),
    pytest.param("Source\x07\x1b link", "Source link", id="other controls"),
    pytest.param("col\tumn", "col\tumn", id="tab stays"),
])
def test_invisible_and_control_characters_removed(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_png_bytes_are_refused() -> None:
    with pytest.raises(CleanerError, match="PNG"):
        bytes_to_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10")


def test_binary_bytes_are_refused_by_clean_text() -> None:
    with pytest.raises(CleanerError):
        clean_text(bytes(range(256)) * 8)


def test_clean_text_accepts_bytes_and_str_alike() -> None:
    page = "Source link\r\n\r\nContinue Reading\r\n"
    assert clean_text(page.encode("utf-16")).lines == clean_text(page).lines
