"""Bytes to clean text: BOM and encoding detection, mojibake repair, line endings, invisible and control characters."""
from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy

from .model import CleanerError

# Magic numbers of formats people save by mistake under a .txt or .html name.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"\x00\x00\x01\x00", "icon"),
    (b"wOFF", "web font"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Single-byte Western and Central European guesses: detectors confuse these, and
# scraped pages in them are nearly always windows-1252, often mixed with UTF-8.
_WESTERN = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "cp1250", "windows-1250",
            "iso8859_2", "iso8859_15", "cp1254", "iso8859_9", "mac_roman", "cp850", "ascii"}
# Terminal escape sequences; then, dropped in one pass as each is a single character: zero-width spaces, word
# joiners, BOMs and soft hyphens, which carry nothing (ZWJ/ZWNJ stay: emoji, Persian), and C0 controls except
# tab and newline, DEL, C1 controls and lone surrogates.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_INVISIBLE_OR_CONTROL_CHARS = "\u200b\u2060\ufeff\u00ad\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
_INVISIBLE_OR_CONTROL = re.compile(f"[{_INVISIBLE_OR_CONTROL_CHARS}]")
# Sequences UTF-8 takes when decoded as windows-1252 or latin-1: the sign of mojibake.
_MOJIBAKE_LEAD = "\u00c2-\u00f4"
_MOJIBAKE_HINT = re.compile(
    f"[{_MOJIBAKE_LEAD}][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
# The characters each step of `normalise` starts from: a mojibake sequence's first, and the invisible and control
# characters, among which CR and ESC. Most pages hold none: one scan for them leaves such a page as it is, where
# the mojibake search and the removal would scan it twice.
_NORMALISE_START = re.compile(f"[{_MOJIBAKE_LEAD}{_INVISIBLE_OR_CONTROL_CHARS}]")
# Bytes that text never holds (tab, newline, vertical tab, form feed and carriage return aside).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13))
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=True, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=True, decode_inconsistent_utf8=True, fix_c1_controls=True,
    fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False,
    fix_line_breaks=False, fix_surrogates=True, remove_control_chars=False, normalization=None,
    explain=False,
)


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of `data`, or None when it may be text."""
    for magic, name in _BINARY_SIGNATURES:
        if data.startswith(magic):
            return name
    head = data[:65536]
    if not head or any(head.startswith(bom) for bom, _ in _BOMS) or _looks_utf16(head):
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return "binary data" if controls > len(head) * 0.05 else None


def _looks_utf16(head: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte of mostly-ASCII text."""
    # most text holds no NUL at all, which `in` (memchr) tells ten times faster than count() tells how many
    if len(head) < 4 or 0 not in head or head.count(0) <= len(head) // 2 * 0.4:
        return None  # too few NULs for either half (the odd half is the shorter one): no need to cut the halves
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


BLANK_MAX_BYTES = 4096  # past a byte order mark, a blank page holds no more spaces than this


def is_blank(data: str | bytes) -> bool:
    """Whether a page holds nothing but spaces, perhaps behind a byte order mark (a file saved empty by an editor,
    in UTF-16 too)."""
    if isinstance(data, str):
        return not data.lstrip("\ufeff").strip()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            rest = data[len(bom):]  # a few bytes at most: an empty file's line end (a page of text is not read here)
            return len(rest) <= BLANK_MAX_BYTES and not rest.decode(encoding, "replace").strip()
    return not data.strip()


def byte_oriented(data: bytes) -> bool:
    """Whether a newline byte ends a line in `data`: true but for UTF-16 and UTF-32."""
    head = data[:65536]
    wide = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    return not head.startswith(wide) and _looks_utf16(head) is None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode page bytes: BOM first, then a usable declared charset, then UTF-8, then detection.

    Raises CleanerError for binary data.
    """
    kind = sniff_binary(data)
    if kind:
        raise CleanerError(f"not text ({kind}); skip it or convert it to text first")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    utf16 = _looks_utf16(data[:65536])
    if utf16:
        return data.decode(utf16, errors="replace")
    if declared:
        text = _decode_declared(data, declared)
        if text is not None:
            return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_guessed(data)


def _decode_declared(data: bytes, label: str) -> str | None:
    """Honour a charset the page declares, except labels the HTML Standard says to ignore."""
    try:
        name = codecs.lookup(label.strip()).name
    except (LookupError, ValueError):
        return None
    if name.startswith(("utf-16", "utf-32")):
        name = "utf-8"  # a declaration inside ASCII-compatible bytes cannot be UTF-16
    if name in ("utf-7", "utf_7"):
        return None
    if name == "utf-8":
        return _decode_mixed(data)
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = "cp1252"  # as browsers do
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return None


def _decode_guessed(data: bytes) -> str:
    """Not UTF-8: mostly-Latin text is windows-1252 (perhaps mixed with UTF-8); else ask charset-normalizer."""
    if _mostly_latin(data):
        return _decode_mixed(data)
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = codecs.lookup(best.encoding).name.replace("-", "_") if best else "cp1252"
    if encoding in _WESTERN or encoding.replace("_", "") in _WESTERN:
        return _decode_mixed(data)
    return data.decode(encoding, errors="replace")


def _mostly_latin(data: bytes) -> bool:
    """Western text has lone non-ASCII bytes inside ASCII words; Cyrillic, Greek or CJK have runs of them.

    Detectors are unreliable here: they read short windows-1252 text as windows-1250 or -1251.
    """
    sample = data[:200_000]
    high = sum(1 for b in sample if b >= 0x80)
    in_runs = sum(len(run) for run in _HIGH_RUN.findall(sample))
    return in_runs <= high * 0.3


def _decode_mixed(data: bytes) -> str:
    """Each line as UTF-8 where it is valid, else as windows-1252, so a file mixing both keeps every line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return "\n".join(_decode_line(line) for line in data.split(b"\n"))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


def normalise(text: str) -> str:
    """Repair mojibake, unify line endings, drop invisible and control characters (tabs and newlines stay)."""
    if not _NORMALISE_START.search(text):
        return text
    if _MOJIBAKE_HINT.search(text):  # repair only the lines that show it: ftfy is slow on whole pages
        text = "\n".join(ftfy.fix_text(line, _FTFY_CONFIG) if _MOJIBAKE_HINT.search(line) else line
                          for line in text.split("\n"))
    if "\r" in text:  # the `in` tests: a scan in C much faster than a replace or regex pass that finds nothing
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:  # every escape sequence starts with ESC
        text = _ANSI.sub("", text)
    return _INVISIBLE_OR_CONTROL.sub("", text)


def bytes_to_text(data: bytes, declared: str | None = None) -> str:
    """Decode and normalise page bytes in one step."""
    return normalise(decode(data, declared))


def page_text(data: str | bytes) -> str:
    """A page as clean text: bytes decoded and normalised, text (already decoded) normalised."""
    return normalise(data) if isinstance(data, str) else bytes_to_text(data)
