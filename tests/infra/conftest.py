"""Infra tier: synthesize each stage once per session (in-process, no bundling) and share it as one
`aws_cdk.assertions.Template` per stage.

`synth_template` runs cdk-nag as a validation plugin, so a fixture that returns at all proves the
stage is nag-clean; `Template.from_json` also fails on a dependency cycle between resources.
The web app's build is a small stand-in (`tests/support/web.py`, via the `web_dist` context), so
this tier needs no npm. Lookups the tests share are in `tests/support/cfn.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.web import write_dist

if TYPE_CHECKING:
    from aws_cdk.assertions import Template


@pytest.fixture(scope="session")
def web_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dist(tmp_path_factory.mktemp("web-dist"))


# Both networks configured (deployments name their own secrets in the `providers` context).
PROVIDERS = {"linkedin": {"secret_name": "advocacy/linkedin"}, "x": {"secret_name": "advocacy/x"}}


def _template(stage: str, web_dist: Path) -> Template:
    # Imported here, after `infra` has set jsii's environment (its Node-version banners stay off).
    from tests.support.cfn import ALARM_EMAILS, synthesized

    return synthesized(stage, web_dist, providers=PROVIDERS, alarm_emails=ALARM_EMAILS)


@pytest.fixture(scope="session")
def dev(web_dist: Path) -> Template:
    return _template("dev", web_dist)


@pytest.fixture(scope="session")
def prod(web_dist: Path) -> Template:
    return _template("prod", web_dist)
