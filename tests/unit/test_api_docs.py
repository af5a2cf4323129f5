"""`api.docs.rules`: a route's role, declared once, both as `x-advocacy-role` and as the rules that end
its description (the 401 and 403 it implies included)."""

from __future__ import annotations

from advocacy.api.deps import ROLE_EXTENSION
from advocacy.api.docs import SAME_CHANGE, rules, short_pages
from advocacy.api.error_docs import BAD_ID, conflict, not_found
from advocacy.domain.roles import Role


def test_the_role_gives_the_declaration_the_role_line_and_the_401_and_403() -> None:
    declared = rules(
        Role.ADMIN,
        "Renames a thing.",
        limits="`name` 1 to 200 characters",
        idempotency=SAME_CHANGE,
        errors=[not_found("no such thing"), conflict("a concurrent change: retry"), BAD_ID],
    )
    assert declared["openapi_extensions"] == {ROLE_EXTENSION: "admin"}
    assert declared["description"] == (
        "Renames a thing.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `name` 1 to 200 characters.\n"
        "- Idempotency: no `Idempotency-Key`; sending the same change again changes nothing more.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "thing); 409 `conflict` (a concurrent change: retry); 422 `validation_error` (a malformed id)."
    )


def test_a_manager_route_is_forbidden_to_members_and_a_member_route_to_no_one() -> None:
    manager = rules(Role.MANAGER, "Lists things.", limits=short_pages("A filtered page"))["description"]
    assert "\n- Role: `manager` (or `admin`).\n" in manager
    assert "- Limits: `limit` 1 to 100 (default 20). A filtered page may hold fewer items" in manager
    assert manager.endswith("- Errors: 401 `unauthorized`; 403 `forbidden` (a member).")
    member = rules(Role.MEMBER, "Reads mine.", who="; only the caller's own")["description"]
    assert member == (
        "Reads mine.\n\n"
        "- Role: `member` (any active member); only the caller's own.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`."
    )


def test_a_401_of_the_route_replaces_the_implied_one() -> None:
    described = rules(Role.MEMBER, "Reads me.", errors=[(401, "unauthorized", "a deactivated member")])
    assert described["description"].endswith("- Errors: 401 `unauthorized` (a deactivated member).")


def test_a_public_route() -> None:
    declared = rules(None, "Pings.")
    assert declared["openapi_extensions"] == {ROLE_EXTENSION: "public"}
    assert declared["description"] == (
        "Pings.\n\n"
        "- Role: public (no token).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: none of its own; API Gateway may answer 429 (throttling), 500 or 503."
    )
