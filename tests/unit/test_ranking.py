from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain.ranking import (
    PageBound,
    Ranked,
    competition_ranks,
    decode_bounds,
    decode_histogram,
    encode_bounds,
    encode_histogram,
    fingerprint,
    histogram,
    page_bounds,
    places,
    rank_in,
    rank_of,
    rank_scores,
    split_histogram,
    top,
    total,
)

member_ids = st.text(alphabet="abcdefghij0123456789", min_size=1, max_size=6)
scores_by_member = st.dictionaries(member_ids, st.integers(min_value=-50, max_value=50), max_size=40)


def test_competition_ranking() -> None:
    ranked = rank_scores([("d", 0), ("b", 95), ("a", 120), ("c", 95)])
    assert ranked == [
        Ranked(rank=1, member_id="a", points=120),
        Ranked(rank=2, member_id="b", points=95),
        Ranked(rank=2, member_id="c", points=95),
        Ranked(rank=4, member_id="d", points=0),
    ]


def test_ties_are_ordered_by_member_id() -> None:
    ranked = rank_scores([("m3", 10), ("m1", 10), ("m2", 10)])
    assert [(r.rank, r.member_id) for r in ranked] == [(1, "m1"), (1, "m2"), (1, "m3")]


def test_empty_and_negative() -> None:
    assert rank_scores([]) == []
    assert [r.rank for r in rank_scores([("a", -5), ("b", 0), ("c", -5)])] == [1, 2, 2]


def test_member_listed_twice_is_rejected() -> None:
    with pytest.raises(ValueError):
        rank_scores([("a", 1), ("a", 2)])


