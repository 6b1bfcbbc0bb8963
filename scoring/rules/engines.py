"""Which rules engine scores which sport."""

from importlib import import_module
from types import ModuleType

ENGINE_MODULES = {
    "cricket": "scoring.rules.cricket.engine",
    "football": "scoring.rules.football.engine",
}


def engine_for(sport: str) -> ModuleType:
    return import_module(ENGINE_MODULES[sport])
