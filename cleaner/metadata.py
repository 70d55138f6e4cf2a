"""Metadata extractors: turn the header lines the filters set aside into title, date, author, dateline, source."""
from __future__ import annotations

import datetime as dt
import re
from typing import Sequence

from dateutil import parser as dateparser

from . import patterns
from .model import Line

_HAS_DIGIT = re.compile(r"\d")
_MONTHS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.I)
_RELATIVE = re.compile(r"\b(ago|today|yesterday|hours?|minutes?|mins?)\b", re.I)
_AGENCY_TAIL = re.compile(r"^(?P<name>.+?),\s*(?P<org>[A-Z][A-Z&.]{1,10}|Reuters|Associated Press|Bloomberg)$")


def parse_date(text: str) -> str | None:
    """An ISO 8601 date (YYYY-MM-DD) for a line that is only a date, such as 'April 29, 2025'; else None."""
    text = text.strip().strip("|·•-–— ").strip()
    if not _HAS_DIGIT.search(text) or len(text) > 60 or _RELATIVE.search(text):
        return None
    if not _MONTHS.search(text) and not re.search(r"\d{4}", text):
        return None
    try:
        parsed = dateparser.parse(text, fuzzy=False, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed.year < 1900 or parsed.year > 2100:
        return None
    return parsed.date().isoformat()


def published(lines: Sequence[Line]) -> str | None:
    """The date in a 'published-on' or 'date-line' header, or None when its slot is empty (never invented)."""
    for ln in lines:
        if ln.dropped_by not in ("published-on", "date-line"):
            continue
        match = patterns.PUBLISHED_LABEL.match(ln.key)
        candidate = match.group("rest") if match else ln.text
        date = parse_date(candidate) if candidate else None
        if date:
            return date
    return None


def author(lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """The author's name from a 'byline' line, and an organisation named with it ('By Jane Doe, CNN')."""
    for ln in lines:
        if ln.dropped_by != "byline":
            continue
        match = patterns.BYLINE.match(ln.text.strip())
        if not match:
            continue
        name, org = match.group("name").strip(), match.group("org")
        tail = _AGENCY_TAIL.match(name)
        if tail and not org:
            name, org = tail.group("name"), tail.group("org")
        return name, org.strip() if org else None
    return None, None


def dateline_and_source(lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """From a 'dateline' block: the place ('Seoul, South Korea') and the source ('CNN') before the dash."""
    block = [ln.text.strip() for ln in lines if ln.dropped_by == "dateline" and not patterns.DASH_ONLY.match(ln.text)]
    if not block:
        return None, None
    source = block[-1]
    place = block[-2] if len(block) >= 2 else None
    return place, source


def inline_dateline(paragraph: str) -> tuple[str | None, str | None]:
    """A wire dateline opening the first paragraph: 'MADRID (Reuters) — …' gives ('MADRID', 'Reuters')."""
    match = patterns.INLINE_DATELINE.match(paragraph)
    if not match:
        return None, None
    return match.group("place").strip(), match.group("source")
