"""DynamoDB tables. Their keys mirror the PynamoDB models (tests/infra checks it), one `TableSpec` each.

Adding a table is one line in `TABLES`; its environment variable, output and grants follow from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import CfnOutput, Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from infra.config import StageConfig
from infra.scan import acknowledge_both, skip

S = dynamodb.AttributeType.STRING
N = dynamodb.AttributeType.NUMBER

# What the rollup job reads of a processed click through its `by_day` index (as store.indexes
# projects it; tests/infra checks both say the same).
CLICK_ROLLUP_FIELDS = ("member_id", "content_id", "network", "groups", "bot", "unique")


@dataclass(frozen=True)
class IndexSpec:
    """A global secondary index: all attributes projected (PynamoDB's AllProjection) unless
    `keys_only` (KeysOnlyProjection: an update that leaves its keys alone does not write to it) or
    `include` names the only attributes projected besides the keys (IncludeProjection: an update
    that changes none of them, nor the keys, does not write to it)."""

    name: str
    partition_key: tuple[str, dynamodb.AttributeType]
    sort_key: tuple[str, dynamodb.AttributeType] | None = None
    keys_only: bool = False
    include: tuple[str, ...] = ()

    @property
    def projection(self) -> dynamodb.ProjectionType:
        if self.keys_only:
            return dynamodb.ProjectionType.KEYS_ONLY
        return dynamodb.ProjectionType.INCLUDE if self.include else dynamodb.ProjectionType.ALL


@dataclass(frozen=True)
class TableSpec:
    """A table as the store sees it: `env` is the variable that names it (store.models.TABLE_ENV)."""

    name: str
    env: str
    partition_key: tuple[str, dynamodb.AttributeType]
    sort_key: tuple[str, dynamodb.AttributeType] | None = None
    stream: bool = False
    stream_view: dynamodb.StreamViewType = dynamodb.StreamViewType.NEW_AND_OLD_IMAGES
    indexes: tuple[IndexSpec, ...] = ()
    ttl_attribute: str | None = None

    @property
    def output_name(self) -> str:
        return f"{self.name.title().replace('-', '')}TableName"


TABLES: tuple[TableSpec, ...] = (
    TableSpec("orgs", "ORGS_TABLE", ("org_id", S), ("sk", S), stream=True),
    TableSpec("members", "MEMBERS_TABLE", ("org_id", S), ("member_id", S)),
    TableSpec("links", "LINKS_TABLE", ("code", S)),
    TableSpec(
        "content",
        "CONTENT_TABLE",
        ("org_id", S),
        ("content_id", S),
        indexes=(
            IndexSpec("feed", ("feed_org", S), ("feed_sort", S)),
            IndexSpec("due", ("due_pk", S), ("due_at", S)),
            IndexSpec("plan", ("plan_pk", S), ("plan_at", S)),
        ),
    ),
    TableSpec(
        "shares",
        "SHARES_TABLE",
        ("org_id", S),
        ("share_key", S),
        indexes=(
            IndexSpec("by_time", ("org_id", S), ("created_at", S)),
            IndexSpec("by_id", ("org_id", S), ("share_id", S), keys_only=True),
        ),
    ),
    TableSpec(
        "clicks",
        "CLICKS_TABLE",
        ("link", S),
        ("sk", S),
        stream=True,
        ttl_attribute="expires",
        indexes=(IndexSpec("by_day", ("rollup_day", S), ("at", S), include=CLICK_ROLLUP_FIELDS),),
    ),
    TableSpec("ledger", "LEDGER_TABLE", ("owner", S), ("entry_key", S)),
    TableSpec("scores", "SCORES_TABLE", ("board", S), ("member_id", S)),
    TableSpec("boards", "BOARDS_TABLE", ("org_id", S), ("sk", S)),
    TableSpec(
        "rewards",
        "REWARDS_TABLE",
        ("org_id", S),
        ("sk", S),
        indexes=(IndexSpec("by_member", ("member_key", S), ("created_at", S)),),
    ),
    TableSpec("contests", "CONTESTS_TABLE", ("org_id", S), ("contest_id", S)),
    TableSpec(
        "suggestions",
        "SUGGESTIONS_TABLE",
        ("org_id", S),
        ("suggestion_id", S),
        indexes=(
            IndexSpec("by_member", ("member_key", S), ("suggestion_id", S)),
            IndexSpec("queue", ("queue_org", S), ("suggestion_id", S)),
        ),
    ),
    TableSpec("analytics", "ANALYTICS_TABLE", ("scope", S), ("day", S)),
    # Connected accounts (sealed tokens), OAuth flows under way (which expire by TTL), auto-share
    # preferences and auto-posts (queued ones in the sparse `queue` index, read by the dispatch job).
    TableSpec(
        "connections",
        "CONNECTIONS_TABLE",
        ("org_id", S),
        ("sk", S),
        ttl_attribute="expires",
        indexes=(IndexSpec("queue", ("queue_pk", S), ("queue_at", S)),),
    ),
    # Export records: their stream (new images) starts and continues the builds (constructs/exports.py).
    TableSpec(
        "exports",
        "EXPORTS_TABLE",
        ("org_id", S),
        ("export_id", S),
        stream=True,
        stream_view=dynamodb.StreamViewType.NEW_IMAGE,
        ttl_attribute="expires",
    ),
    # Powertools idempotency records of the api function (store/idempotency.py), not a PynamoDB model.
    TableSpec("idempotency", "IDEMPOTENCY_TABLE", ("id", S), ttl_attribute="expiration"),
)


def _attr(key: tuple[str, dynamodb.AttributeType]) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key[0], type=key[1])


class Data(Construct):
    """All tables: on-demand, AWS-managed encryption, PITR everywhere; prod retains and protects them."""

    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        self.tables: dict[str, dynamodb.Table] = {}
        self.by_env: dict[str, dynamodb.Table] = {}
        for spec in TABLES:
            table = self._table(spec, config)
            self.tables[spec.name] = table
            self.by_env[spec.env] = table
            CfnOutput(scope, spec.output_name, value=table.table_name, description=f"{spec.env} table name")
        # Exports too big for one response: private, encrypted, TLS only, gone after a day (and so are
        # multipart uploads a build left unfinished); the exports function writes them, the api
        # function hands out short-lived presigned URLs to them.
        self.exports = s3.Bucket(
            self,
            "ExportsBucket",
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            lifecycle_rules=[
                s3.LifecycleRule(
                    expiration=Duration.days(1), abort_incomplete_multipart_upload_after=Duration.days(1)
                )
            ],
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        acknowledge_both(
            self.exports,
            "S1",
            "CKV_AWS_18",
            "Exports live one day and are read only through presigned URLs the api function issues to "
            "admins and managers; server access logs would hold only those same requests.",
        )
        skip(
            self.exports,
            "CKV_AWS_21",
            "Unversioned: an export file is written once, rebuilt from the tables on request and expires "
            "after a day; versions would keep the personal data of expired exports longer.",
        )

    def _table(self, spec: TableSpec, config: StageConfig) -> dynamodb.Table:
        table = dynamodb.Table(
            self,
            f"{spec.name.title().replace('-', '')}Table",
            partition_key=_attr(spec.partition_key),
            sort_key=_attr(spec.sort_key) if spec.sort_key else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            stream=spec.stream_view if spec.stream else None,
            time_to_live_attribute=spec.ttl_attribute,
            deletion_protection=config.is_prod,
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        for index in spec.indexes:
            table.add_global_secondary_index(
                index_name=index.name,
                partition_key=_attr(index.partition_key),
                sort_key=_attr(index.sort_key) if index.sort_key else None,
                projection_type=index.projection,
                non_key_attributes=list(index.include) or None,
            )
        skip(
            table,
            "CKV_AWS_119",
            "Encrypted at rest with DynamoDB's AWS-managed KMS key (stated in SSESpecification); who reads "
            "it is decided by each function's IAM grant, which a customer-managed key would only repeat.",
        )
        return table
