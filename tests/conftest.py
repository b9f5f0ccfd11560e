from pathlib import Path

import pytest

from analysis import paths

TESTS = Path(__file__).parent


@pytest.fixture
def demo_corpus() -> Path:
    return paths.DATA_DEMO


@pytest.fixture
def tests_data() -> Path:
    return TESTS / "data"
