from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfoNotFoundError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.clicks import (
    BOT_PATTERNS,
    BURST_CLICKS,
    BURST_WINDOW,
    NETWORK_CAP,
    UNIQUE_WINDOW,
    Hit,
    day_key,
    earns_points,
    evidence,
    is_bot,
    is_unique,
    network_tag,
    rewarded_from,
    visitor_keys,
)

SECRET = b"s" * 32

BOT_UAS = [
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Twitterbot/1.0",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Facebot",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Slack-ImgProxy (+https://api.slack.com/robots)",
    "WhatsApp/2.23.20.0 A",
    "TelegramBot (like TwitterBot)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com",
    "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)",
    "Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)",
    "Pinterest/0.2 (+http://www.pinterest.com/bot.html)",
    "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
    "Iframely/1.3.1 (+https://iframely.com/docs/about)",
    "vkShare; +http://vk.com/dev/Share",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/112.0.0.0 Safari/537.36 Edg/112.0.1722.48 MicrosoftPreview/2.0 +https://aka.ms/MicrosoftPreview",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
    "Mozilla/5.0 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
    "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "some-crawler 1.0",
    "link preview service",
    "python-requests/2.31.0",
    "Python-urllib/3.11",
    "curl/8.4.0",
    "Wget/1.21.4",
    "Go-http-client/1.1",
    "okhttp/4.12.0",
    "axios/1.6.2",
    "Java/17.0.2",
    "a bot",
    "LINKEDINBOT/1.0",
]

HUMAN_UAS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    # Phones whose model name ends in "bot" must not be taken for bots.
    "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 10; CUBOT_X30 Build/QP1A.190711.020; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/118.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 6.0; CUBOT DINOSAUR Build/MRA58K) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/96.0.4664.104 Mobile Safari/537.36",
    # In-app browsers of the networks themselves are people, not their preview fetchers.
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 [LinkedInApp]/9.29.8",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 [FBAN/FBIOS;FBAV/460.0.0.37.104;FBBV/123;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS]",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 "
    "Mobile Safari/537.36 Instagram 330.0.0.40.92 Android",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Teams/1.6.00.4472 Chrome/98.0.4758.141 Electron/17.4.7 Safari/537.36",
    "Mozilla/5.0 (Linux; Android 12; Robotron 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile",
]


@pytest.mark.parametrize("ua", BOT_UAS)
def test_preview_fetchers_crawlers_and_scripts_are_bots(ua: str) -> None:
    assert is_bot(ua)


@pytest.mark.parametrize("ua", HUMAN_UAS)
def test_ordinary_browsers_are_human(ua: str) -> None:
    assert not is_bot(ua)


@pytest.mark.parametrize("ua", [None, "", "   ", "\t"])
def test_missing_user_agent_is_a_bot(ua: str | None) -> None:
    assert is_bot(ua)


def test_every_named_fetcher_is_detected_inside_a_browser_like_ua() -> None:
    names = [p for p in BOT_PATTERNS if re.fullmatch(r"[A-Za-z][A-Za-z0-9 !.-]*", p)]
    assert len(names) >= 20
    for name in names:
        assert is_bot(f"Mozilla/5.0 (compatible; {name.lower()}) Safari/537.36"), name


@given(st.sampled_from(HUMAN_UAS), st.sampled_from(BOT_UAS))
def test_a_bot_marker_anywhere_makes_a_bot(human: str, bot: str) -> None:
    assert is_bot(f"{human} {bot}")


# --- visitor key ------------------------------------------------------------------------------


DAY = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"


def test_visitor_keys_are_stable() -> None:
    # Pinned: changing the derivation would silently recount every visitor as new.
    keys = visitor_keys(b"k" * 32, "203.0.113.7", "Mozilla/5.0", DAY)
    assert keys == visitor_keys(b"k" * 32, "203.0.113.7", "Mozilla/5.0", DAY + timedelta(hours=14))
    assert re.fullmatch(r"[0-9a-f]{64}", keys.visitor)
    assert re.fullmatch(r"[0-9a-f]{16}", keys.network)
    assert re.fullmatch(r"[0-9a-f]{16}", keys.agent)


def test_a_new_user_agent_from_the_same_address_is_the_same_visitor() -> None:
    # The finding: thirty browser-like agents from one address were thirty unique visitors.
    agents = [f"{CHROME} Variant/{n}" for n in range(30)]
    keys = [visitor_keys(SECRET, "203.0.113.7", ua, DAY) for ua in agents]
    assert len({k.visitor for k in keys}) == 1
    assert len({k.network for k in keys}) == 1
    assert len({k.agent for k in keys}) == 30  # kept as evidence only


