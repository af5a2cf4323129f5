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
    UNIQUE_WINDOW,
    day_key,
    earns_points,
    is_bot,
    is_unique,
    visitor_key,
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


def test_visitor_key_is_stable() -> None:
    # Pinned: changing the derivation would silently recount every visitor as new.
    assert visitor_key(b"k" * 32, "203.0.113.7", "Mozilla/5.0") == (
        "48cb8c7198ee7c7b29ab74f50d926a5ee3db5f616bc23c4b18b2cf9d7aca0677"
    )


def test_visitor_key_hides_the_ip_and_depends_on_every_input() -> None:
    key = visitor_key(SECRET, "203.0.113.7", "UA")
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert "203" not in key and "113" not in key
    assert key == visitor_key(SECRET, "203.0.113.7", "UA")
    assert key != visitor_key(SECRET, "203.0.113.8", "UA")
    assert key != visitor_key(SECRET, "203.0.113.7", "UA2")
    assert key != visitor_key(b"t" * 32, "203.0.113.7", "UA")


def test_visitor_key_framing_is_unambiguous() -> None:
    assert visitor_key(SECRET, "1.2.3.4\nx", "y") != visitor_key(SECRET, "1.2.3.4", "x\ny")
    assert visitor_key(SECRET, "1.2.3.41", "0") != visitor_key(SECRET, "1.2.3.4", "10")


def test_visitor_key_needs_a_secret() -> None:
    with pytest.raises(ValueError, match="secret"):
        visitor_key(b"", "203.0.113.7", "UA")


@given(st.tuples(st.text(), st.text()), st.tuples(st.text(), st.text()))
def test_distinct_visitors_get_distinct_keys(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert (visitor_key(SECRET, *a) == visitor_key(SECRET, *b)) == (a == b)


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
