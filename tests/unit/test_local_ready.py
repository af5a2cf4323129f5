"""The "what now" block `make dev` prints when the stack is ready, the README's copy of it, and
`make help`'s list of targets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from local.console import PLAIN, Style
from local.ready import ready_text, sign_ins
from local.seed import DEMO_ORGS, DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
JOBS = ["contests", "digest", "leaderboards", "publish-due"]


def _info(api: str = "http://127.0.0.1:3000") -> dict[str, Any]:
    """stack.json as the seed writes it."""
    users = [
        {"email": f"{local}@{org.domain}", "password": DEMO_PASSWORD, "role": role,
         "org_id": org.domain, "org_name": org.name}
        for org in DEMO_ORGS
        for local, _, role, _ in org.people
    ]  # fmt: skip
    return {
        "web_url": "http://127.0.0.1:3001",
        "api_url": api,
        "dynamodb_endpoint_url": "http://127.0.0.1:43567",  # DynamoDB Local takes any free port
        "dynamodb_engine": "dynamodb-local",
        "jobs": JOBS,
        "users": users,
    }


def _block(**changes: Any) -> str:
    options: dict[str, Any] = {"state_dir": Path(".local"), "seconds": 2.4, "verbose": False, "style": PLAIN}
    options.update(changes)
    return ready_text(_info(), python=".venv/bin/python", **options)


def test_the_block_names_the_api_each_role_s_sign_in_a_job_run_the_streams_and_how_to_stop() -> None:
    block = _block()
    assert block.splitlines()[1:4] == [
        "  Web   http://127.0.0.1:3001",
        "  API   http://127.0.0.1:3000",
        "  Docs  http://127.0.0.1:3001/docs",  # the API reference, on the web app's origin
    ]
    assert f"(password {DEMO_PASSWORD})" in block
    for org in DEMO_ORGS:
        firsts: dict[str, str] = {}
        for local, _, role, _ in org.people:
            firsts.setdefault(role, f"{role} {local}@{org.domain}")
        line = next(line for line in block.splitlines() if line.startswith(f"  {org.name} "))
        assert re.findall(r"\w+ \S+@\S+", line) == list(firsts.values())
    assert "  TOKEN=$(.venv/bin/python -m local.token admin@acme.example)" in block
    assert "  curl -X POST http://127.0.0.1:3000/_local/jobs/leaderboards" in block
    assert """  curl -X POST http://127.0.0.1:3000/_local/streams -d '{"quiet_within": 30}'""" in block
    assert "Endpoints, pool ids and every user: .local/stack.json" in block
    assert "make dev VERBOSE=1" in block and block.endswith("Stop: Ctrl-C")
    assert "\033[" not in block


def test_another_state_dir_is_named_in_the_token_command_and_colour_is_optional() -> None:
    block = _block(state_dir=Path("state dirs/my stack"), style=Style(color=True))
    assert "-m local.token admin@acme.example --state-dir 'state dirs/my stack')" in block
    assert "state dirs/my stack/stack.json" in block and "\033[" in block


def test_a_web_app_without_a_build_is_pointed_out(tmp_path: Path) -> None:
    info = {**_info(), "web_dist": str(tmp_path)}
    note = "# the web app is not built: run make web-build, then reload"
    assert note in ready_text(info, Path(".local"), 1, False, PLAIN).splitlines()[4]  # after the links
    (tmp_path / "index.html").write_text("<!doctype html>", encoding="utf-8")
    assert note not in ready_text(info, Path(".local"), 1, False, PLAIN)


def test_tables_on_dynamodb_local_come_with_an_aws_cli_line() -> None:
    info = {**_info(), "dynamodb_engine": "dynamodb-local", "dynamodb_endpoint_url": "http://127.0.0.1:41234"}
    block = ready_text(info, Path(".local"), 1, False, PLAIN)
    assert "  aws dynamodb list-tables --endpoint-url http://127.0.0.1:41234" in block.splitlines()
    assert "DynamoDB on moto" not in block


def test_tables_on_moto_say_so_and_why_in_one_line() -> None:
    why = "no java on the PATH: install Java 17+"
    info = {**_info(), "dynamodb_engine": "moto", "dynamodb_endpoint_url": "http://127.0.0.1:5005",
            "dynamodb_fallback": why}  # fmt: skip
    lines = ready_text(info, Path(".local"), 1, False, PLAIN).splitlines()
    assert lines[4] == f"  DynamoDB on moto: {why}"  # right under the links
    assert [line for line in lines if "moto" in line] == [lines[4]]
    assert not any("aws dynamodb" in line for line in lines)


def test_without_a_seed_there_are_no_sign_ins() -> None:
    block = ready_text(
        {"api_url": "http://127.0.0.1:3000", "jobs": [], "users": []}, Path(".local"), 1, True, PLAIN
    )
    assert "Demo sign-ins" not in block and "local.token" not in block and "/_local/jobs/" not in block
    assert "VERBOSE" not in block


def test_sign_ins_take_the_first_user_of_each_role_per_org() -> None:
    users = [
        {"email": "a@x", "role": "admin", "org_id": "x", "org_name": "X"},
        {"email": "m1@x", "role": "member", "org_id": "x", "org_name": "X"},
        {"email": "m2@x", "role": "member", "org_id": "x", "org_name": "X"},
    ]
    assert sign_ins(users) == {"X": [("admin", "a@x"), ("member", "m1@x")]}


def test_the_readme_quick_start_shows_the_block_as_printed() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [line for line in _block().splitlines()[1:] if line.strip() and line not in readme]
    assert not missing, f"README.md's quick start lacks these lines of the ready block: {missing}"


def test_make_help_lists_every_target_with_one_line() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.MULTILINE)
    assert phony is not None
    described = set(re.findall(r"^([a-z0-9-]+):.*## \S", makefile, re.MULTILINE))
    targets = set(re.findall(r"^([a-z0-9-]+):", makefile, re.MULTILINE))
    assert targets == set(phony.group(1).split()), "a target missing from .PHONY (or a stale one in it)"
    assert targets <= described, f"targets without a `## ` line for make help: {sorted(targets - described)}"