def test_visitor_keys_hide_the_ip_and_depend_on_the_address() -> None:
    key = visitor_keys(SECRET, "203.0.113.7", "UA", DAY)
    assert "203" not in key.visitor and "113" not in key.visitor
    assert key.visitor != visitor_keys(SECRET, "203.0.113.8", "UA", DAY).visitor
    assert key.visitor != visitor_keys(b"t" * 32, "203.0.113.7", "UA", DAY).visitor
    assert key.agent != visitor_keys(SECRET, "203.0.113.7", "UA2", DAY).agent


def test_the_key_rotates_every_utc_day() -> None:
    today = visitor_keys(SECRET, "203.0.113.7", "UA", DAY)
    tomorrow = visitor_keys(SECRET, "203.0.113.7", "UA", DAY + timedelta(days=1))
    assert today.visitor != tomorrow.visitor and today.network != tomorrow.network
    late = datetime(2026, 12, 3, 23, 59, tzinfo=timezone(timedelta(hours=-5)))  # 04:59 UTC the 4th
    assert visitor_keys(SECRET, "203.0.113.7", "UA", late) == tomorrow


def test_one_ipv6_64_is_one_visitor_and_one_48_one_network() -> None:
    a = visitor_keys(SECRET, "2001:db8:1:2::1", "UA", DAY)
    assert a.visitor == visitor_keys(SECRET, "2001:db8:1:2:ffff::9", "UA", DAY).visitor
    other_64 = visitor_keys(SECRET, "2001:db8:1:3::1", "UA", DAY)
    assert other_64.visitor != a.visitor and other_64.network == a.network
    assert visitor_keys(SECRET, "2001:db8:2:2::1", "UA", DAY).network != a.network


def test_an_ipv4_24_is_one_network_and_a_mapped_address_its_ipv4() -> None:
    a = visitor_keys(SECRET, "198.51.100.7", "UA", DAY)
    b = visitor_keys(SECRET, "198.51.100.200", "UA", DAY)
    assert a.visitor != b.visitor and a.network == b.network
    assert visitor_keys(SECRET, "198.51.101.7", "UA", DAY).network != a.network
    assert visitor_keys(SECRET, "::ffff:198.51.100.7", "UA", DAY) == a


def test_an_address_that_does_not_parse_stands_for_itself() -> None:
    assert visitor_keys(SECRET, "", "UA", DAY).visitor != visitor_keys(SECRET, "x", "UA", DAY).visitor


def test_visitor_keys_need_a_secret_and_an_aware_time() -> None:
    with pytest.raises(ValueError, match="secret"):
        visitor_keys(b"", "203.0.113.7", "UA", DAY)
    with pytest.raises(ValueError, match="aware"):
        visitor_keys(SECRET, "203.0.113.7", "UA", datetime(2026, 12, 3))


@given(st.ip_addresses(), st.ip_addresses())
def test_distinct_addresses_get_distinct_visitors(a: object, b: object) -> None:
    same = visitor_keys(SECRET, str(a), "UA", DAY).visitor == visitor_keys(SECRET, str(b), "UA", DAY).visitor
    assert same == (_visitor_net(str(a)) == _visitor_net(str(b)))


def _visitor_net(ip: str) -> str:
    import ipaddress

    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if isinstance(address, ipaddress.IPv4Address):
        return str(address)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


# --- unique window ----------------------------------------------------------------------------

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("last", "unique"),
    [
        (None, True),
        (T0 - timedelta(seconds=1), False),
        (T0 - timedelta(hours=23, minutes=59, seconds=59), False),
        (T0 - timedelta(hours=24), True),
        (T0 - timedelta(days=3), True),
        (T0 + timedelta(minutes=5), False),  # a clock a little behind is not a new visitor
    ],
)
def test_unique_window_boundary(last: datetime | None, unique: bool) -> None:
    assert timedelta(hours=24) == UNIQUE_WINDOW
    assert is_unique(last, T0) is unique


@given(st.lists(st.integers(min_value=0, max_value=10 * 24 * 3600), max_size=40))
def test_unique_clicks_are_a_day_apart_and_none_is_missed(offsets: list[int]) -> None:
    last: datetime | None = None
    uniques = []
    for offset in sorted(offsets):
        now = T0 + timedelta(seconds=offset)
        if is_unique(last, now):
            uniques.append(now)
            last = now
        else:
            assert last is not None and now - last < UNIQUE_WINDOW
    assert all(b - a >= UNIQUE_WINDOW for a, b in pairwise(uniques))
    assert bool(uniques) == bool(offsets)


