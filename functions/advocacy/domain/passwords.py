"""Temporary passwords for invitations.

Cognito writes the temporary password into its HTML invitation as it is, so a password it generated
with `<`, `>` or `&` in it reaches the member mangled by their mail client, and one ending in `.` or
`,` reads as the end of the sentence. We make it instead, from letters, digits and symbols that HTML
and prose leave alone, meeting the pool's policy (infra/constructs/auth.py: 12 or more, each class).
"""

from __future__ import annotations

import secrets
import string

LENGTH = 16
SYMBOLS = "!#%*+-=?@^_~"  # none of < > & " ' . , and all in Cognito's allowed set
CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits, SYMBOLS)


def temporary_password() -> str:
    """A random password with at least one character of each class, LENGTH long."""
    chars = [secrets.choice(chars) for chars in CLASSES]
    alphabet = "".join(CLASSES)
    chars += [secrets.choice(alphabet) for _ in range(LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)
