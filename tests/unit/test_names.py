"""Names people read: NFKC, nothing invisible, no word disguised with look-alike letters."""

from __future__ import annotations

import pytest

from advocacy.domain.names import NameIssue, mixes_look_alikes, name_key, normalised_name


@pytest.mark.parametrize(
    ("name", "stored"),
    [("Sales", "Sales"), ("\uff33\uff41\uff4c\uff45\uff53", "Sales"), ("\ufb01nance", "finance"),
     ("Zoë", "Zoë"), ("Ana Иванова", "Ana Иванова"), ("東京 Team", "東京 Team"), ("O'Brien-Smith", "O'Brien-Smith")],
)  # fmt: skip
def test_names_are_stored_in_nfkc(name: str, stored: str) -> None:
    assert normalised_name(name) == stored


@pytest.mark.parametrize(
    "name",
    ["Sales\u200b", "Sa\u200cles", "Sa\u200dles", "\ufeffSales", "Sa\u00adles", "Sales\u2060",
     "\u202eselaS", "Sales\u200f", "\u2066Sales\u2069", "a\u061cb"],
)  # fmt: skip
def test_invisible_and_bidirectional_characters_are_refused(name: str) -> None:
    with pytest.raises(NameIssue, match="zero-width or bidirectional"):
        normalised_name(name)


@pytest.mark.parametrize("name", ["S\u0430les", "\u0391lpha", "Ma\u0440ketin\u0261x"])
def test_a_word_mixing_latin_with_look_alikes_is_refused(name: str) -> None:
    assert mixes_look_alikes(name)
    with pytest.raises(NameIssue, match="look-alikes"):
        normalised_name(name)


def test_one_key_for_names_that_read_the_same() -> None:
    keys = {name_key(n) for n in ("Sales", "SALES", "\uff33\uff41\uff4c\uff45\uff53", " sales ", "Sales")}
    assert keys == {"sales"}
    assert name_key("Field   Sales") == name_key("field sales")
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("Sales") != name_key("Sale")


def test_a_name_that_grows_past_the_limit_once_normalised_is_refused() -> None:
    assert len(normalised_name("\ufdfa" * 11)) == 198
    with pytest.raises(NameIssue, match="at most 200"):
        normalised_name("\ufdfa" * 12)
