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
    while True:
        stream.seek(start)
        block = stream.read(size + 1)
        if len(block) <= size:
            yield Part(start, len(block), first)
            return
        block = block[:size]
        cut = block.rfind(b"\n\n", size // 2)
        end = cut + 1 if cut >= 0 else block.rfind(b"\n")
        if end < 0:  # a line longer than a part stays whole: the part ends at its end
            found = _find_newline(stream, start + size)
            if found < 0:
                stream.seek(0, 2)
                yield Part(start, stream.tell() - start, first)
                return
            end = found - start
        yield Part(start, end, first)
        first += block.count(b"\n", 0, end + 1) if end < size else 1
        start += end + 1


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
    return part.first_line + window.count(b"\n", 0, part.size + 1)


def read_before(window: bytes, part: Part, overlap: int = OVERLAP_BYTES) -> int:
    """The number of the first line of this part's window that the part before did not read (it read on
    `overlap` bytes into this part, to the end of a line); this part's first line for the dump's first part."""
    if part.start == 0:
        return part.first_line
    reach = window.find(b"\n", overlap)
    return part.first_line + window.count(b"\n", 0, len(window) if reach < 0 else reach) + 1


def _find_newline(stream: BinaryIO, offset: int) -> int:
    """Where the first newline at or after `offset` is, or -1."""
    stream.seek(offset)
    while chunk := stream.read(_CHUNK):
        found = chunk.find(b"\n")
        if found >= 0:
            return offset + found
        offset += len(chunk)
    return -1


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
