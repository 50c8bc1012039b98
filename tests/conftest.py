"""Shared fixtures: paths to the repository and to peer reference results."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests draw the same examples every run, so a submission
# passes or fails on its code, not on the luck of the draw; locally they explore.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(os.environ.get("CHISO_REPO", Path(__file__).resolve().parents[1]))
REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(autouse=True)
def vietnamese_default():
    """Every test starts in the default language."""
    import chiso

    chiso.set_language("vi")
    yield
    chiso.set_language("vi")


@pytest.fixture
def repo() -> Path:
    return REPO


def reference_dir(name: str) -> Path:
    """Folder of peer results; skips the test when it is not beside the repository."""
    folder = REFERENCE / name
    if not folder.is_dir():
        pytest.skip(f"peer reference results not found at {folder}")
    return folder
