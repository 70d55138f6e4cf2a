"""Inputs the tests write themselves, and the checks every test that touches files makes.

`Scrape` is a folder of pages a test builds; it remembers the hash of every byte it wrote, so that the test can
prove afterwards that cleaner changed none of them (the `scrape` fixtures of test_batch and test_reliability
call `assert_unchanged` on teardown).
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from cleaner.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
GOOD_PAGES = sorted(p for p in PAGES.glob("*.txt") if p.stem != "boilerplate_only")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6"
GZIP = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4
BINARIES = {"png": PNG, "gzip": GZIP, "pdf": PDF, "random": bytes((i * 7919 + 13) % 256 for i in range(4096))}


def good_page(k: int = 0) -> bytes:
    """A real page (one of the golden fixtures), chosen by `k`."""
    return GOOD_PAGES[k % len(GOOD_PAGES)].read_bytes()


class Scrape:
    """A folder of input pages made by a test; `assert_unchanged` proves that not one byte of them changed."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.written: dict[bytes, str] = {}
        self.modes: dict[bytes, int] = {}

    def add(self, relative: str | bytes, data: bytes | str) -> Path:
        """Write a page at `relative` (bytes for names that are not UTF-8) and remember its hash."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        path = os.path.join(os.fsencode(self.root), relative if isinstance(relative, bytes) else os.fsencode(relative))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(raw)
        self.written[path] = hashlib.sha256(raw).hexdigest()
        return Path(os.fsdecode(path))

    def chmod(self, path: Path, mode: int) -> None:
        """Change a file's mode for the test; it is restored before the final check."""
        self.modes[os.fsencode(path)] = os.stat(path).st_mode
        os.chmod(path, mode)

    def assert_unchanged(self) -> None:
        for path, mode in self.modes.items():
            os.chmod(path, mode)
        for path, digest in self.written.items():
            with open(path, "rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == digest, f"input changed: {path!r}"

    def files(self) -> list[Path]:
        return [Path(os.fsdecode(p)) for p in self.written]


def invoke(*args: str | Path, input: bytes | None = None) -> Result:  # noqa: A002 - Click's own name
    """Run `cleaner` in this process, as CliRunner does: stdout and stderr kept apart."""
    return CliRunner().invoke(cli, [os.fsdecode(a) if isinstance(a, Path) else a for a in args], input=input,
                              catch_exceptions=False)


def run_cli(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m cleaner` in a new process (for signals, pipes and real file descriptors)."""
    return subprocess.run([sys.executable, "-m", "cleaner", *map(str, args)], capture_output=True, cwd=ROOT,
                          **kwargs)  # type: ignore[call-overload]


def temp_files(folder: Path) -> list[Path]:
    """Temporary files cleaner may have left behind in `folder`."""
    return [p for p in folder.rglob(".*") if p.name.endswith(".tmp") or p.name.startswith(".cleaner-probe")]


def outputs(folder: Path) -> dict[str, bytes]:
    """Every output file under `folder`, by relative path; temporary files (see `temp_files`) are not
    outputs, and one renamed away while the folder is read, as a running batch does, is passed over."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        if path.name.endswith(".tmp") and path.name.startswith("."):
            continue
        try:
            found[str(path.relative_to(folder))] = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            continue
    return found
