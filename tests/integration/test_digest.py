"""The digest job: new targeted content, once per member per period, nothing for `off` or no news."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.support.events import FakeContext, scheduled_event
from tests.support.mocked import Env

TUESDAY = datetime(2026, 11, 3, 7, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 9, 7, 0, tzinfo=UTC)


def outbox() -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def run_digest(at: datetime) -> dict[str, Any]:
    from advocacy.handlers import jobs

    return jobs.handler(scheduled_event("digest", at.strftime("%Y-%m-%dT%H:%M:%SZ")), FakeContext())


def post(aws: Env, org: dict[str, Any], title: str, at: datetime, **fields: Any) -> str:
    body = {"title": title, "url": "https://acme.example/news", "status": "published", **fields}
    r = aws.call("POST", "/content", who=org["admin"], body=body, now=at)
    assert r.status == 201, r.body
    return str(r.body["content_id"])


def choose(aws: Env, who: dict[str, Any], digest: str) -> None:
    assert aws.call("PATCH", "/me", who=who, body={"digest": digest}).status == 200


def test_daily_digest_once_per_day_with_only_targeted_news(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    choose(aws, mia, "daily")
    choose(aws, noa, "daily")
    everyone = post(aws, org, "For everyone", TUESDAY - timedelta(hours=3))
    post(
        aws, org, "Engineering only", TUESDAY - timedelta(hours=2), groups=[org["groups"]["eng"]["group_id"]]
    )

    assert run_digest(TUESDAY)["sent"] == 2
    assert run_digest(TUESDAY + timedelta(minutes=5))["sent"] == 0
    mails = {m.destinations["ToAddresses"][0]: m for m in outbox()}
    assert set(mails) == {"mia@acme.test", "noa@acme.test"}
    assert "For everyone" in mails["mia@acme.test"].body
    assert "Engineering only" not in mails["mia@acme.test"].body
    assert "Engineering only" in mails["noa@acme.test"].body
    assert mails["mia@acme.test"].source == "digest@advocacy.example"
    # Each item links to the web app's feed opened at it (where sharing is one tap), not to the article.
    assert f"- For everyone\n  https://app.advocacy.example/?item={everyone}" in mails["mia@acme.test"].body
    assert "https://acme.example/news" not in mails["mia@acme.test"].body

    assert run_digest(TUESDAY + timedelta(days=1))["sent"] == 0  # nothing new since
    post(aws, org, "Wednesday news", TUESDAY + timedelta(days=1, hours=-1))
    assert run_digest(TUESDAY + timedelta(days=1))["sent"] == 2
    assert len(outbox()) == 4


def test_a_digest_is_in_the_language_the_member_chose(aws: Env, org: dict[str, Any]) -> None:
    mia, noa = org["members"]
    assert aws.call("PATCH", "/me", who=mia, body={"digest": "daily", "language": "it"}).status == 200
    choose(aws, noa, "daily")  # never chose a language: English
    post(aws, org, "Notizie", TUESDAY - timedelta(hours=1))

    assert run_digest(TUESDAY)["sent"] == 2
    mails = {m.destinations["ToAddresses"][0]: m for m in outbox()}
    italian, english = mails["mia@acme.test"], mails["noa@acme.test"]
    assert italian.subject.endswith(": 1 novità da condividere")
    assert italian.body.startswith("Ciao ")
    assert "- Notizie\n  https://app.advocacy.example/?item=" in italian.body
    assert english.subject.endswith(": 1 new to share")
    assert english.body.startswith("Hi ")


def test_weekly_on_mondays_and_nothing_for_off_or_deactivated(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    choose(aws, mia, "weekly")
    choose(aws, org["manager"], "daily")
    aws.call(
        "PATCH", f"/members/{org['manager']['member_id']}", who=org["admin"], body={"status": "deactivated"}
    )
    post(aws, org, "News", TUESDAY - timedelta(hours=1))
    assert run_digest(TUESDAY)["sent"] == 0  # mia is weekly (Mondays), noa is off, the manager is deactivated
    post(aws, org, "More news", MONDAY - timedelta(hours=1))
    assert run_digest(MONDAY)["sent"] == 1
    assert run_digest(MONDAY + timedelta(hours=1))["sent"] == 0
    (mail,) = outbox()
    assert mail.destinations["ToAddresses"] == ["mia@acme.test"]
    assert "News" in mail.body and "More news" in mail.body


def test_a_failed_send_is_retried_by_the_next_run(aws: Env, org: dict[str, Any], monkeypatch: Any) -> None:
    import pytest

    from advocacy.store import mail

    mia = org["members"][0]
    choose(aws, mia, "daily")
    post(aws, org, "News", TUESDAY - timedelta(hours=1))
    real = mail.send

    def down(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("SES unavailable")

    monkeypatch.setattr(mail, "send", down)
    with pytest.raises(RuntimeError):
        run_digest(TUESDAY)
    monkeypatch.setattr(mail, "send", real)
    assert run_digest(TUESDAY + timedelta(minutes=10))["sent"] == 1
    assert len(outbox()) == 1


def test_weekly_digests_go_out_on_the_orgs_digest_weekday_once_a_week(aws: Env, org: dict[str, Any]) -> None:
    mia = org["members"][0]
    choose(aws, mia, "weekly")
    post(aws, org, "News", MONDAY - timedelta(hours=1))
    assert run_digest(MONDAY)["sent"] == 1  # Monday, the default
    r = aws.call("PATCH", "/org", who=org["admin"], body={"digest_weekday": "thursday"})
    assert r.status == 200, r.body
    post(aws, org, "More news", MONDAY + timedelta(days=2))
    thursday = MONDAY + timedelta(days=3)
    assert run_digest(thursday)["sent"] == 0  # moved within the week: one weekly digest a week still
    post(aws, org, "Later news", thursday + timedelta(days=3))
    assert run_digest(thursday + timedelta(days=4))["sent"] == 0  # next Monday is no longer the day
    assert run_digest(thursday + timedelta(days=7))["sent"] == 1
    assert [m.destinations["ToAddresses"] for m in outbox()] == [["mia@acme.test"], ["mia@acme.test"]]
    assert "Later news" in outbox()[1].body
