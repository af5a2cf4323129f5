"""`store.base.CompressedJSON` (decision 101): a leaderboard's entries stored compressed, and the
entries a version before it stored as compact JSON text still read."""

from __future__ import annotations

import json
import random
import uuid
import zlib
from datetime import UTC, datetime

from advocacy.store.base import CompressedJSON
from advocacy.store.board_models import BoardModel

AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _entries(count: int) -> list[dict[str, object]]:
    rng = random.Random(3)
    names = ["Anna Rossi", "Marco Bianchi", "Emily Brown", "Luca Ferrari", "Sofia Romano", "John Smith"]
    return [
        {
            "rank": i + 1,
            "member_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "name": f"{rng.choice(names)} {i}",
            "points": 1000 - 7 * i,
        }
        for i in range(count)
    ]


def test_a_value_round_trips_and_equal_values_serialize_to_equal_bytes() -> None:
    attribute = CompressedJSON()
    entries = _entries(100)
    stored = attribute.serialize(entries)
    assert isinstance(stored, bytes)
    assert attribute.deserialize(stored) == entries
    assert attribute.serialize(json.loads(json.dumps(entries))) == stored
    assert attribute.serialize(None) is None


def test_a_hundred_entries_take_well_under_half_their_compact_json() -> None:
    entries = _entries(100)
    compact = json.dumps(entries, separators=(",", ":")).encode()
    stored = CompressedJSON().serialize(entries)
    assert stored is not None and len(stored) < len(compact) / 2
    assert zlib.decompress(stored) == compact


def _raw(entries: dict[str, str]) -> dict[str, dict[str, str]]:
    return {
        "org_id": {"S": "o"},
        "sk": {"S": "week#2026-W45#all"},
        "period": {"S": "week"},
        "period_key": {"S": "2026-W45"},
        "scope": {"S": "all"},
        "generated_at": {"S": "2026-11-02T09:30:00.000000+0000"},
        "entries": entries,
    }


def test_a_board_reads_entries_stored_as_text_before_and_compressed_now() -> None:
    entries = _entries(3)
    text = json.dumps(entries, separators=(",", ":"))
    assert BoardModel.from_raw_data(_raw({"S": text})).entries == entries
    compressed = zlib.compress(text.encode(), 9)
    board = BoardModel.from_raw_data(_raw({"B": compressed}))  # type: ignore[dict-item]
    assert board.entries == entries
    assert board.serialize()["entries"] == {"B": compressed}
