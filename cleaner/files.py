"""Files for the CLI: find the pages under the given paths, read them within a size cap, write outputs atomically.

Inputs are only ever opened read-only. Walking never follows symbolic links (so a link loop cannot hang it),
skips hidden entries and anything that is not a regular file, and leaves out excluded folders (the output).
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import BinaryIO, Sequence

from .model import CleanerError

PAGE_SUFFIXES = (".txt", ".html", ".htm")
MAX_INPUT_BYTES = 32 * 2**20  # the default cap: larger "pages" are mistakes (logs, dumps, /dev/zero), not pages
NAME_MAX = 255  # bytes in one file name on nearly every file system
_READ_CHUNK = 2**20


@dataclass(frozen=True)
class Page:
    """One input: the name shown to the user, its path (None for stdin), and the folder root it came from."""

    name: str
    path: Path | None
    root: Path | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A page file found by a scan; `relative` is its path below the folder given (its name when given itself).

    Paths stay strings: a batch may hold a hundred thousand of these.
    """

    path: str
    relative: str
    walked: bool  # found by walking a folder (never a FIFO or device) rather than named by the user
    size: int = 0
    mtime_ns: int = 0
    inode: tuple[int, int] = (0, 0)


@dataclass
class Scan:
    """What walking the arguments gives: the pages, the entries skipped with a note, and the errors."""

    pages: list[Found] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)


def scan(paths: Sequence[str], globs: Sequence[str] = (), exclude: Sequence[Path] = ()) -> Scan:
    """The pages named by `paths`: files as given, folders walked recursively and in sorted order.

    `globs` select the files of walked folders by name or by path below the folder (`*.html`, `2024/*.txt`);
    the default is the page suffixes. `exclude` are folders never entered (an output folder inside an input).
    `-` (stdin) is not a path and must be handled by the caller.
    """
    found = Scan()
    skip = {inode_of(p) for p in exclude if p.is_dir()}
    for arg in paths:
        try:
            info = os.stat(arg)
        except OSError as err:
            found.errors.append((arg, describe_os_error(err)))
            continue
        if stat.S_ISDIR(info.st_mode):
            _walk(arg, globs, skip, found)
        else:
            found.pages.append(Found(arg, os.path.basename(arg), False, info.st_size, info.st_mtime_ns,
                                     (info.st_dev, info.st_ino)))
    return found


def _walk(root: str, globs: Sequence[str], skip: set[tuple[int, int]], found: Scan) -> None:
    """Add the page files under `root`: a folder's files in name order, then its sub-folders, depth first."""
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as err:
            found.errors.append((folder, describe_os_error(err)))
            continue
        subfolders: list[str] = []
        for entry in entries:
            if not entry.name.startswith("."):
                _visit(root, entry, globs, skip, subfolders, found)
        stack.extend(reversed(subfolders))


