"""`python -m bench.leaderboards`: see the package's docstring."""

from __future__ import annotations

from bench.leaderboards.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
