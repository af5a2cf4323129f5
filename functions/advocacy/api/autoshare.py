"""Auto-share: a member's preferences and the list of their auto-posts (decisions 79-81)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body

from advocacy import schemas
from advocacy.api.deps import current_caller, request_time
from advocacy.api.docs import OWN, SAME_CHANGE, THEMSELVES, Router, list_rules, rules
from advocacy.api.error_docs import A_FIELD, invalid
from advocacy.api.params import Cursor, Limit
from advocacy.api.views import answer, page_out
from advocacy.domain.roles import Role
from advocacy.services import autoshare

if TYPE_CHECKING:
    from advocacy.store.autoshare_model import AutoPostModel

router = Router("connections")


def prefs_out(prefs: autoshare.Preferences) -> schemas.autoshare.AutoShareOut:
    return answer(
        schemas.autoshare.AutoShareOut,
        prefs,
        window=schemas.autoshare.Window(start=prefs.window_start, end=prefs.window_end),
    )


def post_out(post: AutoPostModel) -> schemas.autoshare.AutoPostOut:
    return answer(schemas.autoshare.AutoPostOut, post)


@router.get(
    "/me/auto-share",
    operation_id="getMyAutoShare",
    summary="Read my auto-share preferences",
    **rules(
        Role.MEMBER,
        "Whether new content is posted through the caller's connected accounts without asking, to which "
        "networks, for all content or some groups', how many a day and in which local time window. "
        "Off until the member turns it on.",
        who=THEMSELVES,
    ),
)
def get_auto_share() -> schemas.autoshare.AutoShareOut:
    caller = current_caller(router)
    return prefs_out(autoshare.preferences(caller.org_id, caller.member_id))


@router.put(
    "/me/auto-share",
    operation_id="setMyAutoShare",
    summary="Set my auto-share preferences",
    **rules(
        Role.MEMBER,
        "Replaces the caller's preferences. When content goes live for the member, each chosen network "
        "gets one post at a random moment inside the member's next window (times in the org's time "
        "zone); past the daily cap, in a later day's window. Content published before is not posted.",
        who=THEMSELVES,
        limits="`daily_cap` 1 to 10; `window` `HH:MM` times, `end` after `start`; `group_ids` groups the "
        "member is in, at least one with scope `groups`; `networks` connected, at least one when enabled",
        idempotency=SAME_CHANGE,
        errors=[invalid(A_FIELD)],
    ),
)
def put_auto_share(body: Annotated[schemas.autoshare.AutoShareIn, Body()]) -> schemas.autoshare.AutoShareOut:
    caller = current_caller(router)
    wanted = autoshare.Preferences(
        body.enabled,
        tuple(body.networks),
        body.scope,
        tuple(body.group_ids),
        body.daily_cap,
        body.window.start,
        body.window.end,
    )
    return prefs_out(autoshare.set_preferences(caller.member, wanted, request_time(router.current_event)))


@router.get(
    "/me/auto-posts",
    operation_id="listMyAutoPosts",
    summary="List my auto-posts",
    **list_rules(
        Role.MEMBER,
        "The posts auto-share planned for the caller, newest content first, each with its state: "
        "`queued`, `dispatched`, `posted` (with the post's URL), `failed` or `needs_reconnect` (with "
        "the reason).",
        who=OWN,
    ),
)
def list_auto_posts(limit: Limit = 20, cursor: Cursor = None) -> schemas.autoshare.AutoPostPage:
    caller = current_caller(router)
    return page_out(
        schemas.autoshare.AutoPostPage,
        autoshare.my_posts(caller.org_id, caller.member_id, limit, cursor),
        post_out,
    )
