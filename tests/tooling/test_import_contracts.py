"""The app boundaries of docs/adr/0008 hold: `lint-imports` checks pyproject's contracts
against the real import graph, so a forbidden import fails the suite."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_import_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(  # noqa: S603 (our own venv's tool, fixed arguments)
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contracts_name_the_boundaries_the_adr_states():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contracts = {contract["name"]: contract for contract in config["contracts"]}
    ground = next(c for c in contracts.values() if c.get("source_modules") == ["matches"])
    assert set(ground["forbidden_modules"]) == {"scoring", "accounts"}
    rules = next(c for c in contracts.values() if c.get("source_modules") == ["scoring.rules"])
    assert {"django", "matches", "livescore"} <= set(rules["forbidden_modules"])
    layers = next(c for c in contracts.values() if c["type"] == "layers")["layers"]
    assert layers[-1] == "scoring.rules"
    assert layers.index("scoring.services") < layers.index("scoring.realtime | scoring.selectors")
