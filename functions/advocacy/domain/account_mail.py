"""The sign-in service's mails in the member's language: the invitation with its temporary password
and the code to reset a password. Cognito's custom message trigger gives them to Cognito, which fills
in the user name and the secret it alone knows, so they carry its placeholders, never the secrets.

Cognito sends these as HTML; the names that go in are escaped.
"""

from __future__ import annotations

from html import escape

from advocacy.domain.digest_mail import Mail
from advocacy.domain.languages import Language


def invitation(language: Language, name: str, app_url: str, username: str, code: str) -> Mail:
    """An invited member's first mail: where to sign in, with `username` and `code` (the temporary
    password) as Cognito's placeholders."""
    link = f'<a href="{escape(app_url)}">{escape(app_url)}</a>'
    if language == "it":
        return Mail(
            subject="Il tuo invito ad Advocacy",
            body=_html(
                _greeting("Ciao", name),
                "La tua organizzazione ti ha invitato su Advocacy, dove condividi le sue novità sui tuoi "
                "social con un tocco.",
                f"Accedi da {link} con il tuo indirizzo email, {username}, e questa password temporanea: "
                f"<b>{code}</b>",
                "Al primo accesso scegli la tua password. La password temporanea vale 7 giorni.",
            ),
        )
    return Mail(
        subject="You're invited to Advocacy",
        body=_html(
            _greeting("Hi", name),
            "Your organisation invited you to Advocacy, where you share its news on your own networks in "
            "one tap.",
            f"Sign in at {link} with your email address, {username}, and this temporary password: <b>{code}</b>",
            "You choose your own password when you first sign in. The temporary password works for 7 days.",
        ),
    )


def password_reset(language: Language, name: str, code: str) -> Mail:
    """The code to choose a new password (`code`: Cognito's placeholder)."""
    if language == "it":
        return Mail(
            subject="Il codice per reimpostare la password di Advocacy",
            body=_html(
                _greeting("Ciao", name),
                f"Ecco il codice per scegliere una nuova password: <b>{code}</b>",
                "Se non l'hai chiesto tu, ignora questa email: la tua password resta com'è.",
            ),
        )
    return Mail(
        subject="Your Advocacy password reset code",
        body=_html(
            _greeting("Hi", name),
            f"Your code to choose a new password: <b>{code}</b>",
            "If you did not ask for it, ignore this email: your password stays as it is.",
        ),
    )


def _greeting(word: str, name: str) -> str:
    return f"{word} {escape(name.strip())}," if name.strip() else f"{word},"


def _html(*paragraphs: str) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)
