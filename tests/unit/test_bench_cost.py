"""The cost model (`bench.cost`) at 1,000, 10,000 and 100,000 employees, from the committed results
files: its structure and what must hold whatever the figures (totals grow with the org, Cognito is
free below 10,000 monthly active users, the rollups job and storage are counted)."""

from __future__ import annotations

from typing import Any

import pytest

from bench import cost, cost_volumes


@pytest.fixture(scope="module")
def by_size() -> list[dict[str, Any]]:
    return cost.models()


def test_a_model_for_each_size(by_size: list[dict[str, Any]]) -> None:
    assert [m["employees"] for m in by_size] == [1_000, 10_000, 100_000]
    for m in by_size:
        assert set(m["by_service"]) == {"Lambda", "API Gateway", "DynamoDB", "Cognito", "Logs", "Other"}
        assert m["total"] == pytest.approx(sum(m["by_service"].values()), abs=0.05)
        assert any(line["operation"].startswith("rollups job") for line in m["lines"])
        assert any(line["operation"].startswith("leaderboards job") for line in m["lines"])


def test_totals_grow_with_the_org(by_size: list[dict[str, Any]]) -> None:
    totals = [m["total"] for m in by_size]
    assert totals == sorted(totals) and len(set(totals)) == 3
    storage = [sum(m["storage_gb"].values()) for m in by_size]
    assert storage == sorted(storage)


def test_cognito_is_free_up_to_ten_thousand_monthly_users(by_size: list[dict[str, Any]]) -> None:
    cognito = {m["employees"]: m["by_service"]["Cognito"] for m in by_size}
    assert cognito[1_000] == cognito[10_000] == 0
    assert cognito[100_000] == pytest.approx(90_000 * cost.PRICES["cognito_mau"])


def test_the_leaderboards_job_is_taken_at_the_nearest_measured_size(by_size: list[dict[str, Any]]) -> None:
    for m in by_size:
        assert m["leaderboards_measured_at"] == m["employees"]  # 1,000, 10,000 and 100,000 are measured


def test_the_same_activity_per_employee_at_every_size(by_size: list[dict[str, Any]]) -> None:
    small, large = by_size[0]["volumes"], by_size[2]["volumes"]
    for name, count in small.items():
        assert large[name] == pytest.approx(100 * count, rel=0.01)


def test_the_markdown_has_the_detailed_and_the_summary_tables(by_size: list[dict[str, Any]]) -> None:
    text = cost.markdown(by_size[1], by_size)
    assert "| rollups job (estimated from the volumes) |" in text
    assert "| employees |" in text
    assert "| 100,000 |" in text


def test_a_day_item_stays_small_whatever_the_org() -> None:
    # the sketch and the bounded top list: the org's day item does not grow with its advocates
    small = cost_volumes.day_item_bytes(1_000, 80, 1_200)["all"]
    large = cost_volumes.day_item_bytes(100_000, 8_000, 120_000)["all"]
    assert large < 400 * 1024 and large < 3 * small


def test_every_click_is_applied_once_by_kind_as_the_mix_says(by_size: list[dict[str, Any]]) -> None:
    m = by_size[1]
    kinds = {name: count for name, count in m["volumes"].items() if name.startswith(cost.CLICK_APPLIED)}
    assert sum(kinds.values()) == pytest.approx(m["volumes"]["redirect"], rel=0.001)
    for kind, part in cost_volumes.CLICK_MIX.items():
        assert kinds[f"{cost.CLICK_APPLIED}, {kind}"] == pytest.approx(
            part * m["volumes"]["redirect"], rel=0.001
        )
    units = {line["operation"]: line["wcu"] for line in m["lines"] if line["operation"] in kinds}
    assert units[f"{cost.CLICK_APPLIED}, rewarded"] > units[f"{cost.CLICK_APPLIED}, repeat"] > 0


def test_click_events_are_stored_for_the_retention_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from advocacy import settings

    shorter = cost_volumes.storage_gb(10_000, 24_000, 360_000)["clicks"]
    monkeypatch.setattr(settings, "DEFAULT_CLICK_RETENTION_DAYS", 2 * settings.DEFAULT_CLICK_RETENTION_DAYS)
    longer = cost_volumes.storage_gb(10_000, 24_000, 360_000)["clicks"]
    kept = 360_000 * cost_volumes.KEPT_MONTHS * cost_volumes.REWARDED_SHARE  # ledger entries, kept
    assert longer - shorter == pytest.approx(
        shorter - kept * (cost_volumes.ITEM_BYTES["ledger entry"] + 100) / 1e9, rel=0.01
    )
