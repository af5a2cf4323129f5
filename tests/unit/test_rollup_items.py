"""A day's rollup items from its events (domain.rollups): the figures per scope, a fixed-size sketch
and top list instead of per-advocate counters, the same items whatever the events' order."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from advocacy.domain import rollups
from advocacy.domain.rollups import Advocates, ClickEvent, ShareEvent
from advocacy.domain.sketches import Sketch

SHARES = [
    ShareEvent("mia", "c1", "linkedin", frozenset({"eng"}), reach=1000, verified=True, posted=True),
    ShareEvent("mia", "c1", "x", frozenset({"eng"}), reach=500, personalised=True),
    ShareEvent("noa", "c2", "linkedin", reach=200),
]
CLICKS = [
    ClickEvent("mia", "c1", "linkedin", frozenset({"eng"}), human=True, unique=True),
    ClickEvent("mia", "c1", "linkedin", frozenset({"eng"}), human=False),
    ClickEvent("noa", "c2", "linkedin", human=True, unique=False),
]


def test_every_scope_gets_the_counters_of_its_events() -> None:
    items = rollups.day_items("o", SHARES, CLICKS)
    assert sorted(items) == ["o#all", "o#content:c1", "o#content:c2", "o#group:eng"]
    org = items["o#all"]
    assert (org["shares"], org["reach"], org["reach_verified"], org["personalised_shares"]) == (
        3,
        1700,
        1000,
        1,
    )
    assert (org["clicks"], org["human_clicks"], org["unique_clicks"]) == (3, 2, 1)
    assert (org["n#linkedin#posts"], org["n#linkedin#reach"], org["n#x#shares"]) == (1, 1200, 1)
    assert (org["c#c1#shares"], org["c#c1#clicks"], org["c#c2#clicks"]) == (2, 2, 1)
    assert "c#c2#unique_clicks" not in org  # no event counted one
    eng = items["o#group:eng"]
    assert (eng["shares"], eng["clicks"], eng["reach"]) == (2, 2, 1500)
    assert not [name for name in org if name.startswith("a#") or name == "advocates"]
    people = Advocates.of([org])
    assert people.active() == 2
    assert people.people == {
        "mia": {"shares": 2, "clicks": 2, "unique_clicks": 1},
        "noa": {"shares": 1, "clicks": 1, "unique_clicks": 0},
    }


def test_the_same_events_give_the_same_items_in_any_order() -> None:
    shuffled_shares, shuffled_clicks = SHARES[::-1], CLICKS[::-1]
    assert rollups.day_items("o", shuffled_shares, shuffled_clicks) == rollups.day_items("o", SHARES, CLICKS)


def test_a_day_keeps_its_top_advocates_and_a_sketch_of_all_of_them() -> None:
    rng = random.Random(7)
    shares = [
        ShareEvent(f"m{n:04d}", "c", "linkedin") for n in range(1_500) for _ in range(rng.randint(1, 3))
    ]
    item = rollups.day_items("o", shares, [])["o#all"]
    top = list(rollups.decode_top(item[rollups.TOP]))
    assert len(top) == rollups.TOP_ADVOCATES
    assert [counts["shares"] for _, counts in top] == sorted((c["shares"] for _, c in top), reverse=True)
    assert top[0][1]["shares"] == 3
    assert abs(Sketch.decode(item[rollups.SKETCH]).estimate() - 1_500) <= 1_500 * 0.05
    assert len(item[rollups.TOP]) + len(item[rollups.SKETCH]) < 6_000  # fixed size, whatever the day


def test_days_fold_into_a_union_of_advocates_and_summed_counts() -> None:
    day1 = rollups.day_items("o", SHARES[:1], [])["o#all"]
    day2 = rollups.day_items("o", SHARES[1:], CLICKS)["o#all"]
    before = {"advocates": {"ava"}, "a#ava#shares": 4, "a#mia#clicks": 1, "a#mia#human_clicks": 1}
    folded = Advocates.of([day1, day2, before])
    assert folded.active() == 3  # mia on both days counts once; ava from an item written before
    assert folded.people["mia"] == {"shares": 2, "clicks": 3, "unique_clicks": 1}
    assert folded.people["ava"]["shares"] == 4


NEW_YORK = ZoneInfo("America/New_York")


def _due(now: str, computed: Mapping[str, str | None], zone: ZoneInfo = NEW_YORK) -> list[str]:
    at = {date.fromisoformat(d): datetime.fromisoformat(c) if c else None for d, c in computed.items()}
    return [d.isoformat() for d in rollups.days_due(datetime.fromisoformat(now), zone, at)]


def test_yesterday_is_due_after_midnight_then_every_hour() -> None:
    # 3 November 2026, 09:00 in New York (UTC-5); 1 November computed after its final pass
    done = {"2026-11-01": "2026-11-03T05:10:00Z"}
    assert _due("2026-11-03T14:00:00Z", {**done, "2026-11-02": "2026-11-03T13:08:00Z"}) == ["2026-11-03"]
    assert _due("2026-11-03T14:00:00Z", {**done, "2026-11-02": "2026-11-03T13:07:30Z"}) == [
        "2026-11-02",
        "2026-11-03",
    ]  # 52.5 minutes ago: an hour less half the job's period (a run a few seconds early)
    # 00:05 in New York: 2 November was last computed at 23:55, before it ended
    assert _due("2026-11-03T05:05:00Z", {**done, "2026-11-02": "2026-11-03T04:55:00Z"}) == [
        "2026-11-02",
        "2026-11-03",
    ]
    assert _due("2026-11-03T14:00:00Z", done) == [  # no item of 2 November: never computed
        "2026-11-02",
        "2026-11-03",
    ]


def test_the_day_before_yesterday_once_every_click_of_it_can_have_been_applied() -> None:
    """Its final pass is its end plus a day plus 5 minutes, in absolute time: after a 25-hour day
    (1 November 2026 in New York) it falls in that day's last hour, after a 23-hour one (14 March
    2027) in the next day's second hour."""
    yesterday = {"2026-11-01": "2026-11-02T04:00:00Z"}  # computed at 23:00 on 1 November
    fall = rollups.final_pass(date(2026, 10, 31), NEW_YORK)
    assert fall == datetime(2026, 11, 2, 4, 5, tzinfo=UTC)  # 23:05 on 1 November in New York
    at_midnight = "2026-11-02T05:00:00Z"
    before = _due(at_midnight, {**yesterday, "2026-10-31": "2026-11-02T04:00:00Z"})
    assert before == ["2026-10-31", "2026-11-01", "2026-11-02"]
    after = _due(at_midnight, {**yesterday, "2026-10-31": "2026-11-02T04:05:00Z"})
    assert after == ["2026-11-01", "2026-11-02"]
    spring = rollups.final_pass(date(2027, 3, 13), NEW_YORK)
    assert spring == datetime(2027, 3, 15, 5, 5, tzinfo=UTC)  # 01:05 on 15 March in New York
    yesterday = {"2027-03-14": "2027-03-15T05:00:00Z"}  # computed at 01:00 on 15 March
    assert "2027-03-13" not in _due(
        "2027-03-15T05:00:00Z", {**yesterday, "2027-03-13": "2027-03-15T03:55:00Z"}
    )
    assert (
        _due("2027-03-15T05:05:00Z", {**yesterday, "2027-03-13": "2027-03-15T03:55:00Z"})[0] == "2027-03-13"
    )
    assert _due("2027-03-15T05:10:00Z", {**yesterday, "2027-03-13": "2027-03-15T05:05:00Z"}) == ["2027-03-15"]
    assert (
        _due("2027-03-15T05:05:00Z", {**yesterday, "2027-03-13": None})[0] == "2027-03-13"
    )  # never computed


