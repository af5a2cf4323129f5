"""The `digest` job: mail each member who asked for a daily or weekly digest the new content targeted
at them since their last one, at most once per member per digest period (org time zone).

Weekly digests go out on the org's `digest_weekday` (Monday unless an admin chose another). Members
who chose `off`, are deactivated or have nothing new get nothing. A digest is in the member's
language (English until they choose one in the web app). A period is claimed on the member before
the mail is sent: a second run for the same day finds it taken; a send that fails gives it back for
the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from advocacy.domain.content import effective_status, is_visible_to
from advocacy.domain.digest_mail import digest_mail
from advocacy.domain.languages import language_of
from advocacy.domain.links import feed_item_url
from advocacy.domain.orgs import WEEKDAYS
from advocacy.domain.periods import period_key
from advocacy.domain.times import utc_text
from advocacy.observability import logger
from advocacy.store import content_items, digests, mail, member_records, orgs
from advocacy.store.models import ContentModel, MemberModel, OrgModel

LOOKBACK = timedelta(days=7)  # a first digest covers at most the last week


def run(now: datetime, sender: str, web_url: str) -> dict[str, Any]:
    """Each due member's digest from `sender`, its items linking to the web app's feed at `web_url`."""
    sent = 0
    for org in orgs.all_orgs():
        sent += _org(org, now, sender, web_url)
    return {"job": "digest", "time": utc_text(now), "sent": sent}


def _period(choice: str, now: datetime, timezone: str, weekday: str) -> str | None:
    """The digest period `now` falls in, or None when this member's digest is not due today. A weekly
    period is the week (from Monday) of the org's `weekday`: moving the day within a week sends
    nothing more that week."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    if choice == "daily":
        return "day:" + today.isoformat()
    if choice == "weekly" and WEEKDAYS[today.weekday()] == weekday:
        return "week:" + period_key("week", now, timezone)
    return None


def _org(org: OrgModel, now: datetime, sender: str, web_url: str) -> int:
    recent = [
        item
        for item in content_items.published_since(org.org_id, now - LOOKBACK)
        if effective_status(item.status, item.publish_at, item.expires_at, now) == "published"
    ]
    if not recent:
        return 0
    sent = 0
    for member in member_records.all_members(org.org_id):
        if member.status != "active" or member.digest == "off":
            continue
        period = _period(member.digest, now, org.timezone, org.digest_weekday)
        if period is None or period == member.digest_period:
            continue
        since = max(member.last_digest_at or member.created_at, now - LOOKBACK)
        news = [
            item
            for item in recent
            if item.published_at
            and item.published_at > since
            and is_visible_to(set(item.groups or ()), set(member.groups or ()))
        ]
        if news and _send(org, member, news, period, now, sender, web_url):
            sent += 1
    return sent


def _send(
    org: OrgModel,
    member: MemberModel,
    news: list[ContentModel],
    period: str,
    now: datetime,
    sender: str,
    web_url: str,
) -> bool:
    previous = member.digest_period
    if not digests.claim(member, period):
        return False
    items = [(item.title, feed_item_url(web_url, item.content_id)) for item in news]
    letter = digest_mail(language_of(member.language), member.name, org.name, items)
    try:
        mail.send(sender, member.email, letter.subject, letter.body)
    except Exception:
        logger.exception("digest not sent", extra={"member_id": member.member_id})
        digests.release(member, period, previous)
        raise
    digests.sent(member, now)
    return True
