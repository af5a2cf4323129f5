"""Post now: a member's share published through their connected LinkedIn or X account.

The share is the same as an intent's (the same checks, own words, tracked link and points, once), written
only when the network has accepted the post, and then carrying its id and URL (decision 72). A post
about to go out is recorded first with its short code; while that record stands the same share is never
sent again, so an answer lost after the network published cannot make a second post (decision 73).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.adapters import linkedin, x
from advocacy.domain import links, posting
from advocacy.domain.errors import BadGateway, Conflict, FieldIssue, Unavailable, ValidationFailed
from advocacy.domain.ids import new_id
from advocacy.observability import logger, metrics
from advocacy.services import connections
from advocacy.services.sharing import Prepared, Shared, prepare, shared, write_share
from advocacy.store import shares
from advocacy.store.models import MemberModel
from advocacy.store.post_attempt_model import PostAttemptModel

DESCRIPTION_LIMIT = 256  # the article card's description: LinkedIn shows two lines of it


@dataclass(frozen=True)
class Endpoint:
    """Where a post goes: the network's API (the real one in AWS, the local fake in `make dev`), the
    program's public base URL its tracked link points to and, for LinkedIn, the API version the posts
    are written for."""

    api_base: str
    public_base: str
    linkedin_version: str = ""


NETWORK_NAMES = {"linkedin": "LinkedIn", "x": "X"}


@dataclass(frozen=True)
class NotPosted:
    """Why a post through an account did not go out (or may have): `kind` is `failed` (`reason` a key
    of domain.posting.REASONS, or `already_shared`), `needs_reconnect`, `later` (try again after
    `seconds`) or `unconfirmed` (sent, no answer: never sent again)."""

    kind: str
    reason: str
    seconds: int = 0


def post_now(
    member: MemberModel, content_id: str, network: str, message: str | None, now: datetime, endpoint: Endpoint
) -> Shared:
    """Publish the share through the member's account, then record it with the post; a repeat answers
    the recorded share (nothing posted or awarded again)."""
    done = publish(member, content_id, network, message, now, endpoint)
    if isinstance(done, Shared):
        return done
    name = NETWORK_NAMES[network]
    reason = posting.REASONS.get(done.reason, done.reason)
    if done.kind == "later":
        raise Unavailable(f"{name}: {reason} Try again later.", retry_after=done.seconds)
    if done.kind == "needs_reconnect":
        raise Conflict(f"Reconnect {name} in your profile to post there.", code="needs_reconnect")
    if done.kind == "unconfirmed":
        raise Conflict(UNCONFIRMED[done.reason].format(name=name), code="post_unconfirmed")
    if done.reason == "already_shared":
        raise Conflict(f"You already shared this to {name} from its share page.", code="already_shared")
    if done.reason == "duplicate":
        raise Conflict(f"{name}: {reason} Change the text to post it.", code="post_duplicate")
    if done.reason == "rejected":
        raise ValidationFailed(f"{name}: {reason}", [FieldIssue("message", f"refused by {name}")])
    raise BadGateway(f"{name}: {reason} Share it from its share page instead.")


UNCONFIRMED = {
    "timeout": "{name} did not answer in time: the post may have been published. Look for it on your "
    "{name} profile before sharing again.",
    "earlier": "An earlier post of this to {name} was sent but not confirmed; look for it on your "
    "{name} profile.",
}


def publish(
    member: MemberModel, content_id: str, network: str, message: str | None, now: datetime, endpoint: Endpoint
) -> Shared | NotPosted:
    """Post now's one path, shared by the API and the auto-share poster: the share (new, or the one
    recorded before) or why there is none. Raises only for the checks every share passes (content
    gone, a network not offered, the text rules) and for AWS failures."""
    if network not in posting.POSTABLE:
        raise ValidationFailed(
            "Only LinkedIn and X posts can be made through a connected account.",
            [FieldIssue("network", "not postable through an account")],
        )
    ready = prepare(member, content_id, network, message, now)
    org_id, member_id = member.org_id, member.member_id
    existing = shares.find(org_id, shares.share_key(member_id, content_id, network))
    if existing is not None:
        if existing.post_id:
            return shared(existing, ready, created=False)
        return NotPosted("failed", "already_shared")
    try:
        access = connections.access(org_id, member_id, network, now)
    except connections.NeedsReconnect as exc:
        return NotPosted("needs_reconnect", exc.reason)
    attempt = PostAttemptModel(
        org_id,
        shares.attempt_key(member_id, content_id, network),
        attempt_id=new_id(),
        member_id=member_id,
        content_id=content_id,
        network=network,
        code=links.new_code(),
        state="sending",
        started_at=now,
    )
    if not _claim(attempt):
        return _earlier(member, ready, now)
    outcome = _send(access, ready, links.tracked_url(endpoint.public_base, attempt.code), endpoint, now)
    return _settle(member, ready, attempt, outcome, now)


def _claim(attempt: PostAttemptModel) -> bool:
    """Record the attempt; when DynamoDB's answer is lost, it is ours if the item carries our id."""
    try:
        return shares.claim_attempt(attempt)
    except Exception:
        found = shares.find_attempt(attempt.org_id, attempt.share_key)
        if found is None or found.attempt_id != attempt.attempt_id:
            raise
        return True


