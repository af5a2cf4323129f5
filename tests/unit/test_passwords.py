"""Temporary passwords (domain.passwords): the pool's policy met, nothing HTML or a sentence would
change, and no two alike."""

from __future__ import annotations

import html
import string

from advocacy.domain.passwords import LENGTH, temporary_password


def test_each_meets_the_policy_and_reads_the_same_in_an_html_mail() -> None:
    made = [temporary_password() for _ in range(2000)]
    assert len(set(made)) == len(made)
    for password in made:
        assert len(password) == LENGTH >= 12
        assert any(c in string.ascii_lowercase for c in password)
        assert any(c in string.ascii_uppercase for c in password)
        assert any(c in string.digits for c in password)
        assert any(not c.isalnum() for c in password)
        assert html.escape(password) == password  # no < > & " '
        assert not set(password) & set(".,")
