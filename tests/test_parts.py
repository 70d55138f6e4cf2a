"""Tests for cutting large text dumps into parts: where the cuts fall, and what each part's window holds."""
from __future__ import annotations

import io

import pytest

from cleaner.parts import Part, is_last, next_line, part_spans, read_window


def own_bytes(data: bytes, size: int) -> list[bytes]:
    return [data[p.start:p.start + p.size] for p in part_spans(io.BytesIO(data), size)]


@pytest.mark.parametrize("size", [2, 3, 4, 5, 100])
def test_parts_put_back_together_are_the_dump(size: int) -> None:
    data = b"a\nb\n\nc\nd\n\ne\nf"
    assert b"\n".join(own_bytes(data, size)) == data


def test_parts_are_cut_at_a_blank_line_when_one_is_near() -> None:
    assert own_bytes(b"one\ntwo\n\nthree\nfour", 12) == [b"one\ntwo\n", b"three\nfour"]


def test_a_line_longer_than_a_part_stays_whole() -> None:
    assert own_bytes(b"abcdefgh\nij", 3) == [b"abcdefgh", b"ij"]
    assert own_bytes(b"abcdefgh", 3) == [b"abcdefgh"]


def test_parts_number_their_first_lines() -> None:
    spans = list(part_spans(io.BytesIO(b"one\ntwo\n\nthree\nfour"), 12))
    assert spans == [Part(0, 8, 1), Part(9, 10, 4)]


def test_a_window_reads_on_to_the_end_of_a_line_past_the_overlap() -> None:
    """Part 1 owns "one\\ntwo\\n"; its window reads 3 bytes on ("thr"), then to the end of that line."""
    stream = io.BytesIO(b"one\ntwo\n\nthree\nfour")
    first, last = part_spans(stream, 12)
    window = read_window(stream, first, overlap=3)
    assert window == b"one\ntwo\n\nthree"
    assert not is_last(window, first) and next_line(window, first) == 4
    assert read_window(stream, last, overlap=3) == b"three\nfour"
    assert is_last(read_window(stream, last, overlap=3), last)
