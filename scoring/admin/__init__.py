"""Admin for scorers: the read-only log and projection (`log`), and the scoring consoles
(`console`, with the cricket and football forms)."""

from scoring.admin import console, cricket, football, log  # noqa: F401  (registers)
