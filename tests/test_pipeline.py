"""Tests for the pipeline's entry points: large dumps cleaned part by part."""
from __future__ import annotations

from pathlib import Path


from cleaner.pipeline import clean_text, clean_text_parts

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "seed.txt"


def test_parts_keep_line_numbers_and_find_the_same_articles() -> None:
    """Three copies of the seed, cleaned a part at a time, number every line once and give its 12 stories."""
    data = SEED.read_bytes() * 3
    results = list(clean_text_parts(data, part_bytes=30_000))
    numbers = [ln.number for result in results for ln in result.lines]
    assert len(results) > 1 and numbers == list(range(1, data.count(b"\n") + 2))
    titles = [a.title for result in results for a in result.articles]
    assert titles == [a.title for a in clean_text(data).articles]


def test_utf16_is_cleaned_whole() -> None:
    """A newline byte does not end a line in UTF-16: such a dump is never cut."""
    data = SEED.read_text(encoding="utf-8").encode("utf-16")
    assert len(list(clean_text_parts(data, part_bytes=1000))) == 1


def test_a_story_cut_by_a_part_end_is_not_lost() -> None:
    """Parts read on into the next one: every story of a long archive dump is found once, whatever the cuts."""
    story = (SEED.parent / "single_article.txt").read_text(encoding="utf-8")
    data = "\n".join(story.replace("verges\n", f"verges, part {k}\n", 1) for k in range(300)).encode()
    titles = [a.title for r in clean_text_parts(data, part_bytes=40_000, overlap=8_000) for a in r.articles]
    assert titles == [f"Why our town stopped mowing the roadside verges, part {k}" for k in range(300)]
