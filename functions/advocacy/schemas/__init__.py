"""Request and response shapes (Pydantic models), one module per resource family; `common` holds the
field types the others build on, `shapes` their base models and the error body, `example_ids` the
values their OpenAPI examples share.

The api reads a family as `schemas.<family>.<Shape>`, which loads the module when first used
(decisions 109, 110): a cold start builds only the shapes of the routes its request runs. The
modules are written without postponed annotations (`from __future__ import annotations`), which
would make Pydantic compile and evaluate each field's annotation from its text when the class is
made.
"""

from typing import TYPE_CHECKING

__all__ = [
    "analytics",
    "autoshare",
    "boards",
    "common",
    "connections",
    "content",
    "example_ids",
    "exports",
    "feeds",
    "members",
    "orgs",
    "previews",
    "rewards",
    "service",
    "shapes",
    "share_checks",
    "suggestions",
]

if TYPE_CHECKING:  # what a type checker reads `schemas.<family>` as
    from advocacy.schemas import (
        analytics,
        autoshare,
        boards,
        common,
        connections,
        content,
        example_ids,
        exports,
        feeds,
        members,
        orgs,
        previews,
        rewards,
        service,
        shapes,
        share_checks,
        suggestions,
    )
else:
    from advocacy.first_use import submodules_on_first_use

    __getattr__ = submodules_on_first_use(__name__, __path__)
