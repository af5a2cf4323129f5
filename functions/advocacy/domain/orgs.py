"""Org defaults: the point rules and earned-media-value settings a new org starts with."""

from __future__ import annotations

from typing import Any

DEFAULT_POINT_RULES: dict[str, int] = {
    "share": 10,
    "click": 2,
    "click_daily_cap_per_share": 20,
    "content_submission": 5,
}

DEFAULT_EMV: dict[str, Any] = {"cpm": 12.0, "cpc": 1.5, "currency": "USD"}

DEFAULT_CONTENT_TTL_DAYS = 30
