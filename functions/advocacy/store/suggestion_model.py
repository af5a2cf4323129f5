"""The suggestions table's model (its own module: store.models holds every other table's)."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from advocacy.store.base import Base


class MemberSuggestionsIndex(GlobalSecondaryIndex["SuggestionModel"]):
    """A member's suggestions, newest first (suggestion ids sort by time)."""

    class Meta:
        index_name = "by_member"
        projection = AllProjection()

    member_key = UnicodeAttribute(hash_key=True)
    suggestion_id = UnicodeAttribute(range_key=True)


class SuggestionQueueIndex(GlobalSecondaryIndex["SuggestionModel"]):
    """An org's pending suggestions, newest first (sparse: `queue_org` is removed by the decision)."""

    class Meta:
        index_name = "queue"
        projection = AllProjection()

    queue_org = UnicodeAttribute(hash_key=True)
    suggestion_id = UnicodeAttribute(range_key=True)


class SuggestionModel(Base):
    """A link a member suggested: `pending` until a manager accepts it (a draft `content_id` is made
    in the same transaction as the member's points) or declines it with a note."""

    class Meta(Base.Meta):
        table_name = "advocacy-suggestions"

    org_id = UnicodeAttribute(hash_key=True)
    suggestion_id = UnicodeAttribute(range_key=True)
    member_id = UnicodeAttribute()
    member_name = UnicodeAttribute()  # as it was when suggesting, for the managers' queue
    url = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="pending")  # pending | accepted | declined
    content_id = UnicodeAttribute(null=True)  # the draft an acceptance made
    points_awarded = NumberAttribute(null=True)
    decision_note = UnicodeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    member_key = UnicodeAttribute()  # <org_id>#<member_id> (by_member index)
    queue_org = UnicodeAttribute(null=True)  # the org id while pending (queue index)
    by_member = MemberSuggestionsIndex()
    queue = SuggestionQueueIndex()
