"""Feed rules: an entry as content, the key that imports it once, the newest entries, the backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from advocacy.domain.feeds import (
    BACKOFF_MAX,
    Entry,
    Target,
    backoff,
    content_fields,
    dedupe_key,
    entry_key,
    error_sentence,
    newest,
    next_attempt,
    plain_text,
)

AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_an_entry_becomes_a_draft_or_published_content_with_the_sources_targeting() -> None:
    entry = Entry(
        entry_id="urn:1",
        title="  Launch &amp; <em>more</em> ",
        link="https://acme.example/launch",
        summary="<p>We <b>launched</b>.</p><p>Read&nbsp;on</p><script>x</script>",
        image_url="https://acme.example/i.png",
    )
    assert content_fields(entry, Target(["g2", "g1"], 5, publish=False)) == {
        "title": "Launch & more",
        "url": "https://acme.example/launch",
        "body": "We launched. Read on",
        "image_url": "https://acme.example/i.png",
        "groups": ["g1", "g2"],
        "points": 5,
        "status": "draft",
    }
    assert content_fields(entry, Target(publish=True))["status"] == "published"  # type: ignore[index]


def test_an_entry_without_an_http_link_is_not_content_and_a_bad_image_is_dropped() -> None:
    assert content_fields(Entry(title="x", link="javascript:alert(1)"), Target()) is None
    assert content_fields(Entry(title="x"), Target()) is None
    fields = content_fields(Entry(link="https://a.example/p", image_url="data:image/png;base64,AA"), Target())
    assert fields is not None
    assert (fields["title"], fields["image_url"]) == ("https://a.example/p", None)


def test_long_titles_and_bodies_are_cut_to_the_contents_limits() -> None:
    fields = content_fields(Entry(title="t" * 500, link="https://a.example/", summary="b" * 30_000), Target())
    assert fields is not None
    assert len(str(fields["title"])) == 200 and str(fields["title"]).endswith("…")
    assert len(str(fields["body"])) == 20_000


def test_an_entry_is_known_by_its_id_else_its_link() -> None:
    assert entry_key(Entry(entry_id=" urn:1 ", link="https://a.example/1")) == "urn:1"
    assert entry_key(Entry(link="https://a.example/1")) == "https://a.example/1"
    assert entry_key(Entry(title="no id, no link")) is None


def test_the_dedupe_key_is_the_same_for_the_same_org_source_and_entry_only() -> None:
    key = dedupe_key("org", "src", "urn:1")
    assert key == dedupe_key("org", "src", "urn:1")
    assert len({key, dedupe_key("org2", "src", "urn:1"), dedupe_key("org", "src2", "urn:1"),
                dedupe_key("org", "src", "urn:2")}) == 4  # fmt: skip
    # Parts cannot run into each other.
    assert dedupe_key("a", "bc", "d") != dedupe_key("ab", "c", "d")


def test_newest_takes_dated_entries_newest_first_then_the_undated_in_feed_order() -> None:
    old, new = Entry(entry_id="old", published=AT - timedelta(days=1)), Entry(entry_id="new", published=AT)
    undated = [Entry(entry_id=f"u{n}") for n in range(3)]
    assert [e.entry_id for e in newest([old, undated[0], new, undated[1], undated[2]], limit=4)] == [
        "new", "old", "u0", "u1",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("failures", "wait"),
    [(0, timedelta(0)), (1, timedelta(minutes=15)), (2, timedelta(minutes=30)), (3, timedelta(hours=1)),
     (7, timedelta(hours=16)), (8, BACKOFF_MAX), (50, BACKOFF_MAX)],
)  # fmt: skip
def test_backoff_doubles_after_each_failure_up_to_a_day(failures: int, wait: timedelta) -> None:
    assert backoff(failures) == wait


def test_a_source_without_failures_is_tried_on_every_run() -> None:
    assert next_attempt(0, AT) is None
    assert next_attempt(2, AT) == AT + timedelta(minutes=30)


def test_errors_are_short_sentences_and_text_is_plain() -> None:
    assert error_sentence("Timed out") == "Timed out."
    assert error_sentence("") == "The feed could not be read."
    assert len(error_sentence("x" * 1000)) <= 301
    assert plain_text("a\x00b\n\tc", 100) == "ab c"
