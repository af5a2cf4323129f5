import type { Network } from "../api/types";

/** Networks whose share link carries no text (docs/api.md#networks): the suggested text is put on
 * the clipboard for the member to paste. */
export const COPY_TEXT_NETWORKS: ReadonlySet<Network> = new Set<Network>(["linkedin", "facebook"]);

/** Opens an empty window now, inside the click (so popup blockers let it through), to be pointed
 * at the network's share page once the API has made the share. Null when it was blocked. */
export function openBlankWindow(): Window | null {
  let popup: Window | null = null;
  try {
    popup = window.open("", "_blank");
  } catch {
    return null;
  }
  if (!popup) return null;
  try {
    popup.opener = null; // the network's page gets no handle on ours
  } catch {
    // some browsers refuse; the window is ours until it navigates away anyway
  }
  return popup;
}

/** Puts text on the clipboard; false when the browser refuses. Called inside the click. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Navigation of this window (a seam for tests: jsdom cannot navigate). */
export const browser = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
