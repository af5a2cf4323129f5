"""Email domains an org owns and the addresses its admins may invite (decision 85)."""

from __future__ import annotations

import pytest

from advocacy.domain import email_domains as rules


def test_domains_are_normalised_and_checked() -> None:
    assert rules.normal_domain(" Acme.Example. ") == "acme.example"
    assert rules.normal_domain("bücher.example") == "xn--bcher-kva.example"
    assert rules.domains_from(["a.example, B.example", "a.example"]) == {"a.example", "b.example"}
    for bad in (
        "",
        "localhost",
        "acme",
        "-acme.example",
        "acme..example",
        "a b.example",
        "acme.example/x",
        "@acme.example",
    ):
        with pytest.raises(rules.BadDomain):
            rules.normal_domain(bad)
    with pytest.raises(rules.BadDomain):
        rules.domains_from([",".join(f"d{n}.example" for n in range(rules.MAX_DOMAINS + 1))])


def test_single_addresses_are_normalised() -> None:
    assert rules.addresses_from(["Pat@Gmail.Example"]) == {"pat@gmail.example"}
    for bad in ("pat", "@gmail.example", "pat@", "p t@gmail.example", "pat@nodot"):
        with pytest.raises(rules.BadDomain):
            rules.normal_address(bad)


def test_an_org_may_invite_its_domains_and_its_allowed_addresses_only() -> None:
    owned, allowed = {"acme.example"}, {"pat@gmail.example"}
    assert rules.may_invite("Ava@ACME.example", owned, allowed)
    assert rules.may_invite("pat@gmail.example", owned, allowed)
    assert not rules.may_invite("lee@gmail.example", owned, allowed)
    assert not rules.may_invite("ava@sub.acme.example", owned, allowed)  # a subdomain is another domain
    assert not rules.may_invite("ava@acme.example.evil", owned, allowed)
    assert not rules.may_invite("not-an-address", owned, allowed)
    assert not rules.may_invite("ava@acme.example", set(), set())
