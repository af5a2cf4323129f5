"""How close a member's text is to the suggested text, and when it counts as their own words
(decision 67). The same measure is written in TypeScript for the app's live feedback
(`web/src/routes/ownWords.ts`); both are tested against `tests/vectors/own_words.json`.

The measure, precisely:

1. Normalise each text: remove URLs (`http://` or `https://` or `www.` up to the next white space),
   decompose it (Unicode NFKD), drop combining marks (so "perché" reads "perche"), lower-case it.
2. Words are the maximal runs of letters and digits (Unicode categories L and N); everything else
   (punctuation, white space, emoji, symbols) only separates words.
3. Shingles are the set of adjacent word pairs; a text of one word has that word as its only
   shingle, a text of none has none.
4. Similarity is the Jaccard index of the two shingle sets, |A & B| / |A | B| (shared pairs over all pairs): 1.0 when both are
   empty, 0.0 when exactly one is.
5. Words added are the member's words left over once each word of the suggestion has matched at most
   one of them (multiset difference), so deleting or reordering adds nothing.

A text is personalised when its similarity is below `PERSONALISED_BELOW` and it adds at least
`MIN_ADDED_WORDS` words: a line of one's own, not a deletion, a reordering or an emoji.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from advocacy.domain.orgs import DEFAULT_POINT_RULES

PERSONALISED_BELOW = 0.8
MIN_ADDED_WORDS = 3

Closeness = Literal["same", "mostly", "own"]

_URL = re.compile(r"(?:https?://|www\.)\S*", re.IGNORECASE)


@dataclass(frozen=True)
class Comparison:
    similarity: float  # 0.0 (nothing in common) to 1.0 (the same words in the same order)
    added_words: int
    personalised: bool

    @property
    def closeness(self) -> Closeness:
        """What the app says: the same as suggested, mostly the suggestion, or the member's own words."""
        if self.personalised:
            return "own"
        return "same" if self.similarity == 1.0 else "mostly"


def words(text: str) -> list[str]:
    """The text's words after normalisation (steps 1 and 2 above)."""
    folded = unicodedata.normalize("NFKD", _URL.sub(" ", text))
    out: list[str] = []
    current: list[str] = []
    for ch in folded:
        category = unicodedata.category(ch)
        if category[0] == "M":
            continue  # a combining mark: dropped, the word goes on
        if category[0] in "LN":
            current.append(ch)
        elif current:
            out.append("".join(current).lower())
            current = []
    if current:
        out.append("".join(current).lower())
    return out


def _shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    if len(tokens) < 2:
        return {tuple(tokens)} if tokens else set()
    return set(itertools.pairwise(tokens))


def similarity(suggested: str, text: str) -> float:
    """Jaccard index of the two texts' word-pair sets (step 4)."""
    a, b = _shingles(words(suggested)), _shingles(words(text))
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def compare(suggested: str | None, text: str) -> Comparison:
    """The member's `text` against the `suggested` one (none counts as empty)."""
    given = words(text)
    added = sum((Counter(given) - Counter(words(suggested or ""))).values())
    score = similarity(suggested or "", text)
    return Comparison(score, added, score < PERSONALISED_BELOW and added >= MIN_ADDED_WORDS)


def personalised_bonus(point_rules: Mapping[str, Any]) -> int:
    """The org's points for a share in the member's own words (decision 68); 0 turns it off. An org
    made before the rule existed has its default."""
    return int(point_rules.get("personalised_share", DEFAULT_POINT_RULES["personalised_share"]))
