import { describe, expect, it } from "vitest";
import vectors from "../../../tests/vectors/own_words.json";
import { compare, MIN_ADDED_WORDS, PERSONALISED_BELOW, words } from "./ownWords";

interface Vector {
  name: string;
  suggested: string;
  text: string;
  similarity: number;
  added_words: number;
  personalised: boolean;
  closeness: string;
}

// The vectors the API's own test reads too (tests/unit/test_own_words.py).
const DOC: { personalised_below: number; min_added_words: number; vectors: Vector[] } = vectors;

describe("own words", () => {
  it("uses the thresholds the vectors state", () => {
    expect([PERSONALISED_BELOW, MIN_ADDED_WORDS]).toEqual([DOC.personalised_below, DOC.min_added_words]);
    expect(DOC.vectors.length).toBeGreaterThan(10);
  });

  it.each(DOC.vectors.map((v) => [v.name, v] as const))("%s", (_name, v) => {
    const got = compare(v.suggested, v.text);
    expect(Math.round(got.similarity * 10_000) / 10_000).toBe(v.similarity);
    expect(got.addedWords).toBe(v.added_words);
    expect(got.personalised).toBe(v.personalised);
    expect(got.closeness).toBe(v.closeness);
  });

  it("folds case, accents and punctuation and drops links and emoji", () => {
    expect(words("Perché NON?  Più… www.acme.example/x https://a.example 🚀")).toEqual(["perche", "non", "piu"]);
  });
});
