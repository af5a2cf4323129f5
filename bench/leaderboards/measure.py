"""One org size: seed it, run the leaderboards job twice (first and steady), read one board, and
measure each with its DynamoDB calls and capacity."""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from datetime import timedelta
from typing import Any

from moto import mock_aws

from advocacy.domain.ranking import decode_bounds, decode_histogram, encode_histogram
from advocacy.services import leaderboards
from advocacy.store import boards, member_records
from advocacy.store.models import LiveBoardsModel
from advocacy.store.tables import bind
from bench.leaderboards.env import TABLES
from bench.leaderboards.fast_moto import fast_moto
from bench.leaderboards.metering import RECORDER, Meter, metered
from bench.leaderboards.seeding import MODELS, NOW, create_tables, earn, earners, seed
from bench.meter import item_size, value_size

EARNED = 10  # points each changed member earns between the two runs (a share or a few clicks)


def _read(org_id: str, member_id: str) -> int | None:
    """What GET /leaderboards/all reads: the caller (authorize) with the current snapshot in one
    BatchGetItem, then the caller's score."""
    _, found = member_records.find_member_with(
        org_id, member_id, boards.snapshot_read(org_id, boards.live_sk(leaderboards.EVERYONE))
    )
    snapshot = boards.snapshot_from(found, "all")
    assert snapshot is not None
    mine = leaderboards.my_rank(snapshot, member_id)
    return mine.rank if mine else None


def _snapshot_sizes(org_id: str) -> list[dict[str, Any]]:
    """Size of every scope's live item, with its all-time board's histogram (read back with a Query
    outside any meter)."""
    out = []
    for item in LiveBoardsModel.query(org_id, LiveBoardsModel.sk.startswith(boards.LIVE)):
        raw = item.serialize()
        board = boards.live_board(item, "all")
        assert board is not None
        out.append(
            {
                "sk": item.sk,
                "bytes": item_size({**raw, "org_id": {"S": org_id}, "sk": {"S": item.sk}}),
                "boards_bytes": value_size(raw["boards"]),  # the four periods' boards, compressed together
                "histogram_bytes": len(board.histogram.encode()),  # the all-time one, before compression
                "histogram_scores": len(decode_histogram(board.histogram)),
                "histogram_pages": len(decode_bounds(board.histogram_pages)),
                "members": int(board.members),
            }
        )
    return sorted(out, key=lambda s: -s["bytes"])


def worst_histogram_bytes(size: int, top_score: int) -> int:
    """Encoded histogram size if every member had a different score (the histogram's upper bound)."""
    top = max(top_score, size)
    return len(encode_histogram((score, 1) for score in range(top, top - size, -1)))


def _top_score(org_id: str) -> int:
    """The best all-time score, read back outside any meter."""
    item = LiveBoardsModel.get(org_id, boards.live_sk(leaderboards.EVERYONE))
    all_time = boards.live_board(item, "all")
    assert all_time is not None
    histogram = decode_histogram(all_time.histogram)
    return histogram[0][0] if histogram else 0


def _profiled(profile: bool, fn: Any, *args: Any) -> tuple[tuple[Any, Meter, float], str | None]:
    """`metered(fn, *args)`, under cProfile when `profile`, with the profile's top functions as text."""
    if not profile:
        return metered(fn, *args), None
    profiler = cProfile.Profile()
    profiler.enable()
    measured = metered(fn, *args)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("cumulative")
    stats.print_stats(30)
    stats.sort_stats("tottime").print_stats(20)
    return measured, text.getvalue()


def _job_run(measured: tuple[Any, Meter, float]) -> dict[str, Any]:
    written, meter, seconds = measured
    return {"seconds": round(seconds, 3), "snapshots_written": written, **meter.as_dict()}


def _progress(size: int, what: str) -> None:
    print(f"  {size:>7,} members: {what}", file=sys.stderr, flush=True)


def run_size(
    size: int, group_count: int, seed_value: int, profile: bool, fast: bool, distinct: bool, changed: int
) -> dict[str, Any]:
    """Seed an org of `size` members in a fresh moto, then measure the job's first run, its steady run
    after `changed` members (spread over the groups) earned points, and one read; `profile` adds a
    cProfile of the steady run."""
    with mock_aws(), fast_moto(fast):
        bind(TABLES)
        create_tables()
        RECORDER.install(MODELS)
        started = time.perf_counter()
        org, member_ids, distinct_scores, groups_of = seed(size, group_count, seed_value, distinct)
        seeded = time.perf_counter() - started
        _progress(size, f"seeded in {seeded:.1f} s")
        first = metered(leaderboards.build_org, org, NOW)
        _progress(size, f"first run {first[2]:.1f} s")
        later = NOW + timedelta(minutes=15)
        moved = earners(groups_of, changed)
        earn(org, moved, EARNED, later - timedelta(minutes=5))
        steady, profile_text = _profiled(profile, leaderboards.build_org, org, later)
        _progress(size, f"steady run {steady[2]:.1f} s")
        # With distinct scores, member 0 has the lowest: the read that needs a histogram page.
        reader = member_ids[0] if distinct else member_ids[len(member_ids) // 2]
        rank, read, read_s = metered(_read, org.org_id, reader)
        snapshots = _snapshot_sizes(org.org_id)
        top_score = _top_score(org.org_id)
    result: dict[str, Any] = {
        "members": size,
        "groups": group_count,
        "moto": "fast query path (see fast_moto)" if fast else "plain",
        "seed_seconds": round(seeded, 1),
        "distinct_scores": distinct_scores,
        "first_run": _job_run(first),
        "steady_run": {
            **_job_run(steady),
            "members_changed": len(moved),
            "groups_changed": len(set().union(*(groups_of[m] for m in moved))),
        },
        "read": {"seconds": round(read_s, 4), "rank": rank, **read.as_dict()},
        "largest_snapshot": snapshots[0],
        "snapshots": snapshots,
        "worst_case_histogram_bytes": worst_histogram_bytes(size, top_score),
    }
    if profile_text is not None:
        result["profile"] = profile_text
    return result
