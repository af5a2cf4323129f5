"""The Lambda functions: one code asset, one layer, one role each with only the access it uses.

Each function's tables are declared once, in `infra/access.py`; the same map sets its environment
variables and its grants, so a function cannot be given a table name without the permission or vice
versa (and the tests hold each handler's code to it: decision 112).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.access import ACTIONS, TABLE_ACCESS
from infra.config import ROOT, StageConfig
from infra.constructs.data import TABLES
from infra.constructs.layer import DependencyLayer
from infra.nag import acknowledge
from infra.scan import LOGS_ENCRYPTED, skip

INDEXED_TABLES = frozenset(spec.env for spec in TABLES if spec.indexes)

RUNTIME = lambda_.Runtime.PYTHON_3_14
# Powertools' service name and metrics namespace: the functions' custom metrics are found under these.
SERVICE = "advocacy"
METRICS_NAMESPACE = "Advocacy"
PUBLIC_REDIRECT = "redirect"
"""The function behind GET /r/{code}: the one with no reserved concurrency (see FunctionSpec)."""

COGNITO_ADMIN_ACTIONS = (
    "cognito-idp:AdminCreateUser",
    "cognito-idp:AdminGetUser",
    "cognito-idp:AdminDeleteUser",
    "cognito-idp:AdminDisableUser",
    "cognito-idp:AdminEnableUser",
    "cognito-idp:AdminUpdateUserAttributes",
)

CODE_EXCLUDES = ["**/__pycache__", "**/*.pyc", "*.egg-info", "**/tests", "**/.pytest_cache", "**/.mypy_cache"]

_RETENTION = {
    1: logs.RetentionDays.ONE_DAY,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
}


def retention(days: int) -> logs.RetentionDays:
    if days not in _RETENTION:
        raise ValueError(f"log retention {days} days is not one of {sorted(_RETENTION)}")
    return _RETENTION[days]


@dataclass(frozen=True)
class FunctionSpec:
    """A function and the tables it may touch (table env var -> access level, from infra/access.py)."""

    name: str
    handler: str
    description: str
    memory_mb: int
    timeout: Duration
    tables: Mapping[str, str] = field(default_factory=dict)
    prod_concurrency: int | None = None
    """Reserved concurrency in prod: a cap (and a guarantee) that keeps a flood of this function's
    work from taking the account's concurrency from the public redirect, which has none reserved."""
    failures: str = ""
    """Where a failed invocation ends up, instead of a function dead-letter queue (checkov CKV_AWS_116)."""

    @property
    def construct_id(self) -> str:
        return f"{self.name.title()}Function"


_SYNCHRONOUS = (
    "Invoked synchronously by API Gateway: the caller gets the error; a function dead-letter queue only "
    "ever receives asynchronous invocations."
)
_STREAMED = (
    "Invoked by a DynamoDB stream event source mapping, whose on-failure queue keeps the records that "
    "still fail after retries; a function dead-letter queue only receives asynchronous invocations."
)

FUNCTIONS: tuple[FunctionSpec, ...] = (
    FunctionSpec(
        "api", "advocacy.handlers.api.handler", "HTTP API (every route but GET /r/{code})",
        1024, Duration.seconds(15),
        TABLE_ACCESS["api"],
        prod_concurrency=100, failures=_SYNCHRONOUS,
    ),
    FunctionSpec(
        "redirect", "advocacy.handlers.redirect.handler", "GET /r/{code}: lean short-link redirect",
        256, Duration.seconds(10),
        TABLE_ACCESS["redirect"],
        prod_concurrency=None, failures=_SYNCHRONOUS,
    ),
    FunctionSpec(
        "jobs", "advocacy.handlers.jobs.handler", "Scheduled jobs (publish-due, leaderboards, ...)",
        1024, Duration.minutes(5),
        TABLE_ACCESS["jobs"],
        prod_concurrency=5,
        failures="Its asynchronous invocations that still fail after retries go to the jobs dead-letter "
        "queue as an on-failure destination (event and error), which takes the place of a function DLQ.",
    ),
    FunctionSpec(
        "stream", "advocacy.handlers.stream.handler", "DynamoDB stream side effects",
        512, Duration.seconds(60),
        TABLE_ACCESS["stream"],
        prod_concurrency=10, failures=_STREAMED,
    ),
    FunctionSpec(
        "exports", "advocacy.handlers.exports.handler",
        "Builds export files (exports table stream): the org's shares (CSV), a member's own data (JSON)",
        1024, Duration.minutes(15),
        TABLE_ACCESS["exports"],
        prod_concurrency=5, failures=_STREAMED,
    ),
    FunctionSpec(
        "poster", "advocacy.handlers.poster.handler", "Auto-share: posts queued auto-posts (SQS)",
        512, Duration.seconds(60),
        TABLE_ACCESS["poster"],
        prod_concurrency=2,
        failures="Invoked by an SQS event source mapping: a message that keeps failing goes to the "
        "auto-share queue's own dead-letter queue (redrive policy), which alarms.",
    ),
    FunctionSpec(
        "mail", "advocacy.handlers.mail.handler",
        "Cognito custom message trigger: the invitation and password-reset mails in the member's language",
        256, Duration.seconds(5),
        TABLE_ACCESS["mail"],
        prod_concurrency=5,
        failures="Invoked synchronously by Cognito, which fails the invitation or the reset it was "
        "writing a mail for (the caller sees the error); a function dead-letter queue only receives "
        "asynchronous invocations.",
    ),
)  # fmt: skip


