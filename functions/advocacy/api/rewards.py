"""Rewards: the catalog (admins edit, members see what is active), redemptions and their decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.metrics import MetricUnit

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import (
    FILTERED_PAGE,
    OWN,
    SAME_CHANGE,
    THEMSELVES,
    Router,
    creates,
    decision_rules,
    list_rules,
    read_rules,
    rules,
    short_pages,
)
from advocacy.api.error_docs import A_FIELD, BAD_ID, FOREIGN_CURSOR, conflict, invalid, not_found
from advocacy.api.params import Cursor, Limit, PathId
from advocacy.api.views import answer, page_out
from advocacy.domain.roles import Role
from advocacy.observability import metrics
from advocacy.services import rewards

if TYPE_CHECKING:
    from advocacy.store.models import RewardModel

router = Router("rewards")

RewardId = PathId
RedemptionId = PathId
UNKNOWN = "no such redemption"


def reward_out(item: RewardModel) -> schemas.rewards.RewardOut:
    return answer(schemas.rewards.RewardOut, item)


def redemption_out(item: RewardModel) -> schemas.rewards.RedemptionOut:
    return answer(schemas.rewards.RedemptionOut, item, reward_name=item.name)


@router.get(
    "/rewards",
    operation_id="listRewards",
    summary="List rewards",
    **list_rules(
        Role.MEMBER,
        "The rewards catalog, newest first: admins see every reward, everyone else only active ones.",
        who="; inactive rewards only for `admin`",
        limits=short_pages("A non-admin's page"),
    ),
)
def list_rewards(limit: Limit = 20, cursor: Cursor = None) -> schemas.rewards.RewardPage:
    caller = current_caller(router)
    page = rewards.catalog(caller.org_id, caller.role, limit, cursor)
    return page_out(schemas.rewards.RewardPage, page, reward_out)


@router.post(
    "/rewards",
    status_code=201,
    operation_id="createReward",
    summary="Create a reward",
    **rules(
        Role.ADMIN,
        "Adds a reward to the catalog (active unless `active` is false); `stock` and `per_member_limit` "
        "left out or null are unlimited.",
        limits="`name` 1 to 200 characters; `description` at most 2,000; `cost` 1 to 100,000,000; "
        "`stock` 0 to 1,000,000,000; `per_member_limit` 1 to 1,000,000",
        idempotency=creates("reward"),
        errors=[invalid(A_FIELD)],
    ),
)
def create_reward(body: Annotated[schemas.rewards.RewardCreate, Body()]) -> schemas.rewards.RewardOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return reward_out(rewards.create_reward(caller.org_id, body.model_dump(), now))


@router.get(
    "/rewards/<reward_id>",
    operation_id="getReward",
    summary="Read a reward",
    **read_rules(
        Role.MEMBER,
        "One reward of the catalog, with the stock left.",
        "no such reward in the caller's org, or an inactive one for a non-admin",
        who="; an inactive reward only for `admin`",
    ),
)
def get_reward(reward_id: RewardId) -> schemas.rewards.RewardOut:
    caller = current_caller(router)
    return reward_out(rewards.reward(caller.org_id, reward_id, caller.role))


@router.patch(
    "/rewards/<reward_id>",
    operation_id="updateReward",
    summary="Edit a reward",
    **rules(
        Role.ADMIN,
        "Changes the fields sent; `null` makes `stock` or `per_member_limit` unlimited and clears "
        "`description`; `name`, `cost` and `active` cannot be null. `active: false` takes the reward "
        "out of the members' catalog (rewards are never deleted). A redemption already made keeps its "
        "cost.",
        limits="as for `createReward`",
        idempotency=SAME_CHANGE,
        errors=[not_found("no such reward"), invalid(A_FIELD, "a null where none is allowed")],
    ),
)
def patch_reward(
    reward_id: RewardId, body: Annotated[schemas.rewards.RewardPatch, Body()]
) -> schemas.rewards.RewardOut:
    caller = current_caller(router)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    return reward_out(rewards.update_reward(caller.org_id, reward_id, changes))


@router.post(
    "/rewards/<reward_id>/redemptions",
    status_code=201,
    operation_id="redeemReward",
    summary="Redeem a reward",
    **rules(
        Role.MEMBER,
        "Spends the caller's points on an active reward: the cost, one unit of stock and one use of the "
        "member's limit are taken in one step. Answers the redemption (`pending`, until an admin "
        "approves or rejects it) and the new `balance`. Takes no body.",
        who=THEMSELVES,
        limits="the balance must cover `cost`; `stock` and `per_member_limit` when the reward has them",
        idempotency="honours `Idempotency-Key`: a retry with the same key gets the first answer and "
        "charges once. Without a key, a repeat is a second redemption",
        errors=[
            not_found("no such reward, or an inactive one"),
            conflict("the balance is below the cost", "insufficient_points"),
            conflict("no stock left", "out_of_stock"),
            conflict("past the reward's `per_member_limit`", "limit_reached"),
            BAD_ID,
        ],
    ),
)
def redeem(reward_id: RewardId) -> schemas.rewards.RedemptionCreated:
    """Spend points on a reward: 409 `insufficient_points`, `out_of_stock` or `limit_reached`."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    done = rewards.redeem(caller.org_id, caller.member_id, reward_id, now)
    metrics.add_metric(name="RewardRedeemed", unit=MetricUnit.Count, value=1)
    return schemas.rewards.RedemptionCreated(
        **redemption_out(done.redemption).model_dump(), balance=done.balance
    )


