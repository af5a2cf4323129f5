"""A post through a member's connected account that is under way or unconfirmed (decision 73).

It lives in the shares table beside the share it will become, under `post#<member>#<content>#<network>`
(outside a member's `<member_id>#` shares, and without `created_at`, so not in the `by_time` index)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, IncludeProjection, KeysOnlyProjection

from advocacy.store.base import Base
from advocacy.store.indexes import SHARE_ROLLUP_FIELDS


class _SharesByTime(GlobalSecondaryIndex["PostAttemptModel"]):
    """The shares table's `by_time` index, declared so this model describes the table whole; an
    attempt never has `created_at`, so it is never in the index."""

    class Meta:
        index_name = "by_time"
        projection = AllProjection()

    org_id = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class _SharesById(GlobalSecondaryIndex["PostAttemptModel"]):
    """The shares table's `by_id` index, declared likewise; an attempt has no `share_id`."""

    class Meta:
        index_name = "by_id"
        projection = KeysOnlyProjection()

    org_id = UnicodeAttribute(hash_key=True)
    share_id = UnicodeAttribute(range_key=True)


class _SharesByDay(GlobalSecondaryIndex["PostAttemptModel"]):
    """The shares table's `by_day` index (the rollup job's), declared likewise; an attempt has no
    `rollup_day`."""

    class Meta:
        index_name = "by_day"
        projection = IncludeProjection(list(SHARE_ROLLUP_FIELDS))

    rollup_day = UnicodeAttribute(hash_key=True)
    created_at = UTCDateTimeAttribute(range_key=True)


class PostAttemptModel(Base):
    """Claimed before the provider is called; the short code is drawn here so that the text posted and
    the share recorded afterwards carry the same tracked link."""

    class Meta(Base.Meta):
        table_name = "advocacy-shares"

    org_id = UnicodeAttribute(hash_key=True)
    share_key = UnicodeAttribute(range_key=True)  # post#<member_id>#<content_id>#<network>
    attempt_id = UnicodeAttribute()
    member_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    network = UnicodeAttribute()
    code = UnicodeAttribute()
    state = UnicodeAttribute(
        default="sending"
    )  # sending | unconfirmed (no answer) | posted (not yet recorded)
    started_at = UTCDateTimeAttribute()
    post_id = UnicodeAttribute(null=True)  # posted: the network accepted it, the share is still to be written
    post_url = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute(null=True)  # never set: see _SharesByTime
    by_time = _SharesByTime()
    by_id = _SharesById()
    by_day = _SharesByDay()
