"""Leaderboard data: which boards an award moves, and the snapshots the job writes.

A board is named `<period>:<period_key>` for the org's periods (week, month, quarter, all, in the
org's time zone) and `contest:<contest_id>` for a contest; every member's live score on it is an
attribute of their score item (`store.scores`).

The job also keeps one item per org (`checked`): when it last checked the org's boards and a
fingerprint of each live board's content, so a run rewrites only the boards that changed.

The live boards of a scope (one per period) are one item, compressed together (decision 102: the
members a scope's boards share are stored once); when a period has ended, its final board is an item
of its own, under its period key.

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
from advocacy.store.models import (
    BoardModel,
    BoardsCheckedModel,
    HistogramPageModel,
    LiveBoardsModel,
    OrgModel,
)
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


LIVE = "live#"  # the sk prefix of a scope's live boards
# What a live board keeps in its scope's item (`generated_at` and the scope are the item's own).
LIVE_FIELDS = ("period_key", "final", "entries", "histogram", "histogram_pages", "members")


def live_sk(scope: str) -> str:
    return f"{LIVE}{scope}"


def snapshot(org_id: str, sk: str) -> BoardModel | None:
    return get_or_none(BoardModel, org_id, sk, consistent=False)


def members_counted(org_id: str, scope: str) -> int | None:
    """The active members of `scope` (`all` or a group id) as the leaderboards job last counted them
    (every 15 minutes), from the scope's live all-time board: one read, whatever the org's size. None
    before the job's first run for it."""
    found = get_or_none(LiveBoardsModel, org_id, live_sk(scope), consistent=False)
    board = None if found is None else live_board(found, "all")
    return None if board is None else int(board.members)


def snapshot_read(org_id: str, *sks: str) -> dict[str, dict[str, Any]]:
    """The BatchGetItem request for the items stored at `sks` (for `authorize_with`)."""
    keys = [{"org_id": {"S": org_id}, "sk": {"S": sk}} for sk in sks]
    return {BoardModel.Meta.table_name: {"Keys": keys}}


def snapshot_from(
    found: dict[str, list[dict[str, Any]]], period: str, period_key: str | None = None
) -> BoardModel | None:
    """The board of `period` among the items read (a scope's live boards, a final board): of
    `period_key` when given, and the newest, should both hold it (a final board is newer than the
    live board of its period it replaced)."""
    read: list[BoardModel | None] = [
        live_board(LiveBoardsModel.from_raw_data(item), period)
        if item["sk"]["S"].startswith(LIVE)
        else BoardModel.from_raw_data(item)
        for item in found.get(BoardModel.Meta.table_name) or []
    ]
    boards = [b for b in read if b is not None and (period_key is None or b.period_key == period_key)]
    return max(boards, key=lambda board: board.generated_at, default=None)


def live_board(item: LiveBoardsModel, period: str) -> BoardModel | None:
    """The live board of `period` in a scope's item, as a snapshot (None: the item has none)."""
    fields = (item.boards or {}).get(period)
    if fields is None:
        return None
    return BoardModel(
        org_id=item.org_id,
        sk=item.sk,
        period=period,
        scope=item.scope,
        generated_at=item.generated_at,
        **{name: fields[name] for name in LIVE_FIELDS},
    )


def save_live(
    org_id: str, scope: str, built: Sequence[tuple[BoardModel, Sequence[str]]], at: datetime
) -> None:
    """The scope's live boards (each with its further histogram pages, encoded) as one item: the pages
    first, then the item, then the pages of older generations dropped."""
    generation = _generation(at)
    for board, pages in built:
        _save_pages(board, pages, generation)
    boards = {board.period: {name: getattr(board, name) for name in LIVE_FIELDS} for board, _ in built}
    LiveBoardsModel(org_id=org_id, sk=live_sk(scope), scope=scope, generated_at=at, boards=boards).save()
    for board, pages in built:
        if pages:
            _drop_pages_before(org_id, _pages_of(board), generation)


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
    """A final board: its further histogram `pages` (encoded, in order), then the board under its
    period key, then the pages of older generations dropped."""
    generation = _generation(board.generated_at)
    _save_pages(board, pages, generation)
    board.save()
    if pages:
        _drop_pages_before(board.org_id, _pages_of(board), generation)


def _pages_of(board: BoardModel) -> str:
    """The sk prefix of a board's histogram pages: its period key's, whether it is live or final, so
    a reader finds the pages of the snapshot it read either way."""
    return snapshot_sk(board.period, board.period_key, board.scope)


def _save_pages(board: BoardModel, pages: Sequence[str], generation: str) -> None:
    if not pages:
        return
    with HistogramPageModel.batch_write() as batch:
        for index, text in enumerate(pages):
            batch.save(
                HistogramPageModel(
                    org_id=board.org_id, sk=_page_sk(_pages_of(board), generation, index), histogram=text
                )
            )


def histogram_page(board: BoardModel, index: int) -> str:
    """Page `index` + 1 of a snapshot's histogram (live or final). Read consistently: the pages
    were written just before the snapshot the caller has read."""
    sk = _page_sk(_pages_of(board), _generation(board.generated_at), index)
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