def _visit(root: str, entry: os.DirEntry[str], globs: Sequence[str], skip: set[tuple[int, int]],
           subfolders: list[str], found: Scan) -> None:
    """Sort one directory entry: a folder to enter, a page to clean, or something skipped with a note."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError as err:
        found.errors.append((entry.path, describe_os_error(err)))
        return
    if stat.S_ISDIR(info.st_mode):
        if (info.st_dev, info.st_ino) not in skip:
            subfolders.append(entry.path)
        return
    relative = os.path.relpath(entry.path, root)
    if not _selected(relative, globs):
        return
    if stat.S_ISLNK(info.st_mode):
        found.notes.append((entry.path, "symbolic link, not followed; name its target to clean it"))
    elif not stat.S_ISREG(info.st_mode):
        found.notes.append((entry.path, f"{_kind(info.st_mode)}, not a regular file; skipped"))
    else:
        found.pages.append(Found(entry.path, relative, True, info.st_size, info.st_mtime_ns,
                                 (info.st_dev, info.st_ino)))


def _selected(relative: str, globs: Sequence[str]) -> bool:
    """Whether a walked file is a page: it matches one of the globs, or has a page suffix when none are given."""
    if not globs:
        return os.path.splitext(relative)[1].lower() in PAGE_SUFFIXES
    path = PurePath(relative)
    return any(path.match(pattern) for pattern in globs)


def _kind(mode: int) -> str:
    """A file type in words, for notes about what was skipped."""
    for test, name in ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def inode_of(path: Path | str) -> tuple[int, int]:
    """(device, inode) of a path, following links: two paths name the same file exactly when these are equal."""
    info = os.stat(path)
    return info.st_dev, info.st_ino


def describe_os_error(err: OSError) -> str:
    """An OSError as '<what>; <what to try>', without the file name (the message names it first)."""
    hints = {
        errno.ENOENT: "no such file or folder; check the path",
        errno.EACCES: "permission denied; check its permissions",
        errno.EPERM: "operation not permitted; check its permissions",
        errno.EISDIR: "is a folder; give the folder itself to clean every page in it",
        errno.ELOOP: "too many levels of symbolic links; name the target instead",
        errno.ENAMETOOLONG: "file name too long; rename it",
        errno.ENOSPC: "no space left on device; free some space and run again with --skip-existing",
        errno.EDQUOT: "disk quota exceeded; free some space and run again with --skip-existing",
        errno.EROFS: "read-only file system; choose another output folder",
        errno.EIO: "input/output error; check the disk",
    }
    return hints.get(err.errno or 0, f"{err.strerror or err}; check the file")


# --------------------------------------------------------------------------- reading


def read_page(page: Page, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a page (stdin when it has no path); CleanerError with a hint when it cannot be read."""
    if page.path is None:
        return read_stream(sys.stdin.buffer, limit)
    return read_file(str(page.path), limit, regular_only=False)


