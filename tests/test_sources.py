"""Tests for WARC and JSON Lines input: which records are pages, their `url`, `record` and `meta` keys, bad
records reported by offset or line and skipped while the rest is cleaned, one output per input file, site
templates learned over records, streaming reads, and `clean_record`, the function engines map; and the parts
a large text dump is cut into."""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any, Iterator

import pytest

from cleaner import clean, clean_record, sources
from cleaner.model import CleanerError
from cleaner.writers import ARTICLE_KEYS, article_record
from scrape import Scrape, invoke, outputs, temp_files
from warcs import HTML_PAGES, SEED, SITE, Crawl, jsonl_items, news_crawl, one_stream_gzip, page_text


@pytest.fixture
def scrape(tmp_path: Path) -> Iterator[Scrape]:
    folder = Scrape(tmp_path / "in")
    yield folder
    folder.assert_unchanged()
    assert not temp_files(tmp_path)


def records(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def alone(page: Path, input_type: str = "html") -> list[dict[str, Any]]:
    """The articles of a page cleaned on its own: what its record in a WARC must give."""
    return records(invoke("clean", page, "-f", "jsonl", "--input-type", input_type).stdout)


def lines_of(stderr: str, level: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"cleaner: {level}:")]


def stories(crawl: Crawl) -> list[Any]:
    return [r for r in crawl.records if r.kind == "response" and "/story/" in r.uri]


def expected_from(crawl: Crawl, path: Path) -> list[dict[str, Any]]:
    """Each HTML response's articles as the page alone gives them, then the WET conversion's: with the WARC's
    name as `file`, the response's address as `url` and its record id as `record`."""
    wanted = []
    for page, record in zip(HTML_PAGES, stories(crawl), strict=True):
        wanted += [{**a, "file": str(path), "url": record.uri, "record": record.record_id} for a in alone(page)]
    conversion = next(r for r in crawl.records if r.kind == "conversion")
    wanted += [{**a, "file": str(path), "url": conversion.uri, "record": conversion.record_id}
               for a in alone(SEED, "text")]
    return wanted


# ---------------------------------------------------------------------------------------------
# WARC: which records are pages
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_and_wet_conversions_are_pages_with_their_url_and_record(scrape: Scrape, gz: bool) -> None:
    crawl = news_crawl(gz)
    path = scrape.add(crawl.name, crawl.data())
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 0
    got = records(result.stdout)
    assert got == expected_from(crawl, path)
    assert all(list(r) == [*ARTICLE_KEYS, "url", "record"] for r in got)  # the new keys come last


def test_records_that_are_not_pages_are_listed_by_offset_requests_and_warcinfo_are_not(scrape: Scrape) -> None:
    crawl = news_crawl()
    path = scrape.add(crawl.name, crawl.data())
    result = invoke("clean", path, "-f", "jsonl")
    pdf, moved, gone = [r for r in crawl.records if r.kind == "response" and "/story/" not in r.uri]
    assert lines_of(result.stderr, "note") == [
        f"cleaner: note: {path}@{pdf.offset}: {pdf.uri}: application/pdf, not an HTML page; skipped",
        f"cleaner: note: {path}@{moved.offset}: {moved.uri}: redirect (301) to https://news.example/new; skipped",
        f"cleaner: note: {path}@{gone.offset}: {gone.uri}: HTTP status 404; skipped",
    ]
    assert "4 page(s)" in result.stderr and lines_of(result.stderr, "error") == []


def test_markdown_of_a_warc_is_its_pages_separated_by_rules(scrape: Scrape) -> None:
    crawl = news_crawl()
    path = scrape.add(crawl.name, crawl.data())
    result = invoke("clean", path)
    assert result.exit_code == 0
    assert result.stdout.count("\n---\n") == len(expected_from(crawl, path)) - 1
    assert "- **URL:** https://news.example/story/0" in result.stdout


