"""PynamoDB models: one table per aggregate, every partition key but the short-link code led by the org id.

Table names are bound at cold start by `store.tables.bind` from the environment variable named in
`TABLE_ENV`; the CDK stack sets the same variables, and tests/infra checks that the tables in the
template have exactly these keys, indexes and streams.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from advocacy.store.autoshare_model import AutoCountModel, AutoPostModel, AutoShareModel, DayCapModel
from advocacy.store.base import Base as _Base
from advocacy.store.base import CompactJSON, InOrgs
from advocacy.store.board_models import BoardModel, BoardsCheckedModel, HistogramPageModel, LiveBoardsModel
from advocacy.store.connection_model import ConnectionModel, OAuthStateModel
from advocacy.store.content_stats_model import ContentStatsModel
from advocacy.store.domain_model import DomainClaimModel
from advocacy.store.feed_models import FeedEntryModel, FeedSourceModel
from advocacy.store.indexes import (
    ClicksByDayIndex,
    DueIndex,
    FeedIndex,
    MemberRedemptionsIndex,
    PlanIndex,
    SharesByIdIndex,
    SharesByTimeIndex,
)
from advocacy.store.post_attempt_model import PostAttemptModel
from advocacy.store.suggestion_model import SuggestionModel


class OrgModel(InOrgs):
    """The organisation record (sk == "ORG") in the orgs table, beside its groups."""

    class Meta(InOrgs.Meta):
        abstract = False

    sk = UnicodeAttribute(range_key=True, default="ORG")
    name = UnicodeAttribute()
    timezone = UnicodeAttribute(default="UTC")
    point_rules = MapAttribute[str, int](default=dict)
    emv = MapAttribute[str, object](default=dict)
    limits = MapAttribute[str, int](null=True)  # managers' points limits (domain.orgs.DEFAULT_LIMITS)
    default_content_ttl_days = NumberAttribute(default=30)
    digest_weekday = UnicodeAttribute(default="monday")  # weekly digests' day (domain.orgs.WEEKDAYS)
    level_thresholds = ListAttribute[int](default=list)  # empty: domain.levels' curve
    content_needs_approval = BooleanAttribute(default=False)  # a manager's content waits for an admin
    domains = UnicodeSetAttribute(null=True)  # email domains it owns (store.domains holds the claims)
    allowed_emails = UnicodeSetAttribute(null=True)  # single addresses allowed outside them
    follower_limits = MapAttribute[str, int](null=True)  # self-declared followers counted, per network
    active_contests = CompactJSON(default=list)  # contests awards must count (see store.contest_records)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    rev = NumberAttribute(default=0)  # guards settings edits (see MemberModel)


class GroupModel(InOrgs):
    """A group of members (sk == "GROUP#<group_id>"); `member_count` moves in the member's transaction."""

    class Meta(InOrgs.Meta):
        abstract = False

    group_id = UnicodeAttribute()
    name = UnicodeAttribute()
    member_count = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()


class MemberModel(_Base):
    """A member of an org; `member_id` is the Cognito `sub`, so a token maps to its record in one read.

    `rev` guards profile edits (read, then write if unchanged); balance and lifetime move only in
    the transactions that add ledger entries, which leave `rev` alone so they never conflict with edits.
    """

    class Meta(_Base.Meta):
        table_name = "advocacy-members"

    org_id = UnicodeAttribute(hash_key=True)
    member_id = UnicodeAttribute(range_key=True)
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute(default="active")
    groups = UnicodeSetAttribute(default=set)
    networks = MapAttribute[str, object](default=dict)
    digest = UnicodeAttribute(default="off")
    language = UnicodeAttribute(null=True)  # the web app's language, for mail (None: never chosen)
    balance = NumberAttribute(default=0)
    lifetime = NumberAttribute(default=0)
    shares_count = NumberAttribute(default=0)
    unique_clicks_count = NumberAttribute(default=0)
    badges = UnicodeSetAttribute(default=set)
    digest_period = UnicodeAttribute(null=True)  # the last digest period claimed (at most one mail each)
    last_digest_at = UTCDateTimeAttribute(null=True)
    last_active_at = UTCDateTimeAttribute(null=True)  # the latest share, set by its transaction
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    rev = NumberAttribute(default=0)
    erasure_started_at = UTCDateTimeAttribute(null=True)  # an erasure under way: no more edits (decision 86)
    erased_at = UTCDateTimeAttribute(null=True)  # erased: the profile is gone, the ledger kept under the id


