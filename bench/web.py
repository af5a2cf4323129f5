"""The members' web app: its bundle's gzipped sizes, and Lighthouse on a signed-in member's feed.

    python -m bench.web [--runs 5] [--output bench/results-web.json]

Needs the build (`make web-build`) and Chromium (`make chromium`); `make bench` makes both first.

- **Bundle**: `web/scripts/sizes.mjs` (`npm run sizes`), which holds the budgets: the initial JS
  (what index.html loads) at most 150 KB gzipped, each lazily loaded member chunk (a screen, or the
  Cognito library sign-in loads) at most 50 KB gzipped and each console screen (`admin/...`, loaded
  by admins and managers only) at most 80 KB, KB being 1,024 bytes there.
- **Lighthouse** (`web/node_modules/lighthouse`, through `web/scripts/lighthouse.mjs`): the local
  stack (local/child.py, free ports, the demo orgs, no scheduler) serves `web/dist`; Chromium is
  started as the Lighthouse CLI starts it (`--chrome-path`, `--chrome-flags="--headless=new
  --no-sandbox"`), a demo member signs in through the sign-in form, then each run is Lighthouse's
  cold load of the feed (HTTP cache, service worker and its caches cleared; localStorage, which holds
  the session, kept), with its default mobile emulation and simulated throttling. The figures are the
  median run by performance score. Goals: performance >= 90, accessibility 100.

The local origin gzips text as CloudFront does deployed (local/web.py), so the transfer sizes Lighthouse
simulates its slow 4G with are the compressed ones a phone downloads. The load average before and after is
recorded: Lighthouse's blocking time is measured on this machine's CPU (slowed 4x), so other work on
it raises that figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bench.report import machine, result_header
from local import child
from local.browser import chromium_path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
DIST = WEB / "dist"
RESULTS = Path(__file__).with_name("results-web.json")
PERFORMANCE_GOAL = 90
ACCESSIBILITY_GOAL = 100
CHROME_FLAGS = "--headless=new --no-sandbox"
START_TIMEOUT_S = 180  # a cold CDK synth is most of it


def node_json(script: str, *args: str, ok_codes: tuple[int, ...] = (0,)) -> dict[str, Any]:
    """Run one of web/scripts/ with Node and return the JSON it prints; SystemExit on another exit code."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not on PATH: the web app's scripts need Node.js 20+")
    done = subprocess.run(  # noqa: S603 - our own scripts
        [node, f"scripts/{script}", *args], cwd=WEB, capture_output=True, text=True, check=False
    )
    if done.returncode not in ok_codes:
        raise SystemExit(
            f"node scripts/{script} exited with {done.returncode}:\n{done.stderr or done.stdout}"
        )
    return dict(json.loads(done.stdout))


def bundle() -> dict[str, Any]:
    """`npm run sizes`: exit code 1 (a budget exceeded) still prints the figures; 2 is no build."""
    return node_json("sizes.mjs", ok_codes=(0, 1))


def lighthouse(runs: int, report_dir: Path) -> dict[str, Any]:
    """The local stack with web/dist, then scripts/lighthouse.mjs signed in as the first demo member."""
    state = tempfile.TemporaryDirectory(prefix="bench-web-")
    options = ("--no-scheduler", "--cache-dir", str(ROOT / ".local" / "cache"), "--web-dist", str(DIST))
    try:
        started = child.start(Path(state.name), *options, timeout=START_TIMEOUT_S)
    except child.StackNotReady as exc:
        state.cleanup()
        raise SystemExit(str(exc)) from exc
    try:
        member = next(u for u in started.info["users"] if u["role"] == "member")
        chrome = chromium_path()
        report_dir.mkdir(parents=True, exist_ok=True)
        result = node_json(
            "lighthouse.mjs",
            "--origin", started.info["web_url"], "--email", member["email"], "--password", member["password"],
            "--runs", str(runs), f"--chrome-flags={CHROME_FLAGS}",
            "--html", str(report_dir / "feed.html"), "--lhr", str(report_dir / "feed.json"),
            *(["--chrome-path", chrome] if chrome else []),
        )  # fmt: skip
    finally:
        started.stop()
        state.cleanup()
    result["member"] = member["email"]
    result["report"] = str((report_dir / "feed.html").relative_to(ROOT))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs; the median is reported (5)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--report-dir", type=Path, default=ROOT / ".build" / "lighthouse", help="the median run's report"
    )
    args = parser.parse_args(argv)
    if not (DIST / "index.html").exists():
        raise SystemExit("web/dist has no build: run `make web-build` first")
    sizes = bundle()
    print(f"initial JS  {sizes['initial']['js_gzip']:,} bytes gzipped")
    for name, route in sizes["routes"].items():
        print(f"  {name:<28} {route['gzip']:,} bytes gzipped")
    load_before = os.getloadavg()
    audit = lighthouse(max(1, args.runs), args.report_dir.resolve())
    load_after = os.getloadavg()
    for run in audit["runs"]:
        m = run["metrics"]
        print(
            f"lighthouse  performance {run['performance']}, accessibility {run['accessibility']}; "
            f"FCP {m['fcp_ms']:.0f} ms, LCP {m['lcp_ms']:.0f} ms, TBT {m['tbt_ms']:.0f} ms, CLS {m['cls']:.3f}"
        )
    print(f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after; report {audit['report']}")
    output = {
        **result_header("web", argv),
        "machine": machine(),
        "load_average": {"before": list(load_before), "after": list(load_after)},
        "results": {
            "bundle": sizes,
            "lighthouse": {
                **audit,
                "goals": {"performance": PERFORMANCE_GOAL, "accessibility": ACCESSIBILITY_GOAL},
            },
        },
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
