"""WARC and JSON Lines files the tests build themselves, with warcio's writer, from the fixture pages.

`Crawl` writes records one by one and remembers where each starts, so that a test can name a record's offset
exactly as cleaner's messages do (`FILE@OFFSET`), and damage a chosen record afterwards.
"""
from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
HTML_PAGES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
SEED = ROOT / "fixtures" / "pages" / "seed.txt"
SITE = sorted((ROOT / "fixtures" / "site" / "harbor-gazette").glob("[0-9][0-9][0-9][0-9].txt"))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4


@dataclass
class Record:
    """One record written: its offset in the file, type, address and id."""

    offset: int
    kind: str
    uri: str
    record_id: str


@dataclass
class Crawl:
    """A WARC file being written in memory (gzipped record by record when `gzip`); `data()` gives its bytes."""

    name: str = "crawl.warc.gz"
    gzip: bool = True
    records: list[Record] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=self.gzip)

    def response(self, uri: str, body: bytes, content_type: str = "text/html; charset=utf-8",
                 status: str = "200 OK", headers: tuple[tuple[str, str], ...] = ()) -> Record:
        """An HTTP response record."""
        http = StatusAndHeaders(status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
        return self._write(self.writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                          http_headers=http))

    def request(self, uri: str) -> Record:
        """The HTTP request a crawler records before each response: never a page."""
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        return self._write(self.writer.create_warc_record(uri, "request", payload=io.BytesIO(b""),
                                                          http_headers=http))

    def conversion(self, uri: str, text: bytes) -> Record:
        """A WET conversion record: the page's text, as Common Crawl extracts it."""
        return self._write(self.writer.create_warc_record(uri, "conversion", payload=io.BytesIO(text),
                                                          warc_content_type="text/plain"))

    def warcinfo(self) -> Record:
        return self._write(self.writer.create_warcinfo_record(self.name, {"software": "tests"}))

    def raw(self, data: bytes) -> None:
        """Bytes that are no record at all (damage between records)."""
        self.buffer.write(data)

    def _write(self, record: Any) -> Record:
        offset = self.buffer.tell()
        self.writer.write_record(record)
        headers = record.rec_headers
        written = Record(offset, headers.get_header("WARC-Type"), headers.get_header("WARC-Target-URI") or "",
                         headers.get_header("WARC-Record-ID"))
        self.records.append(written)
        return written

    def data(self, cut: int = 0) -> bytes:
        """The file's bytes, without the last `cut` (a crawl that stopped mid-record)."""
        data = self.buffer.getvalue()
        return data[:len(data) - cut] if cut else data


def news_crawl(gzip: bool = True) -> Crawl:
    """A small crawl: the fixture HTML pages with their requests, a PDF, a redirect, a 404, a WET conversion."""
    crawl = Crawl("crawl.warc.gz" if gzip else "crawl.warc", gzip)
    crawl.warcinfo()
    for k, page in enumerate(HTML_PAGES):
        crawl.request(f"https://news.example/story/{k}")
        crawl.response(f"https://news.example/story/{k}", page.read_bytes())
    crawl.response("https://news.example/annual-report.pdf", PDF, content_type="application/pdf")
    crawl.response("https://news.example/old", b"<html><body>Moved</body></html>", status="301 Moved Permanently",
                   headers=(("Location", "https://news.example/new"),))
    crawl.response("https://news.example/gone", b"<html><body><p>Not found</p></body></html>", status="404 Not Found")
    crawl.conversion("https://news.example/seed", SEED.read_bytes())
    return crawl


def one_stream_gzip(crawl: Crawl) -> bytes:
    """The same records gzipped as one stream (not record by record): cannot be read a record at a time."""
    data = crawl.data()
    return gzip.compress(gzip.decompress(data) if crawl.gzip else data)


def jsonl_items(items: list[Any]) -> bytes:
    """A JSON Lines file: each item dumped on its line, or a str written as it is (a bad line)."""
    lines = [item if isinstance(item, str) else json.dumps(item, ensure_ascii=False) for item in items]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def page_text(page: Path) -> str:
    """A fixture HTML page as a scraper's item holds it: decoded text."""
    return page.read_bytes().decode("utf-8", "replace")


def write_fixtures() -> None:
    """(Re)write the sample inputs of the README: fixtures/warc/news.warc.gz and fixtures/jsonl/items.jsonl."""
    (ROOT / "fixtures" / "warc").mkdir(exist_ok=True)
    (ROOT / "fixtures" / "warc" / "news.warc.gz").write_bytes(news_crawl().data())
    (ROOT / "fixtures" / "jsonl").mkdir(exist_ok=True)
    items = [{"url": f"https://news.example/story/{k}", "html": page_text(page), "spider": "news", "status": 200}
             for k, page in enumerate(HTML_PAGES)]
    (ROOT / "fixtures" / "jsonl" / "items.jsonl").write_bytes(jsonl_items(items))


if __name__ == "__main__":
    write_fixtures()
