"""How every AWS SDK client of the functions retries and times out, in one place.

Standard retry mode, a bounded number of attempts, and connect/read timeouts chosen so that the
worst case of one call (every attempt hanging to both timeouts, plus the longest backoff between
attempts) ends well inside the function's own timeout: a slow or throttling dependency becomes a
clean 503 (or a failed job the schedule retries), never a function killed mid-request.
tests/infra checks each function's limits against its timeout in the synthesized template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.config import Config

# botocore's standard mode waits rand(0, 1) * min(base * 2**i, 20 s) before retry i (0-based); the
# base is 1 s after throttling (25 ms for other DynamoDB errors). DynamoDB sends no retry-after header.
THROTTLING_BACKOFF_BASE_S = 1.0
MAX_BACKOFF_S = 20.0


@dataclass(frozen=True)
class Limits:
    """Attempts (the first one included) and timeouts of every call a client makes."""

    attempts: int
    connect_timeout: float
    read_timeout: float

    @property
    def worst_case_seconds(self) -> float:
        """The longest one call can take before the SDK gives up."""
        backoff = sum(min(THROTTLING_BACKOFF_BASE_S * 2**i, MAX_BACKOFF_S) for i in range(self.attempts - 1))
        return self.attempts * (self.connect_timeout + self.read_timeout) + backoff

    def config(self) -> Config:
        """The botocore config of a client with these limits."""
        return Config(
            retries={"mode": "standard", "total_max_attempts": self.attempts},
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
        )


# api, jobs and stream: 3 attempts of at most 1 s + 2 s, 12 s in all (the api function has 15 s).
DEFAULT = Limits(attempts=3, connect_timeout=1.0, read_timeout=2.0)
# The public redirect answers visitors: 2 attempts of 0.5 s + 1 s, 4 s a call, 8 s for its two calls.
REDIRECT = Limits(attempts=2, connect_timeout=0.5, read_timeout=1.0)

# The export builder's S3 calls: completing a large multipart upload can keep S3 busy for a while;
# 3 attempts of 2 s + 60 s, 189 s in all, inside the exports function's 15 minutes. The api function
# only presigns with this client, which makes no call.
EXPORT_FILES = Limits(attempts=3, connect_timeout=2.0, read_timeout=60.0)

# By handler module (`advocacy.handlers.<name>`); a function not listed uses DEFAULT. The mail function
# makes no call; were one added, it would have to give up inside Cognito's 5 seconds, as the redirect's.
FUNCTION_LIMITS: dict[str, Limits] = {"redirect": REDIRECT, "mail": REDIRECT}


def limits_for(function: str) -> Limits:
    return FUNCTION_LIMITS.get(function, DEFAULT)


def client(service: str, limits: Limits = DEFAULT, **extra: Any) -> Any:
    """A boto3 client with `limits` (and any other botocore config, e.g. `signature_version`)."""
    import boto3  # here, so that importing the limits costs no boto3 import

    config = limits.config().merge(Config(**extra)) if extra else limits.config()
    return boto3.client(service, config=config)
