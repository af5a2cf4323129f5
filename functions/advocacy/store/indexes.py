"""The tables' global secondary indexes, each named for the access pattern it serves (models.py
holds the models that declare them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection

if TYPE_CHECKING:
    from advocacy.store.models import ClickModel, ContentModel, RewardModel, ShareModel  # noqa: F401


class FeedIndex(GlobalSecondaryIndex["ContentModel"]):
    """Published content by org, newest first (sparse: only published items carry the keys)."""

    class Meta:
        index_name = "feed"
        projection = AllProjection()

    feed_org = UnicodeAttribute(hash_key=True)
    feed_sort = UnicodeAttribute(range_key=True)


class DueIndex(GlobalSecondaryIndex["ContentModel"]):
    """Content with a pending status change (publish or expiry), by when it falls due.

    Read only by the publish-due job, never by a request: the one index partition not led by an
    org id (docs/decisions.md).
    """

    class Meta:
        index_name = "due"
        projection = AllProjection()

    due_pk = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class MemberRedemptionsIndex(GlobalSecondaryIndex["RewardModel"]):
    """A member's redemptions, newest first (sparse: only redemption items carry `member_key`)."""

    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_key = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class SharesByTimeIndex(GlobalSecondaryIndex["ShareModel"]):
    """An org's shares in the order they were made: an export reads its range with a key condition,
    in time order, at a cost that grows with the range, not with every share the org ever made.
    (Post attempts, in the same table, declare it too and are never in it.)"""

    class Meta:
        index_name = "by_time"
        projection = AllProjection()

    org_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class PlanIndex(GlobalSecondaryIndex["ContentModel"]):
    """Content just published whose auto-posts are still to be planned (sparse: `plan_pk` is set when
    content goes live and removed once the auto-share-plan job has planned it). Read only by that job,
    across orgs, like `due` (decision 80)."""

    class Meta:
        index_name = "plan"
        projection = AllProjection()

    plan_pk = UnicodeAttribute(hash_key=True)
    plan_at = UnicodeAttribute(range_key=True)


class SharesByIdIndex(GlobalSecondaryIndex["ShareModel"]):
    """A share's key by the `share_id` the API hands out (keys only: a click never writes to it).
    (Post attempts, in the same table, declare it too and are never in it.)"""

    class Meta:
        index_name = "by_id"
        projection = KeysOnlyProjection()

    org_id = UnicodeAttribute(hash_key=True)
    share_id = UnicodeAttribute(range_key=True)


# What the rollup job reads of a processed click (besides the keys): kept small, since every applied
# click writes its index entry (one write unit per started kilobyte).
CLICK_ROLLUP_FIELDS = ("member_id", "content_id", "network", "groups", "bot", "unique")


class ClicksByDayIndex(GlobalSecondaryIndex["ClickModel"]):
    """An org's processed click events of one day (in its time zone), for the rollup job (decision 91):
    keyed `<org_id>#<day>#<shard>` (store.rollups.day_shard), so one org's busy day spreads over a few
    index partitions; the stream function's update that marks an event processed sets `rollup_day`
    with its classification (human, unique)."""

    class Meta:
        index_name = "by_day"
        projection = IncludeProjection(list(CLICK_ROLLUP_FIELDS))

    rollup_day = UnicodeAttribute(hash_key=True)
    at = UTCDateTimeAttribute(range_key=True)
