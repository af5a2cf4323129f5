"""Analytics: what the program achieved over a date range."""

from __future__ import annotations

from advocacy.schemas.common import Shape


class NetworkFigures(Shape):
    shares: int
    clicks: int
    unique_clicks: int
    reach: int


class TopContent(Shape):
    content_id: str
    title: str
    shares: int
    clicks: int
    unique_clicks: int


class TopAdvocate(Shape):
    member_id: str
    name: str
    shares: int
    clicks: int
    unique_clicks: int


class Day(Shape):
    date: str
    shares: int
    clicks: int
    unique_clicks: int


class Summary(Shape):
    from_: str
    to: str
    members: int
    active_advocates: int
    participation_rate: float
    shares: int
    clicks: int
    human_clicks: int
    unique_clicks: int
    clicks_per_share: float
    reach: int
    emv: float
    currency: str
    by_network: dict[str, NetworkFigures]
    top_content: list[TopContent]
    top_advocates: list[TopAdvocate]
    daily: list[Day]

    model_config = {
        "populate_by_name": True,
        "alias_generator": lambda name: "from" if name == "from_" else name,
    }
