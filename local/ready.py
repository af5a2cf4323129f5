"""The "what now" block `make dev` prints once the stack is ready: where things are, who can sign in,
how to call the API, run a job, wait for the streams and stop. The README's quick start shows it."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

from local.console import Style

DEFAULT_STATE_DIR = Path(".local")
EXAMPLE_JOB = "leaderboards"
ENGINE_LOCAL = "dynamodb-local"  # stack.json's dynamodb_engine when the tables are on DynamoDB Local


def links(info: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, URL) of what a browser or a client opens, the web app first; nothing is listed that
    does not answer."""
    web = [("Web", str(info["web_url"]))] if info.get("web_url") else []
    # The API reference (Swagger UI over docs/openapi.json) is a page of the web app's origin.
    docs = [("Docs", f"{str(info['web_url']).rstrip('/')}/docs")] if info.get("web_url") else []
    return [*web, ("API", str(info["api_url"])), *docs]


def web_not_built(info: dict[str, Any]) -> bool:
    """The web origin runs but has no build to serve (it answers 503 until one exists)."""
    dist = info.get("web_dist")
    return bool(info.get("web_url") and dist and not (Path(dist) / "index.html").is_file())


def sign_ins(users: list[dict[str, Any]]) -> dict[str, list[tuple[str, str]]]:
    """Per org, the first seeded user of each role: {org name: [(role, email), ...]}."""
    orgs: dict[str, dict[str, str]] = {}
    for user in users:
        orgs.setdefault(str(user.get("org_name") or user["org_id"]), {}).setdefault(
            user["role"], user["email"]
        )
    return {org: list(roles.items()) for org, roles in orgs.items()}


def python_command() -> str:
    """This interpreter as the reader would type it (`.venv/bin/python` under `make dev`)."""
    path = Path(sys.executable)
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def _sign_in_lines(users: list[dict[str, Any]], style: Style) -> list[str]:
    """Per org one line of `role email`, in columns, under the one password."""
    if not users:
        return []
    passwords = " / ".join(sorted({str(u["password"]) for u in users}))
    groups = sign_ins(users)
    org_width = max(len(org) for org in groups)
    widths: dict[str, int] = {}
    for role, email in (pair for roles in groups.values() for pair in roles):
        widths[role] = max(widths.get(role, 0), len(email))
    lines = ["", f"{style('Demo sign-ins', 'bold')} (password {style(passwords, 'yellow')})"]
    for org, roles in groups.items():
        cells = [f"{role} {style(email, 'cyan')}{' ' * (widths[role] - len(email))}" for role, email in roles]
        lines.append(f"  {org:<{org_width}}  {'   '.join(cells).rstrip()}")
    return lines


def _note(text: str, style: Style) -> str:
    return f"  {style('# ' + text, 'dim')}"


def _try_lines(info: dict[str, Any], state_dir: Path, python: str, style: Style) -> list[str]:
    """Shell lines to copy: a token and a call, a job run now, a wait for the streams, the outbox."""
    api, users, jobs = str(info["api_url"]), info.get("users") or [], list(info.get("jobs") or [])
    lines = ["", style("Try it", "bold")]
    if users:
        admin = next((u for u in users if u["role"] == "admin"), users[0])
        where = "" if state_dir == DEFAULT_STATE_DIR else f" --state-dir {shlex.quote(str(state_dir))}"
        lines += [
            f"  TOKEN=$({python} -m local.token {admin['email']}{where})",
            f'  curl -H "Authorization: Bearer $TOKEN" {api}/me',
        ]
    if jobs:
        job = EXAMPLE_JOB if EXAMPLE_JOB in jobs else jobs[0]
        when = '{"time": "<ISO-8601>"}'
        lines += [
            _note(f"run a job now ({', '.join(jobs)}; optional body {when})", style),
            f"  curl -X POST {api}/_local/jobs/{job}",
        ]
    return [
        *lines,
        _note("wait until the table streams have delivered everything (their side effects are done)", style),
        f"  curl -X POST {api}/_local/streams -d '{{\"quiet_within\": 30}}'",
        _note("the mail sent: digests (SES), invitations and reset codes (Cognito)", style),
        f"  curl {api}/_local/outbox",
        *_table_lines(info, style),
    ]


def _table_lines(info: dict[str, Any], style: Style) -> list[str]:
    """How to look at the tables with the AWS CLI, when they are on DynamoDB Local."""
    if info.get("dynamodb_engine") != ENGINE_LOCAL or not info.get("dynamodb_endpoint_url"):
        return []
    return [
        _note("the tables, on DynamoDB Local (any dummy credentials and region)", style),
        f"  aws dynamodb list-tables --endpoint-url {info['dynamodb_endpoint_url']}",
    ]


def fallback_line(info: dict[str, Any], style: Style) -> list[str]:
    """One line when the tables are on moto because DynamoDB Local could not run (and why)."""
    reason = info.get("dynamodb_fallback")
    return [f"  {style('DynamoDB on moto', 'yellow', 'bold')}: {reason}"] if reason else []


def ready_text(
    info: dict[str, Any],
    state_dir: Path,
    seconds: float,
    verbose: bool,
    style: Style,
    python: str | None = None,
) -> str:
    """The block, as printed (`python`: how to call this interpreter, by default as found)."""
    head = style(f"Advocacy is running (ready in {seconds:.1f}s)", "green", "bold")
    width = max(len(name) for name, _ in links(info))
    lines = [head, *(f"  {name:<{width}}  {style(url, 'cyan')}" for name, url in links(info))]
    if web_not_built(info):
        lines.append(_note("the web app is not built: run make web-build, then reload", style))
    lines += fallback_line(info, style)
    lines += _sign_in_lines(list(info.get("users") or []), style)
    lines += _try_lines(info, state_dir, python or python_command(), style)
    lines += [
        "",
        f"Endpoints, pool ids and every user: {state_dir / 'stack.json'}",
        "One line per request, job run and stream batch below"
        + ("." if verbose else "; the functions' own logs and metrics: make dev VERBOSE=1 (--verbose)."),
        f"Stop: {style('Ctrl-C', 'bold')}",
    ]
    return "\n".join(lines)