@router.get(
    "/me/redemptions",
    operation_id="listMyRedemptions",
    summary="List my redemptions",
    **list_rules(
        Role.MEMBER, "The caller's redemptions, newest first, with their status and decision.", who=OWN
    ),
)
def my_redemptions(limit: Limit = 20, cursor: Cursor = None) -> schemas.rewards.RedemptionPage:
    caller = current_caller(router)
    page = rewards.my_redemptions(caller.org_id, caller.member_id, limit, cursor)
    return page_out(schemas.rewards.RedemptionPage, page, redemption_out)


@router.get(
    "/redemptions",
    operation_id="listRedemptions",
    summary="List redemptions",
    **rules(
        Role.ADMIN,
        "Every redemption in the org, newest first, filtered by `status` (`pending`, `approved`, "
        "`rejected`).",
        limits=FILTERED_PAGE,
        errors=[invalid(FOREIGN_CURSOR, "an unknown `status`")],
    ),
)
def list_redemptions(
    status: Annotated[schemas.rewards.RedemptionStatus | None, Query()] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> schemas.rewards.RedemptionPage:
    """Every redemption in the org, newest first (admin)."""
    caller = current_caller(router)
    page = rewards.org_redemptions(caller.org_id, status, limit, cursor)
    return page_out(schemas.rewards.RedemptionPage, page, redemption_out)


@router.get(
    "/redemptions/<redemption_id>",
    operation_id="getRedemption",
    summary="Read a redemption",
    **read_rules(
        Role.MEMBER,
        "One redemption with its status and decision.",
        "no such redemption in the caller's org, or another member's for a non-admin",
        who=" for their own; `admin` for any of the org",
    ),
)
def get_redemption(redemption_id: RedemptionId) -> schemas.rewards.RedemptionOut:
    caller = current_caller(router)
    return redemption_out(rewards.redemption(caller.org_id, redemption_id, caller.member_id, caller.role))


@router.post(
    "/redemptions/<redemption_id>/approve",
    operation_id="approveRedemption",
    summary="Approve a redemption",
    **decision_rules(Role.ADMIN, "Approves a pending redemption. A redemption is decided once.", UNKNOWN),
)
def approve_redemption(redemption_id: RedemptionId) -> schemas.rewards.RedemptionOut:
    caller = current_caller(router)
    now = request_time(router.current_event)
    return redemption_out(rewards.approve(caller.org_id, redemption_id, caller.member_id, now))


@router.post(
    "/redemptions/<redemption_id>/reject",
    operation_id="rejectRedemption",
    summary="Reject a redemption",
    **decision_rules(
        Role.ADMIN,
        "Rejects a pending redemption, with an optional `note` to the member, and gives back its points "
        "(a `refund` entry), the unit of stock and the use of the member's limit, exactly once.",
        UNKNOWN,
        once=" and refunds once",
        note="`note` at most 1,000 characters; the body is optional",
    ),
)
def reject_redemption(
    redemption_id: RedemptionId, body: Annotated[schemas.rewards.RedemptionReject | None, Body()] = None
) -> schemas.rewards.RedemptionOut:
    """Reject and refund the points (and the stock and the member's quota), exactly once."""
    caller = current_caller(router)
    now = request_time(router.current_event)
    note = body.note if body is not None else None
    item = rewards.reject(caller.org_id, redemption_id, caller.member_id, note or None, now)
    metrics.add_metric(name="RedemptionRefunded", unit=MetricUnit.Count, value=1)
    return redemption_out(item)
