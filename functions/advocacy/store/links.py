"""Short links: the redirect's single read."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from advocacy.store.models import LinkModel


def find_link(code: str) -> LinkModel | None:
    try:
        return LinkModel.get(code)
    except DoesNotExist:
        return None
