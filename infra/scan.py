"""checkov's acknowledgments: a finding not fixed in the constructs is skipped on its one resource, with a reason.

checkov (CloudFormation framework, run by tests/infra/test_infra_scan.py over the synthesized templates)
reads `Metadata.checkov.skip: [{id, comment}]` on a resource. `skip` here writes that entry and insists
on one resource, one check id and a written reason, as `infra.nag.acknowledge` does for cdk-nag, so a
broad or silent skip cannot slip in; the reasons stay in the template, where checkov's report shows them.
"""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import CfnResource
from constructs import IConstruct

from infra.nag import acknowledge

_MIN_REASON = 20
_CHECK_ID = re.compile(r"^CKV2?_AWS_\d+$")
METADATA_KEY = "checkov"

LOGS_ENCRYPTED = (
    "CloudWatch Logs encrypts every log group at rest with its own keys, and the functions log no "
    "secrets or tokens; a customer-managed key would add a key policy to keep, not a reader to refuse."
)
"""The one reason for CKV_AWS_158 (log group without a customer-managed KMS key), on every log group."""


def skip(construct: IConstruct, check: str, reason: str) -> None:
    """Skip one checkov check (e.g. `CKV_AWS_117`) on one CloudFormation resource, saying why.

    Given an L2 construct, the skip goes on its L1 resource (`node.default_child`); a second skip of
    the same check on the same resource is refused (one reason each).
    """
    if not _CHECK_ID.match(check):
        raise ValueError(f"give one checkov AWS check id (e.g. 'CKV_AWS_117'), not {check!r}")
    if len(reason.strip()) < _MIN_REASON:
        raise ValueError(f"skipping {check} needs a real reason, got {reason!r}")
    target = construct.node.default_child or construct
    if not isinstance(target, CfnResource):
        raise TypeError(f"{construct.node.path} is not a CloudFormation resource")
    found: dict[str, Any] = dict(target.get_metadata(METADATA_KEY) or {})
    skips: list[dict[str, str]] = list(found.get("skip", []))
    if any(entry["id"] == check for entry in skips):
        raise ValueError(f"{check} is already skipped on {target.node.path}")
    skips.append({"id": check, "comment": reason.strip()})
    target.add_metadata(METADATA_KEY, {**found, "skip": skips})


def acknowledge_both(construct: IConstruct, nag_rule: str, check: str, reason: str) -> None:
    """One finding that both scanners report (cdk-nag's `nag_rule`, checkov's `check`), one reason."""
    acknowledge(construct, nag_rule, reason)
    skip(construct, check, reason)
