/** Saving files in the browser (a module of its own, so tests can stand in for it: jsdom has no
 * downloads). */

function follow(href: string, filename?: string): void {
  const link = document.createElement("a");
  link.href = href;
  if (filename) link.download = filename;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Saves `blob` as `filename` (the inline CSV: it is already here). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  follow(url, filename);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens a built export's file: its presigned URL answers `Content-Disposition: attachment`, so the
 * browser saves it and the page stays where it is. */
export function openFile(url: string): void {
  follow(url);
}
