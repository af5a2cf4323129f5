"""`python -m local` (what `make dev` runs): the whole stack on 127.0.0.1 until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType

from local import console
from local.dynamodb_local import EngineFailed, EngineUnavailable
from local.ready import ready_text
from local.serving import PortInUseError
from local.stack import LocalStack, Options
from local.web import DEFAULT_DIST


def parse_args(argv: list[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m local", description=__doc__)
    parser.add_argument(
        "--port", type=int, default=3000, help="HTTP gateway port (default 3000; 0 = any free)"
    )
    parser.add_argument(
        "--aws-port", type=int, default=5005, help="moto server port (default 5005; 0 = any free)"
    )
    parser.add_argument(
        "--web-port", type=int, default=3001, help="web app port (default 3001; 0 = any free)"
    )
    parser.add_argument(
        "--web-dist",
        type=Path,
        default=DEFAULT_DIST,
        help="the web app's build to serve (default web/dist, which `make web-build` writes)",
    )
    parser.add_argument(
        "--state-dir", type=Path, default=Path(".local"), help="where stack.json goes (.local)"
    )
    parser.add_argument(
        "--no-scheduler",
        action="store_true",
        help="do not fire the schedules (jobs still run through POST /_local/jobs/{job})",
    )
    parser.add_argument("--no-seed", action="store_true", help="start without the demo orgs")
    parser.add_argument(
        "--cache-dir", type=Path, default=None, help="synthesized-template cache (default <state-dir>/cache)"
    )
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the parent process exits (test harnesses: no orphan stack)",
    )
    parser.add_argument("--stage", default="dev", help="the CDK stage whose template is reproduced (dev)")
    parser.add_argument(
        "--stream-redeliver",
        type=float,
        default=0.0,
        metavar="FRACTION",
        help="deliver this fraction of stream batches twice, as Lambda may (0 to 1; default 0)",
    )
    parser.add_argument(
        "--dynamodb",
        choices=("auto", "local", "moto"),
        default="auto",
        help="where the tables live: DynamoDB Local (local; needs a Java 17+ JDK), moto, or DynamoDB Local "
        "where it can run and moto otherwise (auto, the default)",
    )
    parser.add_argument(
        "--dynamodb-port", type=int, default=0, help="DynamoDB Local's port (default 0 = any free)"
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="also show the functions' JSON log records, their metrics and library warnings (make dev VERBOSE=1)",
    )
    args = parser.parse_args(argv)
    if not 0.0 <= args.stream_redeliver <= 1.0:
        parser.error("--stream-redeliver is a fraction from 0 to 1")
    return Options(
        port=args.port,
        aws_port=args.aws_port,
        web_port=args.web_port,
        web_dist=args.web_dist,
        state_dir=args.state_dir,
        scheduler=not args.no_scheduler,
        stage=args.stage,
        seed=not args.no_seed,
        cache_dir=args.cache_dir,
        exit_with_parent=args.exit_with_parent,
        stream_redeliver=args.stream_redeliver,
        verbose=args.verbose,
        dynamodb=args.dynamodb,
        dynamodb_port=args.dynamodb_port,
    )


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    console.configure(options.verbose)
    stopping = threading.Event()

    def interrupt(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    # During startup both unwind like Ctrl-C (set explicitly: a background job inherits SIGINT ignored).
    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)
    started = time.monotonic()
    stack = LocalStack(options)
    try:
        try:
            info = stack.start()
        except (PortInUseError, EngineUnavailable, EngineFailed) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        style = console.Style(console.wants_color(sys.stdout))
        elapsed = time.monotonic() - started
        # One write: a request line on stderr must not land between the block and its newline.
        sys.stdout.write(ready_text(info, options.state_dir, elapsed, options.verbose, style) + "\n")
        sys.stdout.flush()
        parent = os.getppid()
        while not stopping.wait(0.5):
            if options.exit_with_parent and os.getppid() != parent:
                logging.getLogger("local").warning("parent process %d exited", parent)
                break
        logging.getLogger("local").info("stopping")
        return 0
    except KeyboardInterrupt:
        return 130
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
