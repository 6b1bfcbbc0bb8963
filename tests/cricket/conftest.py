"""The cricket engine is tested without Django (`-p no:django`); pyproject's addopts
still pass pytest-django's --reuse-db, so accept it here when the plugin is off."""

from __future__ import annotations

import contextlib

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    with contextlib.suppress(ValueError):
        parser.addoption("--reuse-db", action="store_true", help="ignored without pytest-django")
