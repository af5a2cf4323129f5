"""The boards table's items: a scope's live boards (decision 102), final leaderboard snapshots, the
further pages of a long histogram, and the leaderboards job's `checked` item per org (decision 98;
docs/leaderboards.md)."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute

from advocacy.store.base import Base, CompactJSON, CompressedJSON


class _InBoards(Base):
    """The boards table's key, for its kinds of item (snapshots, histogram pages, the job's `checked`)."""

    class Meta(Base.Meta):
        abstract = True
        table_name = "advocacy-boards"

    org_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


class BoardModel(_InBoards):
    """A leaderboard snapshot: top entries plus a histogram of every score, so any member's exact
    rank is one read away. Stored as an item for an ended period's final board (sk
    `<period>#<period_key>#<scope>`); a live board is one of its scope's `LiveBoardsModel`."""

    class Meta(_InBoards.Meta):
        abstract = False

    period = UnicodeAttribute()
    period_key = UnicodeAttribute()
    scope = UnicodeAttribute()
    generated_at = UTCDateTimeAttribute()
    final = BooleanAttribute(default=False)
    entries = CompressedJSON(default=list)  # [{rank, member_id, name, points}] (decision 101)
    histogram = UnicodeAttribute(default="")  # "points:count,..." best first (its first page)
    histogram_pages = UnicodeAttribute(default="")  # "lowest:above,..." per further page, if any
    members = NumberAttribute(default=0)


class LiveBoardsModel(_InBoards):
    """The live boards of one scope, every period's in one item (sk `live#<scope>`; decision 102):
    `{period: {period_key, final, entries, histogram, histogram_pages, members}}`, compressed together,
    so the members a scope's four boards share are stored once. Written whole when any of them
    changed; `generated_at` is when."""

    class Meta(_InBoards.Meta):
        abstract = False

    scope = UnicodeAttribute()
    generated_at = UTCDateTimeAttribute()
    boards = CompressedJSON(default=dict)


class HistogramPageModel(_InBoards):
    """A further page of a board's histogram, when one item cannot hold it all (sk
    `<period>#<period_key>#<scope>#page#<generation>#<n>`; docs/leaderboards.md)."""

    class Meta(_InBoards.Meta):
        abstract = False

    histogram = UnicodeAttribute()


class BoardsCheckedModel(_InBoards):
    """The leaderboards job's one item per org (sk `checked`): when it last checked the org's boards,
    and the content fingerprint of each live board as written (`{scope: {period: fingerprint}}`), so
    a run rewrites only the boards whose content changed (decision 98)."""

    class Meta(_InBoards.Meta):
        abstract = False

    checked_at = UTCDateTimeAttribute()
    fingerprints = CompactJSON(default=dict)
