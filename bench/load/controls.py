"""The local stack's control routes (`/_local/...`): how often the stream poller delivers a batch twice,
when the stream has drained, and running the leaderboards and rollup jobs at scripted times."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from bench.load.http_client import Answer, Http, time_header, until_answered


class Drain(NamedTuple):
    """Whether the stream went quiet within the timeout, how long it took, the pollers' last status."""

    drained: bool
    seconds: float
    status: dict[str, Any]


def stream_status(http_: Http) -> dict[str, Any]:
    answer = http_.call("local", "GET", "/_local/streams")
    if answer is None or answer.status != 200:
        raise SystemExit("the stack has no GET /_local/streams: restart it with this version of local/")
    return dict(answer.json())


def set_redeliver(http_: Http, fraction: float) -> float:
    """Set the fraction of stream batches delivered twice; returns the previous one."""
    before = float(stream_status(http_).get("redeliver", 0.0))
    answer = http_.call("local", "POST", "/_local/streams", body={"redeliver": fraction})
    if answer is None or answer.status != 200:
        raise SystemExit("cannot set the stream redelivery fraction")
    return before


def drain(http_: Http, timeout: float) -> Drain:
    """Wait until every poller has polled twice since now and found nothing to deliver (no record,
    no duplicate pending): every click written before this call has then been applied."""
    started = time.monotonic()
    polls = {m["mapping"]: m["polls"] for m in stream_status(http_)["mappings"]}
    while True:
        status = stream_status(http_)
        if all(
            m["polls"] >= polls.get(m["mapping"], 0) + 2
            and m["quiet_polls"] >= 2
            and not m["pending_redeliveries"]
            for m in status["mappings"]
        ):
            return Drain(True, time.monotonic() - started, status)
        if time.monotonic() - started > timeout:
            return Drain(False, time.monotonic() - started, status)
        time.sleep(0.25)


def run_leaderboards_job(http_: Http, at: datetime) -> Answer | None:
    """The leaderboards job as its schedule would run it at `at`."""
    return until_answered(http_, "job", "POST", "/_local/jobs/leaderboards", body={"time": time_header(at)})


def run_rollup_jobs(http_: Http, first: datetime, last: datetime, timezone: str) -> list[Answer | None]:
    """The rollup job just after each midnight (org time) following a day from `first` to `last`: each
    run recomputes the day before (the first run after midnight, decision 99) and the new one, so every
    day of the window is computed once its events are all applied (decision 91)."""
    zone = ZoneInfo(timezone)
    day: date = first.astimezone(zone).date()
    answers = []
    while day <= last.astimezone(zone).date():
        after = datetime.combine(day + timedelta(days=1), datetime.min.time(), zone) + timedelta(minutes=1)
        answers.append(
            until_answered(http_, "job", "POST", "/_local/jobs/rollups", body={"time": time_header(after)})
        )
        day += timedelta(days=1)
    return answers
