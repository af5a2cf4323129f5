"""A post through a member's connected account that is under way or unconfirmed (decision 73).

It lives in the shares table beside the share it will become, under `post#<member>#<content>#<network>`
(outside a member's `<member_id>#` shares, and without `created_at`, so not in the `by_time` index)."""

from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute, UTCDateTimeAttribute

from advocacy.store.base import Base
from advocacy.store.indexes import SharesByIdIndex, SharesByTimeIndex


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
    created_at = UTCDateTimeAttribute(null=True)  # never set, so an attempt is never in `by_time`
    # The table's indexes, declared so this model describes the table whole (an attempt has no
    # `created_at` nor `share_id`, so it is in neither).
    by_time = SharesByTimeIndex()
    by_id = SharesByIdIndex()