# ---------------------------------------------------------------------------------------------
# WARC: damaged files
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_last_record_is_reported_by_offset_and_the_rest_is_cleaned(scrape: Scrape, gz: bool) -> None:
    crawl = news_crawl(gz)
    path = scrape.add(crawl.name, crawl.data(cut=300))
    result = invoke("clean", path, "-f", "jsonl")
    conversion = crawl.records[-1]
    assert result.exit_code == 1
    assert lines_of(result.stderr, "error") == [
        f"cleaner: error: {path}@{conversion.offset}: truncated record (the file ends inside it); skipped"]
    assert [r["url"] for r in records(result.stdout)] == [r["url"] for r in expected_from(crawl, path)[:-4]]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_garbage_between_records_is_reported_and_reading_goes_on_after_it(scrape: Scrape, gz: bool) -> None:
    crawl = Crawl("crawl.warc.gz" if gz else "crawl.warc", gz)
    first = crawl.response("https://news.example/story/0", HTML_PAGES[0].read_bytes())
    garbage = len(crawl.data())
    crawl.raw(b"this line is no WARC header\r\n\r\n")
    second = crawl.response("https://news.example/story/1", HTML_PAGES[1].read_bytes())
    path = scrape.add(crawl.name, crawl.data())
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 1
    assert lines_of(result.stderr, "error") == [
        f"cleaner: error: {path}@{garbage}: malformed record (no WARC header where a record should start); "
        "skipped, the rest of the file is read"]
    assert {r["record"] for r in records(result.stdout)} == {first.record_id, second.record_id}


def test_a_corrupt_gzip_member_fails_alone(scrape: Scrape) -> None:
    crawl = news_crawl()
    data = bytearray(crawl.data())
    damaged = stories(crawl)[1]
    data[damaged.offset + 40:damaged.offset + 80] = bytes(40)
    path = scrape.add(crawl.name, bytes(data))
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 1
    assert [line.split(": malformed")[0] for line in lines_of(result.stderr, "error")] == [
        f"cleaner: error: {path}@{damaged.offset}"]
    expected = [r for r in expected_from(crawl, path) if r["record"] != damaged.record_id]
    assert records(result.stdout) == expected


def test_a_record_longer_than_its_content_length_says_is_reported(scrape: Scrape) -> None:
    crawl = Crawl("crawl.warc", gzip=False)
    first = crawl.response("https://news.example/story/0", HTML_PAGES[0].read_bytes())
    third_body = HTML_PAGES[2].read_bytes()
    cut = crawl.response("https://news.example/story/1", HTML_PAGES[1].read_bytes())
    rest = crawl.response("https://news.example/story/2", third_body)
    data = crawl.data()
    # the second record loses its last 500 bytes: its Content-Length now runs into the third record
    path = scrape.add(crawl.name, data[:rest.offset - 500] + data[rest.offset:])
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 1
    assert lines_of(result.stderr, "error") == [
        f"cleaner: error: {path}@{cut.offset}: malformed record (it does not end where its Content-Length says); "
        "skipped"]
    assert [r["record"] for r in records(result.stdout)] == [first.record_id] * len(alone(HTML_PAGES[0])) + \
        [rest.record_id] * len(alone(HTML_PAGES[2]))


def test_a_warc_gzipped_as_one_stream_is_refused_with_the_fix(scrape: Scrape) -> None:
    path = scrape.add("crawl.warc.gz", one_stream_gzip(news_crawl()))
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 1 and result.stdout == ""
    assert lines_of(result.stderr, "error") == [
        f"cleaner: error: {path}: gzipped as one stream, not record by record, so its records cannot be read one "
        "at a time; fix it with `warcio recompress FILE NEW.warc.gz`"]


def test_a_file_named_warc_that_is_not_one_gives_one_error(scrape: Scrape) -> None:
    path = scrape.add("notes.warc", "just some notes\nnothing more\n")
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 1 and result.stdout == ""
    assert [line.split(": malformed")[0] for line in lines_of(result.stderr, "error")] == [
        f"cleaner: error: {path}@0"]


def test_the_size_cap_applies_to_each_record_not_to_the_warc(scrape: Scrape) -> None:
    crawl = Crawl()
    crawl.response("https://news.example/story/0", HTML_PAGES[0].read_bytes())
    big = crawl.response("https://news.example/big", b"<html><body>" + b"<p>Words and more words.</p>" * 8000)
    crawl.response("https://news.example/story/1", HTML_PAGES[1].read_bytes())
    path = scrape.add(crawl.name, crawl.data())
    result = invoke("clean", path, "-f", "jsonl", "--max-size", "0.125")
    assert result.exit_code == 1
    assert lines_of(result.stderr, "error") == [
        f"cleaner: error: {path}@{big.offset}: larger than the 0.125 MB cap; raise --max-size"]
    assert {r["url"] for r in records(result.stdout)} == {"https://news.example/story/0", "https://news.example/story/1"}


