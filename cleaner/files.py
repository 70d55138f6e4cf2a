"""File handling for the CLI: find the pages under the given paths, read them, write outputs atomically."""
from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .model import CleanerError

PAGE_SUFFIXES = (".txt", ".html", ".htm")
MAX_INPUT_BYTES = 512 * 1024 * 1024  # a larger "page" is a mistake, not a page


@dataclass(frozen=True)
class Page:
    """One input: the name shown to the user, its path (None for stdin), and the folder root it came from."""

    name: str
    path: Path | None
    root: Path | None = None


def find_pages(paths: list[str], exclude: Path | None = None) -> tuple[list[Page], list[tuple[str, str]]]:
    """The pages named by the arguments (files, folders walked recursively, `-`), and the paths that failed."""
    pages: list[Page] = []
    errors: list[tuple[str, str]] = []
    for arg in paths:
        if arg == "-":
            pages.append(Page("-", None))
            continue
        path = Path(arg)
        if path.is_dir():
            pages.extend(_walk(path, exclude, errors))
        else:
            pages.append(Page(arg, path))
    return pages, errors


def _walk(root: Path, exclude: Path | None, errors: list[tuple[str, str]]) -> Iterator[Page]:
    """Page files under `root`, sorted, without following symbolic links or entering `exclude`."""
    def on_error(err: OSError) -> None:
        errors.append((str(err.filename), err.strerror or str(err)))
    skip = exclude.resolve() if exclude else None
    for folder, dirs, names in os.walk(root, onerror=on_error):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if skip is None or (here / d).resolve() != skip)
        for name in sorted(names):
            path = here / name
            if path.suffix.lower() in PAGE_SUFFIXES and not path.is_symlink():
                yield Page(str(path), path, root)


def read_page(page: Page) -> bytes:
    """The bytes of a page; CleanerError with a hint when it cannot be read."""
    if page.path is None:
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    try:
        if page.path.is_dir():
            raise CleanerError("is a folder; give the folder itself to clean every page in it")
        if not page.path.is_file() and page.path.exists():
            raise CleanerError("not a regular file (device, FIFO or socket); skipped")
        with open(page.path, "rb") as handle:
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise CleanerError("no such file; check the path") from None
    except PermissionError:
        raise CleanerError("permission denied; check the file's permissions") from None
    except IsADirectoryError:
        raise CleanerError("is a folder; give the folder itself to clean every page in it") from None
    except OSError as err:
        raise CleanerError(f"cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_INPUT_BYTES:
        raise CleanerError(f"larger than {MAX_INPUT_BYTES // 2**20} MB; split it first")
    return data


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp", delete=False, newline="\n")
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def output_path(page: Page, out_dir: Path, extension: str, siblings: set[str]) -> Path:
    """Where a page's output goes in an output folder: its path below its root, the suffix replaced.

    When two pages of one folder share a stem ('a.txt', 'a.html'), both keep their suffix ('a.txt.md').
    """
    assert page.path is not None
    relative = page.path.relative_to(page.root) if page.root else Path(page.path.name)
    stem_key = str(relative.with_suffix("")).casefold()
    name = relative.name if stem_key in siblings else relative.stem
    return out_dir / relative.parent / (name + extension)


def shared_stems(pages: list[Page]) -> set[str]:
    """Stems (casefolded, below their root) that more than one page has."""
    seen: dict[str, int] = {}
    for page in pages:
        if page.path is not None:
            relative = page.path.relative_to(page.root) if page.root else Path(page.path.name)
            key = str(relative.with_suffix("")).casefold()
            seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}
