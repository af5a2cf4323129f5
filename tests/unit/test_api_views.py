"""`api.views.answer`: a response model read from an item's attributes, some of them given instead."""

from __future__ import annotations

from dataclasses import dataclass

from advocacy.api.views import answer
from advocacy.schemas.members import MemberOut
from advocacy.schemas.orgs import GroupOut
from tests.support.clock import NOW


@dataclass
class Stored:
    member_id: str = "m-1"
    email: str = "ava@acme.example"
    name: str = "Ava"
    role: str = "member"
    groups: frozenset[str] | None = frozenset({"g-2", "g-1"})
    status: str = "active"
    created_at: object = NOW
    last_active_at: object = None
    erased_at: object = None
    member_count: int = 3


def test_fields_are_read_by_name_and_groups_answer_sorted() -> None:
    out = answer(MemberOut, Stored())
    assert out.model_dump() == {
        "member_id": "m-1",
        "email": "ava@acme.example",
        "name": "Ava",
        "role": "member",
        "groups": ["g-1", "g-2"],
        "status": "active",
        "created_at": NOW,
        "last_active_at": None,
        "erased_at": None,
    }
    assert answer(MemberOut, Stored(groups=None)).groups == []


def test_values_replace_or_add_the_fields_the_item_names_otherwise() -> None:
    out = answer(GroupOut, Stored(), group_id="g-1", members=7)
    assert out == GroupOut(group_id="g-1", name="Ava", members=7)
