"""The run's fixed settings: where results go, the scripted window and the org's rules, which the
bench sets on its org and the expected model replays."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results-load.json"
TIMEZONE = "America/Los_Angeles"
# Saturday 2028-12-30 to Monday 2029-01-01 (org time): a week, month, quarter and year boundary.
START_DAY = date(2028, 12, 30)
NETWORKS = ("linkedin", "x", "facebook", "email")
RULES = {"share": 10, "click": 2, "click_daily_cap_per_share": 3, "content_submission": 0}
EMV = {"cpm": 12.5, "cpc": 0.75, "currency": "EUR"}
UNIQUE_WINDOW = timedelta(hours=24)
# At most this many rewarded clicks a day per share come from one network (an IPv4 /24): docs/api.md.
NETWORK_CAP = 3
