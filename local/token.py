"""Print an ID token for a seeded user of the running local stack: `python -m local.token EMAIL`.

For curl and scripts: `curl -H "Authorization: Bearer $(python -m local.token ada@...)" ...`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import boto3


def id_token(stack: dict, email: str) -> str:
    user = next((u for u in stack["users"] if u["email"] == email), None)
    if user is None:
        known = ", ".join(u["email"] for u in stack["users"])
        raise SystemExit(f"no seeded user {email!r}; seeded users: {known}")
    client = boto3.client(
        "cognito-idp",
        endpoint_url=stack["aws_endpoint_url"],
        region_name=stack["region"],
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - moto accepts any credentials
    )
    result = client.initiate_auth(
        ClientId=stack["user_pool_client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": user["password"]},
    )
    return str(result["AuthenticationResult"]["IdToken"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m local.token", description=__doc__.split("\n")[0])
    parser.add_argument("email", help="a user listed in .local/stack.json")
    parser.add_argument("--state-dir", default=".local", help="where `make dev` wrote stack.json")
    args = parser.parse_args(argv)
    path = Path(args.state_dir) / "stack.json"
    if not path.exists():
        raise SystemExit(f"{path} not found: start the local stack first (make dev)")
    print(id_token(json.loads(path.read_text()), args.email))
    return 0


if __name__ == "__main__":
    sys.exit(main())
