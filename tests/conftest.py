"""Shared fixtures for the whole test suite.

``coder`` is the real pipeline (spaCy model plus every wirecoder stage), loaded once per test
session: tests that use it are marked ``@pytest.mark.slow``.
"""

from __future__ import annotations

import pytest

import wirecoder


@pytest.fixture(scope="session")
def coder() -> wirecoder.Coder:
    """One real :class:`wirecoder.Coder` shared by every test that needs the model."""
    return wirecoder.Coder()
