"""Which rules engine scores which sport."""

from importlib import import_module
from types import ModuleType

ENGINE_MODULES = {
    "cricket": "scoring.cricket.engine",
    "football": "scoring.football.engine",
}


def engine_for(sport: str) -> ModuleType:
    return import_module(ENGINE_MODULES[sport])