# ---------------------------------------------------------------------------------------------
# WARC in batches: outputs, templates, streaming
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["markdown", "json", "jsonl"])
def test_a_warc_gets_one_output_holding_its_pages_in_record_order(scrape: Scrape, tmp_path: Path, fmt: str) -> None:
    crawl = news_crawl()
    path = scrape.add(crawl.name, crawl.data())
    page = scrape.add("page.txt", SEED.read_bytes())
    assert invoke("clean", scrape.root, "--glob", "*.warc.gz", "--glob", "*.txt", "-o", tmp_path / "out",
                  "-f", fmt, "-j", "2").exit_code == 0
    written = outputs(tmp_path / "out")
    suffix = {"markdown": ".md", "json": ".json", "jsonl": ".jsonl"}[fmt]
    assert sorted(written) == [f"crawl.warc{suffix}", f"page{suffix}"]
    assert written[f"crawl.warc{suffix}"].decode() == invoke("clean", path, "-f", fmt).stdout
    assert written[f"page{suffix}"].decode() == invoke("clean", page, "-f", fmt).stdout


def test_skip_existing_leaves_an_up_to_date_warc_output(scrape: Scrape, tmp_path: Path) -> None:
    crawl = news_crawl()
    path = scrape.add(crawl.name, crawl.data())
    out = tmp_path / "out"
    out.mkdir()
    assert invoke("clean", path, "-o", out).exit_code == 0
    (out / "crawl.warc.md").write_text("kept\n", encoding="utf-8")
    result = invoke("clean", path, "-o", out, "--skip-existing")
    assert result.exit_code == 0 and (out / "crawl.warc.md").read_text(encoding="utf-8") == "kept\n"


def test_site_templates_are_learned_over_the_records_of_a_host(scrape: Scrape) -> None:
    """The harbor-gazette pages as WET records of one host clean exactly as the same pages in a folder."""
    crawl = Crawl()
    for page in SITE:
        crawl.conversion(f"https://harbor-gazette.example/{page.stem}", page.read_bytes())
    path = scrape.add(crawl.name, crawl.data())
    for page in SITE:
        scrape.add(f"site/{page.name}", page.read_bytes())
    from_warc = invoke("clean", path, "-f", "jsonl")
    from_folder = invoke("clean", scrape.root / "site", "-f", "jsonl")
    assert "site-template" in from_warc.stderr and "site templates learned for 1 site(s)" in from_warc.stderr
    drop = ("file", "url", "record")
    assert [{k: v for k, v in r.items() if k not in drop} for r in records(from_warc.stdout)] == \
        [{k: v for k, v in r.items() if k not in drop} for r in records(from_folder.stdout)]


def test_a_warc_is_read_as_a_stream_and_a_record_on_its_own(tmp_path: Path) -> None:
    """Listing a 12 MB WARC, and reading one of its records back, hold far less than the file in memory."""
    crawl = Crawl("big.warc", gzip=False)
    body = b"<html><body>" + b"<p>A sentence of the story, with its words.</p>\n" * 2500  # 120 kB
    while len(crawl.data()) < 12 * 2**20:
        crawl.response(f"https://news.example/{len(crawl.records)}", body)
    path = tmp_path / "big.warc"
    path.write_bytes(crawl.data())
    del crawl.buffer
    tracemalloc.start()
    try:
        refs = [ref for ref in sources.index(str(path), None, 2**20) if isinstance(ref, sources.Ref)]
        listed = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        held = tracemalloc.get_traced_memory()[0]
        page = sources.load(str(path), refs[-1], None, 2**20)
        loaded = tracemalloc.get_traced_memory()[1] - held
    finally:
        tracemalloc.stop()
    assert len(refs) == len(crawl.records) and page.data == body
    assert listed < 2**20 and loaded < 4 * len(body)


# ---------------------------------------------------------------------------------------------
# JSON Lines
# ---------------------------------------------------------------------------------------------

def html_items() -> list[dict[str, Any]]:
    return [{"url": f"https://shop.example/{k}", "html": page_text(page), "tags": ["a", "ü"], "crawl": {"n": k}}
            for k, page in enumerate(HTML_PAGES)]


def expected_items(path: Path, items: list[dict[str, Any]], field: str, lines: list[int]) -> list[dict[str, Any]]:
    """Each item's page cleaned by the library, with `record` (its line) and `meta` (its other fields) last."""
    wanted = []
    for item, line in zip(items, lines, strict=True):
        meta = {k: v for k, v in item.items() if k != field}
        wanted += [article_record(a, str(path), i, {"record": line, "meta": meta})
                   for i, a in enumerate(clean(item[field]).articles)]
    return wanted


