"""Package sizes: the code asset zipped as CDK ships it, and the dependency layer unzipped.

    python -m bench.size [--output bench/results-size.json]

The code asset is `functions/` less what the function construct excludes (`CODE_EXCLUDES`, matched as
CDK's glob mode does: a pattern without a slash matches a name at any depth), zipped with deflate as
the asset bundle is. The layer is the bundle `make synth` builds (`.build/layer-<hash>`, pip with
`--platform manylinux2014_aarch64`); it is built here the same way if it is missing (pip reaches PyPI).
Goals: code <= 1 MB zipped, layer <= 25 MB unzipped (of Lambda's 250 MB for function and layers).
"""

from __future__ import annotations

import argparse
import fnmatch
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from bench.report import result_header

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results-size.json")
CODE_GOAL = 1_000_000
LAYER_GOAL = 25_000_000


def excluded(relative: Path, patterns: list[str]) -> bool:
    """CDK's glob exclusion: a pattern matches the path, or (without a slash) any of its names."""
    text = relative.as_posix()
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        if "/" not in bare and any(fnmatch.fnmatch(part, bare) for part in relative.parts):
            return True
        if fnmatch.fnmatch(text, pattern) or fnmatch.fnmatch(text, bare):
            return True
    return False


def code_asset() -> dict[str, int]:
    from infra.constructs.functions import CODE_EXCLUDES

    root = ROOT / "functions"
    buffer = io.BytesIO()
    files = raw = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not excluded(relative, CODE_EXCLUDES):
                archive.write(path, relative.as_posix())
                files += 1
                raw += path.stat().st_size
    return {"files": files, "unzipped_bytes": raw, "zipped_bytes": len(buffer.getvalue())}


def layer() -> dict[str, object]:
    from infra.constructs.layer import build_layer

    site = build_layer()
    sizes: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            top = path.relative_to(site).parts[0].split("-")[0].removesuffix(".py")
            sizes[top] = sizes.get(top, 0) + path.stat().st_size
    return {
        "path": str(site.relative_to(ROOT)),
        "unzipped_bytes": sum(sizes.values()),
        "largest": dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:6]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.size", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {
        "code": {**code_asset(), "goal_zipped_bytes": CODE_GOAL},
        "layer": {**layer(), "goal_unzipped_bytes": LAYER_GOAL},
    }
    print(
        f"code asset  {results['code']['zipped_bytes'] / 1e6:.3f} MB zipped ({results['code']['files']} files)"
    )
    print(f"layer       {results['layer']['unzipped_bytes'] / 1e6:.1f} MB unzipped")
    output = {
        **result_header("size", argv),
        "results": results,
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
