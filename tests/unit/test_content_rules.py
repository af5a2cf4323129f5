from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.content import (
    default_expiry,
    effective_status,
    initial_status,
    is_http_url,
    is_visible_to,
    message_issues,
    schedule_issues,
    x_length,
)
from advocacy.domain.errors import FieldIssue, ValidationFailed
from advocacy.domain.networks import MESSAGE_LIMITS, NETWORKS, X_LINK_LENGTH, Network

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)
EARLIER = NOW - timedelta(hours=1)


def test_networks_agree_with_each_other() -> None:
    assert get_args(Network) == NETWORKS == ("linkedin", "x", "facebook", "email")
    assert set(MESSAGE_LIMITS) == set(NETWORKS)
    assert MESSAGE_LIMITS == {"x": 280, "linkedin": 3000, "facebook": 63206, "email": 20000}
    assert X_LINK_LENGTH == 23


# --- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com",
        "http://example.com/path?q=1&r=2#frag",
        "HTTPS://Example.COM/Caps",
        "https://example.com:8443/x",
        "https://[2001:db8::1]/v6",
        "https://münchen.de/straße",
        "https://example.com/a%20b?x=%26",
        "https://example.com/" + "a" * (2048 - len("https://example.com/")),
    ],
)
def test_http_urls_accepted(url: str) -> None:
    assert is_http_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/file",
        "file:///etc/passwd",
        "//example.com/path",
        "example.com",
        "/relative/path",
        "https://",
        "https:///path-only",
        "http:example.com",
        "https://user:pass@example.com/",
        "https://user@example.com/",
        "https://good.example@evil.example/",
        "https://evil.example\\@good.example/",
        "https://evil.example\\.good.example/",
        "https://exa mple.com/",
        " https://example.com/",
        "https://example.com/\n",
        "https://example.com/\tx",
        "https://example.com/\x00",
        "https://example.com/\u202egnp.exe",  # right-to-left override
        "https://example.com/\u00a0",  # no-break space
        "http://example.com:99999/",
        "http://example.com:0/",
        "http://example.com:port/",
        "https://[::1/",
        "https://example.com/" + "a" * (2049 - len("https://example.com/")),
    ],
)
def test_unsafe_or_non_http_urls_rejected(url: str) -> None:
    assert not is_http_url(url)


@given(st.text(max_size=60))
def test_is_http_url_never_raises_and_only_accepts_http(text: str) -> None:
    for candidate in (text, "https://" + text, "http://example.com/" + text):
        if is_http_url(candidate):
            parts = urlsplit(candidate)
            assert parts.scheme.lower() in ("http", "https")
            assert parts.hostname
            assert "@" not in parts.netloc
            assert not any(ch.isspace() for ch in candidate)


# --- X length ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0),
        ("hello", 5),
        ("see https://a.co", 4 + 23),
        ("see https://example.com/" + "x" * 200 + " now", 4 + 23 + 4),
        ("two http://a.b and HTTPS://c.d/e?f=g", 4 + 23 + 5 + 23),
        ("read https://example.com/a.", 5 + 23 + 1),
        ("(https://example.com/a), ok", 1 + 23 + 5),
        ("http:// alone", 13),  # no URL without a host part
        ("café 🎉", 6),
    ],
)
def test_x_length(text: str, length: int) -> None:
    assert x_length(text) == length


@given(st.text().filter(lambda s: "http" not in s.lower()))
def test_x_length_without_links_is_plain_length(text: str) -> None:
    assert x_length(text) == len(text)


@given(
    st.text(max_size=50).filter(lambda s: "http" not in s.lower()),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/-_=&%", min_size=1, max_size=300),
)
def test_any_link_counts_23(prefix: str, path: str) -> None:
    assert x_length(f"{prefix} https://example.com/{path}") == len(prefix) + 1 + X_LINK_LENGTH


# --- messages ---------------------------------------------------------------------------------


def test_valid_messages_have_no_issues() -> None:
    assert message_issues({}) == []
    assert (
        message_issues(
            {"linkedin": "Proud of the team", "x": "Look 👀", "facebook": "Hi", "email": "Dear all"}
        )
        == []
    )


@pytest.mark.parametrize(
    ("network", "ok_length"),
    [("linkedin", 3000), ("facebook", 63206), ("email", 20000), ("x", 280 - 1 - 23)],
)
def test_limits_are_inclusive(network: str, ok_length: int) -> None:
    assert message_issues({network: "a" * ok_length}) == []
    issues = message_issues({network: "a" * (ok_length + 1)})
    assert [i.field for i in issues] == [f"messages.{network}"]
    assert str(ok_length) in issues[0].message