class LinkModel(_Base):
    """A tracked short link: the only key not led by an org id, since a visitor knows just the code."""

    class Meta(_Base.Meta):
        table_name = "advocacy-links"

    code = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    share_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    member_id = UnicodeAttribute()
    network = UnicodeAttribute()
    url = UnicodeAttribute()
    groups = UnicodeSetAttribute(default=set)  # the sharer's groups when sharing (analytics scopes)
    # The share's text as it went out: here, written once, rather than on the share, which every click
    # updates and whose size (with its `by_time` index copy) each click pays for (decision 91).
    message = UnicodeAttribute(null=True)


class ContentModel(_Base):
    """A piece of content; `stats_*` counters move only in the transaction of the share or click."""

    class Meta(_Base.Meta):
        table_name = "advocacy-content"

    org_id = UnicodeAttribute(hash_key=True)
    content_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    body = UnicodeAttribute(default="")
    url = UnicodeAttribute()
    image_url = UnicodeAttribute(null=True)
    messages = MapAttribute[str, str](default=dict)
    networks = ListAttribute[str](default=list)
    groups = UnicodeSetAttribute(default=set)
    points = NumberAttribute(null=True)
    text_editable = BooleanAttribute(default=True)  # members may share in their own words (decision 67)
    status = UnicodeAttribute()
    publish_at = UTCDateTimeAttribute(null=True)
    expires_at = UTCDateTimeAttribute(null=True)
    published_at = UTCDateTimeAttribute(null=True)
    # The approval workflow (decision 61): who let pending content go out, or sent it back and why.
    approved_by = UnicodeAttribute(null=True)
    approved_at = UTCDateTimeAttribute(null=True)
    rejected_by = UnicodeAttribute(null=True)
    rejected_at = UTCDateTimeAttribute(null=True)
    rejection_note = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute()
    suggested_by = UnicodeAttribute(null=True)  # the member whose accepted suggestion it came from
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    stats_shares = NumberAttribute(default=0)
    stats_clicks = NumberAttribute(default=0)
    stats_unique_clicks = NumberAttribute(default=0)
    feed_org = UnicodeAttribute(null=True)
    feed_sort = UnicodeAttribute(null=True)
    due_pk = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    plan_pk = UnicodeAttribute(null=True)
    plan_at = UnicodeAttribute(null=True)
    feed = FeedIndex()
    due = DueIndex()
    plan = PlanIndex()
    rev = NumberAttribute(default=0)


