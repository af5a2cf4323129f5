"""Auto-share's items in the connections table, beside the accounts they post through (decision 79).

- `AUTO#<member_id>`: a member's preferences (networks, scope, daily cap, window).
- `AP#<member_id>#<content_id>#<network>`: one auto-post, written once whatever the retries (the key
  is the idempotency: a plan run twice finds it there). While queued it is in the `queue` index.
- `CAP#<member_id>#<network>#<local day>`: how many auto-posts to that network are planned for that
  day (the daily cap's counter), gone by TTL a week later.
- `STATS#AUTO#<state>#<network or reason>`: the org's running counts of auto-posts (one query).
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute

from advocacy.store.connection_model import InConnections


class AutoShareModel(InConnections):
    """A member's auto-share preferences."""

    class Meta(InConnections.Meta):
        abstract = False

    member_id = UnicodeAttribute()
    enabled = NumberAttribute(default=0)  # 1 when on
    networks = UnicodeSetAttribute(default=set)
    scope = UnicodeAttribute(default="all")  # all | groups
    group_ids = UnicodeSetAttribute(default=set)
    daily_cap = NumberAttribute(default=1)
    window_start = UnicodeAttribute(default="09:00")  # HH:MM in the org's time zone
    window_end = UnicodeAttribute(default="17:00")
    updated_at = UTCDateTimeAttribute()


class AutoPostModel(InConnections):
    """One planned post of one content to one network for one member, and what became of it."""

    class Meta(InConnections.Meta):
        abstract = False

    member_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    network = UnicodeAttribute()
    title = UnicodeAttribute(default="")  # the content's title when planned, for the member's list
    state = UnicodeAttribute(default="queued")  # domain.autoshare.STATES
    due_at = UTCDateTimeAttribute()
    day = UnicodeAttribute()  # the local day whose cap it counts against
    reason = UnicodeAttribute(null=True)  # failed / needs_reconnect: why
    post_id = UnicodeAttribute(null=True)
    post_url = UnicodeAttribute(null=True)
    share_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class DayCapModel(InConnections):
    class Meta(InConnections.Meta):
        abstract = False

    planned = NumberAttribute(default=0)


class AutoCountModel(InConnections):
    """One running count of the org's auto-posts: `STATS#AUTO#posted#<network>` or
    `STATS#AUTO#failed#<reason>` (a handful of items, read in one query)."""

    class Meta(InConnections.Meta):
        abstract = False

    total = NumberAttribute(default=0)
