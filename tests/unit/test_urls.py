"""URLs stored in ASCII once, look-alike hosts refused, an ASCII Location for any stored URL."""

from __future__ import annotations

import pytest

from advocacy.domain.urls import UrlIssue, ascii_location, display_url, web_url


@pytest.mark.parametrize(
    ("pasted", "stored"),
    [
        ("https://acme.example/中文?q=☃", "https://acme.example/%E4%B8%AD%E6%96%87?q=%E2%98%83"),
        ("https://acme.example/café", "https://acme.example/caf%C3%A9"),
        ("HTTPS://Bücher.EXAMPLE:8443/a%20b?c=%2F#x", "https://xn--bcher-kva.example:8443/a%20b?c=%2F#x"),
        ("https://中文。example/", "https://xn--fiq228c.example/"),
        ("https://acme.example/100%", "https://acme.example/100%25"),  # a % that starts no escape
        ("https://acme.example/a|b{c}", "https://acme.example/a%7Cb%7Bc%7D"),
        ("http://127.0.0.1:8080/_local/pages/launch", "http://127.0.0.1:8080/_local/pages/launch"),
        ("https://[::1]:8443/p?q", "https://[::1]:8443/p?q"),
        ("https://my_host.example/", "https://my_host.example/"),  # ASCII labels are kept as they are
        ("https://acme.example", "https://acme.example"),
    ],
)
def test_urls_are_stored_in_ascii_once(pasted: str, stored: str) -> None:
    assert web_url(pasted) == stored
    assert web_url(stored) == stored  # never encoded twice
    assert ascii_location(pasted).isascii()


@pytest.mark.parametrize(
    "url",
    ["https://\u0430cme.example/", "https://xn--cme-5cd.example/", "https://go.p\u0430yp\u0430l.example/",
     "https://\u03b1pple.example/"],
)  # fmt: skip
def test_hosts_mixing_latin_with_look_alikes_are_refused(url: str) -> None:
    with pytest.raises(UrlIssue, match="look-alike"):
        web_url(url)


def test_a_host_idna_cannot_encode_is_refused() -> None:
    with pytest.raises(UrlIssue, match="internationalized domain name"):
        web_url("https://\u0301ab.example/")  # a label starting with a combining mark


def test_a_single_script_label_and_its_display_form() -> None:
    assert web_url("https://пример.example/") == "https://xn--e1afmkfd.example/"
    assert display_url("https://xn--e1afmkfd.example/a%20b") == "https://пример.example/a%20b"


def test_a_location_is_ascii_even_for_urls_stored_before() -> None:
    assert ascii_location("https://acme.example/a?b=c") == "https://acme.example/a?b=c"
    assert ascii_location("https://\u0430cme.example/中") == "https://xn--cme-5cd.example/%E4%B8%AD"
    assert ascii_location("https://exa_mple.example/é") == "https://exa_mple.example/%C3%A9"
