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


def test_the_tail_of_a_story_read_by_the_part_before_is_no_article() -> None:
    """The last part holds only the end of the last story, which the part before read whole: no article of its
    own, its lines marked as read with that story."""
    data = numbered_stories(60)
    results = list(clean_text_parts(data, part_bytes=30_000))
    assert not results[-1].articles and {ln.dropped_by for ln in results[-1].lines} >= {"part-overlap"}
    assert [a.title for r in results for a in r.articles] == [
        f"Why our town stopped mowing the roadside verges, part {k}" for k in range(60)]


def test_utf16_is_cleaned_whole() -> None:
    """A newline byte does not end a line in UTF-16: such a dump is never cut."""
    data = SEED.read_text(encoding="utf-8").encode("utf-16")
    assert len(list(clean_text_parts(data, part_bytes=1000))) == 1


def test_a_story_cut_by_a_part_end_is_not_lost() -> None:
    """Parts read on into the next one: every story of a long archive dump is found once, whatever the cuts."""
    data = numbered_stories(300)
    titles = [a.title for r in clean_text_parts(data, part_bytes=40_000, overlap=8_000) for a in r.articles]
    assert titles == [f"Why our town stopped mowing the roadside verges, part {k}" for k in range(300)]
