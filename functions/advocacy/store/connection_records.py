"""Connected accounts and OAuth flows in the connections table (keys in store.connection_model).

A flow's record is written only if new and consumed in the same transaction that stores the
connection (a conditional delete), so a `state` is used at most once even when two callbacks race. Tokens arrive here already sealed (store.vault)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from pynamodb.exceptions import DeleteError

from advocacy.store.connection_model import ConnectionModel, OAuthStateModel
from advocacy.store.errors import condition_failed, get_or_none, put_new, update_if
from advocacy.store.transactions import Cancelled, writing

CONNECTION = "CONN#"
STATE = "STATE#"


def connection_key(member_id: str, network: str) -> str:
    return f"{CONNECTION}{member_id}#{network}"


def state_key(nonce: str) -> str:
    return f"{STATE}{nonce}"


def start_flow(item: OAuthStateModel) -> bool:
    """Write a new flow's record; False if that nonce exists (never overwritten)."""
    return put_new(item)


def find_flow(org_id: str, nonce: str) -> OAuthStateModel | None:
    return get_or_none(OAuthStateModel, org_id, state_key(nonce))


def drop_flow(flow: OAuthStateModel) -> None:
    """Use up a flow that failed (the provider refused its code); gone already is fine."""
    try:
        flow.delete(condition=OAuthStateModel.sk.exists())
    except DeleteError as exc:
        if not condition_failed(exc):
            raise


def complete(flow: OAuthStateModel, item: ConnectionModel) -> bool:
    """Consume the flow and store the connection in one transaction: False when another callback
    consumed it first (nothing written). A failure leaves both as they were, so the member may retry."""
    try:
        with writing() as tx:
            tx.delete(flow, condition=OAuthStateModel.sk.exists())
            tx.save(item)
    except Cancelled as exc:
        if exc.condition_failed(OAuthStateModel, STATE):
            return False
        raise
    return True


def find(org_id: str, member_id: str, network: str) -> ConnectionModel | None:
    return get_or_none(ConnectionModel, org_id, connection_key(member_id, network))


def of_member(org_id: str, member_id: str) -> list[ConnectionModel]:
    prefix = f"{CONNECTION}{member_id}#"
    return list(ConnectionModel.query(org_id, ConnectionModel.sk.startswith(prefix), consistent_read=True))


def replace_tokens(
    item: ConnectionModel, sealed: str, expires_at: datetime, now: datetime, followers: int | None = None
) -> bool:
    """Keep refreshed tokens (and the follower count the network reported then) if the stored ones are
    still those `item` holds; False if another request refreshed (or the member disconnected) first."""
    count = [ConnectionModel.followers.set(followers)] if followers is not None else []
    return update_if(
        item,
        [
            ConnectionModel.sealed.set(sealed),
            ConnectionModel.expires_at.set(expires_at),
            ConnectionModel.updated_at.set(now),
            *count,
        ],
        ConnectionModel.sealed == item.sealed,
    )


def mark_needs_reconnect(org_id: str, member_id: str, network: str, reason: str, now: datetime) -> bool:
    """Flag the connection; False when there is none."""
    item = ConnectionModel(org_id, connection_key(member_id, network))
    return update_if(
        item,
        [
            ConnectionModel.status.set("needs_reconnect"),
            ConnectionModel.reason.set(reason),
            ConnectionModel.updated_at.set(now),
        ],
        ConnectionModel.sk.exists(),
    )


def remove(org_id: str, member_id: str, network: str) -> None:
    """Delete the connection and its tokens (nothing to do when there is none)."""
    ConnectionModel(org_id, connection_key(member_id, network)).delete()


def count_by_network(org_id: str) -> Counter[str]:
    """How many members have a working connection to each network (admins' overview)."""
    counts: Counter[str] = Counter()
    query = ConnectionModel.query(
        org_id,
        ConnectionModel.sk.startswith(CONNECTION),
        attributes_to_get=["network", "status"],
    )
    for item in query:
        if item.status == "connected":
            counts[item.network] += 1
    return counts
