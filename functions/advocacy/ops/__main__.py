"""Operator commands against a deployed stack.

    python -m advocacy.ops create-org --stack Advocacy-prod --name "Acme" \\
        --admin-email ada@acme.example --admin-name "Ada Lovelace" --domains acme.example \\
        [--allow x@gmail.com] [--timezone Europe/Paris]
    python -m advocacy.ops set-domains --stack Advocacy-prod --org <org id> \\
        --domains acme.example,acme-robotics.example [--allow x@gmail.com]
    python -m advocacy.ops fold-scores --stack Advocacy-prod

Table names and the user pool id are read from the stack's outputs (AWS credentials from the usual
environment or profile). The admin receives Cognito's invitation email with a temporary password.
An org's admins invite only addresses of its domains, plus the single addresses `--allow` names; a
domain (or an allowed address) belongs to one org at most. `set-domains` replaces both lists.
`fold-scores` is the upgrade to one score item per member: run once after deploying it, it adds each
org's scores on the old period and contest boards to the score items, once (a rerun skips them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime

import boto3

from advocacy.store.clients import DEFAULT

OUTPUT_ENV = {
    "OrgsTableName": "ORGS_TABLE",
    "MembersTableName": "MEMBERS_TABLE",
    "UserPoolId": "USER_POOL_ID",
}
FOLD_OUTPUT_ENV = {"OrgsTableName": "ORGS_TABLE", "ScoresTableName": "SCORES_TABLE"}


def stack_environment(stack: str, region: str | None, wanted: dict[str, str] = OUTPUT_ENV) -> dict[str, str]:
    """The env vars the functions get, read back from the stack's outputs (`wanted`: output -> env)."""
    client = boto3.client("cloudformation", region_name=region, config=DEFAULT.config())
    outputs = client.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    values = {o["OutputKey"]: o["OutputValue"] for o in outputs}
    missing = [key for key in wanted if key not in values]
    if missing:
        raise SystemExit(f"stack {stack} has no output(s) {', '.join(missing)}; is it an Advocacy stack?")
    return {env: values[key] for key, env in wanted.items()}


def _listed(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m advocacy.ops", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-org", help="create an org and invite its first admin")
    domains = sub.add_parser("set-domains", help="replace the email domains an org owns")
    fold = sub.add_parser("fold-scores", help="add the old boards' scores to the score items, once")
    for command in (create, domains, fold):
        command.add_argument("--stack", required=True, help="CloudFormation stack name, e.g. Advocacy-prod")
        command.add_argument(
            "--region", default=None, help="AWS region of the stack (default: your AWS config)"
        )
    for command in (create, domains):
        command.add_argument(
            "--domains", required=True, type=_listed, help="the email domains the org owns, comma-separated"
        )
        command.add_argument(
            "--allow",
            default=[],
            type=_listed,
            help="single addresses outside them it may invite, comma-separated",
        )
    create.add_argument("--name", required=True, help="the org's display name")
    create.add_argument("--admin-email", required=True)
    create.add_argument("--admin-name", required=True)
    create.add_argument("--timezone", default="UTC", help="IANA time zone for periods (default UTC)")
    domains.add_argument("--org", required=True, help="the org's id")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "fold-scores":
        return _fold_scores(args.stack, args.region)
    if not args.domains:
        parser.error("--domains needs at least one domain")  # an empty value (DOMAINS= unset) drops none
    os.environ.update(stack_environment(args.stack, args.region))
    if args.region:
        os.environ["AWS_DEFAULT_REGION"] = args.region
    from advocacy.domain.errors import DomainError
    from advocacy.ops import bootstrap

    now = datetime.now(UTC)
    try:
        if args.command == "set-domains":
            answer: dict[str, object] = {
                "org": bootstrap.set_domains(args.org, args.domains, args.allow, now)
            }
        else:
            org, admin = bootstrap.create_org(
                args.name,
                args.admin_email,
                args.admin_name,
                now,
                args.timezone,
                domains=args.domains,
                allowed=tuple(args.allow),
            )
            answer = {"org": org, "admin": admin}
    except DomainError as exc:
        details = "".join(f"\n  {d.field}: {d.message}" for d in exc.details)
        print(f"error: {exc.message}{details}", file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0


def _fold_scores(stack: str, region: str | None) -> int:
    os.environ.update(stack_environment(stack, region, FOLD_OUTPUT_ENV))
    if region:
        os.environ["AWS_DEFAULT_REGION"] = region
    from advocacy.ops import bootstrap

    print(json.dumps(bootstrap.fold_scores(datetime.now(UTC)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
