import type { Network } from "./types";

/** Each network's longest message, as the API counts it (domain/networks.py MESSAGE_LIMITS): X's 280
 * is X's own count, the whole post with the tracked link; the others count characters. */
export const MESSAGE_LIMITS: Record<Network, number> = { linkedin: 3000, x: 280, facebook: 63206, email: 20000 };

/** X wraps every link in t.co and counts it as 23 characters, whatever its length. */
export const X_LINK_LENGTH = 23;

// An http(s) URL inside a message, without the punctuation that ends its sentence ("see
// https://a.example/b." counts the link as 23 and the period as 1): the API's domain.content rule.
const URL_IN_TEXT = /https?:\/\/\S+?(?=[.,;:!?)\]'"]*(?:\s|$))/gi;

/** Characters as the API counts them: code points (an emoji is one, not two UTF-16 units). */
export function characters(text: string): number {
  return Array.from(text).length;
}

/** The length X counts for `text` alone: every http(s) URL in it counts as 23. */
export function xLength(text: string): number {
  let length = characters(text);
  for (const link of text.match(URL_IN_TEXT) ?? []) length += X_LINK_LENGTH - characters(link);
  return length;
}

/** How long a message for `network` is against its limit. On X the post is the message, a space and
 * the tracked link (23, as every link), so an empty message already uses 24 of the 280. */
export function messageLength(network: Network, text: string): { used: number; limit: number } {
  const used = network === "x" ? xLength(text) + 1 + X_LINK_LENGTH : characters(text);
  return { used, limit: MESSAGE_LIMITS[network] };
}

/** The host of a URL as the networks show it under a link ("acme.example"), or the text as typed. */
export function hostOf(url: string): string {
  try {
    return new URL(url.trim()).hostname.replace(/^www\./, "");
  } catch {
    return url.trim();
  }
}
