"""A content's counters, and the status its shares and clicks are conditioned on, in a small item of
its own (decision 91): partition `<org_id>#content:<content_id>` of the analytics table (the content's
own rollup partition), sort key `stats`, after every day of it.

The content item carries its texts (a few kilobytes) and is in the feed index with all its attributes;
a transaction bills two write units per kilobyte of each item it touches and the index one more, so
counting a share or a click on the content item cost more, the longer its texts. This item stays
under 100 bytes. Its `status` mirrors the content's, written in the same transactions that move it.
"""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from advocacy.store.base import Base

STATS_SK = "stats"


class ContentStatsModel(Base):
    class Meta(Base.Meta):
        table_name = "advocacy-analytics"

    scope = UnicodeAttribute(hash_key=True)  # <org_id>#content:<content_id>
    day = UnicodeAttribute(range_key=True)  # `stats`
    status = UnicodeAttribute(null=True)  # the content's (absent on content made before this item)
    shares = NumberAttribute(null=True)
    clicks = NumberAttribute(null=True)
    unique_clicks = NumberAttribute(null=True)


def stats_key(org_id: str, content_id: str) -> ContentStatsModel:
    return ContentStatsModel(scope=f"{org_id}#content:{content_id}", day=STATS_SK)
