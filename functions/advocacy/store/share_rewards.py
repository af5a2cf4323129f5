"""The clicks a share rewarded on its two latest days, kept on the share item (decision 91).

The daily cap and the network cap count a share's rewarded clicks per day in the org's time zone.
The click's transaction updates the share anyway, so the counts live there, in two slots: the latest
day (`reward_day`, `rewarded`, `rewarded_from`) and the one before (`reward_prev_*`). One link's clicks
are applied in the order they were recorded, so a click of an earlier day than the latest can only
come from around a midnight (two redirects racing); the previous day's slot counts it exactly. A
click older than both days earns nothing (it is counted as capped). `rewarded_from` holds a tag per
rewarded click naming its visitor's network (`<network>:<n>`, domain.clicks.network_tag).
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UnicodeSetAttribute
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from advocacy.store.errors import get_or_none
from advocacy.store.models import ShareModel


@dataclass(frozen=True)
class Slot:
    """One day's count of rewarded clicks on a share, and their network tags, as read."""

    day: str | None
    rewarded: int = 0
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RewardState:
    """What the share held when read: whether it is voided, and its two latest days."""

    voided: bool
    latest: Slot
    previous: Slot

    def on(self, day: str) -> tuple[int, frozenset[str]]:
        """The clicks rewarded on `day` and their network tags (none yet if neither slot is that day)."""
        slot = next((s for s in (self.latest, self.previous) if s.day == day), None)
        return (slot.rewarded, slot.tags) if slot is not None else (0, frozenset())

    def counts(self, day: str) -> bool:
        """Whether a click of `day` can be counted: not older than both days the share keeps."""
        return not (self.latest.day and self.previous.day and day < self.previous.day)


@dataclass(frozen=True)
class Reward:
    """A rewarded click's move of the share's count of `day`, from the `state` read."""

    state: RewardState
    day: str
    tag: str


_LATEST = (ShareModel.reward_day, ShareModel.rewarded, ShareModel.rewarded_from)
_PREVIOUS = (ShareModel.reward_prev_day, ShareModel.rewarded_prev, ShareModel.rewarded_prev_from)
Fields = tuple[UnicodeAttribute, NumberAttribute, UnicodeSetAttribute]


def reward_state(org_id: str, share_key: str) -> RewardState | None:
    """The share's reward state (None if the share is gone: nothing to credit)."""
    share = get_or_none(ShareModel, org_id, share_key)
    if share is None:
        return None
    return RewardState(
        voided=share.voided_at is not None,
        latest=Slot(share.reward_day, int(share.rewarded or 0), frozenset(share.rewarded_from or ())),
        previous=Slot(
            share.reward_prev_day, int(share.rewarded_prev or 0), frozenset(share.rewarded_prev_from or ())
        ),
    )


def moves(reward: Reward) -> tuple[list[Action], Condition]:
    """The share's update for one more rewarded click, and the condition that what it was computed
    from (the slot it moves) has not moved since read."""
    latest, previous, day = reward.state.latest, reward.state.previous, reward.day
    if latest.day == day:
        return _add(_LATEST, reward.tag), _as_read(_LATEST, latest)
    if previous.day == day:
        return _add(_PREVIOUS, reward.tag), _as_read(_PREVIOUS, previous)
    if latest.day is None or day > latest.day:  # a new latest day: the latest becomes the previous
        shifted = _set(_PREVIOUS, latest) if latest.day is not None else []
        return _set(_LATEST, Slot(day, 1, frozenset({reward.tag}))) + shifted, _as_read(_LATEST, latest)
    return _set(_PREVIOUS, Slot(day, 1, frozenset({reward.tag}))), _as_read(_PREVIOUS, previous)


def _add(fields: Fields, tag: str) -> list[Action]:
    return [fields[1].add(1), fields[2].add({tag})]


def _set(fields: Fields, slot: Slot) -> list[Action]:
    assert slot.day is not None  # a slot moved into place is a day's
    return [fields[0].set(slot.day), fields[1].set(slot.rewarded), fields[2].set(set(slot.tags))]


def _as_read(fields: Fields, slot: Slot) -> Condition:
    if slot.day is None:
        return fields[0].does_not_exist()
    return (fields[0] == slot.day) & (fields[1] == slot.rewarded)