def test_jsonl_items_are_pages_with_their_other_fields_under_meta_last(scrape: Scrape) -> None:
    items = html_items()
    path = scrape.add("items.jsonl", jsonl_items(items))
    result = invoke("clean", path, "--field", "html", "-f", "jsonl")
    assert result.exit_code == 0
    got = records(result.stdout)
    assert got == expected_items(path, items, "html", [1, 2, 3]) and len(got) >= 3
    assert all(list(r)[-2:] == ["record", "meta"] and list(r)[:len(ARTICLE_KEYS)] == list(ARTICLE_KEYS)
               for r in got)
    assert got[0]["meta"] == {"url": "https://shop.example/0", "tags": ["a", "ü"], "crawl": {"n": 0}}


def test_jsonl_text_field_and_the_default_field(scrape: Scrape) -> None:
    items = [{"text": SEED.read_text(encoding="utf-8"), "id": 7}]
    path = scrape.add("dumps.jsonl", jsonl_items(items))
    with_field = invoke("clean", path, "--field", "text", "-f", "jsonl")
    assert records(with_field.stdout) == [{**a, "file": str(path), "record": 1, "meta": {"id": 7}}
                                          for a in alone(SEED, "text")]
    assert invoke("clean", path, "-f", "jsonl").stdout == with_field.stdout  # no --field: "html", else "text"


def test_meta_never_renames_an_article_key(scrape: Scrape) -> None:
    item = {"html": page_text(HTML_PAGES[0]), "title": "item title", "file": "x", "record": 9, "index": 3}
    path = scrape.add("items.jsonl", jsonl_items([item]))
    got = records(invoke("clean", path, "-f", "jsonl").stdout)
    assert got[0]["title"] != "item title" and got[0]["file"] == str(path) and got[0]["index"] == 0
    assert got[0]["record"] == 1 and got[0]["meta"] == {"title": "item title", "file": "x", "record": 9, "index": 3}


def test_bad_lines_are_reported_by_line_and_skipped(scrape: Scrape, tmp_path: Path) -> None:
    items = html_items()
    lines: list[Any] = [items[0], "{not json", {"url": "x", "body": "<p>no page field</p>"}, "",
                        [1, 2], {"html": 42}, items[1]]
    path = scrape.add("items.jsonl", jsonl_items(lines))
    errors = tmp_path / "errors.jsonl"
    result = invoke("clean", path, "--field", "html", "-f", "jsonl", "--errors", errors)
    assert result.exit_code == 1
    assert lines_of(result.stderr, "error") == [
        f"cleaner: error: {path}:2: not valid JSON (Expecting property name enclosed in double quotes at column 2); "
        "skipped",
        f'cleaner: error: {path}:3: no "html" field; name the page\'s field with --field; skipped',
        f"cleaner: error: {path}:5: not a JSON object but list; each line must be one item; skipped",
        f'cleaner: error: {path}:6: "html" is int, not a string; name the page\'s field with --field; skipped',
    ]
    assert records(result.stdout) == expected_items(path, items[:2], "html", [1, 7])
    assert [json.loads(line)["file"] for line in errors.read_text(encoding="utf-8").splitlines()] == [
        f"{path}:{n}" for n in (2, 3, 5, 6)]


def test_a_byte_order_mark_does_not_spoil_the_first_line(scrape: Scrape) -> None:
    path = scrape.add("items.jsonl", b"\xef\xbb\xbf" + jsonl_items(html_items()[:1]))
    result = invoke("clean", path, "-f", "jsonl")
    assert result.exit_code == 0 and records(result.stdout) == expected_items(path, html_items()[:1], "html", [1])


def test_one_jsonl_file_into_one_output_file(scrape: Scrape, tmp_path: Path) -> None:
    path = scrape.add("items.jsonl", jsonl_items(html_items()))
    out = tmp_path / "clean.jsonl"
    assert invoke("clean", path, "-o", out, "-f", "jsonl").exit_code == 0
    assert out.read_text(encoding="utf-8") == invoke("clean", path, "-f", "jsonl").stdout


def test_clean_record_gives_what_the_command_writes(scrape: Scrape) -> None:
    items = html_items() + [{"text": SEED.read_text(encoding="utf-8"), "id": 1}]
    path = scrape.add("items.jsonl", jsonl_items(items))
    command = records(invoke("clean", path, "-f", "jsonl").stdout)
    mapped = [r for n, item in enumerate(items, 1) for r in clean_record(item, file=str(path), record=n)]
    assert mapped == command
    assert "record" not in clean_record(items[0])[0]  # only when given


