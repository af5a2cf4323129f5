"""What each function loads at cold start. `bench/coldstart.py` measures the time; these tests pin the
behaviour behind its figures, in fresh interpreters given a Lambda's environment (no AWS call is made:
the endpoint is a closed port)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.coldstart import lambda_env

ROOT = Path(__file__).resolve().parents[2]
HANDLERS = ("api", "redirect", "jobs", "stream", "exports", "poster")
# Prints the modules loaded and the schema models already built, after the import and, when given,
# after the code that follows it.
PROBE = """
import gc, json, sys
import advocacy.handlers.{handler} as function
collecting = gc.isenabled()
{then}
modules = sorted(sys.modules)

def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)

built = []
if "advocacy.schemas.shapes" in modules:
    from advocacy.schemas.shapes import Shape
    built = sorted({{m.__name__ for m in subclasses(Shape) if m.__pydantic_complete__}})
print(json.dumps({{"modules": modules, "built": built, "collecting": collecting, "frozen": gc.get_freeze_count()}}))
"""


def cold(handler: str, then: str = "") -> dict[str, Any]:
    env = lambda_env("http://127.0.0.1:9", "arn:aws:secretsmanager:us-east-1:123456789012:secret:click-key")
    env["PYTHONPATH"] = f"{ROOT / 'functions'}:{ROOT}"
    done = subprocess.run(  # noqa: S603 - our own interpreter, our own code
        [sys.executable, "-c", PROBE.format(handler=handler, then=then)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("handler", HANDLERS)
def test_no_function_loads_the_xray_sdk(handler: str) -> None:
    assert "aws_xray_sdk" not in cold(handler)["modules"]


@pytest.mark.parametrize("handler", HANDLERS)
def test_every_function_collects_garbage_again_once_started(handler: str) -> None:
    """The collector is paused while a function loads (advocacy.handlers): a handler module that
    did not resume it would leave its container without cycle collection."""
    loaded = cold(handler)
    assert loaded["collecting"] is True
    assert loaded["frozen"] > 10_000  # start-up's objects were set aside


def test_the_redirect_loads_neither_pydantic_nor_the_event_handler() -> None:
    modules = cold("redirect")["modules"]
    assert "pydantic" not in modules
    assert "aws_lambda_powertools.event_handler" not in modules


def test_the_api_builds_no_schema_and_loads_no_idempotency_utility_at_import() -> None:
    loaded = cold("api")
    assert loaded["built"] == []
    assert "aws_lambda_powertools.utilities.idempotency" not in loaded["modules"]
    assert "aws_lambda_powertools.event_handler.openapi.models" not in loaded["modules"]


def test_the_api_builds_the_models_of_the_route_it_serves_and_no_others() -> None:
    first_request = (
        "from tests.support.clock import NOW\n"
        "from tests.support.events import FakeContext, http_event\n"
        "answer = function.handler(http_event('GET', '/health', now=NOW), FakeContext())\n"
        "assert answer['statusCode'] == 200, answer\n"
    )
    assert cold("api", then=first_request)["built"] == ["Health"]