def test_ranked_is_frozen() -> None:
    entry = Ranked(rank=1, member_id="a", points=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.rank = 2  # type: ignore[misc]


def test_competition_ranks() -> None:
    assert competition_ranks([120, 95, 95, 0]) == [1, 2, 2, 4]
    assert competition_ranks([]) == []
    assert competition_ranks([7, 7, 7]) == [1, 1, 1]
    with pytest.raises(ValueError):
        competition_ranks([1, 2])


def test_top_keeps_exactly_limit_entries() -> None:
    ranked = rank_scores([("a", 120), ("b", 95), ("c", 95), ("d", 0)])
    assert [r.member_id for r in top(ranked, 2)] == ["a", "b"]  # c is tied with b but cut
    assert top(ranked, 0) == []
    assert top(ranked, 10) == ranked
    with pytest.raises(ValueError):
        top(ranked, -1)


def test_prize_places_share_ties() -> None:
    ranked = rank_scores([("a", 120), ("b", 95), ("c", 95), ("d", 0)])
    won = places(ranked, [1, 2, 3])
    assert won == {1: [ranked[0]], 2: [ranked[1], ranked[2]], 3: []}
    assert places(ranked, [4, 4]) == {4: [ranked[3]]}
    assert places(ranked, []) == {}
    assert places([], [1]) == {1: []}
    with pytest.raises(ValueError):
        places(ranked, [0, 1])


def test_histogram() -> None:
    h = histogram([95, 0, 120, 95] + [0] * 39)
    assert h == [(120, 1), (95, 2), (0, 40)]
    assert encode_histogram(h) == "120:1,95:2,0:40"
    assert total(h) == 43
    assert [rank_in(h, s) for s in (200, 120, 100, 95, 50, 0, -1)] == [1, 1, 2, 2, 4, 4, 44]


def test_empty_histogram() -> None:
    assert histogram([]) == []
    assert encode_histogram([]) == ""
    assert decode_histogram("") == []
    assert total([]) == 0
    assert rank_in([], 10) == 1


def test_negative_scores_round_trip() -> None:
    assert decode_histogram("5:1,0:2,-3:4") == [(5, 1), (0, 2), (-3, 4)]


@pytest.mark.parametrize(
    "text",
    [
        ",",
        "1:1,",
        ",1:1",
        "1",
        "1:",
        ":1",
        "1:0",
        "1:-1",
        "a:1",
        "1:1:1",
        " 1:1",
        "1 :1",
        "1:1, 0:1",
        "+1:1",
        "01:1",
        "1:01",
        "-0:1",
        "1_0:1",
        "1.5:1",
        "\u0661:1",  # Arabic-Indic digit
        "0:1,1:1",  # not descending
        "1:1,1:2",  # duplicate score
    ],
)
def test_malformed_histograms_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        decode_histogram(text)


def test_encode_rejects_a_non_histogram() -> None:
    with pytest.raises(ValueError):
        encode_histogram([(1, 1), (2, 1)])
    with pytest.raises(ValueError):
        encode_histogram([(1, 0)])


@given(scores_by_member)
def test_ranks_follow_points(scores: dict[str, int]) -> None:
    ranked = rank_scores(scores.items())
    assert sorted(r.member_id for r in ranked) == sorted(scores)
    assert all(r.points == scores[r.member_id] for r in ranked)
    for a in ranked:
        for b in ranked:
            if a.points > b.points:
                assert a.rank < b.rank
            elif a.points == b.points:
                assert a.rank == b.rank


@given(scores_by_member)
def test_rank_is_one_plus_members_strictly_ahead(scores: dict[str, int]) -> None:
    ranked = rank_scores(scores.items())
    for entry in ranked:
        assert entry.rank == 1 + sum(1 for p in scores.values() if p > entry.points)
    keys = [(-r.points, r.member_id) for r in ranked]
    assert keys == sorted(keys)


@given(scores_by_member, st.integers(min_value=-60, max_value=60))
def test_histogram_rank_matches_the_full_ranking(scores: dict[str, int], probe: int) -> None:
    ranked = rank_scores(scores.items())
    h = histogram(scores.values())
    assert total(h) == len(scores)
    for entry in ranked:
        assert rank_in(h, entry.points) == entry.rank
    assert rank_in(h, probe) == 1 + sum(1 for p in scores.values() if p > probe)


@given(st.lists(st.integers(min_value=-(10**12), max_value=10**12)))
def test_histogram_round_trip(points: list[int]) -> None:
    h = histogram(points)
    text = encode_histogram(h)
    assert decode_histogram(text) == h
    assert encode_histogram(decode_histogram(text)) == text


@given(scores_by_member, st.integers(min_value=0, max_value=50))
def test_top_is_a_prefix(scores: dict[str, int], limit: int) -> None:
    ranked = rank_scores(scores.items())
    assert top(ranked, limit) == ranked[: min(limit, len(ranked))]
    assert len(top(ranked, limit)) == min(limit, len(ranked))


@given(scores_by_member, st.sets(st.integers(min_value=1, max_value=10)))
def test_places_give_each_place_the_members_ranked_there(scores: dict[str, int], wanted: set[int]) -> None:
    ranked = rank_scores(scores.items())
    won = places(ranked, wanted)
    assert list(won) == sorted(wanted)
    for place, winners in won.items():
        assert all(w.rank == place for w in winners)
        assert len(winners) == sum(1 for r in ranked if r.rank == place)


def test_a_long_histogram_is_cut_into_pages_within_the_budget() -> None:
    h = [(120, 1), (95, 2), (40, 3), (7, 1), (0, 40)]
    pages = split_histogram(h, max_chars=12)
    assert pages == [[(120, 1), (95, 2)], [(40, 3), (7, 1)], [(0, 40)]]
    assert all(len(encode_histogram(page)) <= 12 for page in pages)
    assert page_bounds(pages) == [PageBound(lowest=7, above=3), PageBound(lowest=0, above=7)]
    assert split_histogram(h, max_chars=1_000) == [h]
    assert split_histogram([], max_chars=10) == [[]]
    assert page_bounds([[]]) == []
    assert split_histogram([(123456, 1)], max_chars=3) == [[(123456, 1)]]  # a pair longer than the budget


def test_a_score_between_pages_reads_the_next_page_and_a_score_below_all_reads_none() -> None:
    pages = [[(120, 1), (95, 2)], [(40, 3), (7, 1)], [(0, 40)]]
    bounds = page_bounds(pages)
    read: list[int] = []

    def page(i: int) -> list[tuple[int, int]]:
        read.append(i)
        return pages[i + 1]

    assert rank_of(95, pages[0], bounds, 47, page) == 2 and read == []
    assert rank_of(60, pages[0], bounds, 47, page) == 4 and read == [0]  # the gap before page 2
    assert rank_of(7, pages[0], bounds, 47, page) == 7 and read == [0, 0]
    assert rank_of(3, pages[0], bounds, 47, page) == 8 and read == [0, 0, 1]
    read.clear()
    assert rank_of(-5, pages[0], bounds, 47, page) == 48 and read == []


@pytest.mark.parametrize("text", ["x", "5", "5:1,5:2", "5:1,7:2", "5:3,4:3", "5:-1", "05:1", "5:1,"])
def test_malformed_page_bounds_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        decode_bounds(text)


@given(scores_by_member, st.integers(min_value=1, max_value=40), st.integers(min_value=-60, max_value=60))
def test_a_paged_histogram_ranks_as_the_whole_one(scores: dict[str, int], budget: int, probe: int) -> None:
    h = histogram(scores.values())
    pages = split_histogram(h, budget)
    assert [pair for page in pages for pair in page] == h
    assert all(len(page) == 1 or len(encode_histogram(page)) <= budget for page in pages)
    bounds = decode_bounds(encode_bounds(page_bounds(pages)))
    reads: list[int] = []

    def page(i: int) -> list[tuple[int, int]]:
        reads.append(i)
        return pages[i + 1]

    for points in [probe, *scores.values()]:
        reads.clear()
        assert rank_of(points, pages[0], bounds, len(scores), page) == rank_in(h, points)
        assert len(reads) <= 1


def test_a_fingerprint_is_short_and_changes_with_any_part_of_the_content() -> None:
    """Decision 98: the job compares fingerprints to skip boards whose content did not change."""
    entries = [{"rank": 1, "member_id": "m1", "name": "Mia", "points": 30}]
    same = fingerprint("2026-W45", False, 3, entries, "30:1,0:2", "", [])
    assert same == fingerprint("2026-W45", False, 3, [dict(reversed(entries[0].items()))], "30:1,0:2", "", [])
    assert len(same) == 8
    renamed = [{**entries[0], "name": "Mia J."}]
    others = [
        fingerprint("2026-W46", False, 3, entries, "30:1,0:2", "", []),
        fingerprint("2026-W45", True, 3, entries, "30:1,0:2", "", []),
        fingerprint("2026-W45", False, 4, entries, "30:1,0:3", "", []),
        fingerprint("2026-W45", False, 3, renamed, "30:1,0:2", "", []),
        fingerprint("2026-W45", False, 3, entries, "30:1,0:2", "", ["0:2"]),
    ]
    assert same not in others and len(set(others)) == len(others)
