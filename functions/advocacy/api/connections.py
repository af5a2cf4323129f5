"""Connected accounts: a member connects LinkedIn or X through OAuth, sees the status, disconnects."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import KEYED, SAME_CHANGE, THEMSELVES, Router, keyless, rules
from advocacy.api.error_docs import conflict, invalid, not_found
from advocacy.domain.connections import ApiNetwork
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import autoshare, connections

router = Router("connections")
Network = Annotated[ApiNetwork, Path(description="`linkedin` or `x`")]
NOT_OFFERED = not_found("the program has not configured this network")


def connection_out(status: connections.ConnectionStatus) -> schemas.connections.ConnectionOut:
    return schemas.connections.ConnectionOut(**status.__dict__)


@router.get(
    "/me/connections",
    operation_id="getMyConnections",
    summary="List my connected accounts",
    **rules(
        Role.MEMBER,
        "LinkedIn and X, each saying whether the program offers it (`available`), whether it is "
        "connected, whether it needs reconnecting and until when it lasts. Tokens are never returned. "
        "Facebook has no API that posts to personal profiles: it is shared through its dialog only.",
        who=THEMSELVES,
    ),
)
def list_connections() -> schemas.connections.ConnectionList:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return schemas.connections.ConnectionList(
        items=[connection_out(s) for s in connections.listing(caller.org_id, caller.member_id, now)]
    )


@router.post(
    "/me/connections/<network>",
    operation_id="connectAccount",
    summary="Start connecting an account",
    **keyless(
        rules(
            Role.MEMBER,
            "Answers the network's authorize URL, with a `state` signed for the caller that works once "
            "and for 10 minutes (and, for X, a PKCE S256 challenge whose verifier stays on the server). "
            "The app sends the browser there; the network sends it back to the app's callback route.",
            who=THEMSELVES,
            idempotency="no `Idempotency-Key`: each call starts a new attempt; an unused one expires in "
            "10 minutes",
            errors=[NOT_OFFERED, invalid("a network other than `linkedin` or `x`")],
        )
    ),
)
def start_connection(network: Network) -> schemas.connections.ConnectionStart:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return schemas.connections.ConnectionStart(
        authorize_url=connections.start(caller.org_id, caller.member_id, network, now)
    )


@router.post(
    "/me/connections/<network>/callback",
    operation_id="completeConnection",
    summary="Finish connecting an account",
    **rules(
        Role.MEMBER,
        "The app's callback route posts the `code` and `state` the network sent back: the state is "
        "checked (signed by the service, the caller's, not expired, not used before), the code exchanged "
        "for tokens, the member's id at the network read, and the tokens stored encrypted. Answers the "
        "connection's status.",
        who=THEMSELVES,
        idempotency=f"{KEYED}). Without a key, a repeat is a 409 `state_used`",
        errors=[
            invalid(
                "`state` not one the service gave the caller for this network, or expired",
                "`code` refused by the network",
            ),
            NOT_OFFERED,
            conflict("this state was used already", code="state_used"),
        ],
    ),
)
def finish_connection(
    network: Network, body: Annotated[schemas.connections.ConnectionFinish, Body()]
) -> schemas.connections.ConnectionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    status = connections.finish(caller.org_id, caller.member_id, network, body.code, body.state, now)
    metrics.add_metric(name="AccountConnected", unit=MetricUnit.Count, value=1)
    return connection_out(status)


@router.delete(
    "/me/connections/<network>",
    status_code=204,
    operation_id="deleteConnection",
    summary="Disconnect an account",
    **rules(
        Role.MEMBER,
        "Revokes the token at the network where it can (X) and deletes the stored tokens (204, no "
        "body). Posting on the member's behalf stops at once.",
        who=THEMSELVES,
        idempotency=SAME_CHANGE,
        errors=[invalid("a network other than `linkedin` or `x`")],
    ),
)
def disconnect(network: Network) -> Response[None]:
    caller = current_caller(router)
    connections.disconnect(caller.org_id, caller.member_id, network, request_time(router.current_event))
    return Response(status_code=204)


@router.get(
    "/org/connections",
    operation_id="getConnectionCounts",
    summary="Count connected accounts",
    **rules(
        Role.ADMIN,
        "How many members have a working connection to each network, and `auto_posts`: the posts "
        "auto-share made through the networks' APIs by network, and those that failed or need a "
        "reconnection by reason.",
    ),
)
def count_connections() -> schemas.connections.ConnectionCounts:
    org_id = current_caller(router).org_id
    counts = connections.connected_counts(org_id)
    auto = schemas.connections.AutoPostCounts(**autoshare.counts(org_id))
    return schemas.connections.ConnectionCounts(linkedin=counts["linkedin"], x=counts["x"], auto_posts=auto)
