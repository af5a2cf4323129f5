"""The own-words measure: the shared test vectors (the web app's test reads the same file), its
edge cases and its invariants."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocacy.domain import own_words
from advocacy.domain.own_words import MIN_ADDED_WORDS, PERSONALISED_BELOW, compare, similarity, words

VECTORS_FILE = Path(__file__).parents[1] / "vectors" / "own_words.json"
DOC: dict[str, Any] = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


def test_the_vectors_state_the_thresholds_in_force() -> None:
    assert (DOC["personalised_below"], DOC["min_added_words"]) == (PERSONALISED_BELOW, MIN_ADDED_WORDS)


@pytest.mark.parametrize("vector", DOC["vectors"], ids=[v["name"] for v in DOC["vectors"]])
def test_shared_vectors(vector: dict[str, Any]) -> None:
    got = compare(vector["suggested"], vector["text"])
    assert round(got.similarity, 4) == vector["similarity"]
    assert got.added_words == vector["added_words"]
    assert got.personalised is vector["personalised"]
    assert got.closeness == vector["closeness"]


def test_the_vectors_cover_every_closeness_and_the_edge_cases() -> None:
    names = {v["name"] for v in DOC["vectors"]}
    assert {v["closeness"] for v in DOC["vectors"]} == {"same", "mostly", "own"}
    for edge in ("empty text", "only a URL", "emoji added", "words reordered", "Italian, accents dropped"):
        assert edge in names


def test_words_fold_case_accents_punctuation_and_drop_urls() -> None:
    assert words("Perché NON?  Più… www.acme.example/x https://a.example") == ["perche", "non", "piu"]
    assert words("l'azienda è 1ª") == ["l", "azienda", "e", "1a"]
    assert words("🚀 — !!") == []


def test_a_deletion_or_a_reordering_is_never_personalised() -> None:
    text = "one two three four five six seven eight"
    assert not compare(text, "eight seven six five four three two one").personalised
    assert not compare(text, "one two").personalised


def test_no_suggestion_counts_as_empty() -> None:
    assert compare(None, "a b c") == compare("", "a b c")


token = st.sampled_from(["we", "are", "hiring", "in", "lisbon", "perché", "team", "🚀", "https://x.example"])
texts = st.lists(token, max_size=12).map(" ".join)


@given(texts, texts)
def test_similarity_is_symmetric_and_within_bounds(a: str, b: str) -> None:
    assert similarity(a, b) == similarity(b, a)
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, a) == 1.0


@given(texts, texts)
def test_personalised_means_below_the_threshold_with_words_added(a: str, b: str) -> None:
    got = compare(a, b)
    assert got.personalised == (got.similarity < PERSONALISED_BELOW and got.added_words >= MIN_ADDED_WORDS)
    assert own_words.compare(a, a).closeness == "same"
