"""Cold start: the import time of each handler module in a fresh process, against a bare `import boto3`.

    python -m bench.coldstart [--rounds 15] [--output bench/results-coldstart.json]

Each round starts one fresh Python process per module (`import boto3` and every
`advocacy.handlers.<name>`) in a rotated order, so machine noise hits all of them alike; a process
times its own import with `time.perf_counter()` (interpreter start-up is not counted, as Lambda's
runtime is up before the handler module is imported). The figure is the median over the rounds and
its ratio to the median of `import boto3` measured in the same run. The api's process then also
answers its first request (GET /health) and the sum is reported beside the import, without a goal:
the api builds a route's models when the route first runs, so its import alone would hide that work.

The processes get what Lambda would give the functions: every table variable, the user pool, the
buckets and the sender, dummy credentials, and `AWS_ENDPOINT_URL` pointing at a moto server on
127.0.0.1 that holds the click secret, since the redirect reads it once at cold start (so its figure
includes that one call).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.operations import DUMMY_AWS, FUNCTION_SETTINGS, TABLES
from bench.report import result_header

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results-coldstart.json")
BASELINE = "boto3"
GOALS = {
    "advocacy.handlers.redirect": 1.3,
    "advocacy.handlers.api": 2.5,
    "advocacy.handlers.jobs": 2.0,
    "advocacy.handlers.stream": 2.0,
    "advocacy.handlers.exports": 2.0,  # a background function like jobs and stream
    "advocacy.handlers.mail": 1.3,  # Cognito waits 5 s for it, cold start included, as a visitor does
}
PROBE = "import time; t = time.perf_counter(); import {module}; imported = time.perf_counter() - t"
# The api builds each route's models on first use (decision 53), so its import alone would hide that
# work: its process also times the first request after the import, GET /health, and reports the sum.
FIRST_REQUEST = {
    "advocacy.handlers.api": (
        "GET /health",
        "from datetime import UTC, datetime; "
        "from tests.support.events import FakeContext, http_event; "
        "event = http_event('GET', '/health', now=datetime(2026, 11, 2, 9, 30, tzinfo=UTC)); "
        "t = time.perf_counter(); "
        "advocacy.handlers.api.handler(event, FakeContext()); "
        "answered = time.perf_counter() - t",
    ),
}


def code_asset(into: Path) -> Path:
    """Our code as the code asset holds it, without bytecode, so every process compiles it from
    source as Lambda does; whatever `__pycache__` a checkout has does not change the figures."""
    target = into / "code"
    shutil.copytree(ROOT / "functions", target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def lambda_env(endpoint: str, secret_arn: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    env.update(
        {
            **TABLES,
            **DUMMY_AWS,
            **FUNCTION_SETTINGS,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": "bench",
            "USER_POOL_ID": "us-east-1_bench",
            "CLICK_SECRET_ARN": secret_arn,
            "STAGE": "bench",
        }
    )
    return env


def time_import(module: str, env: dict[str, str]) -> tuple[float, float | None]:
    """Seconds to import `module` and, where FIRST_REQUEST names one, to answer that first request."""
    probe = PROBE.format(module=module)
    if module in FIRST_REQUEST:
        probe += "; " + FIRST_REQUEST[module][1] + "; print(imported, answered)"
    else:
        probe += "; print(imported)"
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", probe],
        env=env,
        cwd=ROOT,  # the api's first request is built with tests/support/events.py
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import {module} failed:\n{done.stderr[-2000:]}")
    figures = done.stdout.strip().splitlines()[-1].split()  # the handler logs to stdout before it
    if module in FIRST_REQUEST:
        return float(figures[0]), float(figures[1])
    return float(figures[0]), None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.coldstart", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="fresh processes per module (at least 9)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rounds = max(args.rounds, 9)

    import logging

    import boto3

    from local.aws import CREDENTIALS, MotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = MotoServer(0)
    server.start()
    staging = tempfile.mkdtemp(prefix="bench-coldstart-")
    try:
        secrets = boto3.client(
            "secretsmanager",
            endpoint_url=server.url,
            region_name="us-east-1",
            **CREDENTIALS,
        )
        arn = secrets.create_secret(Name="bench-click-key", SecretString="k" * 64)["ARN"]
        env = lambda_env(server.url, arn)
        env["PYTHONPATH"] = str(code_asset(Path(staging)))  # found before the editable install
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        modules = [BASELINE, *GOALS]
        seconds: dict[str, list[float]] = {m: [] for m in modules}
        first: dict[str, list[float]] = {m: [] for m in FIRST_REQUEST}
        for n in range(rounds):
            order = modules[n % len(modules) :] + modules[: n % len(modules)]
            for module in order:
                imported, answered = time_import(module, env)
                seconds[module].append(imported)
                if answered is not None:
                    first[module].append(imported + answered)
    finally:
        server.stop()
        shutil.rmtree(staging, ignore_errors=True)
    base = statistics.median(seconds[BASELINE])
    results: dict[str, Any] = {}
    for module in modules:
        median = statistics.median(seconds[module])
        results[module] = {
            "median_ms": round(median * 1000, 1),
            "min_ms": round(min(seconds[module]) * 1000, 1),
            "max_ms": round(max(seconds[module]) * 1000, 1),
            "ratio_to_boto3": round(median / base, 3),
            "goal_ratio": GOALS.get(module),
        }
        if module in FIRST_REQUEST:
            with_request = statistics.median(first[module])
            results[module]["first_request"] = FIRST_REQUEST[module][0]
            results[module]["with_first_request_ms"] = round(with_request * 1000, 1)
            results[module]["with_first_request_ratio"] = round(with_request / base, 3)
        print(f"{module:28} {results[module]['median_ms']:7.1f} ms  x{results[module]['ratio_to_boto3']}")
        if module in FIRST_REQUEST:
            r = results[module]
            print(
                f"{'  + ' + r['first_request']:28} {r['with_first_request_ms']:7.1f} ms  x{r['with_first_request_ratio']}"
            )
    output = {
        **result_header("coldstart", argv),
        "rounds": rounds,
        "python": sys.version.split()[0],
        "results": results,
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
