"""Which IP addresses a fetch of a typed URL may connect to, and how a URL's host spells one.

Pure: no sockets, no DNS. `ipaddress`'s `is_global` is the base, but it varies between Python versions
and says nothing of the IPv4 address an IPv6 one may carry (mapped, compatible, 6to4, Teredo, NAT64)
nor of multicast or site-local ranges, so those are checked here too (decision 63).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network

IPAddress = IPv4Address | IPv6Address

_IPV4_COMPATIBLE = IPv6Network("::/96")
_NAT64 = (IPv6Network("64:ff9b::/96"), IPv6Network("64:ff9b:1::/48"))
# Ranges refused whatever the Python version's `is_global` says (its special-purpose lists have grown).
_ALWAYS_REFUSED: tuple[IPv4Network | IPv6Network, ...] = (
    IPv4Network("0.0.0.0/8"),
    IPv4Network("10.0.0.0/8"),
    IPv4Network("100.64.0.0/10"),
    IPv4Network("127.0.0.0/8"),
    IPv4Network("169.254.0.0/16"),
    IPv4Network("172.16.0.0/12"),
    IPv4Network("192.0.0.0/24"),
    IPv4Network("192.0.2.0/24"),
    IPv4Network("192.88.99.0/24"),
    IPv4Network("192.168.0.0/16"),
    IPv4Network("198.18.0.0/15"),
    IPv4Network("198.51.100.0/24"),
    IPv4Network("203.0.113.0/24"),
    IPv4Network("224.0.0.0/4"),
    IPv4Network("240.0.0.0/4"),
    IPv6Network("::/128"),
    IPv6Network("::1/128"),
    IPv6Network("100::/64"),
    IPv6Network("2001::/23"),
    IPv6Network("2001:db8::/32"),
    IPv6Network("fc00::/7"),
    IPv6Network("fe80::/10"),
    IPv6Network("fec0::/10"),
    IPv6Network("ff00::/8"),
)


def _is_private(address: IPAddress) -> bool:
    listed = any(address in network for network in _ALWAYS_REFUSED)
    return listed or address.is_reserved or not address.is_global


_CHECKS: tuple[tuple[str, Callable[[IPAddress], bool]], ...] = (
    ("a loopback address", lambda a: a.is_loopback),
    ("a link-local address (cloud metadata lives there)", lambda a: a.is_link_local),
    ("a multicast address", lambda a: a.is_multicast),
    ("an unspecified address", lambda a: a.is_unspecified),
    ("a site-local address", lambda a: isinstance(a, IPv6Address) and a.is_site_local),
    ("an IPv4-compatible IPv6 address", lambda a: isinstance(a, IPv6Address) and a in _IPV4_COMPATIBLE),
    ("a private or reserved address", _is_private),
)


def refusal(address: IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why a fetch may not connect to `address`, or None when it may.

    Loopback (127/8, ::1) is allowed only with `allow_loopback` (the local stack's fakes); every other
    non-public range never is, nor an IPv6 address that carries one.
    """
    embedded = _embedded(address)
    if allow_loopback and address.is_loopback and not embedded:
        return None
    if isinstance(address, IPv6Address):
        if address.scope_id:
            return "an IPv6 address with a zone"
        inner = next((why for why in map(refusal, embedded) if why), None)
        if inner:
            return f"an IPv6 address carrying {inner}"
        if embedded and address.teredo is None:
            return None  # stands for a public IPv4 address (Teredo's range stays refused below)
    return next((why for why, applies in _CHECKS if applies(address)), None)


def _embedded(address: IPAddress) -> tuple[IPv4Address, ...]:
    """The IPv4 addresses an IPv6 one stands for (mapped, 6to4, Teredo's server and client, NAT64)."""
    if not isinstance(address, IPv6Address):
        return ()
    if address.ipv4_mapped is not None:
        return (address.ipv4_mapped,)
    if address.sixtofour is not None:
        return (address.sixtofour,)
    if address.teredo is not None:
        return address.teredo
    if any(address in network for network in _NAT64):
        return (IPv4Address(int(address) & 0xFFFFFFFF),)
    return ()


_NUMBER = re.compile(r"^(0[xX][0-9a-fA-F]*|[0-9]+)$")


class NotAnAddress(ValueError):
    """The host looks like an IPv4 address but is not a valid one (e.g. 256.1.1.1, 0x1.09)."""


def ip_literal(host: str) -> IPAddress | None:
    """The address a URL's host spells, in any form a browser or `inet_aton` accepts, or None for a name.

    IPv4 follows the URL standard's parser: one to four dot-separated parts, each decimal, octal
    (leading 0) or hex (0x); the last part fills the remaining bytes, so 2130706433, 0177.0.0.1,
    0x7f.1 and 127.1 are all 127.0.0.1. A host whose last label is numeric is an address or invalid,
    never a name. IPv6 comes without its brackets.
    """
    if ":" in host:
        try:
            return IPv6Address(host)
        except ValueError as exc:
            raise NotAnAddress(host) from exc
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not parts or not _NUMBER.match(parts[-1]):
        return None
    if len(parts) > 4 or not all(_NUMBER.match(part) for part in parts):
        raise NotAnAddress(host)
    numbers = [_number(part) for part in parts]
    last = numbers.pop()
    if any(n > 255 for n in numbers) or last >= 256 ** (4 - len(numbers)):
        raise NotAnAddress(host)
    value = last
    for index, n in enumerate(numbers):
        value += n << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _number(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        try:
            return int(part[1:], 8)
        except ValueError as exc:
            raise NotAnAddress(part) from exc
    return int(part)
