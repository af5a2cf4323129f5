"""Analytics: what the program achieved over a date range."""

from datetime import datetime

from pydantic import Field

from advocacy.schemas.example_ids import EXAMPLE_CONTENT_ID, EXAMPLE_MEMBER_ID, EXAMPLE_OTHER_MEMBER_ID
from advocacy.schemas.shapes import Shape, examples

BY_NETWORK_EXAMPLE = {
    "linkedin": {"shares": 31, "clicks": 402, "unique_clicks": 240, "reach": 41250},
    "x": {"shares": 17, "clicks": 129, "unique_clicks": 85, "reach": 6120},
}
TOP_CONTENT_EXAMPLE = {
    "content_id": EXAMPLE_CONTENT_ID,
    "title": "Acme Robotics is hiring",
    "shares": 42,
    "clicks": 317,
    "unique_clicks": 188,
}
TOP_ADVOCATES_EXAMPLE = [
    {
        "member_id": EXAMPLE_OTHER_MEMBER_ID,
        "name": "Ben Engineer",
        "shares": 14,
        "clicks": 160,
        "unique_clicks": 97,
    },
    {"member_id": EXAMPLE_MEMBER_ID, "name": "Ava Engineer", "shares": 9, "clicks": 88, "unique_clicks": 61},
]
DAY_EXAMPLE = {"date": "2026-11-02", "shares": 12, "clicks": 96, "unique_clicks": 58}


class NetworkFigures(Shape):
    model_config = examples(BY_NETWORK_EXAMPLE["linkedin"])

    shares: int
    clicks: int
    unique_clicks: int
    reach: int


class TopContent(Shape):
    model_config = examples(TOP_CONTENT_EXAMPLE)

    content_id: str
    title: str
    shares: int
    clicks: int
    unique_clicks: int


class TopAdvocate(Shape):
    model_config = examples(TOP_ADVOCATES_EXAMPLE[0])

    member_id: str
    name: str
    shares: int
    clicks: int
    unique_clicks: int


class Day(Shape):
    model_config = examples(DAY_EXAMPLE)

    date: str
    shares: int
    clicks: int
    unique_clicks: int


class Summary(Shape):
    from_: str
    to: str
    members: int
    active_advocates: int = Field(
        description="Members who shared in the range: exact while no day of it had more than 100 advocates, "
        "else an estimate within 5% (a sketch per day)"
    )
    participation_rate: float
    shares: int
    personalised_shares: int = Field(description="Shares in the sharer's own words (see `shareContent`)")
    personalised_rate: float = Field(description="`personalised_shares` / `shares`, 0 without shares")
    clicks: int
    human_clicks: int
    unique_clicks: int
    clicks_per_share: float
    reach: int = Field(
        description="Followers of the sharers on each network at the time of each share: a connected "
        "account's reported count where there is one (X), else the member's own count bounded by the "
        "org's `follower_limits`"
    )
    reach_verified: int = Field(description="The part of `reach` a connected account reported")
    reach_self_declared: int = Field(
        description="The part of `reach` members declared themselves (bounded by `follower_limits`)"
    )
    emv: float
    currency: str
    account_posts: dict[str, int] = Field(
        description="Of `shares`, those posted through members' connected accounts, per network (LinkedIn, X)"
    )
    x_posts_cost_usd: float = Field(
        description="An estimate of what X bills the program for its posts in the range: each carries the "
        "tracked link, which X's pay-per-use pricing bills at $0.20 a post (against $0.015 without a link); "
        "in US dollars whatever `currency` says"
    )
    by_network: dict[str, NetworkFigures]
    top_content: list[TopContent]
    top_advocates: list[TopAdvocate] = Field(
        description="From each day's 100 most active advocates: a member outside a day's 100 misses that "
        "day's counts"
    )
    daily: list[Day]
    computed_at: datetime | None = Field(
        description="When the rollup job computed the newest day of the range (every few minutes): the "
        "figures count the shares and clicks made up to then; null when no day was computed"
    )

    model_config = {
        "populate_by_name": True,
        "alias_generator": lambda name: "from" if name == "from_" else name,
        **examples(
            {
                "from": "2026-11-02",
                "to": "2026-11-03",
                "members": 25,
                "active_advocates": 9,
                "participation_rate": 0.36,
                "shares": 48,
                "personalised_shares": 18,
                "personalised_rate": 0.375,
                "clicks": 531,
                "human_clicks": 478,
                "unique_clicks": 325,
                "clicks_per_share": 11.0625,
                "reach": 47370,
                "reach_verified": 6120,
                "reach_self_declared": 41250,
                "emv": 1177.13,
                "currency": "GBP",
                "account_posts": {"linkedin": 6, "x": 4},
                "x_posts_cost_usd": 0.8,
                "by_network": BY_NETWORK_EXAMPLE,
                "top_content": [TOP_CONTENT_EXAMPLE],
                "top_advocates": TOP_ADVOCATES_EXAMPLE,
                "daily": [
                    DAY_EXAMPLE,
                    {"date": "2026-11-03", "shares": 36, "clicks": 435, "unique_clicks": 267},
                ],
                "computed_at": "2026-11-03T16:35:00Z",
            }
        ),
    }
