import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Plugin } from "vite";

/** Files of public/ that belong to the app shell (config.json never does). */
export const STATIC_SHELL = [
  "index.html",
  "manifest.webmanifest",
  "icons/icon.svg",
  "icons/icon-192.png",
  "icons/icon-512.png",
  "icons/icon-maskable-512.png",
];

/** Builds sw.js from sw/sw.js: its shell list is the static files above plus every built JS and
 * CSS asset, and its version is a hash of that list, so each deploy gets a fresh cache. */
export function renderServiceWorker(template: string, assets: readonly string[]): string {
  const shell = [...STATIC_SHELL, ...assets.filter((f) => /\.(js|css)$/.test(f)).sort()];
  const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
  return template
    .replace('"__SW_VERSION__"', JSON.stringify(version))
    .replace("__SW_SHELL__", JSON.stringify(shell));
}

export function serviceWorker(templatePath: string): Plugin {
  return {
    name: "advocacy-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle).filter((name) => name.startsWith("assets/"));
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: renderServiceWorker(readFileSync(templatePath, "utf8"), assets),
      });
    },
  };
}
