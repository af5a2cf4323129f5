"""The settings connected accounts use (providers, the token key, the OAuth secrets), kept apart from
the connections use case so that a handler sets them at cold start without loading it (decision 109)."""

from __future__ import annotations

from advocacy.settings import Settings

_settings = Settings(stage="unconfigured")


def configure(settings: Settings) -> None:
    """The providers, key and secrets of this function, set once at cold start (and by tests)."""
    global _settings  # noqa: PLW0603 - set once per container at cold start
    _settings = settings


def current() -> Settings:
    return _settings
