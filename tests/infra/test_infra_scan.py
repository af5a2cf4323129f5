"""checkov (CloudFormation framework) over the synthesized dev and prod templates: every finding is
fixed in the constructs or skipped on its one resource with a reason (infra/scan.py), and the skips
are the reviewed list below.

checkov lives in a virtualenv of its own (`make install` builds .venv/checkov from pyproject.toml's
`scan` group) and runs offline: no download from its platform, no update check.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_sqs as sqs
from aws_cdk.assertions import Template

from infra.constructs.functions import FUNCTIONS, PUBLIC_REDIRECT
from infra.scan import skip
from tests.support.cfn import FUNCTION, function

CHECKOV = Path(os.environ.get("CHECKOV") or Path(sys.prefix) / "checkov" / "bin" / "checkov")
OFFLINE = {"BC_SKIP_MAPPING": "TRUE", "CKV_SKIP_PACKAGE_UPDATE_CHECK": "TRUE"}
STAGES = ("dev", "prod")

UPLOAD_FUNCTION = "CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB"
OUR_FUNCTIONS = tuple(f"Functions{spec.name.title()}Function" for spec in FUNCTIONS)
TABLES = (
    "Orgs", "Members", "Links", "Content", "Shares", "Clicks", "Ledger", "Scores", "Boards", "Rewards",
    "Contests", "Suggestions", "Analytics", "Connections", "Exports", "Idempotency",
)  # fmt: skip
LOG_GROUPS = (*(f"{fn}Logs" for fn in OUR_FUNCTIONS), "WebUploadLogs", "ApiAccessLogs")

# (logical id without its hash suffix, skipped check), in both stages. A new skip is a reviewed change here.
SKIPPED = {
    *((f"Data{table}Table", "CKV_AWS_119") for table in TABLES),
    *((group, "CKV_AWS_158") for group in LOG_GROUPS),
    *((fn, check) for fn in OUR_FUNCTIONS for check in ("CKV_AWS_116", "CKV_AWS_117", "CKV_AWS_173")),
    *((UPLOAD_FUNCTION, check) for check in ("CKV_AWS_115", "CKV_AWS_116", "CKV_AWS_117", "CKV_AWS_173")),
    *((queue, "CKV_AWS_27") for queue in ("JobsDeadLetterQueue", "StreamOnFailureQueue", "ExportsOnFailureQueue")),
    *((queue, "CKV_AWS_27") for queue in ("AutoShareDeadLetterQueue", "AutoShareQueue")),
    ("FunctionsClickKeySecret", "CKV_AWS_149"),
    ("ObservabilityAlarms", "CKV_AWS_26"),
    ("ConnectionsStateKeySecret", "CKV_AWS_149"),
    ("DataExportsBucket", "CKV_AWS_18"),
    ("DataExportsBucket", "CKV_AWS_21"),
    ("WebLogsBucket", "CKV_AWS_18"),
    ("WebLogsBucket", "CKV_AWS_21"),
    ("WebBucket", "CKV_AWS_21"),
    ("WebDistribution", "CKV_AWS_68"),
    ("WebDistribution", "CKV_AWS_174"),
    ("FunctionsRedirectFunction", "CKV_AWS_115"),
}  # fmt: skip
# Outside prod no concurrency is reserved (a dev account may not have enough to reserve any).
SKIPPED_IN = {
    "prod": SKIPPED,
    "dev": SKIPPED | {(fn, "CKV_AWS_115") for fn in OUR_FUNCTIONS},
}


def _resource(result: dict[str, Any]) -> str:
    """The logical id of a result's resource (`AWS::SQS::Queue.QueueAB12CD34`) without CDK's hash."""
    return re.sub(r"[0-9A-F]{8}$", "", result["resource"].split(".", 1)[1])


def _probe() -> dict[str, Any]:
    """Two queues checkov flags (CKV_AWS_27: no KMS key), one of them skipped through `skip`: scanned
    with the stages, so a run that finds nothing, or ignores the skips, cannot pass."""
    stack = cdk.Stack(cdk.App(), "Probe")
    sqs.Queue(stack, "Flagged", encryption=sqs.QueueEncryption.UNENCRYPTED)
    skipped = sqs.Queue(stack, "Skipped", encryption=sqs.QueueEncryption.UNENCRYPTED)
    skip(skipped, "CKV_AWS_27", "the probe's reason, long enough to read")
    return dict(Template.from_stack(stack).to_json())


@pytest.fixture(scope="module")
def reports(dev: Template, prod: Template, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """checkov's results for each stage (and the probe), from one run over all the templates."""
    if not CHECKOV.exists():
        pytest.fail(f"checkov is not installed at {CHECKOV}: run `make install` (or set CHECKOV)")
    folder = tmp_path_factory.mktemp("checkov")
    files = []
    templates = {"dev": dev.to_json(), "prod": prod.to_json(), "probe": _probe()}
    for name, template in templates.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(template, indent=1))
        files += ["--file", str(path)]
    command = [str(CHECKOV), *files, "--framework", "cloudformation", "--skip-download", "--compact"]
    done = subprocess.run(  # noqa: S603 - the pinned checkov, fixed arguments, our own templates
        [*command, "--output", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, **OFFLINE},
        cwd=folder,
        timeout=300,
        check=False,
    )
    assert done.returncode in (0, 1), f"checkov did not run ({done.returncode}): {done.stderr[-2000:]}"
    report = json.loads(done.stdout)
    assert report["check_type"] == "cloudformation"
    by_stage: dict[str, Any] = {s: {"failed": [], "skipped": [], "passed": 0} for s in (*STAGES, "probe")}
    results = report["results"]
    for kind in ("failed", "skipped"):
        for result in results[f"{kind}_checks"]:
            by_stage[Path(result["file_path"]).stem][kind].append(result)
    for result in results["passed_checks"]:
        by_stage[Path(result["file_path"]).stem]["passed"] += 1
    assert not results["parsing_errors"], results["parsing_errors"]
    return by_stage


