"""Large text dumps cut into parts, so that memory holds one part, never the whole file.

A dump larger than PART_BYTES is cut every PART_BYTES or so, after a blank line where one is near, else after
a line end (never inside a line); the newline at a cut belongs to neither part, so lines keep their numbers.
Each part is cleaned as a page of its own, but reads on OVERLAP_BYTES into the next one (its window), so a
story cut in two by the cut is still seen whole by the part it starts in. Both work on a seekable binary
stream: a file, read a part at a time, or bytes already in memory (`io.BytesIO`).
"""
from __future__ import annotations

from typing import BinaryIO, Iterator, NamedTuple

PART_BYTES = 4 * 2**20
OVERLAP_BYTES = 256 * 2**10
_CHUNK = 2**16  # bytes read at a time when looking for the end of a long line


class Part(NamedTuple):
    """One part of a dump: where it starts, how many bytes are its own, and the number of its first line."""

    start: int
    size: int
    first_line: int


def part_spans(stream: BinaryIO, size: int = PART_BYTES) -> Iterator[Part]:
    """The parts of the dump in `stream`, in order; the last one holds the rest of the file."""
    start, first = 0, 1
    end_of_file = stream.seek(0, 2)
    while end_of_file - start > size:
        stream.seek(start)
        block = _cut(stream, stream.read(size))
        if not block.endswith(b"\n") or start + len(block) >= end_of_file:
            break  # the line runs to the end of the file, or the cut is its last byte: the rest is one part
        yield Part(start, len(block) - 1, first)
        first += line_breaks(block, 0, len(block))
        start += len(block)
    yield Part(start, end_of_file - start, first)


def _cut(stream: BinaryIO, block: bytes) -> bytes:
    """A part's own bytes and the newline that ends it, from the `block` of a part's size read at its start
    (`stream` stands after it): up to a blank line in its second half, else its last line end, else the end of
    a line longer than a part (read on from `stream`; it may run to the end of the file, without a newline)."""
    blank = block.rfind(b"\n\n", len(block) // 2)
    end = blank + 1 if blank >= 0 else block.rfind(b"\n")
    return block[:end + 1] if end >= 0 else block + _rest_of_line(stream)


def read_window(stream: BinaryIO, part: Part, overlap: int = OVERLAP_BYTES) -> bytes:
    """The bytes a part is cleaned from: its own, then up to `overlap` more, to the end of a line."""
    stream.seek(part.start)
    window = stream.read(part.size + 1 + overlap)
    if len(window) == part.size + 1 + overlap:
        rest = _rest_of_line(stream)
        window += rest[:-1] if rest.endswith(b"\n") else rest
    return window


def is_last(window: bytes, part: Part) -> bool:
    """Whether a window is the dump's last part: nothing follows its own bytes."""
    return len(window) <= part.size


def next_line(window: bytes, part: Part) -> int:
    """The number of the first line of the part after this one (read in its window)."""
    return part.first_line + line_breaks(window, 0, part.size + 1)


def line_breaks(data: bytes, start: int, end: int) -> int:
    """The line breaks in data[start:end] as the text is cut into lines: a newline, a CR LF pair or a lone CR
    (`decoding.normalise`). Parts are cut after a newline, so a CR LF pair is never split."""
    return data.count(b"\n", start, end) + data.count(b"\r", start, end) - data.count(b"\r\n", start, end)


def _rest_of_line(stream: BinaryIO) -> bytes:
    """The bytes from the stream's position to the next newline, that newline included (or to the end)."""
    pieces = []
    while chunk := stream.read(_CHUNK):
        found = chunk.find(b"\n")
        if found >= 0:
            pieces.append(chunk[:found + 1])
            break
        pieces.append(chunk)
    return b"".join(pieces)
