"""The boards table's items (decision 98 added the third): leaderboard snapshots, the further pages
of a long histogram, and the leaderboards job's `checked` item per org (docs/leaderboards.md)."""

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
    """A leaderboard snapshot written by the leaderboards job: top entries plus a histogram of every
    score, so any member's exact rank is one read away. A live period's board is stored once, as the
    current board (sk `<period>#current#<scope>`); a past period's final board under its period key
    (sk `<period>#<period_key>#<scope>`; decision 101)."""

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
