"""What the CLI tells the user on stderr: explain listings, warnings, errors and the end summary."""
from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

from rich.console import Console
from rich.table import Table

from .model import Line


def escape_name(name: str) -> str:
    """A file name safe to print: control, bidi and undecodable characters shown as escapes."""
    out = []
    for ch in name:
        code = ord(ch)
        if ch.isprintable() and not 0x202A <= code <= 0x202E and not 0x2066 <= code <= 0x2069:
            out.append(ch)
        elif 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def stderr_console(quiet: bool = False) -> Console:
    """The one console for messages; colour and markup only on a terminal, and never with NO_COLOR."""
    return Console(stderr=True, quiet=quiet, highlight=False, soft_wrap=True)


def explain(console: Console, name: str, dropped: Iterable[Line]) -> None:
    """Every dropped line with its number and reason: a table on a terminal, `file:line: reason: text` otherwise."""
    rows = list(dropped)
    if console.is_terminal:
        table = Table(title=f"removed from {escape_name(name)}", title_justify="left")
        for column in ("line", "reason", "text"):
            table.add_column(column, no_wrap=column != "text")
        for ln in rows:
            table.add_row(str(ln.number), ln.dropped_by or "", ln.text.strip(), style=None)
        console.print(table, markup=False)
        return
    for ln in rows:
        console.print(f"{escape_name(name)}:{ln.number}: {ln.dropped_by}: {ln.text.strip()}", markup=False)


def reject_records(name: str, dropped: Iterable[Line]) -> str:
    """The dropped lines as JSON Lines: file, line, reason, text."""
    return "".join(json.dumps({"file": name, "line": ln.number, "reason": ln.dropped_by, "text": ln.text},
                              ensure_ascii=False) + "\n" for ln in dropped)


def summary(console: Console, pages: int, articles: int, reasons: Counter[str], failed: list[tuple[str, str]]) -> None:
    """The end-of-run table: pages, articles, lines removed by reason, failures."""
    table = Table(title=f"{pages} page(s), {articles} article(s)", title_justify="left")
    table.add_column("removed by")
    table.add_column("lines", justify="right")
    for reason, count in reasons.most_common():
        table.add_row(reason, str(count))
    console.print(table)
    for name, why in failed:
        console.print(f"failed: {escape_name(name)}: {why}", markup=False)
