"""Files that hold many pages: WARC archives (`.warc`, `.warc.gz`, WET) and JSON Lines items (`.jsonl`).

A batch reads such a file twice. First `index` streams through it in the parent process and lists its pages,
each as a `Ref` (where the record starts, what it is), with the records it skips (`Skipped`: a PDF, a redirect)
and the ones it cannot read (`Bad`: a truncated or malformed record, a line that is not JSON). Then each worker
reads the one record it cleans with `load`, by seeking to its offset: a 1 GB WARC never sits in memory, and its
pages are cleaned in parallel like files of a folder.

WARC: every `response` (or `resource`) record with an HTML content type and a 2xx status is a page, read as
HTML; every WET `conversion` record is a text dump. Requests, metadata, warcinfo and revisit records are not
pages and are passed over silently. A gzipped WARC must be compressed record by record, as crawlers write it.
"""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from typing import IO, Any, Generator, Iterator
from urllib.parse import urlsplit

from . import parts
from .decoding import byte_oriented, sniff_binary
from .files import describe_os_error
from .html import read_as_html
from .model import CleanerError

WARC_SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
AUTO_FIELDS = ("html", "text")  # the page's field of a JSON Lines item when --field is not given
HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_CHUNK = 2**20  # bytes read at a time when searching for the next record
_BLOCK = 2**16  # bytes read at a time when reading through a record
_HEAD_BYTES = 65536  # what tells a text dump from HTML or UTF-16


@dataclass(frozen=True, slots=True)
class Ref:
    """Where one page of a WARC or JSON Lines file starts, and what it is.

    `record` is the WARC-Record-ID, or the line number (from 1) of a JSON Lines item or of a text part's first
    line; `input_type` is "html" or "text" for WARC records, "" for JSON Lines items (the batch's --input-type
    applies); `url` is the WARC-Target-URI (None for items). A "text" ref is one part of a large text dump
    (see `parts`): `size` is the number of bytes that are its own.
    """

    kind: str  # "warc" | "jsonl" | "text"
    offset: int
    record: str | int
    input_type: str = ""
    url: str | None = None
    host: str | None = None  # the site the page belongs to, from its address: templates are learned per host
    size: int = 0


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that is not a page (a PDF, a redirect), and why: listed as a note."""

    offset: int
    label: str  # "@offset" for WARC, ":line" for JSON Lines
    why: str


@dataclass(frozen=True, slots=True)
class Bad:
    """A record that cannot be read (truncated, malformed, not JSON): listed as an error, the rest goes on."""

    offset: int
    label: str
    why: str


@dataclass(frozen=True, slots=True)
class Loaded:
    """One page read back from its file: its data, how to read it, and the keys its articles carry."""

    data: bytes | str
    input_type: str  # "" when the batch's --input-type applies
    url: str | None
    extra: dict[str, Any]


def kind_of(path: str) -> str | None:
    """"warc" or "jsonl" by the file's name, or None for a plain page."""
    name = path.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return None


def label(ref: Ref) -> str:
    """How a record is named after its file in messages: `@OFFSET` (WARC) or `:LINE` (JSON Lines)."""
    return f":{ref.record}" if ref.kind == "jsonl" else f"@{ref.offset}"


def index(path: str, field: str | None, max_bytes: int) -> Iterator[Ref | Skipped | Bad]:
    """Every record of a WARC or JSON Lines file, in file order; CleanerError if the file cannot be read."""
    kind = kind_of(path)
    try:
        with open(path, "rb") as handle:
            if kind == "warc":
                yield from _index_warc(handle)
            else:
                yield from _index_jsonl(handle, field, max_bytes)
    except OSError as err:
        raise CleanerError(describe_os_error(err)) from None


def text_parts(path: str, input_type: str, size: int = parts.PART_BYTES) -> list[Ref]:
    """The parts of a text dump larger than `size` bytes (see `parts`), or [] when the file is a page cleaned whole:
    HTML, UTF-16 or UTF-32 (whose lines cannot be cut at a newline byte), binary (refused once, not per part),
    or not larger than a part after all. Read through once, a part at a time; CleanerError if the file cannot
    be read."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
            if read_as_html(head, input_type) or not byte_oriented(head) or sniff_binary(head):
                return []
            spans = list(parts.part_spans(handle, size))
    except OSError as err:
        raise CleanerError(describe_os_error(err)) from None
    if len(spans) < 2:
        return []
    return [Ref("text", part.start, part.first_line, "text", size=part.size) for part in spans]


def load(path: str, ref: Ref, field: str | None, max_bytes: int) -> Loaded:
    """Read back the page `ref` points at (in a worker); CleanerError with a hint when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            if ref.kind == "text":
                part = parts.Part(ref.offset, ref.size, int(ref.record))
                return Loaded(parts.read_window(handle, part), "text", None, {})
            handle.seek(ref.offset)
            if ref.kind == "warc":
                data = _warc_payload(handle, ref, max_bytes)
                return Loaded(data, ref.input_type, ref.url, {"record": ref.record})
            item = _read_item(handle, max_bytes)
    except OSError as err:
        raise CleanerError(describe_os_error(err)) from None
    page, meta = item_page(item, field)
    return Loaded(page, "", None, {"record": ref.record, "meta": meta})


