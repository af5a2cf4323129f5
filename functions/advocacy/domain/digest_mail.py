"""A digest email's words, in the member's language (the web app's two: English and Italian).

Plain text on purpose: every mail client shows it, and it carries nothing to track. The web app holds
its own messages; the mail needs only these few, so they live here rather than in a catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from advocacy.domain.languages import Language


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def digest_mail(language: Language, name: str, org_name: str, items: list[tuple[str, str]]) -> Mail:
    """The digest for `items` (title, link) in `language`."""
    count = len(items)
    if language == "it":
        subject = f"{org_name}: {count} novità da condividere"
        opening = [f"Ciao {name},", "", f"{count} novità da condividere da {org_name}:"]
    else:
        subject = f"{org_name}: {count} new to share"
        opening = [f"Hi {name},", "", f"{count} new to share from {org_name}:"]
    # Each link opens the item in the app, ready to share with a tracked link (the article is one tap on).
    lines = [*opening, "", *(f"- {title}\n  {link}" for title, link in items)]
    return Mail(subject=subject, body="\n".join(lines))
