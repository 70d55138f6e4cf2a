"""Tests for site templates: what counts as a template line, learning it from a site's pages, the
`site-template` filter, and the gain on the fixture site (fixtures/site) measured with cleaner.evaluate."""
from __future__ import annotations

import hashlib
import json
import statistics
from pathlib import Path
from typing import Iterator

import pytest

from cleaner import templates
from cleaner.evaluate import score_tokens
from cleaner.model import Line, Options
from cleaner.pipeline import clean
from scrape import ROOT, Scrape, invoke

SITE = ROOT / "fixtures" / "site" / "harbor-gazette"
SITE_PAGES = sorted(p for p in SITE.glob("*.txt") if not p.name.endswith(".gold.txt"))


@pytest.fixture(autouse=True)
def site_untouched() -> Iterator[None]:
    """No test may change the fixture site: every file is byte-identical afterwards."""
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SITE.iterdir())}
    yield
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(SITE.iterdir())} == before


@pytest.fixture
def scrape(tmp_path: Path) -> Iterator[Scrape]:
    folder = Scrape(tmp_path / "in")
    yield folder
    folder.assert_unchanged()


def kept_text(data: bytes, template: frozenset[str] = frozenset()) -> str:
    """What evaluate scores: the paragraphs of every article."""
    result = clean(data, template=template)
    return "\n".join(p for article in result.articles for p in article.paragraphs)


def mean_f1(predictions: dict[Path, str]) -> float:
    return statistics.mean(score_tokens(page.with_suffix(".gold.txt").read_text(encoding="utf-8"), text).f1
                           for page, text in predictions.items())


# ---------------------------------------------------------------------------------------------
# Candidates and learning
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [
    pytest.param("most read", id="heading"),
    pytest.param("the harbor gazette has served port alder since 1921.", id="short sentence"),
    pytest.param("home news sport weather business culture opinion obituaries podcasts video puzzles jobs "
                 "cars homes", id="long menu without punctuation"),
])
def test_candidate(key: str) -> None:
    assert templates.is_candidate(key)


@pytest.mark.parametrize("key", [
    pytest.param("", id="blank"),
    pytest.param("the council voted on tuesday to add two raised crosswalks and a flashing beacon near the "
                 "school, after three years of requests.", id="long sentence"),
    pytest.param("x" * 400, id="too long"),
    pytest.param(".", id="piece of a sentence cut at a link"),
])
def test_not_candidate(key: str) -> None:
    assert not templates.is_candidate(key)


def test_learn_keeps_lines_on_half_the_pages() -> None:
    pages = [frozenset({"menu", "footer", f"story {k}"}) | ({"most read"} if k < 5 else set()) for k in range(10)]
    assert templates.learn(pages) == {"menu", "footer", "most read"}


def test_learn_ignores_lines_on_a_few_pages() -> None:
    pages = [frozenset({"menu"}) | ({"a quote shared by two stories"} if k < 2 else set()) for k in range(10)]
    assert templates.learn(pages) == {"menu"}


def test_learn_needs_enough_pages() -> None:
    pages = [frozenset({"menu"})] * (templates.MIN_SITE_PAGES - 1)
    assert templates.learn(pages) == frozenset()


def test_long_sentence_on_every_page_is_not_a_template() -> None:
    """Body text quoted on several pages is content: long sentences never become template candidates."""
    sentence = ("The harbour committee met on Tuesday and agreed, after a long debate, to publish its report on "
                "the new ferry pier in full next month.")
    pages = [f"Menu\nStory {k} begins here with its own words.\n{sentence}\n".encode() for k in range(6)]
    assert templates.learn_from_pages(pages) == {"menu"}


@pytest.mark.parametrize("head, host", [
    pytest.param(b'<link rel="canonical" href="https://www.Example.com/a/b">', "example.com", id="canonical"),
    pytest.param(b"<link href='//news.example.org/x' rel=canonical>", "news.example.org", id="href first"),
    pytest.param(b'<meta property="og:url" content="http://example.net:8080/p">', "example.net", id="og:url"),
    pytest.param(b'<link rel="stylesheet" href="https://cdn.example.com/s.css">', None, id="no address"),
])
def test_site_host(head: bytes, host: str | None) -> None:
    assert templates.site_host(b"<html><head>" + head + b"</head><body></body></html>") == host