def item_page(item: Any, field: str | None) -> tuple[str, dict[str, Any]]:
    """A JSON Lines item's page (the value of `field`, or of "html" or "text") and its other fields;
    CleanerError when it has no such field."""
    if not isinstance(item, dict):
        raise CleanerError(f"not a JSON object but {type(item).__name__}; each line must be one item")
    names = (field,) if field else AUTO_FIELDS
    name = next((n for n in names if n in item), None)
    if name is None:
        wanted = " or ".join(f'"{n}"' for n in names)
        raise CleanerError(f"no {wanted} field; name the page's field with --field")
    value = item[name]
    if not isinstance(value, str):
        raise CleanerError(f'"{name}" is {type(value).__name__}, not a string; name the page\'s field with --field')
    return value, {key: v for key, v in item.items() if key != name}


def host_of(url: Any) -> str | None:
    """The host of an address, lower-case without 'www.'; None when there is none."""
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


# --------------------------------------------------------------------------- WARC


class _Quiet:
    """A stand-in for stderr: warcio prints warnings of its own there, and cleaner reports them itself."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None


def _index_warc(handle: IO[bytes]) -> Iterator[Ref | Skipped | Bad]:
    """The records of a WARC, streamed; after a malformed record, reading starts again at the next one."""
    gzipped = handle.read(3) == _GZIP_MAGIC
    size = os.fstat(handle.fileno()).st_size
    start: int | None = 0
    searched = False  # True when `start` was found by searching, and may be a false start
    while start is not None:
        failed = yield from _records_from(handle, start, size, quiet_first=searched)
        if failed is None:
            return
        start, searched = _next_start(handle, failed + 1, gzipped), True


def _records_from(handle: IO[bytes], start: int, size: int,
                  quiet_first: bool) -> Generator[Ref | Skipped | Bad, None, int | None]:
    """Records from `start` on; returns the offset of a bad record (reading goes on after it, at the next
    record start found), or None at the end of the file.

    With `quiet_first`, a failure on the very first record is not reported: `start` was only a guess.
    """
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

    handle.seek(start)
    records = ArchiveIterator(handle)
    offset, first = start, True
    while True:
        try:
            with contextlib.redirect_stderr(_Quiet()):  # type: ignore[type-var]
                record = next(records, None)
                if record is None:
                    break
                offset = records.offset
                found = _classify(record, offset, records)
        except Exception as err:  # noqa: BLE001 - warcio raises many kinds on bad input
            if "non-chunked gzip" in str(err):
                raise CleanerError("gzipped as one stream, not record by record, so its records cannot be read "
                                   "one at a time; fix it with `warcio recompress FILE NEW.warc.gz`") from None
            if not (first and quiet_first):
                yield Bad(records.offset, f"@{records.offset}", _malformed(err))
            return max(records.offset, offset)
        first = False
        if found is not None:
            yield found
        if isinstance(found, Bad):  # where the next record starts is not known: search for it
            return offset
    if records.offset < size:  # warcio stops quietly at a record cut off inside its headers
        yield Bad(records.offset, f"@{records.offset}", "truncated record (the file ends inside its headers); "
                                                        "skipped")
    return None


def _malformed(err: Exception) -> str:
    """A warcio error as a record's failure reason."""
    text = " ".join(str(err).split())
    if "first line" in text or "Unknown archive format" in text:
        text = "no WARC header where a record should start"
    return f"malformed record ({text[:120] or type(err).__name__}); skipped, the rest of the file is read"


def _classify(record: Any, offset: int, records: Any) -> Ref | Skipped | Bad | None:
    """Read a record through to its end and say what it is: a page, a record to list, a bad one, or nothing."""
    complete = _drain(record)
    errors = records.err_count
    records.read_to_end()  # checks that the record ends where its Content-Length says
    where = f"@{offset}"
    if record.rec_headers.get_header("Content-Length") is None:
        return Bad(offset, where, "malformed record (no Content-Length); skipped")
    if not complete:
        return Bad(offset, where, "truncated record (the file ends inside it); skipped")
    if records.err_count > errors:
        return Bad(offset, where, "malformed record (it does not end where its Content-Length says); skipped")
    return _page_or_not(record, offset)