def test_the_scan_reports_a_finding_and_reads_a_skip(reports: dict[str, Any]) -> None:
    probe = reports["probe"]
    assert [(r["check_id"], _resource(r)) for r in probe["failed"]] == [("CKV_AWS_27", "Flagged")]
    (skipped,) = [r for r in probe["skipped"] if r["check_id"] == "CKV_AWS_27"]
    assert _resource(skipped) == "Skipped"
    assert skipped["check_result"]["suppress_comment"] == "the probe's reason, long enough to read"


@pytest.mark.parametrize("stage", STAGES)
def test_no_finding_is_left_unfixed_or_unexplained(reports: dict[str, Any], stage: str) -> None:
    report = reports[stage]
    assert report["passed"] > 100, "checkov checked (almost) nothing: did it parse the template?"
    failed = [f"{r['check_id']} {r['resource']}: {r['check_name']}" for r in report["failed"]]
    assert not failed, (
        f"checkov findings on {stage}: fix each in infra/constructs/, or skip it on its resource with "
        "infra.scan.skip and a reason:\n  " + "\n  ".join(sorted(failed))
    )


@pytest.mark.parametrize("stage", STAGES)
def test_the_skips_are_the_reviewed_ones_each_with_its_reason(reports: dict[str, Any], stage: str) -> None:
    skipped = reports[stage]["skipped"]
    found = Counter((_resource(r), r["check_id"]) for r in skipped)
    assert set(found) == SKIPPED_IN[stage]
    assert max(found.values()) == 1
    for result in skipped:
        assert len(result["check_result"]["suppress_comment"]) >= 20, result["check_id"]


def test_only_the_public_redirect_reserves_no_concurrency(dev: Template, prod: Template) -> None:
    """In prod every other function's reservation caps it, so none of them can take the account's
    concurrency from the redirect, which reserves none and so is never the one held to a limit."""
    for spec in FUNCTIONS:
        reserved = function(prod, spec.name).get("ReservedConcurrentExecutions")
        if spec.name == PUBLIC_REDIRECT:
            assert reserved is None
        else:
            assert reserved == spec.prod_concurrency and reserved > 0, spec.name
    # AWS keeps 100 unreserved: the reservations leave the redirect most of a 1,000 account.
    assert sum(spec.prod_concurrency or 0 for spec in FUNCTIONS) <= 200
    for props in dev.find_resources(FUNCTION).values():
        assert "ReservedConcurrentExecutions" not in props["Properties"]


def _queue() -> tuple[cdk.Stack, sqs.Queue]:
    stack = cdk.Stack(cdk.App(), "Scan")
    return stack, sqs.Queue(stack, "Queue")


def test_a_skip_lands_on_its_one_resource_with_its_reason() -> None:
    stack, queue = _queue()
    skip(queue, "CKV_AWS_27", "one reason, long enough to read")
    skip(queue, "CKV2_AWS_73", "another reason, long enough too")
    (resource,) = Template.from_stack(stack).find_resources("AWS::SQS::Queue").values()
    assert resource["Metadata"]["checkov"]["skip"] == [
        {"id": "CKV_AWS_27", "comment": "one reason, long enough to read"},
        {"id": "CKV2_AWS_73", "comment": "another reason, long enough too"},
    ]


@pytest.mark.parametrize(
    ("check", "reason"),
    [
        ("CKV_AWS_27", "too short"),
        ("*", "a reason that is long enough"),
        ("CKV_AWS_*", "a reason that is long enough"),
        ("AwsSolutions-SQS3", "a reason that is long enough"),
    ],
)
def test_a_broad_or_silent_skip_is_refused(check: str, reason: str) -> None:
    _, queue = _queue()
    with pytest.raises(ValueError):
        skip(queue, check, reason)


def test_a_check_is_skipped_once_per_resource() -> None:
    _, queue = _queue()
    skip(queue, "CKV_AWS_27", "one reason, long enough to read")
    with pytest.raises(ValueError, match="already skipped"):
        skip(queue, "CKV_AWS_27", "a second reason, long enough too")
