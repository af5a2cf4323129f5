"""The rules the OpenAPI document states for text fields agree with what the validators accept.

The validators check printable text, trimming and lengths in code (with clear messages); the
document states the same rules as `pattern` and `maxLength`, so that clients and the fuzzer
(tests/e2e/test_api_schema.py) know them. Each probe must be valid for both or for neither.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from advocacy.domain.content import is_http_url
from advocacy.schemas import boards, content, members, orgs, rewards, suggestions
from advocacy.schemas.common import Moment, Name

PROBES = [
    "", " ", "a", " a ", "\ta\t", "a\tb", "a\nb", "\na\n", "a\r\nb", "\x85a\x85", "a\x85b", "\x0ba", "a\x0bb",
    "\x1c", "a\x1cb", "\x00", "a\x7fb", "\u3000", "\u3000a\u3000", "\xa0", "\xa0a", "a\u2028b", "\u2028a",
    "\ufeff", "\ufeffa", "é", "日本語", "😀", "a" * 200, " " + "a" * 199, " " + "a" * 200, "a" * 201,
    "https://example.com/a", " https://example.com ", "http://a:80/x?y#z", "ftp://a", "https://", "//a",
    "ada@acme.example", " Ada@Acme.Example ", "a.b+c@d-e.fg", "0@0.0", "%a@b.cd", "a@b.c", "a b@c.de",
    "Europe/Paris", "Etc/GMT+1", "Europe Paris",
]  # fmt: skip


def _field(model: type[Any], name: str) -> tuple[TypeAdapter[Any], dict[str, Any]]:
    """A validator for one field of a model, and the document's schema of its string form."""
    schema = model.model_json_schema()["properties"][name]
    options = schema.get("anyOf", [schema])
    string = next((option for option in options if option.get("type") == "string"), schema)
    return TypeAdapter(model.model_fields[name].rebuild_annotation()), string


def _documented(schema: dict[str, Any], value: str) -> bool:
    """Whether `value` is valid by the document's string schema (JSON Schema counts code points)."""
    return (
        schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value))
        and re.search(schema.get("pattern", ""), value) is not None
    )


def _accepted(adapter: TypeAdapter[Any], value: str) -> bool:
    try:
        adapter.validate_python(value)
    except ValidationError:
        return False
    return True


FIELDS = [
    (orgs.GroupCreate, "name"),
    (boards.Adjustment, "reason"),
    (members.MemberCreate, "email"),
    (members.NetworkProfile, "handle"),
    (rewards.RewardCreate, "description"),
    (rewards.RedemptionReject, "note"),
    (content.ContentReject, "note"),
    (suggestions.SuggestionDecline, "note"),
    (content.ContentCreate, "body"),
]


@pytest.mark.parametrize(("model", "name"), FIELDS, ids=[f"{m.__name__}.{n}" for m, n in FIELDS])
def test_documented_text_rules_match_the_validators(model: type[Any], name: str) -> None:
    adapter, schema = _field(model, name)
    assert "pattern" in schema and "maxLength" in schema
    for value in PROBES:
        assert _documented(schema, value) == _accepted(adapter, value), repr(value)


def test_a_documented_url_is_one_content_may_point_to() -> None:
    """The URL pattern says a little less than the rules in code: whatever it allows, they allow."""
    adapter, schema = _field(content.ContentCreate, "url")
    for value in PROBES:
        if _documented(schema, value):
            assert _accepted(adapter, value) and is_http_url(adapter.validate_python(value)), repr(value)
    assert _documented(schema, " https://example.com/a?b#c ")
    for port in ("1", "80", "9999", "10000", "50089", "59999", "64999", "65499", "65529", "65535"):
        url = f"http://127.0.0.1:{port}/_local/pages/launch"
        assert _documented(schema, url) and is_http_url(adapter.validate_python(url)), url
    for port in ("0", "080", "65536", "65540", "65600", "66000", "70000", "100000"):
        assert not _documented(schema, f"http://127.0.0.1:{port}/"), port


@pytest.mark.parametrize("network", ["linkedin", "x", "facebook", "email"])
def test_a_documented_message_is_one_its_network_takes(network: str) -> None:
    """Messages must not be blank, take no control characters but tabs and line breaks, and fit the
    network (X's count of links aside, which no schema can state)."""
    from advocacy.domain.content import message_issues

    adapter, schema = _field(content.Messages, network)
    for value in [*PROBES, "y" * schema["maxLength"], "y" * (schema["maxLength"] + 1)]:
        accepted = _accepted(adapter, value) and not message_issues({network: value})
        assert _documented(schema, value) == accepted, repr(value)


def test_every_time_zone_has_a_documented_name() -> None:
    """The pattern states the characters of IANA names; which names exist is the tz database's."""
    from zoneinfo import available_timezones

    adapter, schema = _field(orgs.OrgPatch, "timezone")
    from advocacy.domain.timezones import NOT_ZONES

    zones = available_timezones() - NOT_ZONES
    assert all(_documented(schema, zone) and _accepted(adapter, zone) for zone in zones)
    assert not _documented(schema, "Europe Paris") and not _documented(schema, " ")


def test_documented_times_are_of_the_years_the_api_takes() -> None:
    pattern = TypeAdapter(Moment).json_schema()["pattern"]
    for value, valid in [
        ("1999-12-31T23:59:59Z", False),
        ("2000-01-01T00:00:00+05:30", True),
        ("2100-12-31T23:59:59-08:00", True),
        ("2101-01-01T00:00:00Z", False),
    ]:
        documented = re.search(pattern, value) is not None
        assert documented == valid == _accepted(TypeAdapter(Moment), value), value


def test_names_count_their_surrounding_spaces() -> None:
    """`maxLength` counts what is sent: 200 characters and a space are too long, as documented."""
    assert TypeAdapter(Name).validate_python(" " + "a" * 199) == "a" * 199
    assert not _accepted(TypeAdapter(Name), " " + "a" * 200)


def test_a_time_sent_with_an_offset_is_held_and_answered_in_utc() -> None:
    """The API answers times with `Z`, those a request sent with another offset included."""
    moment = TypeAdapter(Moment).validate_json('"2030-01-01T09:00:00+01:00"')
    assert moment.utcoffset() == timedelta(0)
    assert TypeAdapter(Moment).dump_json(moment) == b'"2030-01-01T08:00:00Z"'
