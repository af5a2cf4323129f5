"""CDK entry point (`cdk.json` runs `python infra/app.py`) and the in-process synth for tests and local.

- `build_app(stage, bundle, outdir)`: the App with the `Advocacy-<stage>` stack and cdk-nag attached.
- `synth_template(stage)`: that stack's CloudFormation template as a dict, synthesized in a temporary
  directory without asset bundling (fast, nothing left on disk).
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script by the CDK CLI: Python put infra/ first on sys.path, where infra/constructs
    # would shadow the `constructs` library. Put the repository root there instead.
    sys.path[0] = str(Path(__file__).resolve().parents[1])
    import infra  # noqa: F401  (silences the jsii Node-version banner before aws_cdk loads)

import aws_cdk as cdk

from infra.config import ROOT, StageConfig
from infra.constructs.web import WebBuildMissing
from infra.nag import attach_checks
from infra.stack import AdvocacyStack

DEFAULT_STAGE = "dev"


def stack_name(stage: str) -> str:
    return f"Advocacy-{stage}"


def _cdk_json_context() -> dict[str, Any]:
    """Feature flags and defaults from cdk.json, so an in-process synth equals `cdk synth`."""
    path = ROOT / "cdk.json"
    return dict(json.loads(path.read_text(encoding="utf-8")).get("context", {})) if path.exists() else {}


def build_app(
    stage: str = DEFAULT_STAGE,
    bundle: bool = True,
    outdir: str | None = None,
    *,
    context: Mapping[str, Any] | None = None,
) -> cdk.App:
    """The app with one stack for `stage`. `bundle=False` skips the pip layer build (instant synth).

    `context` overrides cdk.json context (e.g. `{"web_origins": [...], "openapi_path": ...}`).
    """
    context = {**_cdk_json_context(), **(context or {})}
    context["stage"] = stage
    if not bundle:
        context["aws:cdk:bundling-stacks"] = []
    app = cdk.App(context=context, outdir=outdir)
    return _populate(app, stage)


def _populate(app: cdk.App, stage: str) -> cdk.App:
    config = StageConfig.from_node(app.node, stage)
    AdvocacyStack(app, stack_name(stage), config=config)
    attach_checks(app)
    return app


def synth_template(stage: str = DEFAULT_STAGE, *, context: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Synthesize in-process (cdk-nag included: a finding raises) and return the stack's template."""
    with tempfile.TemporaryDirectory(prefix="advocacy-synth-") as outdir:
        assembly = build_app(stage, bundle=False, outdir=outdir, context=context).synth()
        template: dict[str, Any] = assembly.get_stack_by_name(stack_name(stage)).template
        return template


def main() -> None:
    """`cdk synth` / `cdk deploy`: the CLI passes context (`-c stage=prod`) through the environment."""
    app = cdk.App()
    stage = str(app.node.try_get_context("stage") or DEFAULT_STAGE)
    try:
        _populate(app, stage)
    except WebBuildMissing as exc:
        sys.exit(f"error: {exc}")  # what to run, without a traceback
    app.synth()


if __name__ == "__main__":
    main()