def _drain(record: Any) -> bool:
    """Read a record's block to its end without keeping it; False when the file ended first."""
    stream = record.raw_stream
    while stream.read(_BLOCK):
        pass
    return getattr(stream, "limit", 0) == 0


def _page_or_not(record: Any, offset: int) -> Ref | Skipped | None:
    """A complete record as a page (Ref), a response that is not one (Skipped), or None (not a page at all)."""
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
    where = f"@{offset}"
    if kind == "conversion":
        return Ref("warc", offset, record_id, "text", uri or None, host_of(uri))
    if kind not in ("response", "resource") or uri.startswith(("dns:", "whois:")):
        return None
    headers = record.http_headers
    status = headers.get_statuscode() if headers is not None else None
    if status and status[:1] == "3":
        target = headers.get_header("Location") or "?"
        return Skipped(offset, where, f"{uri}: redirect ({status}) to {target}; skipped")
    if status and status[:1] != "2":
        return Skipped(offset, where, f"{uri}: HTTP status {status}; skipped")
    content_type = (headers.get_header("Content-Type") if headers is not None else record.content_type) or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        return Skipped(offset, where, f"{uri}: {mime or 'no content type'}, not an HTML page; skipped")
    return Ref("warc", offset, record_id, "html", uri or None, host_of(uri))


def _next_start(handle: IO[bytes], position: int, gzipped: bool) -> int | None:
    """Where the next record may start at or after `position`: a gzip member, or `WARC/1.`."""
    marker = _GZIP_MAGIC if gzipped else _WARC_START  # a false start is found out when it is read
    handle.seek(position)
    base, tail = position, b""
    while True:
        chunk = handle.read(_CHUNK)
        if not chunk:
            return None
        window = tail + chunk
        found = window.find(marker)
        if found != -1:
            return base - len(tail) + found
        tail = window[-(len(marker) - 1):]
        base += len(chunk)


def _warc_payload(handle: IO[bytes], ref: Ref, max_bytes: int) -> bytes:
    """The body of the record at the handle's position (HTTP transfer and content encodings undone)."""
    from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]

    with contextlib.redirect_stderr(_Quiet()):  # type: ignore[type-var]
        try:
            record = next(ArchiveIterator(handle), None)
        except Exception as err:  # noqa: BLE001 - the file changed since it was listed
            raise CleanerError(f"{_malformed(err)}") from None
        if record is None or (record.rec_headers.get_header("WARC-Record-ID") or "") != ref.record:
            raise CleanerError("the record is no longer there: the file changed during the run; run again")
        data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        raise CleanerError(f"larger than the {max_bytes / 2**20:g} MB cap; raise --max-size")
    return data


# --------------------------------------------------------------------------- JSON Lines


def _index_jsonl(handle: IO[bytes], field: str | None, max_bytes: int) -> Iterator[Ref | Bad]:
    """Every item of a JSON Lines file: a Ref per good line, Bad for a line that is not an item with a page."""
    offset, number = 0, 0
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        start = offset
        offset += len(line)
        if len(line) > max_bytes and not line.endswith(b"\n"):
            offset += _skip_line(handle)
            yield Bad(start, f":{number}", f"larger than the {max_bytes / 2**20:g} MB cap; raise --max-size")
            continue
        if not line.strip():
            continue
        try:
            item = _parse(line)
            item_page(item, field)
        except ValueError as err:  # UnicodeDecodeError too
            yield Bad(start, f":{number}", f"not valid JSON ({_json_error(err)}); skipped")
            continue
        except CleanerError as err:
            yield Bad(start, f":{number}", f"{err}; skipped")
            continue
        yield Ref("jsonl", start, number, host=host_of(item.get("url")))


def _parse(line: bytes) -> Any:
    """The JSON value on a line (UTF-8, -16 or -32; a byte order mark is allowed)."""
    return json.loads(line.removeprefix(b"\xef\xbb\xbf"))


def _json_error(err: ValueError) -> str:
    """What is wrong with a line, briefly."""
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at column {err.colno}"
    return " ".join(str(err).split())[:100]


def _skip_line(handle: IO[bytes]) -> int:
    """Read past the rest of an over-long line; the bytes skipped."""
    skipped = 0
    while True:
        chunk = handle.readline(_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _read_item(handle: IO[bytes], max_bytes: int) -> Any:
    """The JSON item on the line at the handle's position."""
    line = handle.readline(max_bytes + 1)
    if len(line) > max_bytes and not line.endswith(b"\n"):
        raise CleanerError(f"larger than the {max_bytes / 2**20:g} MB cap; raise --max-size")
    try:
        return _parse(line)
    except ValueError as err:
        raise CleanerError(f"not valid JSON ({_json_error(err)}); the file changed during the run?") from None
