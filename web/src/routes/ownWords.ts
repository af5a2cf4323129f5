/** How close a member's text is to the suggested text: the same measure as the API's
 * (functions/advocacy/domain/own_words.py, decision 67), for live feedback while the member edits.
 * Both are tested against tests/vectors/own_words.json, so they cannot drift apart.
 *
 * URLs removed, NFKD with combining marks dropped, lower case; words are runs of letters and digits;
 * similarity is the Jaccard index of the two sets of adjacent word pairs (a one-word text: that word);
 * personalised = similarity below 0.8 and at least 3 words added (the member's words left once each
 * suggested word has matched one of them). */

export const PERSONALISED_BELOW = 0.8;
export const MIN_ADDED_WORDS = 3;

export type Closeness = "same" | "mostly" | "own";

export interface Comparison {
  similarity: number;
  addedWords: number;
  personalised: boolean;
  closeness: Closeness;
}

const URL = /(?:https?:\/\/|www\.)\S*/giu;
const MARK = /\p{M}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

export function words(text: string): string[] {
  const folded = text.replace(URL, " ").normalize("NFKD");
  const out: string[] = [];
  let current = "";
  for (const ch of folded) {
    if (MARK.test(ch)) continue;
    if (WORD_CHAR.test(ch)) current += ch;
    else if (current) {
      out.push(current.toLowerCase());
      current = "";
    }
  }
  if (current) out.push(current.toLowerCase());
  return out;
}

function shingles(tokens: string[]): Set<string> {
  if (tokens.length < 2) return new Set(tokens);
  const pairs = new Set<string>();
  for (let i = 1; i < tokens.length; i++) pairs.add(`${tokens[i - 1]} ${tokens[i]}`);
  return pairs;
}

export function similarity(suggested: string, text: string): number {
  const a = shingles(words(suggested));
  const b = shingles(words(text));
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return shared / (a.size + b.size - shared);
}

export function compare(suggested: string | null | undefined, text: string): Comparison {
  const left = new Map<string, number>();
  for (const w of words(suggested ?? "")) left.set(w, (left.get(w) ?? 0) + 1);
  let addedWords = 0;
  for (const w of words(text)) {
    const n = left.get(w) ?? 0;
    if (n > 0) left.set(w, n - 1);
    else addedWords++;
  }
  const score = similarity(suggested ?? "", text);
  const personalised = score < PERSONALISED_BELOW && addedWords >= MIN_ADDED_WORDS;
  return { similarity: score, addedWords, personalised, closeness: personalised ? "own" : score === 1 ? "same" : "mostly" };
}
