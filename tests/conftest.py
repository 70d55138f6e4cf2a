"""Shared test setup: the golden page cases under fixtures/pages and the --update-golden option."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "pages"
SEED_DIR = ROOT.parent / "shared" / "seed"
SEED_NAME = "000_81cde26746368806"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the golden files in fixtures/pages from the current output, then read the diff.")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Any test that takes a `case` argument runs once per fixtures/pages/<case>.txt."""
    if "case" in metafunc.fixturenames:
        cases = sorted(PAGES.glob("*.txt"))
        metafunc.parametrize("case", cases, ids=[path.stem for path in cases])


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def seed_gold_path() -> Path:
    """The seed page's hand-made gold file; the test is skipped when ../shared is not checked out."""
    path = SEED_DIR / f"{SEED_NAME}.gold.json"
    if not path.exists():
        pytest.skip(f"seed gold not found at {path} (the shared folder beside the repository is missing)")
    return path
