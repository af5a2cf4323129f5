"""The email domains an org owns, and the addresses its admins may invite (decision 85).

Every org shares one sign-in user pool keyed by email, so an address can belong to one org only. An
org owns its domains (the operator sets them; a domain belongs to one org at most) plus a few single
addresses the operator allows it outside them (a consultant's personal address). An admin invites
only those: any other address is refused before anything looks the address up, so the answer never
depends on whether it exists in another org.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_DOMAINS = 20
MAX_ALLOWED = 50

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN = re.compile(rf"^(?:{_LABEL}\.)+(?:[a-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})$")


class BadDomain(ValueError):
    """A domain or address the operator typed that cannot be owned."""


def normal_domain(text: str) -> str:
    """`text` as a domain is stored: lower case, no trailing dot, IDNA (punycode) labels."""
    raw = text.strip().rstrip(".").lower()
    try:
        ascii_form = raw.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise BadDomain(f"{text!r} is not a domain name") from exc
    if len(ascii_form) > 253 or not _DOMAIN.match(ascii_form):
        raise BadDomain(f"{text!r} is not a domain name (like acme.example)")
    return ascii_form


def domain_of(email: str) -> str:
    """The domain of an address, as `normal_domain` writes it ('' when it has none)."""
    _, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return ""
    try:
        return normal_domain(domain)
    except BadDomain:
        return ""


def normal_address(text: str) -> str:
    """An allowed single address as stored: lower case, its domain normalised."""
    local, at, _ = text.strip().lower().rpartition("@")
    domain = domain_of(text)
    if not at or not local or not domain or any(c.isspace() for c in local):
        raise BadDomain(f"{text!r} is not an email address")
    return f"{local}@{domain}"


def domains_from(texts: Iterable[str]) -> set[str]:
    """The domains of a comma-separated list (or several), each normalised; BadDomain if one is not."""
    found = {normal_domain(part) for text in texts for part in text.split(",") if part.strip()}
    if len(found) > MAX_DOMAINS:
        raise BadDomain(f"at most {MAX_DOMAINS} domains per org")
    return found


def addresses_from(texts: Iterable[str]) -> set[str]:
    found = {normal_address(part) for text in texts for part in text.split(",") if part.strip()}
    if len(found) > MAX_ALLOWED:
        raise BadDomain(f"at most {MAX_ALLOWED} allowed addresses per org")
    return found


def may_invite(email: str, domains: Iterable[str], allowed: Iterable[str]) -> bool:
    """Whether an org owning `domains` (and allowed the single addresses `allowed`) may invite `email`."""
    try:
        address = normal_address(email)
    except BadDomain:
        return False
    return domain_of(address) in set(domains) or address in set(allowed)
