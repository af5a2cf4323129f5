"""Synthesize the CDK app into the CloudFormation template the local stack reads, cached by its inputs."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from local.template import TemplateError

ROOT = Path(__file__).resolve().parents[1]
# What the template is made from: a change to any of these means a fresh synth.
_SYNTH_INPUTS = (
    "infra/**/*.py",
    "functions/advocacy/**/*.py",
    "cdk.json",
    "docs/openapi.json",
    "layers/*.txt",
)
_SYNTH_SCRIPT = "import sys; from local.synth import synth_to_stdout; synth_to_stdout(sys.argv[1])"
PLACEHOLDER_INDEX = "<!doctype html><title>placeholder: the local stack serves web/dist itself</title>\n"


def synth_to_stdout(stage: str) -> None:
    """The child's work: the template as JSON on stdout. The stack deploys the web build, which the
    local stack does not need (local/web.py serves web/dist as it is, built or not): a placeholder
    build stands in, so the template, and its cache, do not depend on the app's build."""
    import tempfile

    from infra.app import synth_template

    with tempfile.TemporaryDirectory(prefix="advocacy-web-placeholder-") as dist:
        (Path(dist) / "index.html").write_text(PLACEHOLDER_INDEX, encoding="utf-8")
        template = synth_template(stage, context={"web_dist": dist})
    json.dump(template, sys.stdout)


def _inputs_digest(stage: str) -> str:
    digest = hashlib.sha256(stage.encode())
    for pattern in _SYNTH_INPUTS:
        for path in sorted(ROOT.glob(pattern)):
            if "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("aws-cdk-lib").encode())
    return digest.hexdigest()[:16]


class TemplateSynth:
    """Synthesizes the CDK app in a child process (its Node.js runtime ends with it), in the background.

    The result is cached under `cache_dir` by a digest of the synth inputs, so a restart with
    unchanged infra and routes skips the ~10 s synth, and any change re-synthesizes.
    """

    def __init__(self, stage: str, cache_dir: Path | None) -> None:
        self.stage = stage
        self._cache = cache_dir / f"template-{stage}-{_inputs_digest(stage)}.json" if cache_dir else None
        self._proc: subprocess.Popen[bytes] | None = None
        if self._cache is None or not self._cache.exists():
            self._proc = subprocess.Popen(  # noqa: S603 - our own interpreter and a fixed script
                [sys.executable, "-c", _SYNTH_SCRIPT, stage],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )

    @property
    def cached(self) -> bool:
        return self._proc is None

    def result(self, timeout_s: float = 120) -> dict[str, Any]:
        if self._proc is None:
            assert self._cache is not None
            return dict(json.loads(self._cache.read_text(encoding="utf-8")))
        try:
            out, err = self._proc.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.cancel()
            raise TemplateError(f"cdk synth took longer than {timeout_s:.0f}s") from None
        if self._proc.returncode != 0:
            tail = err.decode(errors="replace").strip().splitlines()[-15:]
            raise TemplateError("cdk synth failed:\n" + "\n".join(tail))
        template: dict[str, Any] = json.loads(out)
        if self._cache is not None:
            self._cache.parent.mkdir(parents=True, exist_ok=True)
            for stale in self._cache.parent.glob(f"template-{self.stage}-*.json"):
                stale.unlink(missing_ok=True)
            self._cache.write_text(json.dumps(template), encoding="utf-8")
        return template

    def cancel(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
