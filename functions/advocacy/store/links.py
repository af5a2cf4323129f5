"""Short links: the redirect's single read."""

from __future__ import annotations

from advocacy.store.errors import get_or_none
from advocacy.store.models import LinkModel


def find_link(code: str) -> LinkModel | None:
    return get_or_none(LinkModel, code, consistent=False)