def read_file(path: str, limit: int = MAX_INPUT_BYTES, *, regular_only: bool = True) -> bytes:
    """Read at most `limit` bytes of `path`; CleanerError if it is larger, unreadable, or (when `regular_only`)
    not a regular file. The cap is checked while reading, since /dev/zero or a growing file report a size of 0."""
    # O_NONBLOCK: a FIFO that replaced a walked file must not block the batch; regular files ignore it.
    flags = os.O_RDONLY | os.O_NOCTTY | (os.O_NONBLOCK if regular_only else 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise CleanerError(describe_os_error(err)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CleanerError(describe_os_error(OSError(errno.EISDIR, "")))
        if regular_only and not stat.S_ISREG(info.st_mode):
            raise CleanerError(f"{_kind(info.st_mode)}, not a regular file; skipped")
        if info.st_size > limit:
            raise CleanerError(_too_large(limit))
        with os.fdopen(fd, "rb", buffering=0, closefd=False) as handle:
            return read_stream(handle, limit)
    except OSError as err:
        raise CleanerError(describe_os_error(err)) from None
    finally:
        os.close(fd)


def read_stream(stream: BinaryIO, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a stream to its end, failing as soon as it passes `limit` bytes."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise CleanerError(_too_large(limit))


def _too_large(limit: int) -> str:
    return f"larger than the {limit / 2**20:g} MB cap; raise --max-size or split the file"


# --------------------------------------------------------------------------- writing


def write_atomic(path: Path | str, text: str) -> None:
    """Write `text` as UTF-8 to `path` (creating its folder) through a temporary file in the same folder, so no
    reader ever sees half a file; the temporary file is removed on any error or interruption.

    No fsync: the rename makes the write atomic against interruptions, which is what a batch needs;
    syncing every page would cost milliseconds each.
    """
    data = text.encode("utf-8", errors="replace")
    os.makedirs(os.path.dirname(os.fspath(path)) or ".", exist_ok=True)
    with AtomicFile(path) as out:
        out.write(data)


class AtomicFile:
    """A file written under a temporary name beside `path` and renamed over it on a clean exit.

    On an exception (or KeyboardInterrupt), or when `keep` was set to False, the temporary file is removed and
    `path` is left as it was. With `direct`, `path` (a device or a pipe, see `named_output`) is written as it is.
    """

    def __init__(self, path: Path | str, direct: bool = False) -> None:
        self.path = os.fspath(path)
        self.direct = direct
        folder, name = os.path.split(self.path)
        # short enough for NAME_MAX whatever the name; pid and id keep concurrent writers apart
        self.temp = os.path.join(folder, f".{name[:40]}.{os.getpid()}.{id(self):x}.tmp")
        self.fd = -1
        self.keep = True

    def __enter__(self) -> AtomicFile:
        if self.direct:
            self.fd = os.open(self.path, os.O_WRONLY | os.O_NOCTTY)
            return self
        try:
            self.fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOCTTY, 0o666)
        except FileExistsError:
            raise  # not ours: never remove it
        except BaseException:
            # a signal between creating the file and `with` taking it over: no __exit__ would remove it
            if self.fd >= 0:
                os.close(self.fd)
            _remove_quietly(self.temp)
            raise
        return self

    def write(self, data: bytes) -> None:
        """Write all of `data` (os.write may take only part of it)."""
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if self.direct:  # what went into a device or a pipe cannot be taken back
            os.close(self.fd)
            return
        placed = False
        try:
            os.close(self.fd)
            if kind is None and self.keep:
                os.replace(self.temp, self.path)
                placed = True
        finally:
            if not placed:  # known without asking the file system: a batch puts thousands of files in place
                _remove_quietly(self.temp)


def named_output(path: Path | str) -> AtomicFile:
    """The file for an output the user named (-o FILE, --rejects, --errors): written atomically, but through a
    symbolic link to the file it names (the link stays), and straight into a device or a pipe (/dev/null,
    /dev/stdout), which a rename would replace with a file."""
    path = os.fspath(path)
    named = os.path.realpath(path) if os.path.islink(path) else path
    try:
        mode = os.stat(path).st_mode  # what the path leads to, through any links
    except OSError:  # not there yet, or a link to a file not there yet (or not reachable: writing says why)
        return AtomicFile(named)
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return AtomicFile(named)
    return AtomicFile(path, direct=True)  # opened by its own name: /dev/stdout leads to a pipe no path names


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass  # already gone, or the folder is gone: nothing left to clean up


def probe_writable(folder: Path) -> None:
    """Create `folder` if needed and check that a file can be created in it; OSError if not."""
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".cleaner-probe.{os.getpid()}"
    os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.unlink(probe)


# --------------------------------------------------------------------------- output names


def output_names(relatives: Sequence[str], extension: str) -> list[str]:
    """Distinct output paths (relative, suffix replaced by `extension`) for the pages' relative paths.

    Deterministic: the same inputs always get the same names. Pages sharing a stem ('a.txt', 'a.html') keep
    their suffix ('a.txt.md', 'a.html.md'); names that still clash once case and Unicode normalisation are
    ignored (as some file systems do) get '~2', '~3'… in input order; names too long for the file system
    are shortened with a hash.
    """
    stems = [os.path.splitext(rel)[0] for rel in relatives]
    stem_counts: dict[str, int] = {}
    for stem in stems:
        stem_counts[_fold(stem)] = stem_counts.get(_fold(stem), 0) + 1
    wanted = [rel if stem_counts[_fold(stem)] > 1 else stem for rel, stem in zip(relatives, stems, strict=True)]
    taken = {_fold(name + extension) for name in wanted}
    seen: set[str] = set()
    names = []
    for name in wanted:
        candidate, n = name + extension, 1
        # a clash gets the first free '~n' that no other page's own name is
        while _fold(candidate) in seen or (n > 1 and _fold(candidate) in taken):
            n += 1
            candidate = f"{name}~{n}{extension}"
        seen.add(_fold(candidate))
        names.append(_fit(candidate))
    return names


def _fold(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _fit(relative: str) -> str:
    """Shorten the last part of `relative` when its encoded name passes NAME_MAX, keeping it unique by a hash."""
    folder, name = os.path.split(relative)
    raw = os.fsencode(name)
    if len(raw) <= NAME_MAX:
        return relative
    stem, extension = os.path.splitext(name)
    digest = hashlib.sha1(raw).hexdigest()[:10]
    room = NAME_MAX - len(os.fsencode(extension)) - len(digest) - 1
    short = os.fsencode(stem)[:room].decode("utf-8", "ignore")  # never half a character
    return os.path.join(folder, f"{short}~{digest}{extension}")


def display_name(path: str) -> str:
    """A path as text that encodes to valid UTF-8: bytes that were not UTF-8 become '\\xNN' escapes."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
