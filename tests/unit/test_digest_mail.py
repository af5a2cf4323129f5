"""A digest email's words in each language the app speaks (`languages.language_of` picks the member's)."""

from __future__ import annotations

from advocacy.domain.digest_mail import digest_mail
from advocacy.domain.languages import LANGUAGES

ITEMS = [("Launch", "https://app.example/?item=c1"), ("Report", "https://app.example/?item=c2")]


def test_english_lists_each_title_with_its_link() -> None:
    mail = digest_mail("en", "Ava", "Acme", ITEMS)
    assert mail.subject == "Acme: 2 new to share"
    assert mail.body.splitlines() == [
        "Hi Ava,",
        "",
        "2 new to share from Acme:",
        "",
        "- Launch",
        "  https://app.example/?item=c1",
        "- Report",
        "  https://app.example/?item=c2",
    ]


def test_italian() -> None:
    mail = digest_mail("it", "Ava", "Acme", ITEMS[:1])
    assert mail.subject == "Acme: 1 novità da condividere"
    assert mail.body.splitlines()[:3] == ["Ciao Ava,", "", "1 novità da condividere da Acme:"]
    assert mail.body.endswith("- Launch\n  https://app.example/?item=c1")


def test_each_language_has_its_own_words() -> None:
    subjects = {digest_mail(language, "Ava", "Acme", ITEMS).subject for language in LANGUAGES}
    assert len(subjects) == len(LANGUAGES)
