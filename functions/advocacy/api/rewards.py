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


@router.get(
    "/rewards",
    tags=["rewards"],
    operation_id="listRewards",
    summary="List rewards",
    description=(
        "The rewards catalog, newest first: admins see every reward, everyone else only active ones.\n\n"
        "- Role: `member` (any active member); inactive rewards only for `admin`.\n"
        "- Limits: `limit` 1 to 100 (default 20). A non-admin's page may hold fewer items, even none, "
        "while `next_cursor` is not null: read on until it is.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 422 `validation_error` (a `cursor` this list did not give)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def list_rewards(limit: Limit = 20, cursor: Cursor = None) -> RewardPage:
    """The catalog, newest first: admins see every reward, everyone else only active ones."""
    caller = current_caller(router)
    page = rewards.catalog(caller.org_id, caller.role, limit, cursor)
    return RewardPage(items=[reward_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.post(
    "/rewards",
    tags=["rewards"],
    status_code=201,
    operation_id="createReward",
    summary="Create a reward",
    description=(
        "Adds a reward to the catalog (active unless `active` is false); `stock` and `per_member_limit` "
        "left out or null are unlimited.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `name` 1 to 200 characters; `description` at most 2,000; `cost` 1 to 100,000,000; "
        "`stock` 0 to 1,000,000,000; `per_member_limit` 1 to 1,000,000.\n"
        "- Idempotency: honours `Idempotency-Key` (a retry with the same key and body within 24 h gets "
        "the first answer and creates nothing). Without a key, a repeat creates a second reward.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 422 `validation_error` "
        "(a field)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def create_reward(body: Annotated[RewardCreate, Body()]) -> RewardOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return reward_out(rewards.create_reward(caller.org_id, body.model_dump(), now))


@router.get(
    "/rewards/<reward_id>",
    tags=["rewards"],
    operation_id="getReward",
    summary="Read a reward",
    description=(
        "One reward of the catalog, with the stock left.\n\n"
        "- Role: `member` (any active member); an inactive reward only for `admin`.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 404 `not_found` (no such reward in the caller's org, or an "
        "inactive one for a non-admin); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def get_reward(reward_id: RewardId) -> RewardOut:
    caller = current_caller(router)
    return reward_out(rewards.reward(caller.org_id, reward_id, caller.role))


@router.patch(
    "/rewards/<reward_id>",
    tags=["rewards"],
    operation_id="updateReward",
    summary="Edit a reward",
    description=(
        "Changes the fields sent; `null` makes `stock` or `per_member_limit` unlimited and clears "
        "`description`; `name`, `cost` and `active` cannot be null. `active: false` takes the reward "
        "out of the members' catalog (rewards are never deleted). A redemption already made keeps its "
        "cost.\n\n"
        "- Role: `admin`.\n"
        "- Limits: as for `createReward`.\n"
        "- Idempotency: no `Idempotency-Key`; sending the same change again changes nothing more.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "reward); 422 `validation_error` (a field, a null where none is allowed)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def patch_reward(reward_id: RewardId, body: Annotated[RewardPatch, Body()]) -> RewardOut:
    caller = current_caller(router)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    return reward_out(rewards.update_reward(caller.org_id, reward_id, changes))


@router.post(
    "/rewards/<reward_id>/redemptions",
    tags=["rewards"],
    status_code=201,
    operation_id="redeemReward",
    summary="Redeem a reward",
    description=(
        "Spends the caller's points on an active reward: the cost, one unit of stock and one use of the "
        "member's limit are taken in one step. Answers the redemption (`pending`, until an admin "
        "approves or rejects it) and the new `balance`. Takes no body.\n\n"
        "- Role: `member` (any active member), for themselves.\n"
        "- Limits: the balance must cover `cost`; `stock` and `per_member_limit` when the reward has "
        "them.\n"
        "- Idempotency: honours `Idempotency-Key`: a retry with the same key gets the first answer and "
        "charges once. Without a key, a repeat is a second redemption.\n"
        "- Errors: 401 `unauthorized`; 404 `not_found` (no such reward, or an inactive one); "
        "409 `insufficient_points` (the balance is below the cost); 409 `out_of_stock` (no stock "
        "left); 409 `limit_reached` (past the reward's `per_member_limit`); 422 `validation_error` (a "
        "malformed id)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def redeem(reward_id: RewardId) -> RedemptionCreated:
    """Spend points on a reward: 409 `insufficient_points`, `out_of_stock` or `limit_reached`."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    done = rewards.redeem(caller.org_id, caller.member_id, reward_id, now)
    metrics.add_metric(name="RewardRedeemed", unit=MetricUnit.Count, value=1)
    return RedemptionCreated(**redemption_out(done.redemption).model_dump(), balance=done.balance)


@router.get(
    "/me/redemptions",
    tags=["rewards"],
    operation_id="listMyRedemptions",
    summary="List my redemptions",
    description=(
        "The caller's redemptions, newest first, with their status and decision.\n\n"
        "- Role: `member` (any active member); only the caller's own.\n"
        "- Limits: `limit` 1 to 100 (default 20).\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 422 `validation_error` (a `cursor` this list did not give)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def my_redemptions(limit: Limit = 20, cursor: Cursor = None) -> RedemptionPage:
    """The caller's redemptions, newest first."""
    caller = current_caller(router)
    page = rewards.my_redemptions(caller.org_id, caller.member_id, limit, cursor)
    return RedemptionPage(items=[redemption_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.get(
    "/redemptions",
    tags=["rewards"],
    operation_id="listRedemptions",
    summary="List redemptions",
    description=(
        "Every redemption in the org, newest first, filtered by `status` (`pending`, `approved`, "
        "`rejected`).\n\n"
        "- Role: `admin`.\n"
        "- Limits: `limit` 1 to 100 (default 20). A filtered page may hold fewer items, even none, while "
        "`next_cursor` is not null: read on until it is.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 422 `validation_error` "
        "(a `cursor` this list did not give, an unknown `status`)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def list_redemptions(
    status: Annotated[RedemptionStatus | None, Query()] = None, limit: Limit = 20, cursor: Cursor = None
) -> RedemptionPage:
    """Every redemption in the org, newest first (admin)."""
    caller = current_caller(router)
    page = rewards.org_redemptions(caller.org_id, status, limit, cursor)
    return RedemptionPage(items=[redemption_out(i) for i in page.items], next_cursor=page.next_cursor)


@router.get(
    "/redemptions/<redemption_id>",
    tags=["rewards"],
    operation_id="getRedemption",
    summary="Read a redemption",
    description=(
        "One redemption with its status and decision.\n\n"
        "- Role: `member` (any active member) for their own; `admin` for any of the org.\n"
        "- Idempotency: a read, safe to repeat.\n"
        "- Errors: 401 `unauthorized`; 404 `not_found` (no such redemption in the caller's org, or "
        "another member's for a non-admin); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.MEMBER),
)
def get_redemption(redemption_id: RedemptionId) -> RedemptionOut:
    """Admins read any redemption of the org; others only their own."""
    caller = current_caller(router)
    return redemption_out(rewards.redemption(caller.org_id, redemption_id, caller.member_id, caller.role))


@router.post(
    "/redemptions/<redemption_id>/approve",
    tags=["rewards"],
    operation_id="approveRedemption",
    summary="Approve a redemption",
    description=(
        "Approves a pending redemption. A redemption is decided once.\n\n"
        "- Role: `admin`.\n"
        "- Idempotency: honours `Idempotency-Key`: a retry with the same key gets the decision back. "
        "Without a key, a repeat answers 409.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "redemption); 409 `conflict` (already decided); 422 `validation_error` (a malformed id)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
def approve_redemption(redemption_id: RedemptionId) -> RedemptionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return redemption_out(rewards.approve(caller.org_id, redemption_id, caller.member_id, now))


@router.post(
    "/redemptions/<redemption_id>/reject",
    tags=["rewards"],
    operation_id="rejectRedemption",
    summary="Reject a redemption",
    description=(
        "Rejects a pending redemption, with an optional `note` to the member, and gives back its points "
        "(a `refund` entry), the unit of stock and the use of the member's limit, exactly once.\n\n"
        "- Role: `admin`.\n"
        "- Limits: `note` at most 1,000 characters; the body is optional.\n"
        "- Idempotency: honours `Idempotency-Key`: a retry with the same key gets the decision back and "
        "refunds once. Without a key, a repeat answers 409.\n"
        "- Errors: 401 `unauthorized`; 403 `forbidden` (a member or a manager); 404 `not_found` (no such "
        "redemption); 409 `conflict` (already decided); 422 `validation_error` (a field, a malformed "
        "id)."
    ),
    openapi_extensions=access(Role.ADMIN),
)
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