class Functions(Construct):
    """Builds every function in `FUNCTIONS`; exposed as `self.functions[name]`, `self.log_groups[name]`."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        tables: Mapping[str, dynamodb.Table],
        user_pool: cognito.IUserPool,
        exports: s3.IBucket,
        cors_origins: Sequence[str] = (),
    ) -> None:
        super().__init__(scope, construct_id)
        self.layer = DependencyLayer(self, "Dependencies", runtime=RUNTIME, config=config).layer
        code = lambda_.Code.from_asset(str(ROOT / "functions"), exclude=CODE_EXCLUDES)
        self.functions: dict[str, lambda_.Function] = {}
        self.log_groups: dict[str, logs.LogGroup] = {}
        for spec in FUNCTIONS:
            fn = self._function(spec, code, config, tables)
            self.functions[spec.name] = fn

        api = self.functions["api"]
        api.add_environment("USER_POOL_ID", user_pool.user_pool_id)
        api.add_environment("CORS_ORIGINS", ",".join(cors_origins))  # the same list as the API's CORS
        api.add_environment("PUBLIC_BASE_URL", config.public_base_url)
        self._export_files(exports)

        # The key of the visitor hash (HMAC of IP and User-Agent): generated by Secrets Manager, read
        # once per container by the redirect function, never in the template or an environment variable.
        self.click_secret = secretsmanager.Secret(
            self,
            "ClickKeySecret",
            description="HMAC key for visitor keys of short-link clicks (no raw IP is ever stored)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=64, exclude_punctuation=True
            ),
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        acknowledge(
            self.click_secret,
            "SMG4",
            "Not rotated on a schedule: a new key would count every returning visitor as new for 24 hours; "
            "rotate by hand if it leaks (it protects only the pseudonymity of visitor keys).",
        )
        skip(self.click_secret, "CKV_AWS_149", SECRETS_ENCRYPTED)
        jobs = self.functions["jobs"]
        jobs.add_environment("DIGEST_SENDER", config.digest_sender)
        sender_domain = config.digest_sender.rsplit("@", 1)[1]
        jobs.add_to_role_policy(
            iam.PolicyStatement(
                actions=["ses:SendEmail"],
                resources=[
                    Stack.of(self).format_arn(service="ses", resource="identity", resource_name=sender_domain)
                ],
            )
        )

        redirect = self.functions["redirect"]
        redirect.add_environment("CLICK_SECRET_ARN", self.click_secret.secret_arn)
        # How long click events (and the visitor marks they move) live: the TTL each event is given.
        redirect.add_environment("CLICK_RETENTION_DAYS", str(config.click_retention_days))
        self.click_secret.grant_read(redirect)
        api.add_to_role_policy(
            iam.PolicyStatement(actions=list(COGNITO_ADMIN_ACTIONS), resources=[user_pool.user_pool_arn])
        )

    def _export_files(self, bucket: s3.IBucket) -> None:
        """The exports function writes export files (multipart uploads) below exports/; the api function
        only presigns reads of them. Neither may list the bucket, delete files or reach another bucket."""
        stack = Stack.of(self)
        bucket_id = stack.resolve(stack.get_logical_id(bucket.node.default_child))  # type: ignore[arg-type]
        files = bucket.arn_for_objects("exports/*")
        access = {
            "api": (["s3:GetObject"], "presigns reads of export files below exports/"),
            "exports": (
                ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:GetObject"],
                "writes export files below exports/ as multipart uploads (listing the parts of its own "
                "uploads, aborting them) and checks a finished file",
            ),
        }
        for name, (actions, what) in access.items():
            fn = self.functions[name]
            fn.add_environment("EXPORTS_BUCKET", bucket.bucket_name)
            fn.add_to_role_policy(iam.PolicyStatement(actions=actions, resources=[files]))
            assert fn.role is not None
            acknowledge(
                fn.role.node.find_child("DefaultPolicy"),
                f"IAM5[Resource::<{bucket_id}.Arn>/exports/*]",
                f"The {name} function {what}, whose names are generated per export in the one exports "
                "bucket; it cannot list or delete files or touch other buckets.",
            )

    def _acknowledge_indexes(self, role: iam.Role, table: dynamodb.Table, function: str) -> None:
        """Table grants cover `<table arn>/index/*`: the function queries that table's own indexes."""
        cfn_table = table.node.default_child
        assert isinstance(cfn_table, dynamodb.CfnTable)
        stack = Stack.of(self)
        logical_id = stack.resolve(stack.get_logical_id(cfn_table))
        acknowledge(
            role.node.find_child("DefaultPolicy"),
            f"IAM5[Resource::<{logical_id}.Arn>/index/*]",
            f"CDK's grant to the {function} function covers this one table's own global secondary "
            "indexes (`<table arn>/index/*`, which queries need); no other table's.",
        )

    def _function(
        self,
        spec: FunctionSpec,
        code: lambda_.Code,
        config: StageConfig,
        tables: Mapping[str, dynamodb.Table],
    ) -> lambda_.Function:
        prefix = spec.construct_id
        log_group = logs.LogGroup(
            self,
            f"{prefix}Logs",
            retention=retention(config.log_retention_days),
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
        # Our own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
        role = iam.Role(
            self,
            f"{prefix}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Advocacy {config.stage} {spec.name} function",
        )
        log_group.grant_write(role)
        environment = {
            "STAGE": config.stage,
            "POWERTOOLS_SERVICE_NAME": SERVICE,
            "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
            "POWERTOOLS_LOG_LEVEL": "INFO",
        }
        for env_name, access in spec.tables.items():
            table = tables[env_name]
            environment[env_name] = table.table_name
            if env_name in INDEXED_TABLES:
                self._acknowledge_indexes(role, table, spec.name)
            # One statement of the level's actions (CDK's grant_*_data lists, and the ledger's append).
            table.grant(role, *(f"dynamodb:{action}" for action in sorted(ACTIONS[access])))
        fn = lambda_.Function(
            self,
            prefix,
            runtime=RUNTIME,
            architecture=lambda_.Architecture.ARM_64,
            handler=spec.handler,
            code=code,
            layers=[self.layer],
            role=role,
            memory_size=spec.memory_mb,
            timeout=spec.timeout,
            description=spec.description,
            environment=environment,
            log_group=log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            reserved_concurrent_executions=spec.prod_concurrency if config.is_prod else None,
        )
        self.log_groups[spec.name] = log_group
        _skip_function_checks(fn, spec, config)
        skip(log_group, "CKV_AWS_158", LOGS_ENCRYPTED)
        return fn


_REDIRECT_UNRESERVED = (
    "The public redirect reserves no concurrency on purpose: it must never be the function that "
    "throttles; the other functions' reservations cap them and leave the rest of the account to it."
)
_DEV_UNRESERVED = (
    "Not reserved outside prod: AWS keeps at least 100 of an account's concurrency unreserved, and a "
    "new or dev account's quota is often 10, so any reservation would fail the deployment."
)
NO_VPC = (
    "Outside a VPC on purpose: it reaches only public HTTPS endpoints (AWS APIs with its own IAM role, "
    "the networks' APIs for connected accounts); a VPC would need a NAT gateway and guard nothing more."
)
SECRETS_ENCRYPTED = (
    "Encrypted with Secrets Manager's AWS-managed key; who reads it is decided by IAM (one function's "
    "grant on this one secret), which a customer-managed key would only repeat in a key policy."
)
PLAIN_ENVIRONMENT = (
    "Lambda encrypts environment variables at rest with its own key; they hold names and ARNs only "
    "(table and bucket names, the secrets' ARNs), never a secret, which Secrets Manager keeps."
)


def _skip_function_checks(fn: lambda_.Function, spec: FunctionSpec, config: StageConfig) -> None:
    """The checkov findings every function of ours has, each with its reason (docs/security.md)."""
    skip(fn, "CKV_AWS_117", NO_VPC)
    skip(fn, "CKV_AWS_173", PLAIN_ENVIRONMENT)
    skip(fn, "CKV_AWS_116", spec.failures)
    if spec.name == PUBLIC_REDIRECT:
        skip(fn, "CKV_AWS_115", _REDIRECT_UNRESERVED)
    elif spec.prod_concurrency is None:
        raise ValueError(f"the {spec.name} function needs a prod_concurrency (only the redirect has none)")
    elif not config.is_prod:
        skip(fn, "CKV_AWS_115", _DEV_UNRESERVED)