# --- day key ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "tz", "day"),
    [
        (datetime(2024, 3, 10, 4, 30, tzinfo=UTC), "America/New_York", "2024-03-09"),
        (datetime(2024, 3, 10, 5, 0, tzinfo=UTC), "America/New_York", "2024-03-10"),
        (datetime(2024, 3, 10, 15, 0, tzinfo=UTC), "Asia/Tokyo", "2024-03-11"),
        (datetime(2024, 3, 10, 14, 59, tzinfo=UTC), "Asia/Tokyo", "2024-03-10"),
        (datetime(2024, 12, 31, 23, 59, tzinfo=UTC), "UTC", "2024-12-31"),
        (datetime(2024, 10, 27, 0, 30, tzinfo=UTC), "Europe/Paris", "2024-10-27"),  # DST ends that day
        (datetime(2024, 6, 1, 1, 0, tzinfo=timezone(timedelta(hours=3))), "UTC", "2024-05-31"),
    ],
)
def test_day_key_follows_the_org_time_zone(now: datetime, tz: str, day: str) -> None:
    assert day_key(now, tz) == day


def test_day_key_refuses_naive_times() -> None:
    with pytest.raises(ValueError, match="aware"):
        day_key(datetime(2024, 1, 1), "UTC")


def test_day_key_refuses_unknown_zones() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        day_key(T0, "Mars/Olympus")


# --- daily cap --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rewarded", "cap", "earns"),
    [(0, 20, True), (19, 20, True), (20, 20, False), (25, 20, False), (0, 0, False), (0, 1, True)],
)
def test_earns_points(rewarded: int, cap: int, earns: bool) -> None:
    assert earns_points(rewarded, cap) is earns


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=50))
def test_at_most_cap_clicks_earn_points_in_a_day(clicks: int, cap: int) -> None:
    rewarded = 0
    for _ in range(clicks):
        if earns_points(rewarded, cap):
            rewarded += 1
    assert rewarded == min(clicks, cap)


# --- network cap ------------------------------------------------------------------------------


def test_at_most_the_network_cap_of_rewarded_clicks_come_from_one_network() -> None:
    tags: set[str] = set()
    rewarded = 0
    for _ in range(10):
        from_network = rewarded_from(tags, "aaaa")
        if earns_points(rewarded, 20, from_network):
            tags.add(network_tag("aaaa", from_network))
            rewarded += 1
    assert rewarded == NETWORK_CAP
    assert rewarded_from(tags, "bbbb") == 0 and earns_points(rewarded, 20, 0)
    assert not earns_points(20, 20, 0)


# --- evidence ---------------------------------------------------------------------------------


def _hits(n: int, visitor: str = "v", every: timedelta = timedelta(seconds=2)) -> list[Hit]:
    return [Hit(DAY + every * i, visitor, f"agent{i}", False) for i in range(n)]


def test_thirty_agents_from_one_address_in_a_minute_are_evidence() -> None:
    found = evidence(_hits(30), capped_clicks=0, repeat_clicks=29)
    assert (found.addresses, found.max_agents_per_address, found.addresses_with_many_agents) == (1, 30, 1)
    assert found.burst == 30 and found.burst_at == DAY
    assert found.reasons == ("many_agents", "burst", "repeats")


def test_ordinary_clicks_are_no_evidence() -> None:
    hits = [Hit(DAY + timedelta(minutes=5 * i), f"v{i}", "chrome", False) for i in range(12)]
    hits.append(Hit(DAY, "preview", None, True))
    found = evidence(hits)
    assert (found.clicks, found.human_clicks, found.max_agents_per_address, found.burst) == (13, 12, 1, 1)
    assert found.reasons == ()


@pytest.mark.parametrize(("clicks", "burst"), [(BURST_CLICKS - 1, False), (BURST_CLICKS, True)])
def test_a_burst_is_burst_clicks_within_the_window(clicks: int, burst: bool) -> None:
    spread = BURST_WINDOW / BURST_CLICKS
    hits = [Hit(DAY + spread * i, f"v{i}", "a", False) for i in range(clicks)]
    hits.append(Hit(DAY + BURST_WINDOW * 3, "late", "a", False))  # outside the window: not counted
    assert ("burst" in evidence(hits).reasons) is burst


def test_capped_clicks_are_a_reason() -> None:
    assert evidence([], capped_clicks=1).reasons == ("capped",)
