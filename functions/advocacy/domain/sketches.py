"""HyperLogLog sketches of distinct ids: a day's advocates in a fixed size whatever the org, merged
over a range of days into the number of distinct advocates of the range (decision 91).

Precision 12 (4,096 one-byte registers, stored zlib-compressed: a few dozen bytes for a handful of
ids, under 2 KB for 100,000): the estimate's standard error is 1.04/√4096 ≈ 1.6%, and from about 100
ids up it stays within `BOUND` (5%, three standard errors) of the true count. Below about 10,000 ids
linear counting keeps it within about 1%, but two ids can share a register at any size (about 1 set
in 140 at 8 ids), and for a handful of ids one less is a large error: the summary counts days of
fewer than 100 advocates exactly instead (domain.rollups.Advocates). Just above 10,000 ids, where
the raw estimator takes over, its bias is largest (about 4% near 12,000 ids). Merging is a union:
the sketch of two sets merged is the sketch of their union, so a distinct count over days never
counts one advocate twice.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections.abc import Iterable

PRECISION = 12
REGISTERS = 1 << PRECISION
STANDARD_ERROR = 1.04 / math.sqrt(REGISTERS)  # ≈ 0.016
BOUND = 0.05  # the relative error the estimate stays within (tests/unit/test_sketches.py)
_HASH_BITS = 64
_ALPHA = 0.7213 / (1 + 1.079 / REGISTERS)
SPARSE_ZEROS = REGISTERS - REGISTERS // 16  # a sketch with at most 256 registers set is merged as sparse
_SET = re.compile(rb"[^\x00]")  # a register set (found in C, not by a loop over every register)


class Sketch:
    """The registers of one HyperLogLog sketch; `encode` and `decode` give its stored form."""

    __slots__ = ("registers",)

    def __init__(self, registers: bytearray | None = None) -> None:
        self.registers = registers if registers is not None else bytearray(REGISTERS)
        if len(self.registers) != REGISTERS:
            raise ValueError(f"a sketch has {REGISTERS} registers, not {len(self.registers)}")

    def add(self, item: str) -> None:
        value = int.from_bytes(hashlib.blake2b(item.encode(), digest_size=8).digest(), "big")
        index = value >> (_HASH_BITS - PRECISION)
        rest = value & ((1 << (_HASH_BITS - PRECISION)) - 1)
        rank = (_HASH_BITS - PRECISION) - rest.bit_length() + 1
        self.registers[index] = max(self.registers[index], rank)

    def update(self, items: Iterable[str]) -> Sketch:
        for item in items:
            self.add(item)
        return self

    def merge(self, *others: Sketch) -> Sketch:
        """Fold `others` in (the union of the sets), all at once (a 90-day summary merges 90); returns
        self. The full sketches go through one pass over the registers together; a sparse one (a day
        of a few advocates sets a few registers) only through the registers it set."""
        if others:
            arrays = [self.registers, *(o.registers for o in others)]
            if len({len(a) for a in arrays}) != 1:
                raise ValueError("sketches of different precisions cannot be merged")
            sparse: list[bytearray] = []
            full: list[bytearray] = []
            for array in arrays:
                (sparse if array.count(0) >= SPARSE_ZEROS else full).append(array)
            merged = (
                bytearray(map(max, *full)) if len(full) > 1 else bytearray(full[0] if full else REGISTERS)
            )
            for array in sparse:
                for found in _SET.finditer(array):
                    at = found.start()
                    merged[at] = max(merged[at], array[at])
            self.registers = merged
        return self

    def estimate(self) -> int:
        """The estimated number of distinct ids added (0 for an empty sketch)."""
        zeros = self.registers.count(0)
        if zeros == REGISTERS:
            return 0
        raw = _ALPHA * REGISTERS * REGISTERS / sum(2.0**-r for r in self.registers)
        if raw <= 2.5 * REGISTERS and zeros:
            return round(REGISTERS * math.log(REGISTERS / zeros))  # linear counting: small sets
        return round(raw)

    def encode(self) -> bytes:
        return zlib.compress(bytes(self.registers), 9)

    @classmethod
    def decode(cls, data: bytes) -> Sketch:
        return cls(bytearray(zlib.decompress(data)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sketch) and self.registers == other.registers

    def __hash__(self) -> int:  # mutable: not hashable by value
        return id(self)


def of(items: Iterable[str]) -> Sketch:
    """The sketch of `items`."""
    return Sketch().update(items)
