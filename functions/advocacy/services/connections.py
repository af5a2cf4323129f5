"""Connected accounts: a member connects LinkedIn or X once (OAuth), and posting on their behalf asks
`access` for a usable token.

Tokens are sealed with the stack's KMS key (store.vault, context {org_id, member_id, network}) before
they reach the table, and opened only here; they are never logged or returned by the API. The flow's
`state` is signed (domain.connections), bound to the member, expires in 10 minutes and is consumed
once, in the transaction that stores the connection (store.connection_records); X's PKCE verifier
stays server-side with it. The network refuses a code used twice, so two racing callbacks cannot
both get tokens."""

from __future__ import annotations

import json
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from advocacy.adapters import oauth
from advocacy.domain import connections as rules
from advocacy.domain.errors import Conflict, FieldIssue, NotFound, Unavailable, ValidationFailed
from advocacy.services import connection_settings as config
from advocacy.settings import Provider
from advocacy.store import connection_records as records
from advocacy.store import keys, vault
from advocacy.store.connection_model import ConnectionModel, OAuthStateModel


@dataclass(frozen=True)
class Access:
    """What posting on a member's behalf needs; `token` is never logged."""

    network: str  # "linkedin" | "x"
    token: str  # usable now (X: refreshed when it expires within 5 minutes, the new refresh token stored)
    author: str  # LinkedIn "urn:li:person:{sub}", X the user id


class NeedsReconnect(Exception):
    """No connection, expired (LinkedIn), refresh refused (X) or revoked: the member must connect again."""

    def __init__(self, network: str, reason: str) -> None:
        super().__init__(f"{network}: {reason}")
        self.network = network
        self.reason = reason


@dataclass(frozen=True)
class ConnectionStatus:
    network: str
    available: bool  # the program offers this network
    connected: bool
    needs_reconnect: bool
    reason: str | None = None
    expires_at: datetime | None = None
    reconnect_soon: bool = False
    connected_at: datetime | None = None


def available() -> tuple[str, ...]:
    """The networks members may connect: those with credentials configured."""
    return tuple(n for n in rules.API_NETWORKS if n in config.current().providers)


def _provider(network: str) -> Provider:
    provider = config.current().providers.get(network)
    if provider is None:
        raise NotFound(f"{network} accounts cannot be connected in this program")
    return provider


def _client(provider: Provider) -> oauth.Client:
    raw = json.loads(keys.read_key(provider.secret_arn))
    return oauth.Client(str(raw["client_id"]), str(raw["client_secret"]))


def _context(org_id: str, member_id: str, network: str) -> dict[str, str]:
    return {"org_id": org_id, "member_id": member_id, "network": network}


def _seal(org_id: str, member_id: str, network: str, tokens: oauth.Tokens) -> str:
    plain = json.dumps({"access_token": tokens.access_token, "refresh_token": tokens.refresh_token}).encode()
    return vault.seal(config.current().connections_key_id, _context(org_id, member_id, network), plain)


def _open(item: ConnectionModel) -> dict[str, str | None]:
    opened: dict[str, str | None] = json.loads(
        vault.open_(item.sealed, _context(item.org_id, item.member_id, item.network))
    )
    return opened


NOT_OPEN = "not a connection attempt of yours that is still open"


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed("This connection attempt cannot be completed.", [FieldIssue(field, message)])


def start(org_id: str, member_id: str, network: str, now: datetime) -> str:
    """The provider's authorize URL for this member, with a fresh single-use state."""
    provider = _provider(network)
    client = _client(provider)
    nonce = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48) if network in rules.PKCE_NETWORKS else None
    expires = now + rules.STATE_LIFETIME
    state = rules.State(org_id, member_id, network, nonce, int(expires.timestamp()))
    flow = OAuthStateModel(
        org_id,
        records.state_key(nonce),
        member_id=member_id,
        network=network,
        verifier=verifier,
        created_at=now,
        expires=expires,
    )
    if not records.start_flow(flow):
        raise Unavailable("Could not start connecting; retry.")  # a nonce collision: practically never
    signed = rules.sign_state(state, keys.read_key(config.current().oauth_state_secret_arn))
    return rules.authorize_url(
        provider.authorize_url,
        network,
        client.client_id,
        config.current().oauth_redirect_url,
        signed,
        verifier,
    )


def finish(
    org_id: str, member_id: str, network: str, code: str, state: str, now: datetime
) -> ConnectionStatus:
    """Exchange the code the provider sent back for tokens, learn who the member is there, store it.

    A state we did not sign is refused first; then one whose attempt is gone (used, or expired and
    removed; looked up in the caller's org) is a 409 whoever sends it; only then is an open attempt
    checked to be the caller's, for this network, and not expired."""
    try:
        checked = rules.read_state(state, keys.read_key(config.current().oauth_state_secret_arn))
    except rules.BadState as exc:
        raise _invalid("state", f"{NOT_OPEN}: {exc}") from None
    flow = records.find_flow(org_id, checked.nonce)
    if flow is None:
        raise Conflict("This connection attempt was already used; start again.", code="state_used")
    try:
        rules.check_state(checked, org_id, member_id, network, now)
    except rules.BadState as exc:
        raise _invalid("state", f"{NOT_OPEN}: {exc}") from None
    provider = _provider(checked.network)
    client = _client(provider)
    try:
        tokens = oauth.exchange(provider, client, code, config.current().oauth_redirect_url, flow.verifier)
        answer = oauth.who(provider, tokens.access_token, rules.WHO_QUERY.get(checked.network, ""))
        author = rules.author_of(checked.network, answer)
        sealed = _seal(org_id, member_id, checked.network, tokens)  # a ValueError for tokens over 4 KB
    except oauth.ProviderRefused:
        records.drop_flow(flow)
        raise _invalid("code", f"refused by {checked.network}: start connecting again") from None
    except (oauth.ProviderUnavailable, ValueError):
        raise Unavailable(f"{checked.network} did not answer as expected; start again shortly.") from None
    item = ConnectionModel(
        org_id,
        records.connection_key(member_id, checked.network),
        member_id=member_id,
        network=checked.network,
        author=author,
        status="connected",
        sealed=sealed,
        expires_at=now + timedelta(seconds=tokens.expires_in),
        refreshable=1 if tokens.refresh_token else 0,
        followers=rules.followers_of(checked.network, answer),
        connected_at=now,
        updated_at=now,
    )
    if not records.complete(flow, item):
        raise Conflict("This connection attempt was already used; start again.", code="state_used")
    return _status(checked.network, item, now)


