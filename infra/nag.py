"""cdk-nag v3 wiring: the AwsSolutions pack runs as a validation plugin, so any finding fails synth.

Acknowledgments go through CDK's native `Validations.of(construct).acknowledge`. `acknowledge` here
insists on one construct, one rule (or one finding of a rule) and a written reason, so a broad or
silent suppression cannot slip in.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, Stage, Validations
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

_MIN_REASON = 20
PACK = "AwsSolutions"
"""The plugin name: acknowledgment ids are `AwsSolutions::AwsSolutions-<rule>`, as the report prints them."""


def attach_checks(stage: Stage) -> None:
    """Run the AWS Solutions rules on every template of the app (or stage) at synth time."""
    # write_suppressions_to_cloud_formation: acknowledgments (id + reason) land in each resource's
    # Metadata.cdk_nag, an audit trail in the template itself that tests/infra reads.
    Validations.of(stage).add_plugins(
        AwsSolutionsChecks(stage, verbose=True, write_suppressions_to_cloud_formation=True)
    )


def acknowledge(construct: IConstruct, rule: str, reason: str) -> None:
    """Acknowledge one AwsSolutions rule (e.g. `IAM5[Resource::*]`) on one CloudFormation resource.

    Given an L2 construct, the acknowledgment goes on its L1 resource (`node.default_child`), so it
    does not spread to the construct's other children (a pool's clients, a queue's policy ...).
    """
    if not rule or rule.strip() == "*" or rule.startswith("AwsSolutions-"):
        raise ValueError(f"give the bare rule id (e.g. 'IAM5'), not {rule!r}")
    if len(reason.strip()) < _MIN_REASON:
        raise ValueError(f"acknowledgment of {rule} needs a real reason, got {reason!r}")
    target = construct.node.default_child or construct
    Validations.of(target).acknowledge(
        Acknowledgment(id=f"{PACK}::AwsSolutions-{rule}", reason=reason.strip())
    )
