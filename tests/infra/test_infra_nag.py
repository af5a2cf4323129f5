"""cdk-nag: stages synthesize clean, each acknowledgment is narrow and explained, findings fail synth."""

from __future__ import annotations

import re
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from infra.nag import acknowledge, attach_checks
from infra.routes import REDIRECT_ROUTE_KEY
from tests.support.cfn import ROUTE, public_route_keys

ACK_ID = re.compile(r"^AwsSolutions::AwsSolutions-[A-Z]+[0-9]+(\[[^\]]+\])?$")

# CDK's BucketDeployment handler (a singleton per stack, named by CDK's fixed id and its memory).
UPLOAD_FUNCTION = "CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB"

# (logical id without its hash suffix, acknowledged rule). A new acknowledgment is a reviewed change here.
EXPECTED = {
    ("AuthUserPool", "COG2"),
    ("AuthUserPool", "COG8"),
    ("FunctionsStreamFunctionRoleDefaultPolicy", "IAM5[Resource::*]"),
    ("FunctionsExportsFunctionRoleDefaultPolicy", "IAM5[Resource::*]"),
    ("ApiGetHealthRoute", "APIG4"),
    ("ApiGetRCodeRoute", "APIG4"),
    ("ApiHeadRCodeRoute", "APIG4"),
    ("JobsDeadLetterQueue", "SQS3"),
    ("StreamOnFailureQueue", "SQS3"),
    ("ExportsOnFailureQueue", "SQS3"),
    ("AutoShareDeadLetterQueue", "SQS3"),
    ("FunctionsClickKeySecret", "SMG4"),
    ("ObservabilityAlarms", "SNS2"),  # alarm notices, no personal data; TLS required
    ("ConnectionsStateKeySecret", "SMG4"),
    ("DataExportsBucket", "S1"),
    *(
        (f"Functions{fn}FunctionRoleDefaultPolicy", "IAM5[Resource::<DataExportsBucket.Arn>/exports/*]")
        for fn in ("Api", "Exports")
    ),
    *(
        (f"Functions{fn}FunctionRoleDefaultPolicy", "IAM5[Resource::<DataContentTable.Arn>/index/*]")
        for fn in ("Api", "Jobs", "Stream", "Exports", "Poster")
    ),
    *(
        (f"Functions{fn}FunctionRoleDefaultPolicy", "IAM5[Resource::<DataSharesTable.Arn>/index/*]")
        for fn in ("Api", "Jobs", "Stream", "Exports", "Poster")  # Jobs: the rollup job's `by_day` (91)
    ),
    # The clicks table's `by_day` index (decision 91): every function granted the table covers its
    # indexes, though only the rollup job (jobs) queries it.
    *(
        (f"Functions{fn}FunctionRoleDefaultPolicy", "IAM5[Resource::<DataClicksTable.Arn>/index/*]")
        for fn in ("Api", "Jobs", "Stream", "Exports", "Redirect")
    ),
    *(
        (f"Functions{fn}FunctionRoleDefaultPolicy", "IAM5[Resource::<DataConnectionsTable.Arn>/index/*]")
        for fn in ("Api", "Jobs", "Poster", "Exports")  # Exports: a member's connected accounts (87)
    ),
    # The exports function reads a member's redemptions and suggestions through their `by_member`
    # indexes for the member's own copy of their data (decision 87).
    *(
        (f"Functions{fn}FunctionRoleDefaultPolicy", f"IAM5[Resource::<Data{table}Table.Arn>/index/*]")
        for fn in ("Api", "Exports")
        for table in ("Rewards", "Suggestions")
    ),
    ("FunctionsJobsFunctionRoleDefaultPolicy", "IAM5[Resource::<DataRewardsTable.Arn>/index/*]"),
    # The web app (infra/constructs/web.py): the log bucket, the default certificate, no geo
    # restriction or WAF, and CDK's deploy-time upload function (its runtime, CDK's grants to our role).
    ("WebLogsBucket", "S1"),
    ("WebDistribution", "CFR1"),
    ("WebDistribution", "CFR2"),
    ("WebDistribution", "CFR4"),
    (UPLOAD_FUNCTION, "L1"),
    *(
        ("WebUploadRoleDefaultPolicy", f"IAM5[{finding}]")
        for finding in (
            "Action::s3:GetBucket*",
            "Action::s3:GetObject*",
            "Action::s3:List*",
            "Action::s3:Abort*",
            "Action::s3:DeleteObject*",
            "Resource::<WebBucket.Arn>/*",
            "Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*",
        )
    ),
}


def _unhashed(text: str) -> str:
    """Logical ids without CDK's 8-character hash suffix, also inside a rule's `<Id.Arn>`."""
    return re.sub(r"[0-9A-F]{8}(?=$|\.Arn>)", "", text)


def _acknowledgments(template: Template) -> list[tuple[str, str, str]]:
    """(logical id, rule id, reason) of every acknowledgment, from the `Metadata` of resources of any
    type (`find_resources` looks in one type at a time)."""
    found = []
    for logical_id, resource in template.to_json()["Resources"].items():
        for rule in resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", []):
            found.append((logical_id, rule["id"], rule.get("reason", "")))
    return found


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_acknowledgments_are_narrow_and_explained(stage: str, request: pytest.FixtureRequest) -> None:
    template = request.getfixturevalue(stage)  # synth succeeded: no unacknowledged finding
    acks = _acknowledgments(template)
    for logical_id, rule_id, reason in acks:
        assert ACK_ID.match(rule_id), (logical_id, rule_id)
        assert len(reason.strip()) >= 20, (logical_id, rule_id)
    pairs = {(_unhashed(lid), _unhashed(rid.removeprefix("AwsSolutions::AwsSolutions-")))
             for lid, rid, _ in acks}  # fmt: skip
    assert pairs == EXPECTED
    assert len(acks) == len(EXPECTED)  # one resource, one rule: nothing inherited by children


def test_public_route_acknowledgments_match_public_routes(dev: Template) -> None:
    routes = dev.find_resources(ROUTE)
    acked = {
        routes[lid]["Properties"]["RouteKey"]
        for lid, rid, _ in _acknowledgments(dev)
        if rid.endswith("APIG4")
    }
    public = public_route_keys(dev)
    assert acked == public
    assert REDIRECT_ROUTE_KEY in public


def test_a_finding_fails_synth(tmp_path: Any) -> None:
    app = cdk.App(outdir=str(tmp_path))
    stack = cdk.Stack(app, "Bad")
    sqs.Queue(stack, "Plain", encryption=sqs.QueueEncryption.UNENCRYPTED)
    attach_checks(app)
    with pytest.raises(RuntimeError, match="AwsSolutions-SQS"):
        app.synth()


def test_acknowledge_rejects_broad_or_unexplained_suppressions() -> None:
    app = cdk.App()
    queue = sqs.Queue(cdk.Stack(app, "S"), "Q")
    with pytest.raises(ValueError, match="bare rule id"):
        acknowledge(queue, "AwsSolutions-SQS3", "a perfectly long reason for the test")
    with pytest.raises(ValueError, match="real reason"):
        acknowledge(queue, "SQS3", "because")
    with pytest.raises(ValueError):
        acknowledge(queue, "*", "a perfectly long reason for the test")
