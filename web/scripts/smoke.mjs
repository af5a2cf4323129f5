// Smoke test of the production build (run after `npm run build`: `npm run smoke`): loads
// dist/index.html in jsdom, runs the built ES modules (node:vm, so chunks load as a browser loads
// them), against a stubbed config.json, Cognito and API; signs in and waits for the feed.
// It catches what unit tests cannot see: a chunk that fails to load or to run in a browser-like
// global scope (no Node `global`, `process` or `Buffer`), a broken lazy import, a bad build config.
// Needs node --experimental-vm-modules (the npm script passes it). Exit code 0 when the feed shows.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { JSDOM } from "jsdom";

const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const ORIGIN = "http://app.test/";
const html = readFileSync(path.join(DIST, "index.html"), "utf8");
const dom = new JSDOM(html, { url: ORIGIN, pretendToBeVisual: true, runScripts: "outside-only" });
const { window } = dom;
const doc = window.document;

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const jwt = (claims) => `${b64({ alg: "none" })}.${b64(claims)}.signature`;
const calls = [];
const json = (body, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

window.Request = Request;
window.Response = Response;
window.Headers = Headers;
window.fetch = async (input, init = {}) => {
  const url = new URL(typeof input === "string" ? input : input.url, ORIGIN).href;
  const method = init.method ?? input.method ?? "GET";
  calls.push(`${method} ${url}`);
  if (url === `${ORIGIN}config.json`) {
    return json({
      apiUrl: "http://api.test",
      region: "us-east-1",
      userPoolId: "us-east-1_Smoke",
      clientId: "smoke",
      authFlow: "password",
      cognitoEndpoint: "http://cognito.test/",
    });
  }
  if (url === "http://cognito.test/") {
    const id = jwt({ sub: "m-1", email: "ava@acme.example", exp: now + 3600 });
    const access = jwt({ sub: "m-1", exp: now + 3600, origin_jti: "jti" });
    return json({ AuthenticationResult: { IdToken: id, AccessToken: access, RefreshToken: "refresh" }, ChallengeParameters: {} });
  }
  if (url.startsWith(ORIGIN)) return new Response("", { status: 200 }); // modulepreload fetches
  const { pathname } = new URL(url);
  if (pathname === "/feed") {
    const item = {
      content_id: "c-1", title: "Smoke test news", body: "", url: "https://example.com", image_url: null,
      messages: {}, networks: [], groups: [], points: 5, status: "published", publish_at: null,
      expires_at: null, created_by: "m-2", created_at: "2026-11-02T09:00:00Z",
      stats: { shares: 0, clicks: 0, unique_clicks: 0 }, my_shares: {},
    };
    return json({ items: [item], next_cursor: null });
  }
  if (pathname === "/me/shares") return json({ items: [], next_cursor: null });
  return json({ message: "Not Found" }, 404);
};

const errors = [];
window.addEventListener("error", (event) => errors.push(event.error ?? event.message));
window.addEventListener("unhandledrejection", (event) => errors.push(event.reason));

// Each built chunk as an ES module in the page's context; imports resolved to dist/ files.
const context = dom.getInternalVMContext();
const modules = new Map();
async function load(file) {
  if (modules.has(file)) return modules.get(file);
  const module = new vm.SourceTextModule(readFileSync(file, "utf8"), {
    context,
    identifier: file,
    initializeImportMeta: (meta) => {
      meta.url = new URL(path.relative(DIST, file), ORIGIN).href;
    },
    importModuleDynamically: async (specifier) => {
      const imported = await load(path.resolve(path.dirname(file), specifier));
      await imported.evaluate();
      return imported;
    },
  });
  modules.set(file, module);
  await module.link((specifier) => load(path.resolve(path.dirname(file), specifier)));
  return module;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check, what) {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    if (errors.length) break;
    await sleep(50);
  }
  console.error(`smoke: no ${what}`, errors, calls);
  console.error(doc.body.innerHTML.slice(0, 3000));
  process.exit(1);
}
function type(input, value) {
  Object.getOwnPropertyDescriptor(window.HTMLInputElement.prototype, "value").set.call(input, value);
  input.dispatchEvent(new window.Event("input", { bubbles: true }));
}

const entry = /src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
if (!entry) throw new Error("no entry script in dist/index.html");
const main = await load(path.join(DIST, entry));
await main.evaluate();

await until(() => doc.querySelector("input[type=email]"), "sign-in form");
type(doc.querySelector("input[type=email]"), "ava@acme.example");
type(doc.querySelector("input[type=password]"), "password");
doc.querySelector("button[type=submit]").click();
await until(() => doc.querySelector("article h2"), "feed after signing in");

const buttons = [...doc.querySelectorAll("article button")].map((b) => b.textContent);
console.log(
  JSON.stringify({ ok: true, title: doc.querySelector("article h2").textContent, buttons, requests: calls }, null, 2),
);
process.exit(0);