class ShareModel(_Base):
    """One member's share of one content to one network: the key makes a repeat share the same item."""

    class Meta(_Base.Meta):
        table_name = "advocacy-shares"

    org_id = UnicodeAttribute(hash_key=True)
    share_key = UnicodeAttribute(range_key=True)  # <member_id>#<content_id>#<network>
    share_id = UnicodeAttribute()
    member_id = UnicodeAttribute()
    content_id = UnicodeAttribute()
    network = UnicodeAttribute()
    code = UnicodeAttribute()
    message = UnicodeAttribute(null=True)  # shares made before its link held it (decision 91)
    points_awarded = NumberAttribute(default=0)  # the personalised bonus included (decision 68)
    similarity = NumberAttribute(null=True)  # the message against the suggested text (domain.own_words)
    personalised = BooleanAttribute(default=False)
    post_id = UnicodeAttribute(null=True)  # posted through the member's connected account: the provider's id
    post_url = UnicodeAttribute(null=True)  # and the post's public address
    created_at = UTCDateTimeAttribute()
    clicks = NumberAttribute(default=0)
    human_clicks = NumberAttribute(default=0)
    unique_clicks = NumberAttribute(default=0)
    repeat_clicks = NumberAttribute(null=True)  # human clicks from an address counted that day (decision 82)
    capped_clicks = NumberAttribute(null=True)  # unique clicks a cap left unrewarded
    voided_at = UTCDateTimeAttribute(null=True)  # its points voided by an admin (decision 83)
    voided_by = UnicodeAttribute(null=True)
    void_reason = UnicodeAttribute(null=True)
    voided_entries = NumberAttribute(null=True)  # ledger entries voided so far: serialises the voids
    # The clicks of its `reward_day` that earned points (for the daily cap), with a tag per rewarded
    # click naming its visitor's network (`<network>:<n>`, for the network cap); the latest day and
    # the one before, replaced rather than grown (decision 91, store.share_rewards).
    reward_day = UnicodeAttribute(null=True)
    rewarded = NumberAttribute(null=True)
    rewarded_from = UnicodeSetAttribute(null=True)
    reward_prev_day = UnicodeAttribute(null=True)  # and the day before it (store.share_rewards)
    rewarded_prev = NumberAttribute(null=True)
    rewarded_prev_from = UnicodeSetAttribute(null=True)
    # What the rollup job counts (decision 91), as the share was made: the sharer's groups, the reach
    # counted (`reach_verified`: a connected account reported it), `posted` through that account.
    groups = UnicodeSetAttribute(null=True)
    reach = NumberAttribute(null=True)
    reach_verified = BooleanAttribute(null=True)
    posted = BooleanAttribute(null=True)
    rollup_day = UnicodeAttribute(null=True)  # `<org_id>#<day>#<shard>`: the day the rollup job counts it on
    by_time = SharesByTimeIndex()
    by_id = SharesByIdIndex()


class ClickModel(_Base):
    """Per short link: click events (sk click#<id>) and visitor marks (visitor#<key>); day counters
    (day#<date>) were written before the share item held the day's rewarded clicks, and are only read.

    The redirect only puts click events; the stream function does everything they cause.
    """

    class Meta(_Base.Meta):
        table_name = "advocacy-clicks"

    link = UnicodeAttribute(hash_key=True)  # <org_id>#<code>
    sk = UnicodeAttribute(range_key=True)
    at = UTCDateTimeAttribute(null=True)
    share_id = UnicodeAttribute(null=True)
    member_id = UnicodeAttribute(null=True)
    content_id = UnicodeAttribute(null=True)
    network = UnicodeAttribute(null=True)
    groups = UnicodeSetAttribute(null=True)
    bot = BooleanAttribute(null=True)
    visitor = UnicodeAttribute(null=True)  # keyed hash of the address of the day (domain.clicks.Visitor)
    subnet = UnicodeAttribute(null=True)  # keyed hash of its wider network, for the network cap
    agent = UnicodeAttribute(null=True)  # keyed hash of the User-Agent: evidence of faked visitors
    processed = BooleanAttribute(null=True)
    unique = BooleanAttribute(null=True)  # set with `processed`: the stream function's judgement
    rollup_day = UnicodeAttribute(null=True)  # set with `processed`: `<org_id>#<day>#<shard>` (by_day)
    last_unique_at = UTCDateTimeAttribute(null=True)
    rewarded = NumberAttribute(null=True)
    rewarded_from = UnicodeSetAttribute(null=True)  # on old day counters: `<network>:<n>` per rewarded click
    expires = TTLAttribute(null=True)
    by_day = ClicksByDayIndex()


class LedgerModel(_Base):
    """The immutable points ledger of one member, newest first; entries are only ever added."""

    class Meta(_Base.Meta):
        table_name = "advocacy-ledger"

    owner = UnicodeAttribute(hash_key=True)  # <org_id>#<member_id>
    entry_key = UnicodeAttribute(range_key=True)  # <ISO time>#<entry_id>
    entry_id = UnicodeAttribute()
    type = UnicodeAttribute()
    points = NumberAttribute()
    ref = MapAttribute[str, str](default=dict)
    created_at = UTCDateTimeAttribute()


