"""The base of every PynamoDB model: the connection settings each table's model shares."""

from __future__ import annotations

import json
import zlib
from typing import Any

from pynamodb.attributes import Attribute, JSONAttribute, UnicodeAttribute
from pynamodb.constants import BINARY, STRING
from pynamodb.models import Model

from advocacy.store.clients import DEFAULT


class Base(Model):
    """Shared connection settings: bounded retries and timeouts well under a function's timeout.

    PynamoDB's client uses botocore's standard retry mode with `max_retry_attempts + 1` attempts;
    `store.tables.bind` applies the limits of the function (`store.clients`).
    """

    class Meta:
        abstract = True
        region = None
        max_retry_attempts = DEFAULT.attempts - 1
        connect_timeout_seconds = DEFAULT.connect_timeout
        read_timeout_seconds = DEFAULT.read_timeout


class InOrgs(Base):
    """The orgs table's key, stated once: every item is `org_id` + `sk`, the org record beside its
    groups, feed sources and entries, and the email-domain claims (whose partition is the domain)."""

    class Meta(Base.Meta):
        abstract = True
        table_name = "advocacy-orgs"

    org_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class CompactJSON(JSONAttribute):
    """JSON kept in a string attribute, written with `separators` (compact by default, as these
    attributes were written before they were JSON attributes): the stored bytes stay the same, so a
    condition comparing the stored string (`OrgModel.active_contests == org.active_contests`) matches
    items written before."""

    def __init__(self, *args: Any, separators: tuple[str, str] = (",", ":"), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.separators = separators

    def serialize(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, separators=self.separators)


class CompressedJSON(Attribute[Any]):
    """Compact JSON compressed with zlib into a binary attribute: a write costs one unit per started
    kilobyte, and a list of repetitive records (a leaderboard's entries) shrinks to about a third
    (decision 101). Reads the attribute as `CompactJSON` wrote it too (a string), so items written
    before the change stay readable until they are rewritten. zlib is deterministic for one input and
    level, so equal values serialize to equal bytes."""

    attr_type = BINARY

    def serialize(self, value: Any) -> bytes | None:
        if value is None:
            return None
        return zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 9)

    def get_value(self, value: dict[str, Any]) -> Any:
        return value[STRING] if STRING in value else super().get_value(value)

    def deserialize(self, value: bytes | str) -> Any:
        return json.loads(value if isinstance(value, str) else zlib.decompress(value))
