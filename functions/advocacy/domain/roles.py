"""Roles and what each may do (docs/api.md: admin does everything, manager publishes and reads analytics)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    MANAGER = "manager"
    MEMBER = "member"


class Status(StrEnum):
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


_RANK = {Role.MEMBER: 0, Role.MANAGER: 1, Role.ADMIN: 2}


def at_least(role: Role, required: Role) -> bool:
    """Roles are ordered: an admin may use a manager's routes, a manager a member's."""
    return _RANK[role] >= _RANK[required]
