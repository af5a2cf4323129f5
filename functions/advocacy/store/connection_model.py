"""The connections table's model: a member's connected accounts and the OAuth flows under way.

Every key begins with the org id. A connection is `CONN#<member_id>#<network>`; a flow's single-use
record is `STATE#<nonce>`, removed when the callback consumes it and by TTL (`expires`) otherwise."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex

from advocacy.store.base import Base


class QueueIndex(GlobalSecondaryIndex[Any]):
    """Auto-posts waiting for their moment, by when it comes, across orgs (store.autoshare_records).

    Sparse: only a queued auto-post has `queue_pk`. Read only by the dispatch job, never by a request
    (like the content table's `due` index). Every model of the table declares it, so each describes
    the table whole."""

    class Meta:
        index_name = "queue"
        projection = AllProjection()

    queue_pk = UnicodeAttribute(hash_key=True)
    queue_at = UnicodeAttribute(range_key=True)


class InConnections(Base):
    """The connections table's shared shape, stated once: its key, its TTL and its queue index (every
    model of the table declares them, so each describes the table whole)."""

    class Meta(Base.Meta):
        abstract = True
        table_name = "advocacy-connections"

    org_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    expires = TTLAttribute(null=True)
    queue_pk = UnicodeAttribute(null=True)  # set only on a queued auto-post: see QueueIndex
    queue_at = UnicodeAttribute(null=True)
    queue = QueueIndex()


class ConnectionModel(InConnections):
    """A connected account (sk `CONN#<member_id>#<network>`): `sealed` holds the tokens encrypted
    (store.vault), never their text. Its `expires` is never set: the table's TTL is the flows'."""

    class Meta(InConnections.Meta):
        abstract = False

    member_id = UnicodeAttribute()
    network = UnicodeAttribute()
    author = UnicodeAttribute()  # LinkedIn urn:li:person:{sub}; X the user id
    status = UnicodeAttribute(default="connected")  # connected | needs_reconnect
    reason = UnicodeAttribute(null=True)  # why it needs reconnecting
    sealed = UnicodeAttribute()  # the tokens, sealed by KMS (store/vault.py)
    expires_at = UTCDateTimeAttribute()  # when the access token expires
    refreshable = NumberAttribute(default=0)  # 1 when a refresh token is kept (X)
    followers = NumberAttribute(null=True)  # the count the network reports (X), a share's verified reach
    connected_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class OAuthStateModel(InConnections):
    """A flow under way (sk `STATE#<nonce>`): bound to the member and network; the PKCE verifier is
    kept here, server-side."""

    class Meta(InConnections.Meta):
        abstract = False

    member_id = UnicodeAttribute()
    network = UnicodeAttribute()
    verifier = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires = TTLAttribute()  # required here: DynamoDB removes a flow never finished