def _status(network: str, item: ConnectionModel | None, now: datetime) -> ConnectionStatus:
    offered = network in config.current().providers
    if item is None:
        return ConnectionStatus(network, offered, connected=False, needs_reconnect=False)
    expired = item.expires_at <= now and not item.refreshable
    needs = item.status == "needs_reconnect" or expired
    return ConnectionStatus(
        network,
        offered,
        connected=not needs,
        needs_reconnect=needs,
        reason=item.reason if item.status == "needs_reconnect" else ("expired" if expired else None),
        expires_at=None if item.refreshable else item.expires_at,
        reconnect_soon=not needs
        and rules.reconnect_soon(network, item.expires_at, bool(item.refreshable), now),
        connected_at=item.connected_at,
    )


def listing(org_id: str, member_id: str, now: datetime) -> list[ConnectionStatus]:
    """Each network with an API: whether it is offered, connected, and until when — never a token."""
    found = {item.network: item for item in records.of_member(org_id, member_id)}
    return [_status(network, found.get(network), now) for network in rules.API_NETWORKS]


def disconnect(org_id: str, member_id: str, network: str, now: datetime) -> None:
    """Revoke at the provider where it can (best effort), then delete the tokens. Repeats are no-ops."""
    if network not in rules.API_NETWORKS:
        raise NotFound(f"{network} has no connected account")
    item = records.find(org_id, member_id, network)
    if item is None:
        return
    provider = config.current().providers.get(network)
    if provider is not None and provider.revoke_url:
        try:
            token = _open(item).get("access_token")
            if token:
                oauth.revoke(provider, _client(provider), token)
        except (oauth.ProviderRefused, oauth.ProviderUnavailable, vault.VaultError):
            pass  # the tokens are deleted below whatever the provider says; they expire there
    records.remove(org_id, member_id, network)


def access(org_id: str, member_id: str, network: str, now: datetime) -> Access:
    """A usable token and author for posting as the member, refreshing X's when it is about to expire."""
    item = records.find(org_id, member_id, network)
    if item is None:
        raise NeedsReconnect(network, "not_connected")
    if item.status == "needs_reconnect":
        raise NeedsReconnect(network, item.reason or "needs_reconnect")
    try:
        tokens = _open(item)
    except vault.VaultError:
        mark_needs_reconnect(org_id, member_id, network, "unreadable", now)
        raise NeedsReconnect(network, "unreadable") from None
    token = tokens.get("access_token") or ""
    if not rules.needs_refresh(item.expires_at, now):
        return Access(network, token, item.author)
    refresh_token = tokens.get("refresh_token")
    if not refresh_token:
        mark_needs_reconnect(org_id, member_id, network, "expired", now)
        raise NeedsReconnect(network, "expired")
    provider = _provider(network)
    try:
        fresh = oauth.refresh(provider, _client(provider), refresh_token)
        kept = oauth.Tokens(fresh.access_token, fresh.expires_in, fresh.refresh_token or refresh_token)
        sealed = _seal(org_id, member_id, network, kept)  # a ValueError for tokens over 4 KB
    except oauth.ProviderRefused:
        mark_needs_reconnect(org_id, member_id, network, "refresh_refused", now)
        raise NeedsReconnect(network, "refresh_refused") from None
    except (oauth.ProviderUnavailable, ValueError):
        raise Unavailable(f"{network} did not answer as expected; retry shortly.") from None
    expires_at = now + timedelta(seconds=fresh.expires_in)
    kept_count = int(item.followers) if item.followers is not None else None
    followers = _followers_now(provider, network, fresh.access_token, kept_count)
    if not records.replace_tokens(item, sealed, expires_at, now, followers):
        return access(org_id, member_id, network, now)  # another request refreshed first: use its tokens
    return Access(network, fresh.access_token, item.author)


def _followers_now(provider: Provider, network: str, token: str, kept: int | None) -> int | None:
    """The follower count the network reports now, asked when the tokens are refreshed; the one kept if
    it does not answer (posting does not wait on a count)."""
    if network not in rules.WHO_QUERY:
        return kept
    try:
        found = rules.followers_of(network, oauth.who(provider, token, rules.WHO_QUERY[network]))
    except (oauth.ProviderRefused, oauth.ProviderUnavailable):
        return kept
    return found if found is not None else kept


def mark_needs_reconnect(org_id: str, member_id: str, network: str, reason: str, now: datetime) -> None:
    """The provider refused the token (revoked, expired): the member is asked to connect again."""
    records.mark_needs_reconnect(org_id, member_id, network, reason, now)


def connected_counts(org_id: str) -> Counter[str]:
    """How many members have a working connection per network (admins)."""
    return records.count_by_network(org_id)