def test_clean_record_without_the_field_raises() -> None:
    with pytest.raises(sources.CleanerError, match='no "body" field'):
        clean_record({"html": "<p>x</p>"}, field="body")


def test_the_readme_samples_clean() -> None:
    """The README's examples: fixtures/warc/news.warc.gz and fixtures/jsonl/items.jsonl (`python3 tests/warcs.py`
    writes them again)."""
    root = HTML_PAGES[0].parent.parent
    warc = invoke("clean", root / "warc" / "news.warc.gz", "-f", "jsonl")
    assert warc.exit_code == 0 and len(lines_of(warc.stderr, "note")) == 3
    assert {r["url"] for r in records(warc.stdout)} == {*(f"https://news.example/story/{k}" for k in range(3)),
                                                        "https://news.example/seed"}
    items = invoke("clean", root / "jsonl" / "items.jsonl", "--field", "html", "-f", "jsonl")
    assert items.exit_code == 0
    assert records(items.stdout)[0]["meta"]["url"] == "https://news.example/story/0"


def test_a_shared_output_that_cannot_be_put_in_place_fails_and_leaves_no_temporary_file(scrape: Scrape,
                                                                                        tmp_path: Path) -> None:
    crawl = news_crawl()
    path = scrape.add(crawl.name, crawl.data())
    (tmp_path / "out" / "crawl.warc.md").mkdir(parents=True)  # a folder where the output file should go
    result = invoke("clean", path, "-o", tmp_path / "out")
    assert result.exit_code == 1 and f"cannot write {tmp_path / 'out' / 'crawl.warc.md'}" in result.stderr
    assert (tmp_path / "out" / "crawl.warc.md").is_dir() and not temp_files(tmp_path / "out")


def test_a_run_stopped_inside_a_warc_leaves_no_part_of_its_output(tmp_path: Path) -> None:
    from cleaner.plan import Job
    from cleaner.sinks import open_sink
    from cleaner.work import Outcome

    out = tmp_path / "out"
    out.mkdir()
    job = Job("crawl.warc.gz@0", "crawl.warc.gz", "", str(out / "crawl.warc.jsonl"), part=(0, 2))
    with pytest.raises(KeyboardInterrupt), open_sink("folder", out, "jsonl") as sink:
        assert [j for j, _ in sink.put(0, job, Outcome('{"title": "one"}\n', 1))] == [job]
        raise KeyboardInterrupt
    assert list(out.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# Large text dumps: a job per part
# ---------------------------------------------------------------------------------------------

def test_a_large_text_dump_is_listed_part_by_part(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    data = b"A line of the dump that goes on for a while.\n\n" * 200
    path.write_bytes(data)
    refs = sources.text_parts(str(path), "auto", size=1000)
    assert len(refs) > 5 and [r.kind for r in refs] == ["text"] * len(refs)
    assert [r.record for r in refs] == [1 + data.count(b"\n", 0, r.offset) for r in refs]  # each part's first line
    assert sum(r.size for r in refs) + len(refs) - 1 == path.stat().st_size  # the newline at each cut is no part's


@pytest.mark.parametrize("data", [b"<!DOCTYPE html><html><body><p>x</p></body></html>\n" * 100,
                                  "A line of text.\n".encode("utf-16") * 200,
                                  bytes(range(256)) * 40])
def test_html_utf16_and_binary_files_are_not_cut(tmp_path: Path, data: bytes) -> None:
    """HTML is read whole, UTF-16 cannot be cut at a newline byte, and binary data is refused once."""
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    assert sources.text_parts(str(path), "auto", size=1000) == []


def test_a_file_gone_between_listing_and_reading_is_named_with_a_hint(tmp_path: Path) -> None:
    """A WARC, JSON Lines or large text file that cannot be read gives the same hinted reason as any input."""
    path = tmp_path / "gone.warc"
    ref = sources.Ref("warc", 0, 1, "html")
    with pytest.raises(CleanerError, match=r"^no such file or folder; check the path$"):
        sources.load(str(path), ref, None, 2**20)
    with pytest.raises(CleanerError, match=r"^no such file or folder; check the path$"):
        list(sources.index(str(path), None, 2**20))
    with pytest.raises(CleanerError, match=r"^no such file or folder; check the path$"):
        sources.text_parts(str(path), "auto")