def test_the_rule_knows_the_schedule_the_streams_oldest_retry_and_the_stream_functions_time() -> None:
    from infra.constructs import functions, jobs, stream

    (job,) = [spec for spec in jobs.JOBS if spec.name == "rollups"]
    assert job.schedule.expression_string == f"rate({rollups.PERIOD.seconds // 60} minutes)"
    assert stream.MAX_RECORD_AGE.to_seconds() == rollups.LATE.total_seconds()
    (applying,) = [spec for spec in functions.FUNCTIONS if spec.name == "stream"]
    assert applying.timeout.to_seconds() < rollups.APPLYING.total_seconds()  # with room for the index


def _ids_the_sketch_undercounts(count: int) -> list[str]:
    """`count` member ids two of which fall in one register of the sketch (about 1 set in 140 at 8)."""
    for attempt in range(100_000):
        ids = [f"member-{attempt}-{n}" for n in range(count)]
        if Sketch().update(ids).estimate() < count:
            return ids
    raise AssertionError("no colliding ids found")


def test_a_small_org_counts_its_advocates_exactly_where_the_sketch_would_miss_one() -> None:
    ids = _ids_the_sketch_undercounts(8)
    day = rollups.day_items("o", [ShareEvent(mid, "c", "x") for mid in ids], [])["o#all"]
    assert Sketch.decode(day[rollups.SKETCH]).estimate() == 7  # two ids share a register
    other_day = rollups.day_items("o", [ShareEvent(ids[0], "c", "x")], [])["o#all"]
    assert Advocates.of([day, other_day]).active() == 8


def test_a_day_with_more_sharers_than_its_list_holds_makes_the_count_an_estimate() -> None:
    many = [ShareEvent(f"m{n:04d}", "c", "x") for n in range(rollups.TOP_ADVOCATES + 1)]
    big = rollups.day_items("o", many, [])["o#all"]
    small = rollups.day_items("o", SHARES, [])["o#all"]
    folded = Advocates.of([big, small])
    assert folded.sharers is None
    assert folded.active() == folded.sketch.estimate()
    assert abs(folded.active() - (rollups.TOP_ADVOCATES + 3)) <= (rollups.TOP_ADVOCATES + 3) * 0.05


def test_a_full_list_that_ends_with_a_member_who_only_brought_clicks_still_names_every_sharer() -> None:
    sharers = [ShareEvent(f"s{n:03d}", "c", "x") for n in range(10)]
    clickers = [ClickEvent(f"k{n:03d}", "c", "x") for n in range(rollups.TOP_ADVOCATES)]
    day = rollups.day_items("o", sharers, clickers)["o#all"]
    assert len(list(rollups.decode_top(day[rollups.TOP]))) == rollups.TOP_ADVOCATES
    assert Advocates.of([day]).sharers == {f"s{n:03d}" for n in range(10)}