def test_x_counts_links_in_the_message_as_23() -> None:
    long_link = "https://example.com/" + "x" * 500
    message = "a" * (256 - 1 - 23) + " " + long_link
    assert message_issues({"x": message}) == []
    assert message_issues({"x": "a" + message}) != []
    # LinkedIn has no such weighting: the same 500-character link is just long text there.
    assert message_issues({"linkedin": message}) == []


@pytest.mark.parametrize("message", ["", "   ", "\n\t"])
def test_blank_messages_are_issues(message: str) -> None:
    assert message_issues({"x": message}) == [FieldIssue("messages.x", "must not be empty")]


def test_unknown_network_and_broken_text_are_issues() -> None:
    issues = message_issues({"myspace": "hi", "linkedin": "ok", "email": "bad \ud800 text"})
    assert [i.field for i in issues] == ["messages.myspace", "messages.email"]
    assert "unknown network" in issues[0].message


@given(st.text(min_size=1, max_size=400).filter(str.strip))
def test_x_message_fits_exactly_when_the_post_with_link_fits(message: str) -> None:
    fits = x_length(message) + 1 + X_LINK_LENGTH <= 280
    assert (message_issues({"x": message}) == []) is fits


# --- schedule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("publish_at", "expires_at"),
    [(None, None), (NOW, None), (None, NOW), (NOW, LATER)],
)
def test_valid_windows(publish_at: datetime | None, expires_at: datetime | None) -> None:
    assert schedule_issues(publish_at, expires_at) == []


@pytest.mark.parametrize("expires_at", [NOW, EARLIER])
def test_expiry_must_follow_publishing(expires_at: datetime) -> None:
    assert schedule_issues(NOW, expires_at) == [FieldIssue("expires_at", "must be after publish_at")]


def test_naive_times_are_issues_not_crashes() -> None:
    naive = datetime(2024, 5, 1, 12, 0)
    issues = schedule_issues(naive, LATER)
    assert [i.field for i in issues] == ["publish_at"]
    assert [i.field for i in schedule_issues(NOW, naive)] == ["expires_at"]


def test_default_expiry() -> None:
    assert default_expiry(NOW, 30) == datetime(2024, 5, 31, 12, 0, tzinfo=UTC)
    assert default_expiry(NOW, 1) == NOW + timedelta(days=1)
    with pytest.raises(ValueError, match="ttl_days"):
        default_expiry(NOW, 0)


# --- status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "publish_at", "status"),
    [
        ("draft", None, "draft"),
        ("draft", LATER, "draft"),
        ("draft", EARLIER, "draft"),
        (None, None, "draft"),
        ("published", None, "published"),
        ("published", EARLIER, "published"),
        ("published", NOW, "published"),
        ("published", LATER, "scheduled"),
        ("scheduled", LATER, "scheduled"),
        ("scheduled", EARLIER, "published"),
        (None, LATER, "scheduled"),
        (None, EARLIER, "published"),
    ],
)
def test_initial_status(requested: str | None, publish_at: datetime | None, status: str) -> None:
    assert initial_status(requested, publish_at, NOW) == status


def test_scheduling_needs_a_time() -> None:
    with pytest.raises(ValidationFailed) as caught:
        initial_status("scheduled", None, NOW)
    assert [d.field for d in caught.value.details] == ["publish_at"]


@pytest.mark.parametrize("requested", ["expired", "archived", "Published", ""])
def test_other_requested_statuses_are_invalid(requested: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        initial_status(requested, None, NOW)
    assert [d.field for d in caught.value.details] == ["status"]


@pytest.mark.parametrize(
    ("stored", "publish_at", "expires_at", "seen"),
    [
        ("published", EARLIER, LATER, "published"),
        ("published", EARLIER, None, "published"),
        ("published", EARLIER, NOW, "expired"),  # from expires_at on
        ("published", EARLIER, EARLIER, "expired"),
        ("scheduled", EARLIER, LATER, "scheduled"),  # the publish-due job has not run yet
        ("scheduled", EARLIER, EARLIER, "scheduled"),
        ("draft", None, EARLIER, "draft"),
        ("archived", EARLIER, EARLIER, "archived"),
        ("expired", EARLIER, EARLIER, "expired"),
    ],
)
def test_effective_status(
    stored: str, publish_at: datetime | None, expires_at: datetime | None, seen: str
) -> None:
    assert effective_status(stored, publish_at, expires_at, NOW) == seen


# --- targeting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("targeted", "member", "visible"),
    [
        (set(), set(), True),
        (set(), {"sales"}, True),
        ({"sales"}, {"sales", "eng"}, True),
        ({"sales", "eng"}, {"eng"}, True),
        ({"sales"}, {"eng"}, False),
        ({"sales"}, set(), False),
    ],
)
def test_is_visible_to(targeted: set[str], member: set[str], visible: bool) -> None:
    assert is_visible_to(targeted, member) is visible
    assert is_visible_to(frozenset(targeted), frozenset(member)) is visible
