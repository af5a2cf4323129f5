"""Click quality: which hits are humans, which humans are unique, and which clicks earn points."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# User-Agent fragments of link-preview fetchers, crawlers and scripted clients. Each entry is a
# regular expression matched case-insensitively anywhere in the User-Agent. Named fetchers are
# listed even where a generic marker would catch them, so that deleting a marker never silently
# lets a well-known preview bot count as a human. Add new fetchers to the section they belong to.
BOT_PATTERNS: tuple[str, ...] = (
    # Link previews on social networks and messengers: they fetch every shared link once.
    "LinkedInBot",
    "Twitterbot",
    "facebookexternalhit",
    "Facebot",
    "Slackbot",  # also Slackbot-LinkExpanding
    "Slack-ImgProxy",
    "WhatsApp",  # the preview fetcher; WhatsApp opens links in the phone's own browser
    "TelegramBot",
    "Discordbot",
    "redditbot",
    "Pinterestbot",
    "Pinterest/0\\.",  # Pinterest's older fetcher
    "vkShare",
    "Embedly",
    "Iframely",
    # Microsoft Teams and Skype unfurl links as SkypeUriPreview or MicrosoftPreview. A bare
    # "Teams" is deliberately absent: the Teams desktop client's own (human) UA contains "Teams/".
    "SkypeUriPreview",
    "MicrosoftPreview",
    # Search engines.
    "Googlebot",
    "AdsBot-Google",
    "Mediapartners-Google",
    "Google-InspectionTool",
    "bingbot",
    "Applebot",
    "DuckDuckBot",
    "YandexBot",
    "Baiduspider",
    "Yahoo! Slurp",
    # Generic markers. "bot" is matched only as its own token ("... bot ...", "bot/1.0") or as a
    # suffix carrying a version ("SemrushBot/7", "MJ12bot/v1"): a bare substring would flag
    # ordinary phones such as "CUBOT P30" or "CUBOT_X30" whose model name merely ends in "bot".
    r"\bbot\b",
    r"bot/",
    "crawler",
    "spider",
    "preview",
    "headless",  # HeadlessChrome and friends
    # Crawlers conventionally link their info page as "+http://..."; browsers never do.
    r"\+https?://",
    # Scripted HTTP clients.
    r"python-requests",
    r"python-urllib",
    r"python-httpx",
    r"aiohttp",
    r"\bcurl/",
    r"\bwget/",
    r"go-http-client",
    r"okhttp",
    r"libwww-perl",
    r"Apache-HttpClient",
    r"node-fetch",
    r"\baxios/",
    r"\bJava/",
    r"Scrapy",
)

_BOT_RE = re.compile("|".join(f"(?:{p})" for p in BOT_PATTERNS), re.IGNORECASE)

# How long a visitor's click on one code stays "the same" click for the unique count.
UNIQUE_WINDOW = timedelta(hours=24)


def is_bot(user_agent: str | None) -> bool:
    """Whether a hit comes from a preview fetcher, crawler or script rather than a person.

    A missing or blank User-Agent counts as a bot: every real browser sends one.
    """
    if not user_agent or not user_agent.strip():
        return True
    return _BOT_RE.search(user_agent) is not None


def visitor_key(secret: bytes, ip: str, user_agent: str) -> str:
    """A keyed hash standing for one visitor, so the raw IP is never stored.

    HMAC-SHA256 (hex) over the IP and the User-Agent; the IP is length-prefixed so no pair of
    inputs can frame to the same message. Without the secret the key cannot be reversed by
    hashing every IPv4 address, so `secret` must be non-empty (use 32 random bytes).
    """
    if not secret:
        raise ValueError("visitor_key needs a non-empty secret")
    ip_bytes = ip.encode("utf-8", "surrogatepass")
    message = b"%d:%b\n%b" % (len(ip_bytes), ip_bytes, user_agent.encode("utf-8", "surrogatepass"))
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def is_unique(last_unique_at: datetime | None, now: datetime) -> bool:
    """Whether a human click at `now` is a unique click for its visitor and code.

    True when the visitor has no earlier unique click on the code, or the last one was at least
    `UNIQUE_WINDOW` ago: a click exactly 24 h after the last unique one counts again. The window
    runs from the last *unique* click, so a visitor clicking every hour counts once a day.
    """
    return last_unique_at is None or now - last_unique_at >= UNIQUE_WINDOW


def day_key(now: datetime, timezone: str) -> str:
    """The calendar day (`YYYY-MM-DD`) of `now` in the org's IANA time zone, for daily caps."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(timezone)).date().isoformat()


def earns_points(rewarded_clicks_today: int, daily_cap: int) -> bool:
    """Whether one more unique human click on a share earns the sharer `click` points today.

    `click_daily_cap_per_share` is read as a number of clicks, not points: the first
    `daily_cap` unique human clicks a share gets in an org-local day (see `day_key`) each earn
    the org's `click` points, and later ones that day earn nothing. A cap of 0 turns click
    points off.
    """
    return rewarded_clicks_today < daily_cap
