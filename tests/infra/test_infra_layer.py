"""The dependency layer: pins match pyproject, pip targets Lambda's platform, builds are cached."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Capture, Template

from infra.config import ROOT
from infra.constructs import layer
from tests.support.cfn import assert_function

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")


def _pins(lines: list[str]) -> dict[str, str]:
    pins = {}
    for line in lines:
        match = PIN.match(line.strip())
        if match:
            pins[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return pins


def test_layer_pins_equal_runtime_dependencies_minus_boto3() -> None:
    requirements = _pins((ROOT / "layers" / "requirements.txt").read_text().splitlines())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = _pins(project["dependencies"])
    runtime.pop("boto3")
    assert requirements == runtime


def test_pip_targets_lambda_arm64_python() -> None:
    args = layer.pip_args("requirements.txt", "/out/python")
    joined = " ".join(args)
    assert "--platform manylinux2014_aarch64" in joined
    assert "--only-binary=:all:" in args
    assert "--implementation cp" in joined
    assert "--python-version 3.14" in joined
    assert "--target /out/python" in joined


def test_build_is_cached_and_drops_runtime_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("pynamodb==6.1.0\n")
    calls: list[list[str]] = []

    def fake_pip(cmd: list[str], check: bool) -> Any:
        calls.append(cmd)
        target = Path(cmd[cmd.index("--target") + 1])
        for name in ("pynamodb", "botocore", "botocore-1.0.dist-info", "boto3", "s3transfer", "bin"):
            (target / name).mkdir(parents=True)
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(layer.subprocess, "run", fake_pip)
    built = layer.build_layer(requirements, tmp_path / "build")
    assert sorted(p.name for p in built.iterdir()) == ["pynamodb"]
    assert built.parent.name == f"layer-{layer.cache_key(requirements)}"
    assert layer.build_layer(requirements, tmp_path / "build") == built
    assert len(calls) == 1  # second call served from the cache

    requirements.write_text("pynamodb==6.1.1\n")
    assert layer.build_layer(requirements, tmp_path / "build") != built
    assert len(calls) == 2


def test_layer_asset_and_code_asset_exclusions(dev: Template) -> None:
    from infra.constructs.functions import CODE_EXCLUDES

    assert "**/__pycache__" in CODE_EXCLUDES
    assert "**/tests" in CODE_EXCLUDES
    layer = "AWS::Lambda::LayerVersion"
    dependencies = {"CompatibleArchitectures": ["arm64"]}  # not CDK's AWS CLI layer (the web upload)
    dev.resource_properties_count_is(layer, dependencies, 1)
    layer_key, code_key = Capture(), Capture()
    dev.has_resource_properties(layer, {**dependencies, "Content": {"S3Key": layer_key}})
    assert_function(dev, "api", {"Code": {"S3Key": code_key}})
    assert layer_key.as_string() != code_key.as_string()  # two assets: dependencies and our code
