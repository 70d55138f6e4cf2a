"""Shared test setup: Hypothesis profiles, the golden page cases under fixtures/pages and the --update-golden option."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: the suite tries the same examples on every run ("suite"), so a failure is the change's, not the
# draw's; `python3 -m pytest tests/test_properties.py --hypothesis-profile=explore` searches at random, wider,
# and what it finds is pinned in the tests with @example.
settings.register_profile("suite", max_examples=200, deadline=None, derandomize=True)
settings.register_profile("explore", max_examples=2000, deadline=None)
settings.load_profile("suite")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="Rewrite the golden files in fixtures/pages from the current output, then read the diff.")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Any test that takes a `case` argument runs once per fixtures/pages/<case>.txt, named by the case."""
    if "case" in metafunc.fixturenames:
        cases = sorted(PAGES.glob("*.txt"))
        metafunc.parametrize("case", cases, ids=[path.stem for path in cases])


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


# tests/bench holds benchmark scripts run by hand (python3 tests/bench/speed.py), never collected
collect_ignore_glob = ["bench/*", "fuzz/*"]