def test_sample_is_spread_over_the_pages() -> None:
    assert templates.sample(10, 5) == [0, 2, 4, 6, 8]
    assert templates.sample(3, 5) == [0, 1, 2]


# ---------------------------------------------------------------------------------------------
# The filter
# ---------------------------------------------------------------------------------------------

def test_filter_drops_kept_template_lines_only() -> None:
    lines = [Line.of(1, "Most read"), Line.of(2, "A real sentence of the story."), Line.of(3, "Sign up").drop("x")]
    result = templates.site_template(lines, Options(template=frozenset({"most read", "sign up"})))
    assert [ln.dropped_by for ln in result] == ["site-template", None, "x"]


def test_filter_does_nothing_without_a_template() -> None:
    lines = [Line.of(1, "Most read")]
    assert templates.site_template(lines, Options()) == lines


# ---------------------------------------------------------------------------------------------
# The fixture site: 22 pages sharing one template, with gold
# ---------------------------------------------------------------------------------------------

def test_fixture_site_template_is_learned() -> None:
    template = templates.learn_from_pages(p.read_bytes() for p in SITE_PAGES)
    assert {"most read", "support local news: become a harbor gazette member today",
            "© 2024 harbor gazette media company"} <= template
    assert not any("cardamom" in key for key in template), "a story's own line became template"


def test_fixture_site_f1_is_higher_with_the_template() -> None:
    template = templates.learn_from_pages(p.read_bytes() for p in SITE_PAGES)
    without = mean_f1({p: kept_text(p.read_bytes()) for p in SITE_PAGES})
    with_template = mean_f1({p: kept_text(p.read_bytes(), template) for p in SITE_PAGES})
    assert with_template >= without + 0.05, (without, with_template)


def test_cli_learns_templates_in_folders_and_no_templates_turns_it_off(tmp_path: Path) -> None:
    on, off = tmp_path / "on", tmp_path / "off"
    assert invoke("clean", SITE, "--glob", "[0-9][0-9][0-9][0-9].txt", "-f", "text", "-o", on).exit_code == 0
    result = invoke("clean", SITE, "--glob", "[0-9][0-9][0-9][0-9].txt", "-f", "text", "-o", off, "--no-templates")
    assert result.exit_code == 0 and "site-template" not in result.stderr
    f1_on = mean_f1({p: (on / p.name).read_text(encoding="utf-8") for p in SITE_PAGES})
    f1_off = mean_f1({p: (off / p.name).read_text(encoding="utf-8") for p in SITE_PAGES})
    assert f1_on >= f1_off + 0.05, (f1_off, f1_on)


def test_templates_are_learned_per_host_in_a_mixed_folder(scrape: Scrape, tmp_path: Path) -> None:
    """Pages that state their address are grouped by host: one host's promo line is not the other's template."""
    story = "<p>The council met on Tuesday evening and voted to repair the old footbridge over the river {k}.</p>"
    for k in range(12):
        host, promo = ("alpha.example", "Alpha") if k % 2 else ("beta.example", "Beta")
        promo += " members read free"
        scrape.add(f"p{k:02d}.html", f'<html><head><link rel="canonical" href="https://{host}/{k}"></head><body>'
                                     f"<article>{story.format(k=k) * 2}<p>{promo}</p>{story.format(k=k)}</article>"
                                     "</body></html>")
    rejects = tmp_path / "rejects.jsonl"
    assert invoke("clean", scrape.root, "-o", tmp_path / "out", "--rejects", rejects).exit_code == 0
    dropped = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    by_template = {(Path(r["file"]).stem, r["text"]) for r in dropped if r["reason"] == "site-template"}
    assert by_template == {(f"p{k:02d}", ("Alpha" if k % 2 else "Beta") + " members read free") for k in range(12)}