class RollupModel(_Base):
    """Daily analytics of one scope (`<org_id>#all`, `<org_id>#group:<id>`, `<org_id>#content:<id>`),
    day in the org's time zone: counters, a sketch of the day's advocates and its top advocates
    (domain.rollups), written whole by the rollup job under `<day>#job`. Items written before decision
    91 (under `<day>`, per-advocate counters and sets in `<day>#a<shard>`) are still read. Read raw by
    `store.rollups`: the counters are attributes the model does not declare."""

    class Meta(_Base.Meta):
        table_name = "advocacy-analytics"

    scope = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)


class ScoreModel(_Base):
    """A member's score item (`<org_id>#live#<shard>`, member): one attribute per board and metric
    (`week:2026-W45#points`, `contest:<id>#shares`, ...), undeclared here and read raw by
    `store.scores`; moved only in the transaction of the ledger entry that earns it. The declared
    `points`, `shares` and `clicks` are those of the layout before it, one item per board
    (`<org_id>#week:2026-W45`, `<org_id>#contest:<id>`), read by the upgrade's fold alone."""

    class Meta(_Base.Meta):
        table_name = "advocacy-scores"

    board = UnicodeAttribute(hash_key=True)
    member_id = UnicodeAttribute(range_key=True)
    points = NumberAttribute(default=0)
    shares = NumberAttribute(default=0)
    clicks = NumberAttribute(default=0)


class RewardModel(_Base):
    """The rewards table holds the catalog (`reward#<id>`), redemptions (`redemption#<id>`) and
    per-member redemption counts (`quota#<reward_id>#<member_id>`)."""

    class Meta(_Base.Meta):
        table_name = "advocacy-rewards"

    org_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    reward_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute(null=True)
    description = UnicodeAttribute(null=True)
    cost = NumberAttribute(null=True)
    stock = NumberAttribute(null=True)  # None: unlimited
    per_member_limit = NumberAttribute(null=True)  # None: unlimited
    active = BooleanAttribute(null=True)
    redemption_id = UnicodeAttribute(null=True)
    member_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute(null=True)
    note = UnicodeAttribute(null=True)
    redeemed = NumberAttribute(null=True)  # on quota items: redemptions of one reward by one member
    created_at = UTCDateTimeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    decided_by = UnicodeAttribute(null=True)
    member_key = UnicodeAttribute(null=True)  # <org_id>#<member_id> on redemptions (by_member index)
    contest_id = UnicodeAttribute(null=True)  # on a redemption won as a contest prize (no quota, no cost)
    holds_stock = BooleanAttribute(null=True)  # a prize's redemption holding a unit of the reward's stock
    by_member = MemberRedemptionsIndex()


class ContestModel(_Base):
    """A contest; its live standings are the board `<org_id>#contest:<contest_id>` in the scores table."""

    class Meta(_Base.Meta):
        table_name = "advocacy-contests"

    org_id = UnicodeAttribute(hash_key=True)
    contest_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    ends_at = UTCDateTimeAttribute()
    metric = UnicodeAttribute()
    groups = UnicodeSetAttribute(default=set)
    # [{place, points?, reward_id?, badge?}], written with json.dumps' default separators as ever
    prizes = CompactJSON(default=list, separators=(", ", ": "))
    min_score = NumberAttribute(default=0)
    status = UnicodeAttribute(default="upcoming")  # stored: upcoming/running until closed by the job
    closed_at = UTCDateTimeAttribute(null=True)
    created_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    results = CompactJSON(null=True)  # the final standings, written when closed


