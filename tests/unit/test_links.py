from __future__ import annotations

import base64
from urllib.parse import parse_qs, parse_qsl, quote, quote_plus, unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.links import (
    CODE_PATTERN,
    is_code,
    new_code,
    share_intent_url,
    tracked_url,
    with_utm,
)
from advocacy.domain.networks import NETWORKS

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign")
TRACKED = "https://go.example.com/r/AbCdEf123_-x"


# --- codes -------------------------------------------------------------------------------------


def test_new_codes_are_url_safe_unique_and_carry_72_random_bits() -> None:
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 12
        assert CODE_PATTERN.match(code)
        assert len(base64.urlsafe_b64decode(code)) * 8 >= 48


@pytest.mark.parametrize("code", ["abcdefgh", "A" * 32, "a_b-c9Z0xyzQ"])
def test_code_pattern_accepts_well_formed_codes(code: str) -> None:
    assert is_code(code)


@pytest.mark.parametrize(
    "code",
    ["", "abcdefg", "A" * 33, "abc/defgh", "abcd efgh", "abcdefgh\n", "abcdefg=", "abcdefgh%2F", "abcdéfgh"],
)
def test_code_pattern_rejects_malformed_codes(code: str) -> None:
    assert not is_code(code)
    assert CODE_PATTERN.match(code) is None


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("https://go.example.com", "https://go.example.com/r/abc12345"),
        ("https://go.example.com/", "https://go.example.com/r/abc12345"),
        ("https://api.example.com/prod/", "https://api.example.com/prod/r/abc12345"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000/r/abc12345"),
    ],
)
def test_tracked_url(base: str, expected: str) -> None:
    assert tracked_url(base, "abc12345") == expected


# --- utm ---------------------------------------------------------------------------------------


def test_utm_added_to_a_url_without_query() -> None:
    assert (
        with_utm("https://example.com/post", "linkedin", "c1")
        == "https://example.com/post?utm_source=linkedin&utm_medium=advocacy&utm_campaign=c1"
    )


def test_existing_query_is_kept_verbatim_and_in_order() -> None:
    url = "https://example.com/p?b=2&a=1&a=3&empty=&flag&q=a%20b+c&slash=%2F"
    out = with_utm(url, "x", "c1")
    assert out.startswith(url + "&")
    assert parse_qsl(urlsplit(out).query, keep_blank_values=True)[:6] == [
        ("b", "2"),
        ("a", "1"),
        ("a", "3"),
        ("empty", ""),
        ("flag", ""),
        ("q", "a b c"),
    ]


def test_utm_values_already_on_the_url_win() -> None:
    out = with_utm("https://example.com/?utm_source=newsletter&utm_campaign=", "x", "c1")
    pairs = parse_qsl(urlsplit(out).query, keep_blank_values=True)
    assert pairs == [("utm_source", "newsletter"), ("utm_campaign", ""), ("utm_medium", "advocacy")]


def test_an_encoded_utm_key_counts_as_set() -> None:
    out = with_utm("https://example.com/?utm%5Fsource=mail", "x", "c1")
    assert parse_qs(urlsplit(out).query)["utm_source"] == ["mail"]


def test_fragment_is_kept_after_the_query() -> None:
    out = with_utm("https://example.com/p?a=1#section-2?x=y", "email", "c1")
    assert (
        out == "https://example.com/p?a=1&utm_source=email&utm_medium=advocacy&utm_campaign=c1#section-2?x=y"
    )


@pytest.mark.parametrize(
    ("url", "expected_prefix"),
    [
        ("https://example.com/p?", "https://example.com/p?utm_source="),
        ("https://example.com/p?a=1&", "https://example.com/p?a=1&utm_source="),
        ("https://example.com/p#", "https://example.com/p?utm_source="),
    ],
)
def test_no_stray_separators(url: str, expected_prefix: str) -> None:
    out = with_utm(url, "x", "c1")
    assert out.startswith(expected_prefix)
    assert "&&" not in out


def test_utm_values_are_encoded() -> None:
    out = with_utm("https://example.com/", "x", "a&b=c#d e")
    assert "#" not in out
    assert parse_qs(urlsplit(out).query)["utm_campaign"] == ["a&b=c#d e"]


_keys = st.one_of(st.sampled_from([*UTM_KEYS, "a", "q", "utm_content"]), st.text(max_size=8))
_values = st.text(max_size=10)


