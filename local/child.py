"""The local stack as a child process on free ports: what the e2e tests and the load bench start.

The child runs in its own process group and is told to exit with its parent, so neither a failing
test nor an interrupted bench leaves it (or the synth's Node.js child) behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 120.0  # a cold CDK synth is most of it


class StackNotReady(RuntimeError):
    """The stack exited or did not write its stack.json in time (the message ends with its log)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Child:
    proc: subprocess.Popen[bytes]
    log_path: Path
    info: dict[str, Any] = field(default_factory=dict)

    def stop(self) -> None:
        """SIGTERM the stack's process group (graceful), then SIGKILL whatever is left."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # children (e.g. a synth still running) too
        self.proc.wait(timeout=10)


def start(state_dir: Path, *options: str, timeout: float = START_TIMEOUT_S) -> Child:
    """`python -m local` on free ports with its state in `state_dir` and these extra options; returns
    once its stack.json is written (stopping it and raising StackNotReady if it never is).

    Under libfaketime (`make shifted`) a start that dies by a signal is tried once more: libfaketime
    0.9.10 intercepts the pthread condition waits every thread start uses, and a Python process
    starting a dozen threads under it has been seen to die by SIGSEGV before printing anything. The
    child runs with faulthandler on, so such a death leaves its Python stack in the log, shown here.
    """
    try:
        return _start_once(state_dir, options, timeout)
    except _Crashed as crash:
        if "faketime" not in os.environ.get("LD_PRELOAD", ""):
            raise StackNotReady(str(crash)) from None
        print(f"retrying the local stack's start under libfaketime after: {crash}", file=sys.stderr)
        try:
            return _start_once(state_dir, options, timeout)
        except _Crashed as again:
            raise StackNotReady(str(again)) from None


class _Crashed(StackNotReady):
    """The stack died by a signal before it was ready."""


def _start_once(state_dir: Path, options: tuple[str, ...], timeout: float) -> Child:
    log_path = state_dir / "stack.log"
    (state_dir / "stack.json").unlink(missing_ok=True)
    command = [
        sys.executable, "-m", "local", "--port", str(free_port()), "--aws-port", str(free_port()),
        "--web-port", str(free_port()), "--state-dir", str(state_dir), "--exit-with-parent", *options,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}  # a crash prints the Python stack to the log
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    child = Child(proc, log_path)
    stack_json = state_dir / "stack.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            child.stop()
            message = f"the local stack exited with {proc.returncode}:\n{_tail(log_path)}"
            raise (_Crashed if proc.returncode < 0 else StackNotReady)(message)
        if stack_json.exists():
            child.info = dict(json.loads(stack_json.read_text()))
            return child
        time.sleep(0.2)
    child.stop()
    raise StackNotReady(f"the local stack was not ready within {timeout:.0f}s:\n{_tail(log_path)}")


def _tail(log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-4000:]
