"""Plain-text tables for the benchmarks' printed reports, the fields every results file starts with,
and the machine a result was measured on."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> str:
    """Columns padded to their widest cell and separated by ` | `, under a rule; the columns whose
    indexes are in `right` are right-aligned, the others left-aligned."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return " | ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(header), "-+-".join("-" * w for w in widths), *(line(r) for r in rows)])


def machine() -> dict[str, Any]:
    """Python, platform and CPU count, recorded beside figures that depend on them."""
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}


def result_header(benchmark: str, argv: Sequence[str] | None = None) -> dict[str, Any]:
    """What every `bench/results-<benchmark>.json` starts with: the benchmark, the command that ran it
    (`python -m bench.<benchmark>` with `argv`, else this process's arguments) and when (UTC)."""
    args = list(argv if argv is not None else sys.argv[1:])
    return {
        "benchmark": benchmark,
        "command": " ".join([f"python -m bench.{benchmark}", *args]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
