"""Which tables each function may touch, and how: one map read by the stack (environment variables
and IAM grants, infra/constructs/functions.py) and by the tests that check the functions' code
against it (tests/support/access.py), so it imports nothing of CDK.

DynamoDB Local and moto enforce no IAM: a function whose code touches a table this map does not give
it passes every local test and fails in AWS. The integration tier records the DynamoDB actions each
handler sends while it runs and fails a test whose handler used a table, or an action on it, that is
not granted here; a unit test checks that each handler binds exactly these tables.
"""

from __future__ import annotations

from collections.abc import Mapping

READ = "read"
WRITE = "write"
READ_WRITE = "read_write"
# The ledger is immutable: its writers may add entries (PutItem, never UpdateItem or DeleteItem).
APPEND = "append"
READ_APPEND = "read_append"

# The DynamoDB actions of each level, granted as they are: read and write are the lists of CDK's
# `grant_read_data` and `grant_write_data` (aws-cdk-lib's aws-dynamodb READ_DATA_ACTIONS,
# WRITE_DATA_ACTIONS and DESCRIBE_TABLE); append adds entries and can change none.
_READ_ACTIONS = frozenset(
    {
        "BatchGetItem",
        "Query",
        "GetItem",
        "Scan",
        "ConditionCheckItem",
        "GetRecords",
        "GetShardIterator",
        "DescribeTable",
    }
)
_WRITE_ACTIONS = frozenset({"BatchWriteItem", "PutItem", "UpdateItem", "DeleteItem", "DescribeTable"})
_APPEND_ACTIONS = frozenset({"PutItem"})
ACTIONS: Mapping[str, frozenset[str]] = {
    READ: _READ_ACTIONS,
    WRITE: _WRITE_ACTIONS,
    READ_WRITE: _READ_ACTIONS | _WRITE_ACTIONS,
    APPEND: _APPEND_ACTIONS,
    READ_APPEND: _READ_ACTIONS | _APPEND_ACTIONS,
}

# The tables a share writes (with its link, points and counters), shared by the api and the poster.
_SHARING = {
    "ORGS_TABLE": READ,
    "MEMBERS_TABLE": READ_WRITE,
    "LINKS_TABLE": READ_WRITE,
    "CONTENT_TABLE": READ_WRITE,
    "SHARES_TABLE": READ_WRITE,
    "LEDGER_TABLE": APPEND,
    "SCORES_TABLE": READ_WRITE,
    "CONTESTS_TABLE": READ,
    "ANALYTICS_TABLE": WRITE,  # the content's counters, in the share's transaction
}

TABLE_ACCESS: Mapping[str, Mapping[str, str]] = {
    "api": {
        **_SHARING,
        "ORGS_TABLE": READ_WRITE,
        "LEDGER_TABLE": READ_APPEND,  # balances and a member's history are read from it
        "CONTESTS_TABLE": READ_WRITE,
        "ANALYTICS_TABLE": READ_WRITE,  # rollups read; content counters written with each change
        "BOARDS_TABLE": READ_WRITE,  # erasing a member takes their name off the boards
        "REWARDS_TABLE": READ_WRITE,
        "IDEMPOTENCY_TABLE": READ_WRITE,
        "EXPORTS_TABLE": READ_WRITE,
        "SUGGESTIONS_TABLE": READ_WRITE,
        "CONNECTIONS_TABLE": READ_WRITE,
        # click events: a suspicious share's evidence (decision 83), a member's own data export (87)
        "CLICKS_TABLE": READ,
    },
    "redirect": {"LINKS_TABLE": READ, "CLICKS_TABLE": WRITE},
    "jobs": {
        "ORGS_TABLE": READ_WRITE,
        "MEMBERS_TABLE": READ_WRITE,
        "CONTENT_TABLE": READ_WRITE,
        "LEDGER_TABLE": APPEND,
        "SCORES_TABLE": READ_WRITE,
        "BOARDS_TABLE": READ_WRITE,
        "REWARDS_TABLE": READ_WRITE,  # the contests job reads a reward prize before awarding it
        "CONTESTS_TABLE": READ_WRITE,
        "CONNECTIONS_TABLE": READ_WRITE,
        # the rollup job: the day's shares and click events (by_day indexes) into the analytics
        "SHARES_TABLE": READ,
        "CLICKS_TABLE": READ,
        "ANALYTICS_TABLE": READ_WRITE,
    },
    "stream": {
        "ORGS_TABLE": READ,
        "MEMBERS_TABLE": READ_WRITE,
        "CONTENT_TABLE": READ_WRITE,
        "SHARES_TABLE": READ_WRITE,
        "CLICKS_TABLE": READ_WRITE,
        "LEDGER_TABLE": APPEND,
        "SCORES_TABLE": READ_WRITE,
        "ANALYTICS_TABLE": WRITE,  # a click's counters on its content's stats item
    },
    "exports": {
        "SHARES_TABLE": READ,
        "MEMBERS_TABLE": READ,
        "CONTENT_TABLE": READ,
        "EXPORTS_TABLE": READ_WRITE,
        # a member's own data (decision 87): everything stored about them, read only
        "ORGS_TABLE": READ,
        "CLICKS_TABLE": READ,
        "LEDGER_TABLE": READ,
        "SCORES_TABLE": READ,
        "REWARDS_TABLE": READ,
        "CONTESTS_TABLE": READ,
        "SUGGESTIONS_TABLE": READ,
        "CONNECTIONS_TABLE": READ,
        "LINKS_TABLE": READ,  # the text a share went out with is kept on its link
    },
    "poster": {**_SHARING, "CONNECTIONS_TABLE": READ_WRITE},
    "mail": {},
}