def _earlier(member: MemberModel, ready: Prepared, now: datetime) -> Shared | NotPosted:
    """Another request claimed this post: its share if it is recorded, the share written now if the
    network accepted the post but the share was not written, else say the post is not confirmed."""
    org_id, content_id = member.org_id, ready.item.content_id
    done = shares.find(org_id, shares.share_key(member.member_id, content_id, ready.network))
    if done is not None and done.post_id:
        return shared(done, ready, created=False)
    attempt = shares.find_attempt(org_id, shares.attempt_key(member.member_id, content_id, ready.network))
    if attempt is not None and attempt.state == "posted" and attempt.post_id and attempt.post_url:
        return _record(member, ready, attempt, posting.Posted(attempt.post_id, attempt.post_url), now)
    return NotPosted("unconfirmed", "earlier")


def _record(
    member: MemberModel, ready: Prepared, attempt: PostAttemptModel, post: posting.Posted, now: datetime
) -> Shared:
    """The share of a post the network accepted, once. Should its write fail, the attempt keeps the
    post so that a retry writes the share without posting again."""
    try:
        made, created = write_share(member, ready, now, attempt.code, (post.post_id, post.url))
    except Exception:
        if attempt.state != "posted":
            shares.posted(attempt, post.post_id, post.url)
        raise
    if not created and not made.post_id:  # an intent share committed meanwhile: it carries the post
        shares.attach_post(made, post.post_id, post.url)
        made.post_id, made.post_url = post.post_id, post.url
    try:
        shares.drop_attempt(attempt)
    except Exception:  # left over, harmless: a repeat finds the share first
        logger.warning("post attempt left over", extra={"network": ready.network})
    return shared(made, ready, created)


def _send(
    access: connections.Access, ready: Prepared, tracked: str, endpoint: Endpoint, now: datetime
) -> posting.Outcome:
    if ready.network == "linkedin":
        description = (ready.item.body or "").strip()[:DESCRIPTION_LIMIT]
        body = linkedin.article_post(access.author, ready.text, tracked, ready.item.title, description)
        return linkedin.post(endpoint.api_base, endpoint.linkedin_version, access.token, body, now)
    return x.post(endpoint.api_base, access.token, posting.x_text(ready.text, tracked), now)


def _settle(
    member: MemberModel,
    ready: Prepared,
    attempt: PostAttemptModel,
    outcome: posting.Outcome,
    now: datetime,
) -> Shared | NotPosted:
    """The one place each provider answer becomes a state: a share with its points, or why not."""
    if isinstance(outcome, posting.Posted):
        return _record(member, ready, attempt, outcome, now)
    # Nothing is kept of a post that did not go out (decision 72): the reason is counted and logged.
    metrics.add_metric(name="PostNotPublished", unit=MetricUnit.Count, value=1)
    logger.info("post not published", extra={"network": ready.network, "reason": outcome.reason})
    if isinstance(outcome, posting.Unconfirmed):
        shares.unconfirmed(attempt)
        return NotPosted("unconfirmed", "timeout")
    shares.drop_attempt(attempt)  # nothing was published: the member may try again
    if isinstance(outcome, posting.Later):
        return NotPosted("later", outcome.reason, outcome.seconds)
    if outcome.kind == "needs_reconnect":
        connections.mark_needs_reconnect(member.org_id, member.member_id, ready.network, outcome.reason, now)
        return NotPosted("needs_reconnect", outcome.reason)
    return NotPosted("failed", outcome.reason)
