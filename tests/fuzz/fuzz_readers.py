"""Fuzz the text and HTML readers at scale with Hypothesis: cleaning never raises anything but CleanerError.

Not collected by pytest (tests/conftest.py ignores tests/fuzz and tests/bench). Run it for as long as you like:

    python3 tests/fuzz/fuzz_readers.py --examples 20000

It prints how many inputs each reader took, how long it ran, and the first failure, if any (exit 1).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from strategies import BOILERPLATE_LINES, HEADLINES, SENTENCES  # noqa: E402

from cleaner import CleanerError, clean_html, clean_text  # noqa: E402

TAGS = ["p", "div", "article", "nav", "footer", "aside", "h1", "h2", "li", "ul", "a", "span", "script", "style",
        "table", "td", "tr", "figure", "figcaption", "form", "br", "b", "i", "section", "main", "header"]
ATTRS = ['', ' class="share"', ' class="article-body"', ' id="comments"', ' hidden', ' role="navigation"',
         ' class="related"', ' style="display:none"', ' lang="de"']
piece = st.one_of(st.sampled_from(BOILERPLATE_LINES + SENTENCES + HEADLINES), st.text(max_size=40))
html_piece = st.one_of(
    piece,
    st.builds(lambda t, a: f"<{t}{a}>", st.sampled_from(TAGS), st.sampled_from(ATTRS)),
    st.builds(lambda t: f"</{t}>", st.sampled_from(TAGS)),
    st.sampled_from(["<!DOCTYPE html>", "<!-- c -->", "&amp;", "&#0;", "&#xD800;", "<![CDATA[x]]>",
                     '<meta charset="utf-16">', '<meta charset="x-no-such">', "<?xml version='1.0'?>",
                     '<script type="application/ld+json">{"@type": "NewsArticle", "headline": 3}</script>']),
)
text_pages = st.one_of(st.lists(piece, max_size=60).map("\n".join), st.binary(max_size=2000))
html_pages = st.one_of(st.lists(html_piece, max_size=80).map("".join), st.binary(max_size=2000).map(
    lambda b: b"<html><body>" + b))


def run(examples: int) -> int:
    counts = {"text": 0, "html": 0}

    def check(reader, page) -> None:  # type: ignore[no-untyped-def]
        try:
            reader(page)
        except CleanerError:
            pass  # a clear refusal (binary data, nothing usable) is the expected way to fail

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(text_pages)
    def fuzz_text(page: str | bytes) -> None:
        counts["text"] += 1
        check(clean_text, page)

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(html_pages)
    def fuzz_html(page: str | bytes) -> None:
        counts["html"] += 1
        check(clean_html, page)

    start = time.monotonic()
    failed = 0
    for fuzz in (fuzz_text, fuzz_html):
        try:
            fuzz()
        except Exception as err:  # noqa: BLE001 - report the falsifying example and go on with the other reader
            failed = 1
            print(f"{fuzz.__name__}: FAILED: {type(err).__name__}: {err}", file=sys.stderr)
    print(f"text inputs {counts['text']}, HTML inputs {counts['html']}, {time.monotonic() - start:.0f} s, "
          f"{'a failure above' if failed else 'no failure'}")
    return failed


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="inputs per reader")
    raise SystemExit(run(parser.parse_args().examples))