@st.composite
def _urls(draw: st.DrawFn) -> tuple[str, str, str]:
    """A URL with an arbitrarily encoded query (repeats, blanks, bare keys) and an optional fragment."""
    segments = []
    for key, value in draw(st.lists(st.tuples(_keys, _values), max_size=6)):
        quoter = draw(st.sampled_from([quote, quote_plus]))
        bare = value == "" and draw(st.booleans())
        k = quoter(key, safe="")
        segments.append(k if bare else f"{k}={quoter(value, safe='')}")
    query = "&".join(segments)
    fragment = draw(st.one_of(st.none(), st.text(max_size=10)))
    url = "https://example.com/path" + (f"?{query}" if query else "")
    if fragment is not None:
        url += "#" + fragment
    return url, query, "" if fragment is None else fragment


@given(_urls(), st.sampled_from(NETWORKS), st.text(min_size=1, max_size=20))
def test_utm_properties(case: tuple[str, str, str], network: str, content_id: str) -> None:
    url, query, fragment = case
    out = with_utm(url, network, content_id)
    out_rest, _, out_fragment = out.partition("#")
    out_query = out_rest.partition("?")[2]
    before = parse_qsl(query, keep_blank_values=True)
    after = parse_qsl(out_query, keep_blank_values=True)

    # Existing parameters survive verbatim, in order, and the fragment is untouched.
    assert out_query.startswith(query)
    assert after[: len(before)] == before
    assert out_fragment == fragment
    expected = {"utm_source": network, "utm_medium": "advocacy", "utm_campaign": content_id}
    before_keys = [k for k, _ in before]
    for key in UTM_KEYS:
        values = [v for k, v in after if k == key]
        if key in before_keys:
            assert values == [v for k, v in before if k == key]  # theirs win, nothing added
        else:
            assert values == [expected[key]]  # exactly once
    # Idempotent.
    assert with_utm(out, network, content_id) == out


# --- share intent URLs -------------------------------------------------------------------------


def test_linkedin_takes_only_the_url() -> None:
    url = share_intent_url("linkedin", TRACKED, "Great read!", "Title")
    assert url == "https://www.linkedin.com/sharing/share-offsite/?url=" + quote(TRACKED, safe="")
    assert parse_qs(urlsplit(url).query) == {"url": [TRACKED]}


def test_x_carries_text_and_url() -> None:
    url = share_intent_url("x", TRACKED, "Read this & share #ad? 🎉 café", "T")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "x.com", "/intent/post")
    assert parse_qs(parts.query) == {"text": ["Read this & share #ad? 🎉 café"], "url": [TRACKED]}
    assert "#" not in url and " " not in url and "+" not in url


@pytest.mark.parametrize("message", [None, "", "  \n "])
def test_x_without_a_message_has_no_text(message: str | None) -> None:
    url = share_intent_url("x", TRACKED, message, "T")
    assert url == "https://x.com/intent/post?url=" + quote(TRACKED, safe="")


def test_facebook_sharer() -> None:
    url = share_intent_url("facebook", TRACKED, "ignored", "T")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(parts.query) == {"u": [TRACKED]}


def test_email_mailto_uses_percent_20_and_percent_0a() -> None:
    url = share_intent_url("email", TRACKED, "Hi team,\nplease share", "Q3 results & plans")
    assert url == (
        "mailto:?subject=Q3%20results%20%26%20plans"
        "&body=Hi%20team%2C%0Aplease%20share%0A%0A" + quote(TRACKED, safe="")
    )


def test_email_without_message_is_just_the_link() -> None:
    url = share_intent_url("email", TRACKED, None, "T")
    assert url == "mailto:?subject=T&body=" + quote(TRACKED, safe="")


@pytest.mark.parametrize("network", ["myspace", "LinkedIn", "", "X"])
def test_unknown_network_is_rejected(network: str) -> None:
    with pytest.raises(ValueError, match="unknown network"):
        share_intent_url(network, TRACKED, "m", "t")


def _mailto_fields(url: str) -> dict[str, str]:
    assert url.startswith("mailto:?")
    fields = {}
    for pair in url.removeprefix("mailto:?").split("&"):
        key, _, value = pair.partition("=")
        fields[key] = unquote(value)
    return fields


_messages = st.text(min_size=1).filter(lambda s: s.strip() != "")
_tracked = st.builds(lambda code: f"https://go.example.com/r/{code}?x=1&y=#z", st.text(max_size=12))


@given(st.sampled_from(NETWORKS), _tracked, _messages, st.text())
def test_intent_urls_round_trip_arbitrary_text(network: str, tracked: str, message: str, title: str) -> None:
    url = share_intent_url(network, tracked, message, title)
    assert not any(ch in url for ch in " #\n\r\t")
    if network == "email":
        assert "+" not in url
        assert _mailto_fields(url) == {"subject": title, "body": f"{message}\n\n{tracked}"}
        return
    params = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    expected = {
        "linkedin": {"url": [tracked]},
        "x": {"text": [message], "url": [tracked]},
        "facebook": {"u": [tracked]},
    }[network]
    assert params == expected
