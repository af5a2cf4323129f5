"""Cold start: the import time of each handler module in a fresh process, against a bare `import boto3`.

    python -m bench.coldstart [--rounds 15] [--output bench/results-coldstart.json]

Each round starts one fresh Python process per module (`import boto3` and every
`advocacy.handlers.<name>`) in a rotated order, so machine noise hits all of them alike; a process
times its own import with `time.perf_counter()` (interpreter start-up is not counted, as Lambda's
runtime is up before the handler module is imported). The figure is the median over the rounds and
its ratio to the median of `import boto3` measured in the same run.

The processes get what Lambda would give the functions: every table variable, the user pool, the
buckets and the sender, dummy credentials, and `AWS_ENDPOINT_URL` pointing at a moto server on
127.0.0.1 that holds the click secret, since the redirect reads it once at cold start (so its figure
includes that one call).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.operations import TABLES

RESULTS = Path(__file__).with_name("results-coldstart.json")
BASELINE = "boto3"
GOALS = {
    "advocacy.handlers.redirect": 1.3,
    "advocacy.handlers.api": 2.5,
    "advocacy.handlers.jobs": 2.0,
    "advocacy.handlers.stream": 2.0,
    "advocacy.handlers.exports": 2.0,  # a background function like jobs and stream
}
PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def lambda_env(endpoint: str, secret_arn: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "POWERTOOLS_"))}
    env.update(TABLES)
    env.update(
        {
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_LAMBDA_FUNCTION_NAME": "bench",
            "POWERTOOLS_SERVICE_NAME": "advocacy",
            "POWERTOOLS_METRICS_NAMESPACE": "Advocacy",
            "USER_POOL_ID": "us-east-1_bench",
            "EXPORTS_BUCKET": "bench-exports",
            "DIGEST_SENDER": "digest@advocacy.example",
            "PUBLIC_BASE_URL": "https://go.advocacy.example",
            "CLICK_SECRET_ARN": secret_arn,
            "STAGE": "bench",
        }
    )
    return env


def time_import(module: str, env: dict[str, str]) -> float:
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", PROBE.format(module=module)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"import {module} failed:\n{done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


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
    try:
        secrets = boto3.client(
            "secretsmanager",
            endpoint_url=server.url,
            region_name="us-east-1",
            **CREDENTIALS,
        )
        arn = secrets.create_secret(Name="bench-click-key", SecretString="k" * 64)["ARN"]
        env = lambda_env(server.url, arn)
        modules = [BASELINE, *GOALS]
        seconds: dict[str, list[float]] = {m: [] for m in modules}
        for n in range(rounds):
            order = modules[n % len(modules) :] + modules[: n % len(modules)]
            for module in order:
                seconds[module].append(time_import(module, env))
    finally:
        server.stop()
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
        print(f"{module:28} {results[module]['median_ms']:7.1f} ms  x{results[module]['ratio_to_boto3']}")
    output = {
        "benchmark": "coldstart",
        "command": "python -m bench.coldstart " + " ".join(argv if argv is not None else sys.argv[1:]),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds": rounds,
        "python": sys.version.split()[0],
        "results": results,
    }
    args.output.write_text(json.dumps(output, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
