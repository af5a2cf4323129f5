"""Contest standings and the `contests` job, which closes ended contests and awards each prize once.

Every prize has a deterministic id (contest, place, member): points are a ledger entry under
`attribute_not_exists`, a reward is a free approved redemption under the same condition, badges are
a set. So a second run, a crash half-way or a retry awards nothing twice, and members tied at a
prize place all get it.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from advocacy.domain.badges import contest_badge
from advocacy.domain.ids import derived_id
from advocacy.domain.ranking import places, rank_scores
from advocacy.store import boards, contests, orgs
from advocacy.store.models import ContestModel

TOP = 100


def status(contest: ContestModel, now: datetime) -> str:
    """Closed once the job has closed it; otherwise by the clock (running until the job closes it)."""
    if contest.status == "closed":
        return "closed"
    return "upcoming" if now < contest.starts_at else "running"


def standings(contest: ContestModel) -> list[dict[str, Any]]:
    """Best first, ranks 1, 2, 2, 4; members under `min_score` are not ranked."""
    if contest.results is not None:
        return list(json.loads(contest.results))
    people = contests.participants(contest, contest.metric)
    eligible = {
        m.member_id: (m, score) for m, score in people if score >= int(contest.min_score or 0) and score > 0
    }
    ranked = rank_scores((member_id, score) for member_id, (_, score) in eligible.items())
    return [
        {"rank": r.rank, "member_id": r.member_id, "name": eligible[r.member_id][0].name, "score": r.points}
        for r in ranked[:TOP]
    ]


def run(now: datetime) -> dict[str, Any]:
    """Close every contest whose end has passed and award its prizes."""
    closed = awarded = 0
    for org in orgs.all_orgs():
        for entry in boards.active_contests(org):
            if datetime.fromisoformat(entry["ends_at"]) > now:
                continue
            contest = contests.get(org.org_id, entry["contest_id"])
            awarded += award_prizes(contest)
            closed += contests.close(contest, standings(contest), now)
    return {
        "job": "contests",
        "time": now.isoformat().replace("+00:00", "Z"),
        "closed": closed,
        "prizes": awarded,
    }


def award_prizes(contest: ContestModel) -> int:
    """Award every prize place; returns how many awards this call made (0 on a repeat)."""
    table = standings(contest)
    ranked = rank_scores((s["member_id"], s["score"]) for s in table)
    prizes = {int(p["place"]): p for p in json.loads(contest.prizes or "[]")}
    org = orgs.get_org(contest.org_id)
    # Prizes are dated at the contest's end, not at the run: a retried run writes the same keys.
    awarded_at = contest.ends_at
    prize_boards = boards.award_boards(org, awarded_at)
    made = 0
    for place, winners in places(ranked, prizes).items():
        prize = prizes[place]
        for winner in winners:
            key = derived_id("prize", contest.contest_id, str(place), winner.member_id)
            ref = {"contest_id": contest.contest_id, "place": str(place)}
            if prize.get("points"):
                made += contests.award_points(
                    contest.org_id,
                    winner.member_id,
                    key,
                    int(prize["points"]),
                    awarded_at,
                    ref,
                    prize_boards,
                )
            if prize.get("reward_id"):
                made += contests.award_reward(
                    contest.org_id, winner.member_id, key, prize["reward_id"], awarded_at
                )
            badges = {contest_badge(place), *([prize["badge"]] if prize.get("badge") else [])}
            contests.award_badges(contest.org_id, winner.member_id, badges)
    return made
