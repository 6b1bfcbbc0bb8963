"""Source adapters by name, so a CrawlJob row can name its source as a string."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    # Only for annotations: importing the sources package at runtime would register the
    # built-in adapters, which themselves import this module.
    from matches.feeds.sources.base import Source

_SourceT = TypeVar("_SourceT", bound="type[Source]")

_SOURCES: dict[str, type[Source]] = {}


class UnknownSourceError(LookupError):
    pass


def register(cls: _SourceT) -> _SourceT:
    """Class decorator: make `cls` available as `get_source(cls.name)`."""
    name = cls.name
    existing = _SOURCES.get(name)
    if existing is not None and existing is not cls:
        raise ValueError(f"source name {name!r} is already registered by {existing.__name__}")
    _SOURCES[name] = cls
    return cls


def get_source(name: str) -> type[Source]:
    _load_builtin_sources()
    try:
        return _SOURCES[name]
    except KeyError:
        raise UnknownSourceError(
            f"unknown feed source {name!r}; available: {', '.join(available_sources())}"
        ) from None


def available_sources() -> list[str]:
    _load_builtin_sources()
    return sorted(_SOURCES)


def _load_builtin_sources() -> None:
    # Importing the package registers the built-in adapters; done lazily to avoid a cycle.
    import matches.feeds.sources  # noqa: F401
