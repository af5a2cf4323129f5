"""Infra tier: synthesize each stage once per session (in-process, no bundling) and share it as one
`aws_cdk.assertions.Template` per stage.

`synth_template` runs cdk-nag as a validation plugin, so a fixture that returns at all proves the
stage is nag-clean; `Template.from_json` also fails on a dependency cycle between resources.
Lookups the tests share are in `tests/infra/cfn.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from infra.app import synth_template

if TYPE_CHECKING:
    from aws_cdk.assertions import Template


def _template(stage: str) -> Template:
    # Imported here, after `infra` has set jsii's environment (its Node-version banners stay off).
    from aws_cdk.assertions import Template

    return Template.from_json(synth_template(stage))


@pytest.fixture(scope="session")
def dev() -> Template:
    return _template("dev")


@pytest.fixture(scope="session")
def prod() -> Template:
    return _template("prod")
