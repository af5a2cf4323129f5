"""Feed sources and the marks of their imported entries, in the orgs table (their own module: store.models
would grow past its length)."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)

from advocacy.store.base import InOrgs


class FeedSourceModel(InOrgs):
    """An RSS or Atom source of an org (sk `FEED#<source_id>`, in the orgs table beside its groups):
    what its entries become, the validators of its last answer (ETag, Last-Modified) for a
    conditional fetch, and its status. `rev` guards an admin's edit against the job's status writes."""

    class Meta(InOrgs.Meta):
        abstract = False

    source_id = UnicodeAttribute()
    url = UnicodeAttribute()
    groups = UnicodeSetAttribute(default=set)
    publish = BooleanAttribute(default=False)  # entries published at once, else drafts
    points = NumberAttribute(null=True)
    etag = UnicodeAttribute(null=True)
    last_modified = UnicodeAttribute(null=True)
    last_attempt_at = UTCDateTimeAttribute(null=True)
    last_success_at = UTCDateTimeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    imported = NumberAttribute(default=0)  # moved in each entry's import transaction
    failures = NumberAttribute(default=0)  # in a row; reset by a success
    next_attempt_at = UTCDateTimeAttribute(null=True)  # backoff: skipped by the job until then
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    rev = NumberAttribute(default=0)


class FeedEntryModel(InOrgs):
    """The mark of one imported feed entry (sk `FEEDENTRY#<source_id>#<sha256 of org, source, entry>`),
    written with `attribute_not_exists` in the transaction that creates its content: once, ever."""

    class Meta(InOrgs.Meta):
        abstract = False

    source_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
