"""Shared fixtures: the real catalogue, loaded once."""

from __future__ import annotations

import pytest

from assistant.catalogue import Catalogue, load


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The catalogue in data/programmes, as the bot loads it."""
    return load()
