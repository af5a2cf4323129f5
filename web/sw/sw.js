/* Advocacy service worker: keeps the app shell (index.html, the built JS and CSS, the manifest and
 * icons) so the app opens offline. It never caches API answers or config.json: only the files of
 * the shell list below are ever read from or written to the cache; every other request, and every
 * request to another origin (the API, Cognito, images), goes to the network untouched. (The app
 * keeps its own copy of the last config.json for offline starts: src/config.ts.)
 * sw-plugin.ts fills in the version and the shell list at build time. */
"use strict";

const VERSION = "__SW_VERSION__";
const SHELL = __SW_SHELL__;
const CACHE = "advocacy-shell-" + VERSION;
const scope = new URL(self.registration.scope);
const shellUrls = new Set(SHELL.map((path) => new URL(path, scope).href));
const indexUrl = new URL("index.html", scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(Array.from(shellUrls))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("advocacy-shell-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

/** What to do with a request: "navigate" (network, else the cached shell), "shell" (cache, else
 * network) or "network" (not handled: the browser fetches it, nothing is cached). */
function strategy(request) {
  if (request.method !== "GET") return "network";
  const url = new URL(request.url);
  if (url.origin !== scope.origin) return "network";
  if (request.mode === "navigate") return "navigate";
  url.hash = "";
  return shellUrls.has(url.href) ? "shell" : "network";
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const how = strategy(request);
  if (how === "navigate") {
    event.respondWith(
      fetch(request).catch(() =>
        caches.match(indexUrl).then((cached) => cached || Response.error()),
      ),
    );
  } else if (how === "shell") {
    event.respondWith(caches.match(request).then((cached) => cached || fetch(request)));
  }
});
