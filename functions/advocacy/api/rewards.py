"""Rewards: the catalog (admins edit, members see what is active), redemptions and their decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.schemas.rewards import (
    RedemptionCreated,
    RedemptionOut,
    RedemptionPage,
    RedemptionReject,
    RedemptionStatus,
    RewardCreate,
    RewardOut,
    RewardPage,
    RewardPatch,
)
from advocacy.services import rewards

if TYPE_CHECKING:
    from advocacy.store.models import RewardModel

router = APIGatewayHttpRouter()

RewardId = PathId
RedemptionId = PathId


def reward_out(item: RewardModel) -> RewardOut:
    return RewardOut(
        reward_id=str(item.reward_id),
        name=str(item.name),
        description=item.description,
        cost=int(item.cost),
        stock=None if item.stock is None else int(item.stock),
        per_member_limit=None if item.per_member_limit is None else int(item.per_member_limit),
        active=bool(item.active),
        created_at=item.created_at,
    )


def redemption_out(item: RewardModel) -> RedemptionOut:
    return RedemptionOut(
        redemption_id=str(item.redemption_id),
        reward_id=str(item.reward_id),
        reward_name=item.name,
        member_id=str(item.member_id),
        status=item.status,  # type: ignore[arg-type]
        cost=int(item.cost),
        note=item.note,
        created_at=item.created_at,
        decided_at=item.decided_at,
        decided_by=item.decided_by,
    )


@router.get("/rewards", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def list_rewards(limit: Limit = 20, cursor: Cursor = None) -> RewardPage:
    """The catalog, newest first: admins see every reward, everyone else only active ones."""
    caller = current_caller(router)
    page = rewards.catalog(caller.org_id, caller.role, limit, cursor)
    return RewardPage(items=[reward_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.post("/rewards", tags=["rewards"], status_code=201, openapi_extensions=access(Role.ADMIN))
def create_reward(body: Annotated[RewardCreate, Body()]) -> RewardOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return reward_out(rewards.create_reward(caller.org_id, body.model_dump(), now))


@router.get("/rewards/<reward_id>", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def get_reward(reward_id: RewardId) -> RewardOut:
    caller = current_caller(router)
    return reward_out(rewards.reward(caller.org_id, reward_id, caller.role))


@router.patch("/rewards/<reward_id>", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def patch_reward(reward_id: RewardId, body: Annotated[RewardPatch, Body()]) -> RewardOut:
    caller = current_caller(router)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    return reward_out(rewards.update_reward(caller.org_id, reward_id, changes))


@router.post(
    "/rewards/<reward_id>/redemptions",
    tags=["rewards"],
    status_code=201,
    openapi_extensions=access(Role.MEMBER),
)
def redeem(reward_id: RewardId) -> RedemptionCreated:
    """Spend points on a reward: 409 `insufficient_points`, `out_of_stock` or `limit_reached`."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    done = rewards.redeem(caller.org_id, caller.member_id, reward_id, now)
    metrics.add_metric(name="RewardRedeemed", unit=MetricUnit.Count, value=1)
    return RedemptionCreated(**redemption_out(done.redemption).model_dump(), balance=done.balance)


@router.get("/me/redemptions", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def my_redemptions(limit: Limit = 20, cursor: Cursor = None) -> RedemptionPage:
    """The caller's redemptions, newest first."""
    caller = current_caller(router)
    page = rewards.my_redemptions(caller.org_id, caller.member_id, limit, cursor)
    return RedemptionPage(items=[redemption_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.get("/redemptions", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def list_redemptions(
    status: Annotated[RedemptionStatus | None, Query()] = None, limit: Limit = 20, cursor: Cursor = None
) -> RedemptionPage:
    """Every redemption in the org, newest first (admin)."""
    caller = current_caller(router)
    page = rewards.org_redemptions(caller.org_id, status, limit, cursor)
    return RedemptionPage(items=[redemption_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.get("/redemptions/<redemption_id>", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def get_redemption(redemption_id: RedemptionId) -> RedemptionOut:
    """Admins read any redemption of the org; others only their own."""
    caller = current_caller(router)
    return redemption_out(rewards.redemption(caller.org_id, redemption_id, caller.member_id, caller.role))


@router.post("/redemptions/<redemption_id>/approve", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def approve_redemption(redemption_id: RedemptionId) -> RedemptionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return redemption_out(rewards.approve(caller.org_id, redemption_id, caller.member_id, now))


@router.post("/redemptions/<redemption_id>/reject", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def reject_redemption(
    redemption_id: RedemptionId, body: Annotated[RedemptionReject | None, Body()] = None
) -> RedemptionOut:
    """Reject and refund the points (and the stock and the member's quota), exactly once."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    note = body.note if body is not None else None
    item = rewards.reject(caller.org_id, redemption_id, caller.member_id, note or None, now)
    metrics.add_metric(name="RedemptionRefunded", unit=MetricUnit.Count, value=1)
    return redemption_out(item)
