"""The languages the web app and its mails speak: English and Italian."""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "it"]
LANGUAGES: tuple[Language, ...] = ("en", "it")
DEFAULT_LANGUAGE: Language = "en"


def language_of(*candidates: str | None) -> Language:
    """The first candidate that names a language we speak (`it`, `it-IT`, `it_IT`), else English."""
    for candidate in candidates:
        code = (candidate or "").strip()[:2].lower()
        if code == "it":
            return "it"
        if code == "en":
            return "en"
    return DEFAULT_LANGUAGE
