"""Standard competition ranking ("1, 2, 2, 4"): equal points share a rank, and the next rank
skips as many places as there were members tied.

Two views of the same rule:

- `rank_scores` ranks a full list of members (leaderboard entries, contest standings);
- a histogram (members per distinct score, best first) gives the rank of any score without the
  list: 1 + the number of members with strictly more points. It is stored with a board
  (`encode_histogram` / `decode_histogram`) so `me.rank` can be answered for members below the
  stored top entries. One pair per distinct score can outgrow a DynamoDB item, so a long histogram
  is cut into pages (`split_histogram`): the board keeps the first and, per further page, its
  lowest score and how many members rank above it (`PageBound`), enough to tell which one page
  a score needs (`rank_of`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

Histogram = list[tuple[int, int]]
"""(score, members with that score) pairs, scores strictly descending, counts at least 1."""

_HISTOGRAM_PAIR = re.compile(r"(0|-?[1-9][0-9]*):([1-9][0-9]*)")
_BOUND = re.compile(r"(0|-?[1-9][0-9]*):(0|[1-9][0-9]*)")


@dataclass(frozen=True)
class Ranked:
    """One ranked member. Names and other display fields are joined by `member_id` by the caller."""

    rank: int
    member_id: str
    points: int


def competition_ranks(points: Sequence[int]) -> list[int]:
    """Ranks for `points` already sorted best first (descending): [120, 95, 95, 0] -> [1, 2, 2, 4]."""
    ranks: list[int] = []
    for i, p in enumerate(points):
        if i and p > points[i - 1]:
            raise ValueError("points must be sorted in descending order")
        ranks.append(ranks[-1] if i and p == points[i - 1] else i + 1)
    return ranks


def rank_scores(scores: Iterable[tuple[str, int]]) -> list[Ranked]:
    """Rank (member_id, points) pairs: points descending, then member_id ascending for a stable order.

    A member listed twice is a ValueError (the caller should have summed their points).
    """
    ordered = sorted(scores, key=lambda s: (-s[1], s[0]))
    seen: set[str] = set()
    for member_id, _ in ordered:
        if member_id in seen:
            raise ValueError(f"member {member_id!r} is listed more than once")
        seen.add(member_id)
    ranks = competition_ranks([p for _, p in ordered])
    return [
        Ranked(rank=r, member_id=member_id, points=p)
        for r, (member_id, p) in zip(ranks, ordered, strict=True)
    ]


def top(ranked: list[Ranked], limit: int) -> list[Ranked]:
    """The first `limit` entries of a `rank_scores` result: exactly `limit` (or fewer if there are
    fewer members). Members tied at the cut-off are cut by member_id (the list order); they keep
    their shared rank, so the last rank shown may be shared by members not shown."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    return ranked[:limit]


def places(ranked: list[Ranked], prize_places: Iterable[int]) -> dict[int, list[Ranked]]:
    """Winners per prize place: the members whose rank equals the place.

    Members tied at a prize place all get it; a place nobody is ranked at (3 in "1, 2, 2, 4") gets
    an empty list. Keys are the distinct places, ascending.
    """
    wanted = sorted(set(prize_places))
    if wanted and wanted[0] < 1:
        raise ValueError("prize places start at 1")
    return {place: [entry for entry in ranked if entry.rank == place] for place in wanted}


def histogram(points: Iterable[int]) -> Histogram:
    """Members per distinct score, best score first."""
    return sorted(Counter(points).items(), key=lambda pair: -pair[0])


def _check_histogram(h: Iterable[tuple[int, int]]) -> Histogram:
    pairs = list(h)
    for i, (score, count) in enumerate(pairs):
        if count < 1:
            raise ValueError(f"histogram count for score {score} must be at least 1")
        if i and score >= pairs[i - 1][0]:
            raise ValueError("histogram scores must be strictly descending")
    return pairs


def encode_histogram(h: Iterable[tuple[int, int]]) -> str:
    """Compact text: `"120:1,95:2,0:40"`; the empty histogram is the empty string."""
    return ",".join(f"{score}:{count}" for score, count in _check_histogram(h))


