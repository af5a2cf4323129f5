"""Dummy credentials, region and table names, set when the package loads, before moto or the store
models do: everything the benchmark runs goes to an in-process moto, never to AWS."""

from __future__ import annotations

import os

from bench.operations import DUMMY_AWS
from bench.operations import TABLES as ALL_TABLES

TABLES = {name: ALL_TABLES[name] for name in ("ORGS_TABLE", "MEMBERS_TABLE", "SCORES_TABLE", "BOARDS_TABLE")}


def environment() -> None:
    """Dummy credentials and region: everything below runs against moto, never against AWS."""
    os.environ.update({**TABLES, **DUMMY_AWS, "AWS_SESSION_TOKEN": "testing"})
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_PROFILE"):
        os.environ.pop(name, None)


environment()