class ExportModel(_Base):
    """A CSV export built outside the request: created `pending` by the API, claimed and built (with
    checkpoints, possibly over several invocations) by the exports function, then `ready` or `failed`.
    Its stream (new images) is what starts and continues the build; `expires` (TTL) removes it with
    the file's one-day lifetime."""

    class Meta(_Base.Meta):
        table_name = "advocacy-exports"

    org_id = UnicodeAttribute(hash_key=True)
    export_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute(default="pending")  # pending | building | ready | failed
    kind = UnicodeAttribute(null=True)  # None: the org's shares (CSV); "member": a member's own data (JSON)
    requested_by = UnicodeAttribute()
    from_day = UnicodeAttribute()  # the range asked for, days in the org's time zone
    to_day = UnicodeAttribute()
    start = UTCDateTimeAttribute()  # the same range as instants: shares made in [start, end)
    end = UTCDateTimeAttribute()
    s3_key = UnicodeAttribute()  # where the file goes in the exports bucket
    filename = UnicodeAttribute()
    expected_rows = NumberAttribute(default=0)  # the rollups' share count when it was asked for
    with_emails = BooleanAttribute(default=False)  # an admin asked: members' emails go in (decision 89)
    run = NumberAttribute(default=0)  # bumped at each hand-over to a new invocation
    attempts = NumberAttribute(default=0)  # claims of the current run (a crash or error retried)
    claim = UnicodeAttribute(null=True)  # the token of the invocation building it now
    lease_until = UTCDateTimeAttribute(null=True)  # when that invocation's time runs out
    upload_id = UnicodeAttribute(null=True)  # the S3 multipart upload
    parts = NumberAttribute(default=0)  # parts uploaded up to the checkpoint
    rows = NumberAttribute(default=0)  # rows in those parts
    cursor = UTCDateTimeAttribute(null=True)  # every share made at or before it is in those parts
    final = BooleanAttribute(default=False)  # every part is uploaded: only completing is left
    size = NumberAttribute(null=True)  # bytes of the finished file
    error = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    expires = TTLAttribute()


def plain(value: object) -> dict:
    """A map attribute as a plain dict, whether freshly built (dict) or read back (MapAttribute)."""
    if isinstance(value, MapAttribute):
        return value.as_dict()
    return dict(value) if isinstance(value, dict) else {}


# Which environment variable names each model's table (the CDK stack sets the same names).
TABLE_ENV: dict[type[Model], str] = {
    OrgModel: "ORGS_TABLE",
    GroupModel: "ORGS_TABLE",
    FeedSourceModel: "ORGS_TABLE",
    FeedEntryModel: "ORGS_TABLE",
    DomainClaimModel: "ORGS_TABLE",
    MemberModel: "MEMBERS_TABLE",
    LinkModel: "LINKS_TABLE",
    ContentModel: "CONTENT_TABLE",
    ShareModel: "SHARES_TABLE",
    ClickModel: "CLICKS_TABLE",
    LedgerModel: "LEDGER_TABLE",
    ScoreModel: "SCORES_TABLE",
    BoardModel: "BOARDS_TABLE",
    HistogramPageModel: "BOARDS_TABLE",
    BoardsCheckedModel: "BOARDS_TABLE",
    LiveBoardsModel: "BOARDS_TABLE",
    RewardModel: "REWARDS_TABLE",
    ContestModel: "CONTESTS_TABLE",
    RollupModel: "ANALYTICS_TABLE",
    ContentStatsModel: "ANALYTICS_TABLE",
    ExportModel: "EXPORTS_TABLE",
    SuggestionModel: "SUGGESTIONS_TABLE",
    PostAttemptModel: "SHARES_TABLE",
    ConnectionModel: "CONNECTIONS_TABLE",
    OAuthStateModel: "CONNECTIONS_TABLE",
    AutoShareModel: "CONNECTIONS_TABLE",
    AutoPostModel: "CONNECTIONS_TABLE",
    DayCapModel: "CONNECTIONS_TABLE",
    AutoCountModel: "CONNECTIONS_TABLE",
}

# Tables whose stream feeds the stream function (view type NEW_AND_OLD_IMAGES).
STREAMED_ENVS: frozenset[str] = frozenset({"ORGS_TABLE", "CLICKS_TABLE"})
# Every table with a stream and the images its records carry (the exports table feeds the exports function).
STREAM_VIEWS: dict[str, str] = {
    **dict.fromkeys(STREAMED_ENVS, "NEW_AND_OLD_IMAGES"),
    "EXPORTS_TABLE": "NEW_IMAGE",
}
