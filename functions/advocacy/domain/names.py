"""Names people read (members' display names, group names): one spelling per name, and nothing
invisible or look-alike that could make two names that read the same differ, or disguise one.

A name is stored in Unicode NFKC (full-width letters are plain ones, the ligature U+FB01 is `fi`),
refused if it holds zero-width or bidirectional control characters (they are invisible, and a
right-to-left override reverses what follows it on screen), or if one of its words mixes Latin
letters with Cyrillic or Greek ones (`Sales` with a Cyrillic `a`, U+0430). Group names are unique by
`name_key`: NFKC, case-folded, runs of white space as one.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and invisible characters (soft hyphen, Mongolian vowel separator, zero-width space,
# non-joiner and joiner, word joiner, invisible operators, byte order mark) and the bidirectional
# controls (Arabic letter mark, left-to-right and right-to-left marks, embeddings, overrides,
# isolates). As a character class, so the OpenAPI document can state it in a pattern too.
INVISIBLE = r"\xad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_WORD = re.compile(r"\w+")
# Scripts whose letters pass for Latin ones; a word mixing Latin with one of them is a disguise.
LOOK_ALIKE_SCRIPTS = ("CYRILLIC", "GREEK")


MAX_LENGTH = 200  # a name's limit as sent (schemas/common.py), and once normalised


class NameIssue(ValueError):
    """Why a name is refused (the message is the API's)."""


def letter_scripts(text: str) -> set[str]:
    """The scripts of the letters in `text`, as the first word of their Unicode names (LATIN,
    CYRILLIC, GREEK, CJK, ...); digits, marks and punctuation have none."""
    return {unicodedata.name(ch, "?").split(" ", 1)[0] for ch in text if ch.isalpha()}


def mixes_look_alikes(text: str) -> bool:
    """Whether one word of `text` mixes Latin letters with Cyrillic or Greek ones."""
    for word in _WORD.findall(text):
        scripts = letter_scripts(word)
        if "LATIN" in scripts and scripts.intersection(LOOK_ALIKE_SCRIPTS):
            return True
    return False


def normalised_name(name: str) -> str:
    """`name` (already stripped, one line) in NFKC; NameIssue if it cannot be one."""
    if _INVISIBLE.search(name):
        raise NameIssue("must not contain zero-width or bidirectional control characters")
    name = unicodedata.normalize("NFKC", name).strip()
    if not name:
        raise NameIssue("must not be blank")
    if len(name) > MAX_LENGTH:  # a few characters grow (U+FDFA is 18 once normalised)
        raise NameIssue(f"must be at most {MAX_LENGTH} characters once normalised")
    if mixes_look_alikes(name):
        raise NameIssue("must not mix Latin letters with Cyrillic or Greek look-alikes in one word")
    return name


def name_key(name: str) -> str:
    """What two names must differ by to be two names: NFKC, case-folded (NFKC again, as folding
    can undo it), white space collapsed. "Sales", "SALES" and its full-width spelling have one key."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(folded.split())
