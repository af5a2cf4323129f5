"""Leaderboard data: which boards an award moves, and the snapshots the job writes.

A board is named `<period>:<period_key>` for the org's periods (week, month, quarter, all, in the
org's time zone) and `contest:<contest_id>` for a contest; every member's live score on it is an
attribute of their score item (`store.scores`).

The job also keeps one item per org (`checked`): when it last checked the org's boards and a
fingerprint of each live board's content, so a run rewrites only the boards that changed.

A live period's board is stored once, as the current board; when the period has ended, its final board
is written under its period key (decision 101: one copy of a live board, not two).

A snapshot whose histogram outgrows one item keeps its first page and writes the others as items of
their own, keyed by the snapshot's period key and its generation (when it was generated), so a reader
always finds the pages of the snapshot it read, and a run never rewrites pages a reader may be using.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist

from advocacy.domain.periods import board_keys
from advocacy.store.batch import get_many
from advocacy.store.errors import get_or_none
from advocacy.store.models import BoardModel, BoardsCheckedModel, HistogramPageModel, OrgModel
from advocacy.store.scores import contest_board, period_board

EVERYONE = "all"  # the scope of a board of the whole org (a group's board is scoped by its id)


def active_contests(org: OrgModel) -> list[dict[str, Any]]:
    return list(org.active_contests or [])


def award_boards(org: OrgModel, at: datetime, contests: bool = True) -> list[str]:
    """Every board an earning at `at` counts on: the org's current periods and (unless not
    `contests`: a contest's prize feeds no other contest) its running contests.

    A contest's group scope is applied when its standings are read, not here, so an award needs no
    read of the member's groups.
    """
    boards = [period_board(period, key) for period, key in board_keys(at, org.timezone).items()]
    for contest in active_contests(org) if contests else ():
        starts, ends = (
            datetime.fromisoformat(contest["starts_at"]),
            datetime.fromisoformat(contest["ends_at"]),
        )
        if starts <= at < ends:
            boards.append(contest_board(contest["contest_id"]))
    return boards


def snapshot_sk(period: str, key: str, scope: str) -> str:
    return f"{period}#{key}#{scope}"


def current_sk(period: str, scope: str) -> str:
    return f"{period}#current#{scope}"


def board_sk(period: str, key: str, scope: str, live: bool) -> str:
    """Where the board of `key` is stored: as the current board while its period is `live`, under its
    period key once final."""
    return current_sk(period, scope) if live else snapshot_sk(period, key, scope)


def snapshot(org_id: str, sk: str) -> BoardModel | None:
    return get_or_none(BoardModel, org_id, sk, consistent=False)


def members_counted(org_id: str, scope: str) -> int | None:
    """The active members of `scope` (`all` or a group id) as the leaderboards job last counted them
    (every 15 minutes), from the current all-time board: one read of one attribute, whatever the
    org's size. None before the job's first run for it."""
    try:
        board = BoardModel.get(org_id, current_sk("all", scope), attributes_to_get=["members"])
    except DoesNotExist:
        return None
    return int(board.members) if board.members is not None else None


def snapshot_read(org_id: str, *sks: str) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for the snapshots stored at `sks` (for `authorize_with`)."""
    keys = [{"org_id": {"S": org_id}, "sk": {"S": sk}} for sk in sks]
    return {BoardModel.Meta.table_name: {"Keys": keys}}


def snapshot_from(found: dict[str, list[dict[str, Any]]], period_key: str | None = None) -> BoardModel | None:
    """The snapshot among those read (of `period_key`, when given): the newest, so a live period's
    current board wins over a copy under its period key that a version before decision 101 wrote."""
    read = [BoardModel.from_raw_data(item) for item in found.get(BoardModel.Meta.table_name) or []]
    if period_key is not None:
        read = [board for board in read if board.period_key == period_key]
    return max(read, key=lambda board: board.generated_at, default=None)


