"""The local stack the load runs against: one started for the run, or one attached to, and this
process's store models pointed at its emulator (the reconciler reads DynamoDB through them)."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from local import child

START_TIMEOUT_S = 180  # a cold CDK synth is most of it


@dataclass
class StackHandle:
    """A running local stack: ours (a child process) or one we attached to."""

    info: dict[str, Any]
    owned: bool
    started: child.Child | None = None
    state_dir: tempfile.TemporaryDirectory[str] | None = None

    def stop(self) -> None:
        if self.started is not None:
            self.started.stop()
        if self.state_dir is not None:
            self.state_dir.cleanup()


def start_stack(redeliver: float, cache_dir: Path) -> StackHandle:
    """`python -m local` on free ports (local/child.py), without scheduler or demo orgs."""
    state = tempfile.TemporaryDirectory(prefix="bench-load-")
    options = (
        "--cache-dir",
        str(cache_dir),
        "--no-scheduler",
        "--no-seed",
        "--stream-redeliver",
        str(redeliver),
    )
    try:
        started = child.start(Path(state.name), *options, timeout=START_TIMEOUT_S)
    except child.StackNotReady as exc:
        state.cleanup()
        raise SystemExit(str(exc)) from exc
    return StackHandle(started.info, True, started, state)


def attach_stack(path: Path) -> StackHandle:
    """A running stack through its stack.json; refused unless it serves on 127.0.0.0/8."""
    info = dict(json.loads(path.read_text()))
    for key in ("api_url", "aws_endpoint_url", "table_env", "user_pool_id", "user_pool_client_id"):
        if key not in info:
            raise SystemExit(f"{path} has no {key!r}: restart the stack with this version of local/")
    host = urlsplit(info["api_url"]).hostname or ""
    if not host.startswith("127.") and host != "localhost":
        raise SystemExit(f"refusing to load {info['api_url']}: only 127.0.0.0/8 is a target")
    return StackHandle(info, False)


def bind_store(info: dict[str, Any]) -> None:
    """Point this process's store models (and the operator bootstrap) at the stack's emulators."""
    os.environ.update(
        {
            "AWS_ENDPOINT_URL": info["aws_endpoint_url"],
            # The tables: DynamoDB Local (a stack of an older local/ has them on the moto endpoint).
            "AWS_ENDPOINT_URL_DYNAMODB": info.get("dynamodb_endpoint_url", info["aws_endpoint_url"]),
            "AWS_DEFAULT_REGION": info["region"],
            "AWS_REGION": info["region"],
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "USER_POOL_ID": info["user_pool_id"],
            "NO_PROXY": "127.0.0.1,localhost",
            **info["table_env"],
        }
    )
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    from advocacy.store.tables import bind

    bind(info["table_env"])
