"""Hypothesis properties of `clean_text`: it never fails on text, only marks lines, and loses no body."""
from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.articles import ROLES
from cleaner import CleanerError, clean_text
from cleaner.decoding import normalise
from cleaner.filters import REGISTRY
from cleaner.writers import to_text
from strategies import any_pages, realistic_pages

RUMA = "Ruma was having lunch on a summer day in 2021 when her phone began blowing up with notifications.\n"

SPLITTER_ROLES = set(ROLES)


def is_subsequence(items: list[str], sequence: list[str]) -> bool:
    remaining = iter(sequence)
    return all(item in remaining for item in items)


@given(any_pages)
def test_never_raises_on_text(text: str) -> None:
    clean_text(text)


@given(st.binary(max_size=2000))
def test_bytes_either_clean_or_raise_cleaner_error(data: bytes) -> None:
    try:
        clean_text(data)
    except CleanerError:
        pass


@given(any_pages)
def test_every_input_line_gets_a_verdict(text: str) -> None:
    """One Line per line of the normalised input, numbered from 1, with its text unchanged."""
    lines = clean_text(text).lines
    assert [ln.text for ln in lines] == normalise(text).split("\n")
    assert [ln.number for ln in lines] == list(range(1, len(lines) + 1))


@given(any_pages)
def test_every_reason_is_a_filter_or_a_splitter_role(text: str) -> None:
    reasons = {ln.dropped_by for ln in clean_text(text).lines if ln.dropped_by}
    assert reasons <= set(REGISTRY) | SPLITTER_ROLES


@given(realistic_pages)
def test_kept_lines_are_the_input_lines_in_order(text: str) -> None:
    kept = [ln.text for ln in clean_text(text).lines if ln.kept]
    assert is_subsequence(kept, text.split("\n"))


@given(realistic_pages)
def test_splitting_loses_no_kept_line(text: str) -> None:
    """The articles' paragraphs, in order, hold exactly the kept non-blank lines (a paragraph may join
    the pieces of a sentence that the dump cut into lines; only spacing differs)."""
    result = clean_text(text)
    paragraphs = "".join(p for article in result.articles for p in article.paragraphs)
    kept = "".join(ln.text for ln in result.lines if ln.kept and not ln.blank)
    assert re.sub(r"\s+", "", paragraphs) == re.sub(r"\s+", "", kept)


@given(realistic_pages)
@example("Deepfake porn is destroying real lives in South Korea\nPublished\nAsia\n" + RUMA * 3)  # title not counted
def test_cleaning_the_text_output_again_keeps_every_paragraph(text: str) -> None:
    """The text output (-f text) is clean: a second run keeps every one of its paragraphs, in order."""
    first = [p for article in clean_text(text).articles for p in article.paragraphs]
    again = clean_text(to_text(clean_text(text).articles, "page"))
    assert [p for article in again.articles for p in article.paragraphs] == first
