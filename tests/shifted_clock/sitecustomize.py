"""Loaded (through PYTHONPATH) only by `make shifted`, which runs the test tiers with the process
clock a year ahead under libfaketime, with the monotonic clock left real
(FAKETIME_DONT_FAKE_MONOTONIC=1: faking it makes every threading wait hang on Python 3.11).

With the monotonic clock left real, libfaketime 0.9.10 still shifts the absolute deadline that
Python 3.11's `time.sleep` hands to clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME), and the
kernel refuses it (EINVAL: libfaketime issue 426). So `time.sleep` waits on select() with a
relative timeout instead, which libfaketime leaves alone. Written by hand: no library does this.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    select.select([], [], [], seconds)


time.sleep = _sleep
