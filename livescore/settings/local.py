"""Developer machine: base settings as they are."""

from livescore.settings.base import *  # noqa: F403
