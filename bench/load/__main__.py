"""`python -m bench.load`: see the package's docstring."""

from __future__ import annotations

from bench.load.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
