"""Tests for the pipeline's entry points: large dumps cleaned part by part."""
from __future__ import annotations

from pathlib import Path

from cleaner.pipeline import clean_text, clean_text_parts

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "seed.txt"


def numbered_stories(count: int) -> bytes:
    """A long archive dump: the single-article fixture `count` times, each with a title of its own."""
    story = (SEED.parent / "single_article.txt").read_text(encoding="utf-8")
    return "\n".join(story.replace("verges\n", f"verges, part {k}\n", 1) for k in range(count)).encode()


def test_parts_keep_line_numbers_and_find_the_same_articles() -> None:
    """A dump cleaned a part at a time numbers every line once and gives the articles it gives whole."""
    data = SEED.read_bytes() + numbered_stories(40)
    results = list(clean_text_parts(data, part_bytes=30_000))
    numbers = [ln.number for result in results for ln in result.lines]
    assert len(results) > 2 and numbers == list(range(1, data.count(b"\n") + 2))
    titles = [a.title for result in results for a in result.articles]
    assert titles == [a.title for a in clean_text(data).articles]


def test_lone_carriage_returns_end_lines_in_parts_as_in_the_whole_page() -> None:
    """A lone CR ends a line when the text is read (as CR LF does): parts count lines the same way, so line
    numbers and articles match the page cleaned whole."""
    data = numbered_stories(40).replace(b"\n\n", b"\r\r", 200)
    results = list(clean_text_parts(data, part_bytes=30_000))
    whole = clean_text(data)
    assert [ln.number for r in results for ln in r.lines] == [ln.number for ln in whole.lines]
    assert [a.title for r in results for a in r.articles] == [a.title for a in whole.articles]


def test_utf16_is_cleaned_whole() -> None:
    """A newline byte does not end a line in UTF-16: such a dump is never cut."""
    data = SEED.read_text(encoding="utf-8").encode("utf-16")
    assert len(list(clean_text_parts(data, part_bytes=1000))) == 1


def test_a_story_cut_by_a_part_end_is_not_lost() -> None:
    """Parts read on into the next one: every story of a long archive dump is found once, whatever the cuts."""
    data = numbered_stories(300)
    titles = [a.title for r in clean_text_parts(data, part_bytes=40_000, overlap=8_000) for a in r.articles]
    assert titles == [f"Why our town stopped mowing the roadside verges, part {k}" for k in range(300)]
