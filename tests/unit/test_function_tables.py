"""Each handler binds exactly the tables the stack gives its function (infra/access.py): a table its
code uses but its handler does not bind keeps a placeholder name and fails in AWS, while moto and
DynamoDB Local, where every test binds every table, never notice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.coldstart import lambda_env
from infra.access import TABLE_ACCESS

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, json
print(json.dumps({name: sorted(importlib.import_module(f"advocacy.handlers.{name}").settings.tables)
                  for name in %r}))
"""


def test_each_handler_binds_the_tables_its_function_is_granted() -> None:
    env = lambda_env("http://127.0.0.1:9", "arn:aws:secretsmanager:us-east-1:123456789012:secret:click-key")
    env["PYTHONPATH"] = f"{ROOT / 'functions'}:{ROOT}"
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", PROBE % sorted(TABLE_ACCESS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    bound = json.loads(done.stdout.strip().splitlines()[-1])
    assert bound == {name: sorted(tables) for name, tables in TABLE_ACCESS.items()}
