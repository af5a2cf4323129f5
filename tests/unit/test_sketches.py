"""HyperLogLog sketches: the estimate within the stated bound, merging as a union, a small stored form."""

from __future__ import annotations

import random

import pytest

from advocacy.domain import sketches
from advocacy.domain.sketches import Sketch


def _ids(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"m-{rng.getrandbits(64):016x}" for _ in range(n)]


@pytest.mark.parametrize("n", [10, 100, 1_000, 5_000, 10_000, 12_000, 20_000, 50_000, 100_000])
def test_the_estimate_is_within_the_stated_bound(n: int) -> None:
    estimate = sketches.of(_ids(n, seed=n)).estimate()
    assert abs(estimate - n) / n <= sketches.BOUND


def test_the_stated_error_is_about_two_percent() -> None:
    assert 0.015 < sketches.STANDARD_ERROR < 0.021
    assert sketches.BOUND >= 3 * sketches.STANDARD_ERROR


def test_repeats_count_once() -> None:
    ids = _ids(50, seed=1)  # 50 ids in 50 registers: no two share one (a collision reads one less)
    assert sketches.of(ids + ids[:20]).estimate() == 50
    assert Sketch().estimate() == 0


def test_merging_is_a_union() -> None:
    a, b = _ids(3_000, seed=2), _ids(3_000, seed=3)
    shared = a[:1_000]
    left, right = sketches.of(a), sketches.of(b + shared)
    merged = Sketch().merge(left).merge(right)
    assert merged == sketches.of(a + b)
    assert abs(merged.estimate() - 6_000) / 6_000 <= sketches.BOUND
    assert Sketch().merge(left).merge(left) == left  # idempotent: a day merged twice counts once


def test_the_stored_form_round_trips_and_stays_small() -> None:
    few, many = sketches.of(_ids(10, seed=4)), sketches.of(_ids(100_000, seed=5))
    assert Sketch.decode(few.encode()) == few and Sketch.decode(many.encode()) == many
    assert len(few.encode()) < 200
    assert len(many.encode()) < 2_500


def test_merging_many_at_once_is_merging_them_one_by_one() -> None:
    days = [sketches.of(f"member-{day}-{n}" for n in range(50 + day)) for day in range(30)]
    at_once = Sketch().merge(*days)
    one_by_one = Sketch()
    for day in days:
        one_by_one.merge(day)
    assert at_once == one_by_one
    assert at_once == sketches.of(f"member-{day}-{n}" for day in range(30) for n in range(50 + day))
    assert Sketch().merge() == Sketch()


def test_sketches_of_different_precisions_are_not_merged() -> None:
    with pytest.raises(ValueError):
        Sketch().merge(Sketch(bytearray(16)))


@pytest.mark.parametrize(
    "sizes", [[3], [3, 40], [5_000], [5_000, 2], [2, 5_000, 9, 20_000], [0, 0], [300, 1]]
)
def test_sparse_and_full_sketches_merge_to_the_register_wise_maximum(sizes: list[int]) -> None:
    days = [sketches.of(_ids(n, seed=i)) for i, n in enumerate(sizes)]
    for first in (Sketch(), days[0]):
        arrays = [first.registers, *(d.registers for d in days)]
        expected = bytearray(max(column) for column in zip(*arrays, strict=True))
        assert Sketch(bytearray(first.registers)).merge(*days).registers == expected
    assert Sketch().merge(*days) == sketches.of(id_ for i, n in enumerate(sizes) for id_ in _ids(n, seed=i))
