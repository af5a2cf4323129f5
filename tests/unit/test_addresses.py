"""Which addresses a fetch of a typed URL may reach, and how a host spells an IPv4 address."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from advocacy.domain.addresses import NotAnAddress, ip_literal, refusal

ZERO = "0.0.0.0"  # noqa: S104 - an address refused, not one bound

REFUSED = {
    "loopback": ["127.0.0.1", "127.255.255.254", "::1"],
    "private": [
        "10.0.0.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.0.1",
        "192.168.255.255",
    ],
    "cgnat": ["100.64.0.1", "100.127.255.254"],
    "link-local and metadata": ["169.254.0.1", "169.254.169.254", "fe80::1", "fd00:ec2::254"],
    "this network": [ZERO, "0.1.2.3"],
    "multicast": ["224.0.0.1", "233.1.1.1", "239.255.255.250", "ff02::1", "ff0e::1"],
    "reserved and broadcast": ["240.0.0.1", "255.255.255.255"],
    "special purpose": ["192.0.0.9", "192.0.2.1", "198.51.100.1", "203.0.113.1", "192.88.99.1"],
    "benchmarking": ["198.18.0.1", "198.19.255.254"],
    "ipv6 unspecified and documentation": ["::", "2001:db8::1", "100::1"],
    "unique local": ["fc00::1", "fd12:3456::1"],
    "site-local": ["fec0::1", "feff::1"],
    "ipv4-mapped": ["::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:0:0"],
    "ipv4-compatible": ["::127.0.0.1", "::8.8.8.8", "::10.0.0.1"],
    "6to4 carrying a private address": ["2002:7f00:1::", "2002:a00:1::1", "2002:a9fe:a9fe::"],
    "teredo": ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "2001::1"],
    "nat64 carrying a private address": ["64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1"],
}
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001::1",
          "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]  # fmt: skip


@pytest.mark.parametrize(
    "text", [pytest.param(text, id=f"{kind}-{text}") for kind, texts in REFUSED.items() for text in texts]
)
def test_every_non_public_range_is_refused(text: str) -> None:
    assert refusal(ip_address(text))


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_allowed(text: str) -> None:
    assert refusal(ip_address(text)) is None


def test_loopback_only_when_allowed_and_never_anything_else() -> None:
    assert refusal(ip_address("127.0.0.1"), allow_loopback=True) is None
    assert refusal(ip_address("::1"), allow_loopback=True) is None
    for text in ["10.0.0.1", "169.254.169.254", "fd00:ec2::254", "::ffff:127.0.0.1", ZERO, "192.168.1.1"]:
        assert refusal(ip_address(text), allow_loopback=True), text


def test_reasons_are_sentences_a_person_can_read() -> None:
    assert refusal(ip_address("169.254.169.254")) == "a link-local address (cloud metadata lives there)"
    assert refusal(ip_address("::ffff:10.0.0.1")) == "an IPv6 address carrying a private or reserved address"
    assert refusal(ip_address("fe80::1%eth0")) == "an IPv6 address with a zone"


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("0xA9.0xFE.0xA9.0xFE", "169.254.169.254"),
        ("0251.0376.0251.0376", "169.254.169.254"),
        ("2852039166", "169.254.169.254"),
        ("8.8.8.8.", "8.8.8.8"),
        ("0", ZERO),
        ("::ffff:7f00:1", "::ffff:127.0.0.1"),
    ],
)
def test_every_spelling_of_an_address_is_normalised(host: str, address: str) -> None:
    assert ip_literal(host) == ip_address(address)


@pytest.mark.parametrize(
    "host", ["256.0.0.1", "1.2.3.4.5", "0x1g.1", "08.0.0.1", "1.2.3.4294967296", "1.2.65536", "::g"]
)
def test_a_host_that_looks_like_an_address_but_is_not_is_invalid(host: str) -> None:
    with pytest.raises(NotAnAddress):
        ip_literal(host)


@pytest.mark.parametrize("host", ["example.com", "localhost", "1.example", "a1", "xn--bcher-kva.example"])
def test_names_are_names(host: str) -> None:
    assert ip_literal(host) is None
