"""Pure tests: run with `-p no:django` until the Django settings exist on this branch."""

import contextlib


def pytest_addoption(parser):
    # pyproject's addopts carries pytest-django's --reuse-db; accept it when that
    # plugin is disabled, and leave it alone when the plugin has registered it.
    with contextlib.suppress(ValueError):
        parser.addoption("--reuse-db", action="store_true", help="pytest-django option")
