// @vitest-environment node
import { readFileSync } from "node:fs";
import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { renderServiceWorker, STATIC_SHELL } from "../sw-plugin";

const TEMPLATE = readFileSync(new URL("../sw/sw.js", import.meta.url), "utf8");
const ORIGIN = "https://app.example";
const ASSETS = ["assets/index-abc.js", "assets/index-abc.css", "assets/Feed-def.js"];

type Listener = (event: unknown) => void;

/** Runs the built sw.js with a fake worker scope; returns what each fetch event was answered with. */
function boot() {
  const listeners: Record<string, Listener> = {};
  const cache = { addAll: vi.fn(() => Promise.resolve()), put: vi.fn() };
  const caches = {
    open: vi.fn(() => Promise.resolve(cache)),
    match: vi.fn(() => Promise.resolve(new Response("cached"))),
    keys: vi.fn(() => Promise.resolve(["advocacy-shell-old", "other-app"])),
    delete: vi.fn(() => Promise.resolve(true)),
  };
  const network = vi.fn(() => Promise.resolve(new Response("network")));
  const self = {
    registration: { scope: `${ORIGIN}/` },
    clients: { claim: vi.fn(() => Promise.resolve()) },
    addEventListener: (type: string, listener: Listener) => (listeners[type] = listener),
  };
  runInNewContext(renderServiceWorker(TEMPLATE, ASSETS), { self, caches, fetch: network, URL, Response, Promise });

  async function fetchEvent(url: string, init: { method?: string; mode?: string } = {}) {
    let answer: Promise<Response> | undefined;
    const request = { url, method: init.method ?? "GET", mode: init.mode ?? "cors" };
    listeners.fetch!({ request, respondWith: (p: Promise<Response>) => (answer = p) });
    return answer ? { handled: true, response: await answer } : { handled: false, response: undefined };
  }
  async function lifecycle(type: "install" | "activate") {
    let work: Promise<unknown> | undefined;
    listeners[type]!({ waitUntil: (p: Promise<unknown>) => (work = p) });
    await work;
  }
  return { fetchEvent, lifecycle, cache, caches, network };
}

describe("service worker", () => {
  it("precaches the app shell: index.html, manifest, icons and the built JS and CSS, never config.json", async () => {
    const sw = boot();
    await sw.lifecycle("install");
    const cached = (sw.cache.addAll.mock.calls[0] as unknown as [string[]])[0];
    expect(cached).toEqual(expect.arrayContaining([`${ORIGIN}/index.html`, `${ORIGIN}/assets/Feed-def.js`]));
    expect(cached).toHaveLength(STATIC_SHELL.length + ASSETS.length);
    expect(cached.some((u) => u.includes("config.json"))).toBe(false);
  });

  it("leaves config.json and API answers to the network and never caches them", async () => {
    const sw = boot();
    for (const url of [`${ORIGIN}/config.json`, "https://api.example/feed", `${ORIGIN}/api/me`, `${ORIGIN}/r/AbCdEfGhIjKl`]) {
      expect(await sw.fetchEvent(url), url).toEqual({ handled: false, response: undefined });
    }
    expect(await sw.fetchEvent(`${ORIGIN}/assets/index-abc.js`, { method: "POST" })).toMatchObject({ handled: false });
    expect(sw.cache.put).not.toHaveBeenCalled();
    expect(sw.caches.match).not.toHaveBeenCalled();
  });

  it("serves shell files from the cache", async () => {
    const sw = boot();
    const { response } = await sw.fetchEvent(`${ORIGIN}/assets/index-abc.js`);
    expect(await response?.text()).toBe("cached");
    expect(sw.network).not.toHaveBeenCalled();
  });

  it("loads pages from the network, and the cached index.html when offline", async () => {
    const sw = boot();
    expect(await (await sw.fetchEvent(`${ORIGIN}/rewards`, { mode: "navigate" })).response?.text()).toBe("network");
    sw.network.mockImplementationOnce(() => Promise.reject(new TypeError("offline")));
    expect(await (await sw.fetchEvent(`${ORIGIN}/rewards`, { mode: "navigate" })).response?.text()).toBe("cached");
    expect(sw.caches.match).toHaveBeenCalledWith(`${ORIGIN}/index.html`);
  });

  it("drops the caches of earlier releases on activation", async () => {
    const sw = boot();
    await sw.lifecycle("activate");
    expect(sw.caches.delete).toHaveBeenCalledWith("advocacy-shell-old");
    expect(sw.caches.delete).not.toHaveBeenCalledWith("other-app");
  });
});
