"""Rewards: the catalog (admins edit, members see what is active), redemptions and their decisions."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from advocacy.api.deps import access, current_caller, request_time
from advocacy.api.members import Cursor, Limit, PathId
from advocacy.domain.errors import FieldIssue, NotFound, ValidationFailed
from advocacy.domain.roles import Role, at_least
from advocacy.observability import metrics
from advocacy.operation import sortable_id
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
from advocacy.store import rewards as store
from advocacy.store.models import RewardModel

router = APIGatewayHttpRouter()

RewardId = PathId
RedemptionId = PathId
NOT_NULL = ("name", "cost", "active")


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
    active_only = caller.role != Role.ADMIN
    page = store.list_rewards(caller.org_id, active_only, limit, cursor)
    return RewardPage(items=[reward_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.post("/rewards", tags=["rewards"], status_code=201, openapi_extensions=access(Role.ADMIN))
def create_reward(body: Annotated[RewardCreate, Body()]) -> RewardOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    reward_id = sortable_id(now)
    item = RewardModel(
        org_id=caller.org_id,
        sk=store.reward_sk(reward_id),
        reward_id=reward_id,
        name=body.name,
        description=body.description or None,
        cost=body.cost,
        stock=body.stock,
        per_member_limit=body.per_member_limit,
        active=body.active,
        created_at=now,
    )
    return reward_out(store.create_reward(item))


@router.get("/rewards/<reward_id>", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def get_reward(reward_id: RewardId) -> RewardOut:
    caller = current_caller(router)
    item = store.get_reward(caller.org_id, reward_id)
    if not item.active and caller.role != Role.ADMIN:
        raise NotFound("reward not found")
    return reward_out(item)


@router.patch("/rewards/<reward_id>", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def patch_reward(reward_id: RewardId, body: Annotated[RewardPatch, Body()]) -> RewardOut:
    caller = current_caller(router)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    nulls = [name for name in NOT_NULL if name in changes and changes[name] is None]
    if nulls:
        raise ValidationFailed("Some fields are not valid.", [FieldIssue(n, "cannot be null") for n in nulls])
    if "description" in changes and not changes["description"]:
        changes["description"] = None
    if not changes:
        return reward_out(store.get_reward(caller.org_id, reward_id))
    return reward_out(store.update_reward(caller.org_id, reward_id, changes))


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
    done = store.redeem(caller.org_id, caller.member_id, reward_id, now)
    metrics.add_metric(name="RewardRedeemed", unit=MetricUnit.Count, value=1)
    return RedemptionCreated(**redemption_out(done.redemption).model_dump(), balance=done.balance)


@router.get("/me/redemptions", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def my_redemptions(limit: Limit = 20, cursor: Cursor = None) -> RedemptionPage:
    """The caller's redemptions, newest first."""
    caller = current_caller(router)
    page = store.member_redemptions(caller.org_id, caller.member_id, limit, cursor)
    return RedemptionPage(items=[redemption_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.get("/redemptions", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def list_redemptions(
    status: Annotated[RedemptionStatus | None, Query()] = None, limit: Limit = 20, cursor: Cursor = None
) -> RedemptionPage:
    """Every redemption in the org, newest first (admin)."""
    caller = current_caller(router)
    page = store.org_redemptions(caller.org_id, status, limit, cursor)
    return RedemptionPage(items=[redemption_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.get("/redemptions/<redemption_id>", tags=["rewards"], openapi_extensions=access(Role.MEMBER))
def get_redemption(redemption_id: RedemptionId) -> RedemptionOut:
    """Admins read any redemption of the org; others only their own."""
    caller = current_caller(router)
    item = store.get_redemption(caller.org_id, redemption_id)
    if item.member_id != caller.member_id and not at_least(caller.role, Role.ADMIN):
        raise NotFound("redemption not found")
    return redemption_out(item)


@router.post("/redemptions/<redemption_id>/approve", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def approve_redemption(redemption_id: RedemptionId) -> RedemptionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return redemption_out(store.approve(caller.org_id, redemption_id, caller.member_id, now))


@router.post("/redemptions/<redemption_id>/reject", tags=["rewards"], openapi_extensions=access(Role.ADMIN))
def reject_redemption(
    redemption_id: RedemptionId, body: Annotated[RedemptionReject | None, Body()] = None
) -> RedemptionOut:
    """Reject and refund the points (and the stock and the member's quota), exactly once."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    note = body.note if body is not None else None
    item = store.reject(caller.org_id, redemption_id, caller.member_id, note or None, now)
    metrics.add_metric(name="RedemptionRefunded", unit=MetricUnit.Count, value=1)
    return redemption_out(item)
