"""Click quality: which hits are humans, which humans are unique, and which clicks earn points."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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


# Where one visitor ends: an IPv4 address, or an IPv6 /64 (what one household or phone is given).
IPV6_VISITOR_PREFIX = 64
# The wider network a capped number of rewarded visitors may come from: an IPv4 /24, an IPv6 /48.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 48
# At most this many clicks from one network earn a share points in a day (decision 82).
NETWORK_CAP = 3


@dataclass(frozen=True)
class Visitor:
    """The keyed hashes a click carries instead of its address and User-Agent (decision 82).

    `visitor` stands for the address (an IPv6 /64), `network` for its wider network (a /24 or /48),
    `agent` for the User-Agent (only to show, as evidence, how many agents one address used). All
    three are keyed by the day's key, derived from the secret and the UTC day, so they cannot be
    joined across days nor reversed without the secret.
    """

    visitor: str
    network: str
    agent: str


def _hmac(key: bytes, label: bytes, text: str) -> str:
    return hmac.new(key, label + b"\n" + text.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def _address_and_network(ip: str) -> tuple[str, str]:
    """The text of the visitor's address (an IPv6 /64) and of its wider network; an address that does
    not parse stands for itself in both."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ip, ip
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if isinstance(address, ipaddress.IPv4Address):
        return str(address), str(ipaddress.ip_network(f"{address}/{IPV4_NETWORK_PREFIX}", strict=False))
    visitor = ipaddress.ip_network(f"{address}/{IPV6_VISITOR_PREFIX}", strict=False)
    return str(visitor), str(ipaddress.ip_network(f"{address}/{IPV6_NETWORK_PREFIX}", strict=False))


def day_secret(secret: bytes, at: datetime) -> bytes:
    """The day's key: the secret rotated every UTC day, so a visitor's hash is new each day."""
    if not secret:
        raise ValueError("visitor keys need a non-empty secret")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be timezone-aware")
    day = at.astimezone(UTC).date().isoformat()
    return hmac.new(secret, b"visitor-day\n" + day.encode(), hashlib.sha256).digest()


def visitor_keys(secret: bytes, ip: str, user_agent: str, at: datetime) -> Visitor:
    """The hashes standing for a click's visitor on the UTC day of `at`: a changed User-Agent from the
    same address is the same visitor; the raw IP is never kept. `secret` must be non-empty (32 random
    bytes): without it every IPv4 address could be hashed and compared."""
    key = day_secret(secret, at)
    address, network = _address_and_network(ip)
    return Visitor(
        visitor=_hmac(key, b"address", address),
        network=_hmac(key, b"network", network)[:16],
        agent=_hmac(key, b"agent", user_agent)[:16],
    )


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


def earns_points(
    rewarded_clicks_today: int, daily_cap: int, from_network_today: int = 0, network_cap: int = NETWORK_CAP
) -> bool:
    """Whether one more unique human click on a share is rewarded today: earns the sharer `click`
    points and counts in a clicks contest.

    `click_daily_cap_per_share` is read as a number of clicks, not points: the first
    `daily_cap` unique human clicks a share gets in an org-local day (see `day_key`) each earn
    the org's `click` points, and later ones that day earn nothing. A cap of 0 turns click
    points off. Of those, at most `network_cap` may come from one network (`Visitor.network`,
    `from_network_today` of them rewarded already), so one person cannot fill the cap alone.
    """
    return rewarded_clicks_today < daily_cap and from_network_today < network_cap


def network_tag(network: str, n: int) -> str:
    """The mark of the `n`-th (from 0) rewarded click from `network` on a share's day counter."""
    return f"{network}:{n}"


def rewarded_from(tags: Iterable[str], network: str) -> int:
    """How many clicks from `network` were rewarded, counted on the day counter's tags."""
    prefix = f"{network}:"
    return sum(1 for tag in tags if tag.startswith(prefix))


# --- evidence of a farmed share (the admins' suspicious-shares view) --------------------------------

MANY_AGENTS = 3  # distinct User-Agents from one address in a day that look like one person faking many
BURST_WINDOW = timedelta(seconds=60)
BURST_CLICKS = 10  # human clicks within BURST_WINDOW that look scripted
REPEATS = 3  # human clicks from addresses already counted that day that put a share on the list


@dataclass(frozen=True)
class Hit:
    """A click event as evidence reads it (`agent` is None on events recorded before it was kept)."""

    at: datetime
    visitor: str
    agent: str | None
    bot: bool


@dataclass(frozen=True)
class Evidence:
    """What a share's click events say: how many agents one address used, the densest burst."""

    clicks: int
    human_clicks: int
    addresses: int
    max_agents_per_address: int
    addresses_with_many_agents: int
    burst: int  # the most human clicks within BURST_WINDOW
    burst_at: datetime | None
    reasons: tuple[str, ...]


def evidence(hits: Iterable[Hit], capped_clicks: int = 0, repeat_clicks: int = 0) -> Evidence:
    """The evidence of `hits` (one share's click events); `reasons` names each rule it trips:
    `many_agents`, `burst`, `capped` (clicks a cap left unrewarded), `repeats` (human clicks from an
    address already counted that day)."""
    every = list(hits)
    human = sorted((h for h in every if not h.bot), key=lambda h: h.at)
    agents: dict[str, set[str]] = {}
    for hit in human:
        agents.setdefault(hit.visitor, set()).update([hit.agent] if hit.agent else [])
    most = max((len(a) for a in agents.values()), default=0)
    many = sum(1 for a in agents.values() if len(a) >= MANY_AGENTS)
    burst, burst_at, start = 0, None, 0
    for end, hit in enumerate(human):
        while hit.at - human[start].at >= BURST_WINDOW:
            start += 1
        if end - start + 1 > burst:
            burst, burst_at = end - start + 1, human[start].at
    reasons = tuple(
        name
        for name, tripped in (
            ("many_agents", most >= MANY_AGENTS),
            ("burst", burst >= BURST_CLICKS),
            ("capped", capped_clicks > 0),
            ("repeats", repeat_clicks >= REPEATS),
        )
        if tripped
    )
    return Evidence(len(every), len(human), len(agents), most, many, burst, burst_at, reasons)
