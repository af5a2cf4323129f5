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