def decode_histogram(text: str) -> Histogram:
    """The inverse of `encode_histogram`; ValueError on anything it would not have produced."""
    if text == "":
        return []
    pairs: Histogram = []
    for part in text.split(","):
        m = _HISTOGRAM_PAIR.fullmatch(part)
        if not m:
            raise ValueError(f"malformed histogram entry {part!r}")
        pairs.append((int(m[1]), int(m[2])))
    return _check_histogram(pairs)


def rank_in(h: Iterable[tuple[int, int]], points: int) -> int:
    """The rank `points` has (or would have) among the members counted in `h`."""
    return 1 + sum(count for score, count in h if score > points)


def total(h: Iterable[tuple[int, int]]) -> int:
    """The number of members counted in `h`."""
    return sum(count for _, count in h)


@dataclass(frozen=True)
class PageBound:
    """A histogram page after the first: its lowest score, and the members with more points than
    its best score (every member counted on the pages before it)."""

    lowest: int
    above: int


def split_histogram(h: Histogram, max_chars: int) -> list[Histogram]:
    """`h` cut, in order, into pages whose encodings are at most `max_chars` long (a pair longer than
    that gets a page of its own); the empty histogram is one empty page."""
    pages: list[Histogram] = [[]]
    length = 0
    for pair in _check_histogram(h):
        size = len(f"{pair[0]}:{pair[1]}") + (1 if pages[-1] else 0)
        if pages[-1] and length + size > max_chars:
            pages.append([])
            size -= 1
            length = 0
        pages[-1].append(pair)
        length += size
    return pages


def page_bounds(pages: Sequence[Histogram]) -> list[PageBound]:
    """The bounds of every page after the first, which is kept whole with the board."""
    bounds: list[PageBound] = []
    above = total(pages[0]) if pages else 0
    for page in pages[1:]:
        bounds.append(PageBound(lowest=page[-1][0], above=above))
        above += total(page)
    return bounds


def encode_bounds(bounds: Iterable[PageBound]) -> str:
    """Compact text: `"412:3988,97:8120"`; no further page is the empty string."""
    return ",".join(f"{b.lowest}:{b.above}" for b in bounds)


def decode_bounds(text: str) -> list[PageBound]:
    """The inverse of `encode_bounds`; ValueError on anything it would not have produced."""
    if text == "":
        return []
    bounds: list[PageBound] = []
    for part in text.split(","):
        m = _BOUND.fullmatch(part)
        if not m:
            raise ValueError(f"malformed histogram page bound {part!r}")
        bounds.append(PageBound(lowest=int(m[1]), above=int(m[2])))
    for before, after in pairwise(bounds):
        if after.lowest >= before.lowest or after.above <= before.above:
            raise ValueError("histogram page bounds must descend in score and ascend in members above")
    return bounds


def rank_of(
    points: int, first: Histogram, bounds: Sequence[PageBound], members: int, page: Callable[[int], Histogram]
) -> int:
    """The rank `points` has among the `members` counted on a paged histogram: `first` is its first
    page, `bounds` describe the others, and `page(i)` reads page i + 1, called only when the score
    falls below the first page (at most once)."""
    if not bounds or (first and points >= first[-1][0]):
        return rank_in(first, points)
    for i, bound in enumerate(bounds):
        if points >= bound.lowest:
            return 1 + bound.above + sum(count for score, count in page(i) if score > points)
    return 1 + members


def fingerprint(*parts: object) -> str:
    """A short digest of what a reader sees of a board (its JSON-encodable `parts`): equal content,
    equal fingerprint, so the leaderboards job rewrites a board only when it differs (decision 98).
    48 bits in 8 characters: a change mistaken for none is a chance of one in 2^48 per rewrite."""
    text = json.dumps(parts, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return base64.urlsafe_b64encode(hashlib.blake2b(text.encode(), digest_size=6).digest()).decode()
