"""The shared dependency layer, bundled on the host with pip (no Docker) and cached under `.build/`.

pip downloads manylinux aarch64 wheels for the Lambda Python version, so the host's own Python
version and architecture do not matter. boto3/botocore are dropped: the runtime provides them and a
bundled copy would shadow (and could mismatch) the runtime's.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling, RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.config import ROOT, StageConfig

LAYER_DIR = ROOT / "layers"
BUILD_DIR = ROOT / ".build"
PYTHON_VERSION = "3.14"
PLATFORM = "manylinux2014_aarch64"
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
"""Distributions the Lambda runtime already ships; removed from the layer after install."""


def pip_args(requirements: Path | str, target: Path | str) -> list[str]:
    """The pip invocation that builds the layer (also recorded, host-neutral, as the bundling command)."""
    return [
        "install",
        "-r", str(requirements),
        "--platform", PLATFORM,
        "--only-binary=:all:",
        "--implementation", "cp",
        "--python-version", PYTHON_VERSION,
        "--target", str(target),
        "--no-compile",
        "--disable-pip-version-check",
        "--quiet",
    ]  # fmt: skip


def cache_key(requirements: Path) -> str:
    """Changes when the pins or the target platform change, and only then."""
    digest = hashlib.sha256(requirements.read_bytes())
    digest.update(f"{PLATFORM}|{PYTHON_VERSION}|{','.join(RUNTIME_PROVIDED)}|v2".encode())
    return digest.hexdigest()[:16]


def _drop_runtime_provided(site: Path) -> None:
    """Remove the runtime's own packages (and their dist-info) and console scripts nobody runs."""
    for entry in site.iterdir():
        distribution = entry.name.split("-", 1)[0].lower()
        if distribution in RUNTIME_PROVIDED or entry.name == "bin":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def build_layer(requirements: Path = LAYER_DIR / "requirements.txt", build_dir: Path = BUILD_DIR) -> Path:
    """Install the pinned requirements once per cache key and return the `python/` tree to ship."""
    cached = build_dir / f"layer-{cache_key(requirements)}"
    if (cached / ".complete").exists():
        return cached / "python"
    build_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="layer-", dir=build_dir))
    try:
        subprocess.run([sys.executable, "-m", "pip", *pip_args(requirements, work / "python")], check=True)  # noqa: S603
        _drop_runtime_provided(work / "python")
        (work / ".complete").write_text(requirements.read_text())
        if cached.exists():  # a half-finished earlier build
            shutil.rmtree(cached)
        os.replace(work, cached)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return cached / "python"


@jsii.implements(ILocalBundling)
class LocalPipBundling:
    """CDK calls `try_bundle` before it would use Docker; returning True means Docker is never used."""

    def __init__(self, requirements: Path) -> None:
        self._requirements = requirements

    def try_bundle(self, output_dir: str, *_options: Any, **_kwargs: Any) -> bool:
        # jsii passes the BundlingOptions struct positionally; image/command only matter for Docker.
        built = build_layer(self._requirements)
        shutil.copytree(built, Path(output_dir) / "python", dirs_exist_ok=True)
        return True


class DependencyLayer(Construct):
    """One layer for all four functions, from `layers/requirements.txt`."""

    def __init__(
        self, scope: Construct, construct_id: str, *, runtime: lambda_.Runtime, config: StageConfig
    ) -> None:
        super().__init__(scope, construct_id)
        requirements = LAYER_DIR / "requirements.txt"
        self.layer = lambda_.LayerVersion(
            self,
            "Layer",
            code=lambda_.Code.from_asset(
                str(LAYER_DIR),
                exclude=["**", "!requirements.txt"],
                # The pins and this bundler's settings define the layer, so cdk.out reuse stays correct.
                asset_hash_type=AssetHashType.CUSTOM,
                asset_hash=cache_key(requirements),
                bundling=BundlingOptions(
                    image=DockerImage.from_registry("unused-local-bundling-only"),
                    command=["pip", *pip_args("requirements.txt", "/asset-output/python")],
                    local=LocalPipBundling(requirements),
                ),
            ),
            compatible_runtimes=[runtime],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            description="Advocacy runtime dependencies (layers/requirements.txt, boto3 excluded)",
            removal_policy=RemovalPolicy.RETAIN if config.is_prod else RemovalPolicy.DESTROY,
        )