# The sk of the job's item per org: when it last checked the boards, and their fingerprints.
CHECKED = "checked"


def fingerprints(org_id: str) -> dict[str, dict[str, str]]:
    """The content fingerprint of each live board as the job last wrote it, `{scope: {period: ...}}`
    (empty before the job's first run for the org): one strongly consistent read of one small item,
    so the job knows what is stored without reading the boards themselves (decision 98)."""
    found = get_or_none(BoardsCheckedModel, org_id, CHECKED)
    return dict(found.fingerprints or {}) if found is not None else {}


def save_checked(org_id: str, found: dict[str, dict[str, str]], at: datetime) -> None:
    """Record a run of the job for the org at `at` with the fingerprints of its live boards: written
    every run, whether a board changed or not, so the org's turn moves on (`last_checked`)."""
    BoardsCheckedModel(org_id=org_id, sk=CHECKED, checked_at=at, fingerprints=found).save()


def last_checked(org_ids: Iterable[str]) -> dict[str, datetime]:
    """When the job last checked each org's boards (built or found them unchanged); orgs it never
    checked are left out. One BatchGetItem per 100 orgs, of two attributes each."""
    table = BoardsCheckedModel.Meta.table_name
    keys = [{"org_id": {"S": org_id}, "sk": {"S": CHECKED}} for org_id in org_ids]
    found = get_many({table: {"Keys": keys, "ProjectionExpression": "org_id, checked_at"}})
    items = [BoardsCheckedModel.from_raw_data(item) for item in found[table]]
    return {item.org_id: item.checked_at for item in items}


def save_snapshot(board: BoardModel, pages: Sequence[str] = ()) -> None:
    """Write the snapshot's further histogram `pages` (encoded, in order), then the snapshot (at its
    `board_sk`); then drop older pages. Pages are keyed by the period key whichever copy the board is,
    so the current board's pages are still found once the same board is final."""
    generation = _generation(board.generated_at)
    pages_of = snapshot_sk(board.period, board.period_key, board.scope)
    if pages:
        with HistogramPageModel.batch_write() as batch:
            for index, text in enumerate(pages):
                batch.save(
                    HistogramPageModel(
                        org_id=board.org_id, sk=_page_sk(pages_of, generation, index), histogram=text
                    )
                )
    board.save()
    if pages:
        _drop_pages_before(board.org_id, pages_of, generation)


def histogram_page(board: BoardModel, index: int) -> str:
    """Page `index` + 1 of a snapshot's histogram (current or final). Read consistently: the pages
    were written just before the snapshot the caller has read."""
    sk = _page_sk(
        snapshot_sk(board.period, board.period_key, board.scope), _generation(board.generated_at), index
    )
    try:
        return str(HistogramPageModel.get(board.org_id, sk, consistent_read=True).histogram)
    except DoesNotExist as missing:
        raise LookupError(f"histogram page {sk} of board {board.org_id} is missing") from missing


def _generation(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")  # fixed width: text order is time order


def _page_sk(board_sk: str, generation: str, index: int) -> str:
    return f"{board_sk}#page#{generation}#{index:05d}"


def _drop_pages_before(org_id: str, board_sk: str, generation: str) -> None:
    """Delete the pages of generations older than `generation`, except the newest of them: a reader
    may have read the snapshot they belonged to just before it was replaced."""
    prefix = f"{board_sk}#page#"
    older: dict[str, list[str]] = {}
    for page in HistogramPageModel.query(
        org_id, HistogramPageModel.sk.startswith(prefix), attributes_to_get=["sk"]
    ):
        page_generation = page.sk[len(prefix) :].split("#", 1)[0]
        if page_generation < generation:
            older.setdefault(page_generation, []).append(page.sk)
    stale = [sk for g in sorted(older)[:-1] for sk in older[g]]
    if stale:
        with HistogramPageModel.batch_write() as batch:
            for sk in stale:
                batch.delete(HistogramPageModel(org_id=org_id, sk=sk))
