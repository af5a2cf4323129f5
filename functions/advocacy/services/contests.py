"""Contests: admins and managers run them, everyone sees them with live standings; the `contests` job
closes ended contests and awards each prize once.

Every prize has a deterministic id (contest, place, member): points are a ledger entry under
`attribute_not_exists`, a reward is a free pending redemption under the same condition (an admin
approves or rejects it as any other), badges are a set. So a second run, a crash half-way or a retry
awards nothing twice, and members tied at a prize place all get it.

A manager's prize points stay within the org's `prize_points_max` (admins are not bound, decision 76).
A reward prize reserves a unit of the reward's stock per place in the contest's creation transaction;
the unit goes to the place's first winner, and a place nobody won gives it back when the contest
closes. Prize points count on the period boards, never on another contest's board.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from advocacy.domain.badges import contest_badge
from advocacy.domain.errors import Conflict, FieldIssue, ValidationFailed
from advocacy.domain.ids import derived_id
from advocacy.domain.orgs import over_limit
from advocacy.domain.ranking import places, rank_scores
from advocacy.domain.roles import Role
from advocacy.domain.times import utc_text
from advocacy.services import found
from advocacy.services.members import check_groups, get_org
from advocacy.store import boards, member_records, orgs, paging, reward_records
from advocacy.store import contest_records as records
from advocacy.store.models import ContestModel, OrgModel, RewardModel, plain
from advocacy.store.operation import sortable_id
from advocacy.store.transactions import Cancelled, Retry, retrying

TOP = 100
ATTEMPTS = 5  # reads of the org's active contests when they keep changing under a write
# A contest may start a little in the past (clock skew, a form left open), never much earlier:
# awards made before it was created would be missing from its board.
START_GRACE = timedelta(minutes=5)


@dataclass(frozen=True)
class Contest:
    """A contest as its readers see it: its status now and (when read alone) its standings."""

    contest: ContestModel
    status: str
    standings: list[dict[str, Any]] = field(default_factory=list)


def status(contest: ContestModel, now: datetime) -> str:
    """Closed once the job has closed it; otherwise by the clock (running until the job closes it)."""
    if contest.status == "closed":
        return "closed"
    return "upcoming" if now < contest.starts_at else "running"


def standings(contest: ContestModel) -> list[dict[str, Any]]:
    """Best first, ranks 1, 2, 2, 4; only active members within the contest's groups, and none under
    `min_score`."""
    if contest.results is not None:
        return list(contest.results)
    scores = records.scores(contest, contest.metric)
    targeted, minimum = set(contest.groups or ()), int(contest.min_score or 0)
    eligible = {
        m.member_id: (m, scores[m.member_id])
        for m in (member_records.find_members(contest.org_id, scores) if scores else ())
        if m.status == "active"
        and (not targeted or targeted & set(m.groups or ()))
        and scores[m.member_id] >= minimum
        and scores[m.member_id] > 0
    }
    ranked = rank_scores((member_id, score) for member_id, (_, score) in eligible.items())
    return [
        {"rank": r.rank, "member_id": r.member_id, "name": eligible[r.member_id][0].name, "score": r.points}
        for r in ranked[:TOP]
    ]


# --- requests -------------------------------------------------------------------------------------


def _issues(fields: dict[str, Any], now: datetime, org_id: str, role: Role) -> list[FieldIssue]:
    issues = []
    if fields["ends_at"] <= fields["starts_at"]:
        issues.append(FieldIssue("ends_at", "must be after starts_at"))
    if fields["starts_at"] < now - START_GRACE:
        issues.append(FieldIssue("starts_at", "must not be in the past"))
    limits = plain(get_org(org_id).limits) if role != Role.ADMIN else None
    seen: set[int] = set()
    for i, prize in enumerate(fields["prizes"]):
        if prize["place"] in seen:
            issues.append(FieldIssue(f"prizes.{i}.place", "each place has one prize"))
        seen.add(prize["place"])
        if not any(prize.get(name) is not None for name in ("points", "reward_id", "badge")):
            issues.append(FieldIssue(f"prizes.{i}", "give points, a reward_id or a badge"))
        issue = (
            None if limits is None else over_limit("points", prize.get("points"), limits, "prize_points_max")
        )
        if issue:
            issues.append(FieldIssue(f"prizes.{i}.points", issue))
    return issues


def _reservations(
    org_id: str, prizes: list[dict[str, Any]]
) -> tuple[dict[str, tuple[int, bool]], list[FieldIssue]]:
    """What the prizes reserve (reward id -> one unit per place, whether the reward keeps stock), and
    the issues of rewards that are missing, inactive or short of stock."""
    places_of: dict[str, list[int]] = {}
    for i, prize in enumerate(prizes):
        if prize.get("reward_id") is not None:
            places_of.setdefault(prize["reward_id"], []).append(i)
    reserved: dict[str, tuple[int, bool]] = {}
    issues = []
    for reward_id, indexes in places_of.items():
        reward = reward_records.find_reward(org_id, reward_id)
        field_name = f"prizes.{indexes[0]}.reward_id"
        if reward is None or not reward.active:
            issues.append(FieldIssue(field_name, "no such reward"))
        elif reward.stock is not None and int(reward.stock) < len(indexes):
            issues.append(FieldIssue(field_name, f"{int(reward.stock)} in stock for {len(indexes)} places"))
        else:
            reserved[reward_id] = (len(indexes), reward.stock is not None)
    return reserved, issues


def create(org_id: str, author_id: str, fields: dict[str, Any], now: datetime, role: Role) -> Contest:
    """A new contest (the body's `fields`, its prizes without nulls), listed as active on the org, its
    reward prizes' stock reserved with it. A manager's prize points within the org's limit."""
    reserved, reward_issues = _reservations(org_id, fields["prizes"])
    issues = _issues(fields, now, org_id, role) + reward_issues
    if issues:
        raise ValidationFailed("Some fields are not valid.", issues)
    contest = ContestModel(
        org_id=org_id,
        contest_id=sortable_id(now),
        name=fields["name"],
        starts_at=fields["starts_at"],
        ends_at=fields["ends_at"],
        metric=fields["metric"],
        groups=check_groups(org_id, fields["groups"]),
        prizes=fields["prizes"],
        min_score=fields["min_score"],
        status="upcoming",
        created_by=author_id,
        created_at=now,
    )

    reservations = [reserved]  # read again when a reward changed under the write

    def attempt() -> ContestModel:
        try:
            records.create(contest, get_org(org_id), reservations[0])
        except Cancelled as exc:
            if exc.condition_failed(ContestModel):
                # A fresh id that exists: this operation's own earlier write, retried after its answer was lost.
                return get(org_id, contest.contest_id)
            if exc.condition_failed(RewardModel):
                again, issues = _reservations(org_id, fields["prizes"])
                if issues:  # sold out or deactivated meanwhile
                    raise ValidationFailed("Some fields are not valid.", issues) from exc
                reservations[0] = again
                raise Retry() from exc
            if exc.condition_failed(OrgModel):
                raise Retry() from exc  # the org's active contests changed since read
            raise
        return contest

    created = retrying(
        attempt,
        attempts=ATTEMPTS,
        exhausted=lambda: Conflict("The org's contests changed while this one was created; retry."),
    )
    return Contest(created, status(created, now))


def get(org_id: str, contest_id: str) -> ContestModel:
    return found(records.find(org_id, contest_id), "contest")


def with_standings(org_id: str, contest_id: str, now: datetime) -> Contest:
    contest = get(org_id, contest_id)
    return Contest(contest, status(contest, now), standings(contest))


def page(org_id: str, limit: int, cursor: str | None, now: datetime) -> paging.Page[Contest]:
    """Newest first, without standings (read one contest for those)."""
    found = records.list_page(org_id, limit, cursor)
    return paging.Page([Contest(c, status(c, now)) for c in found.items], found.next_cursor)


# --- the job --------------------------------------------------------------------------------------


def run(now: datetime) -> dict[str, Any]:
    """Close every contest whose end has passed and award its prizes."""
    closed = awarded = 0
    for org in orgs.all_orgs():
        for entry in boards.active_contests(org):
            if datetime.fromisoformat(entry["ends_at"]) > now:
                continue
            contest = get(org.org_id, entry["contest_id"])
            table = standings(contest)
            awarded += award_prizes(contest, table)
            closed += close(contest, table, now)
    return {"job": "contests", "time": utc_text(now), "closed": closed, "prizes": awarded}


def _winners(contest: ContestModel, table: list[dict[str, Any]]) -> dict[int, list[Any]]:
    ranked = rank_scores((s["member_id"], s["score"]) for s in table)
    return places(ranked, [int(p["place"]) for p in contest.prizes or []])


def _unwon(contest: ContestModel, table: list[dict[str, Any]]) -> dict[str, int]:
    """Reserved units of places nobody won, by reward (only rewards that still keep stock)."""
    winners = _winners(contest, table)
    unwon: dict[str, int] = {}
    for prize in contest.prizes or []:
        if prize.get("reward_id") and not winners.get(int(prize["place"])):
            unwon[prize["reward_id"]] = unwon.get(prize["reward_id"], 0) + 1
    kept = {}
    for reward_id, units in unwon.items():
        reward = reward_records.find_reward(contest.org_id, reward_id)
        if reward is not None and reward.stock is not None:
            kept[reward_id] = units
    return kept


def close(contest: ContestModel, results: list[dict[str, Any]], at: datetime) -> bool:
    """Mark the contest closed with its results, take it off the org's active list and give back the
    stock reserved for places nobody won. False if it was closed already."""

    def attempt() -> bool:
        try:
            records.close(contest, results, get_org(contest.org_id), at, _unwon(contest, results))
        except Cancelled as exc:
            if exc.condition_failed(ContestModel):
                return False
            if exc.condition_failed(OrgModel) or exc.condition_failed(RewardModel):
                raise Retry() from exc  # the org's active contests, or a reward's stock mode, changed
            raise
        return True

    return retrying(
        attempt,
        attempts=ATTEMPTS,
        exhausted=lambda: Conflict("The org's contests kept changing; the contests job will retry."),
    )


def award_prizes(contest: ContestModel, table: list[dict[str, Any]] | None = None) -> int:
    """Award every prize place; returns how many awards this call made (0 on a repeat)."""
    table = standings(contest) if table is None else table
    prizes = {int(p["place"]): p for p in contest.prizes or []}
    org = get_org(contest.org_id)
    # Prizes are dated at the contest's end, not at the run: a retried run writes the same keys.
    awarded_at = contest.ends_at
    prize_boards = boards.award_boards(org, awarded_at, contests=False)  # never another contest's score
    made = 0
    for place, winners in _winners(contest, table).items():
        prize = prizes[place]
        reward = (
            reward_records.find_reward(contest.org_id, prize["reward_id"]) if prize.get("reward_id") else None
        )
        for n, winner in enumerate(winners):
            key = derived_id("prize", contest.contest_id, str(place), winner.member_id)
            ref = {"contest_id": contest.contest_id, "place": str(place)}
            if prize.get("points"):
                made += records.award_points(
                    contest.org_id,
                    winner.member_id,
                    key,
                    int(prize["points"]),
                    awarded_at,
                    ref,
                    prize_boards,
                )
            if reward is not None:  # the place's first winner has its reserved unit
                made += records.award_reward(contest, winner.member_id, key, reward, n == 0, awarded_at)
            badges = {contest_badge(place), *([prize["badge"]] if prize.get("badge") else [])}
            records.award_badges(contest.org_id, winner.member_id, badges)
    return made
