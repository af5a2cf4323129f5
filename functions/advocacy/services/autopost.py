"""The poster: one auto-post from the queue, posted through post now's own path (services.posting).

Exactly once comes from there: the attempt is recorded before the network is called, the share and
its points written once after it accepted, so a message delivered again never posts or awards twice.
Here each answer becomes the auto-post's final state (`posted`, `failed` with the reason,
`needs_reconnect`), or a `Later` for the handler to put the message back for (decision 81)."""

from __future__ import annotations

from datetime import datetime

from aws_lambda_powertools.metrics import MetricUnit

from advocacy.domain import autoshare as rules
from advocacy.domain.errors import DomainError, Unavailable
from advocacy.observability import logger, metrics
from advocacy.services import posting
from advocacy.services.sharing import Shared
from advocacy.store import autoshare_records as records
from advocacy.store import member_records
from advocacy.store.autoshare_model import AutoPostModel
from advocacy.store.models import MemberModel


class Later(Exception):
    """Not posted yet: deliver the message again after `seconds` (the network asked us to wait)."""

    def __init__(self, reason: str, seconds: int) -> None:
        super().__init__(f"{reason}: again in {seconds} s")
        self.reason = reason
        self.seconds = seconds


def deliver(
    org_id: str,
    sk: str,
    receives: int,
    now: datetime,
    endpoints: dict[str, posting.Endpoint],
) -> str:
    """Post one auto-post; its state afterwards. Raises Later to be tried again."""
    post = records.find_post(org_id, sk)
    if post is None or post.state in rules.FINAL:
        return post.state if post is not None else "gone"  # delivered again after it settled
    member = member_records.find_member(org_id, post.member_id, consistent=True)
    endpoint = endpoints.get(post.network)
    stop = _stopped(post, member, endpoint)
    if stop or member is None or endpoint is None:
        return _settle(post, rules.FAILED, now, reason=stop or "not_offered")
    try:
        done = posting.publish(member, post.content_id, post.network, None, now, endpoint)
    except Unavailable as exc:  # a refresh the network did not answer, DynamoDB busy: try again
        raise Later("unavailable", rules.backoff_seconds(exc.retry_after or 0, receives)) from exc
    except DomainError as exc:  # the content went away, expired or no longer reaches the member
        return _settle(post, rules.FAILED, now, reason=exc.code)
    if isinstance(done, Shared):
        share = done.share
        return _settle(
            post, rules.POSTED, now, post_id=share.post_id, post_url=share.post_url, share_id=share.share_id
        )
    if done.kind == "later":
        raise Later(done.reason, rules.backoff_seconds(done.seconds, receives))
    if done.kind == "needs_reconnect":
        return _settle(post, rules.NEEDS_RECONNECT, now, reason=done.reason)
    return _settle(post, rules.FAILED, now, reason=done.reason)


def _stopped(
    post: AutoPostModel, member: MemberModel | None, endpoint: posting.Endpoint | None
) -> str | None:
    """Why the post is no longer wanted: the member left, turned auto-share off for the network, or
    the program stopped offering it."""
    if member is None or member.status != "active":
        return "member_inactive"
    prefs = records.find_prefs(post.org_id, post.member_id)
    if prefs is None or not prefs.enabled or post.network not in (prefs.networks or set()):
        return "opted_out"
    return None if endpoint is not None else "not_offered"


def _settle(post: AutoPostModel, state: str, now: datetime, **marks: str | None) -> str:
    if records.settle(post, state, now, **marks):
        metrics.add_metric(name=f"AutoPost_{state}", unit=MetricUnit.Count, value=1)
        logger.info("auto-post settled", extra={"state": state, "reason": marks.get("reason")})
    return state


def give_up(org_id: str, sk: str, reason: str, now: datetime) -> None:
    """The last delivery the queue allows still had to wait: the auto-post fails with that reason
    (the message goes on to the dead-letter queue, which alarms)."""
    post = records.find_post(org_id, sk)
    if post is not None:
        _settle(post, rules.FAILED, now, reason=reason)
