"""Shares and clicks: the shares stored (none lost, none doubled, each dated at its first request),
their counters, the click events the redirect recorded, and each content's stats."""

from __future__ import annotations

from bench.load.checks import Check, columns, compare, count_of, zero
from bench.load.reconcile.source import Source
from bench.load.record import ClickOp

STATS = ("shares", "clicks", "unique_clicks")
Pairs = dict[str, tuple[int, int]]


def _events_expected(src: Source, clicks: list[ClickOp]) -> Pairs:
    """Per link: the clicks the redirect answered with a redirect (raw, human)."""
    events: Pairs = {c: (0, 0) for c in src.exp.links}
    for click in clicks:
        if click.known and click.status == 302:
            raw, human = events[click.code]
            events[click.code] = (raw + 1, human + click.human)
    return events


def _events_stored(src: Source) -> tuple[Pairs, int]:
    """Per link: the click events recorded (raw, human), and how many the stream left unprocessed."""
    from advocacy.store.models import ClickModel

    org = src.world.org_id
    events: Pairs = {c: (0, 0) for c in src.exp.links}
    unprocessed = 0
    # One Scan of the org's click events rather than a Query per link (a bench may scan).
    for event in ClickModel.scan(ClickModel.link.startswith(f"{org}#") & ClickModel.sk.startswith("click#")):
        code = event.link.split("#", 1)[1]
        raw, human = events.get(code, (0, 0))
        events[code] = (raw + 1, human + (not event.bot))
        unprocessed += not event.processed
    return events, unprocessed


def expected_content_stats(src: Source) -> dict[str, tuple[int, ...]]:
    """Per content: shares, clicks and unique clicks, from the replay."""
    counts = src.exp.content_counts
    return {cid: tuple(counts[cid][k] for k in STATS) for cid in src.world.contents}


def shares_and_clicks(src: Source, clicks: list[ClickOp]) -> list[Check]:
    from advocacy.store import content_stats
    from advocacy.store.models import ContentModel, ShareModel

    org, exp = src.world.org_id, src.exp
    shares = {s.code: s for s in ShareModel.query(org)}
    events_expected = _events_expected(src, clicks)
    events_actual, unprocessed = _events_stored(src)
    content_expected = expected_content_stats(src)
    api_content = {
        cid: tuple(src.get(f"/content/{cid}")["stats"][k] for k in STATS) for cid in src.world.contents
    }
    three = columns("shares", "clicks", "unique")
    return [
        compare(
            "shares stored == distinct shares made (none lost, none doubled)",
            {c: (k.share_id, k.member_id, k.content_id, k.network) for c, k in exp.links.items()},
            {c: (s.share_id, s.member_id, s.content_id, s.network) for c, s in shares.items()},
            count_of("shares"),
        ),
        compare(
            "share dated at its first request (ledger and boards follow)",
            {c: k.at for c, k in exp.links.items()},
            {c: s.created_at for c, s in shares.items()},
            count_of("shares"),
        ),
        compare(
            "share counters (clicks, human, unique)",
            {c: (v["clicks"], v["human_clicks"], v["unique_clicks"]) for c, v in exp.share_counts.items()},
            {
                c: (int(s.clicks or 0), int(s.human_clicks or 0), int(s.unique_clicks or 0))
                for c, s in shares.items()
            },
            columns("clicks", "human", "unique"),
        ),
        compare(
            "click events recorded by the redirect (raw, human)",
            events_expected,
            events_actual,
            columns("events", "human"),
        ),
        zero("click events left unprocessed", unprocessed),
        compare(
            "content stats (shares, clicks, unique) in DynamoDB",
            content_expected,
            {
                c.content_id: (
                    int(c.stats_shares or 0),
                    int(c.stats_clicks or 0),
                    int(c.stats_unique_clicks or 0),
                )
                # The content item's counters plus its stats item's, as readers add them.
                for c in content_stats.fill(list(ContentModel.query(org)))
            },
            three,
        ),
        compare("content stats via GET /content/{id}", content_expected, api_content, three),
    ]
