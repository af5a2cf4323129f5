// Prints the gzipped sizes of the built app (dist/) as JSON, for the benchmark and for people:
//   files:   every file of dist/assets with its raw and gzipped bytes
//   initial: the JS and CSS index.html loads at start (entry and its static imports)
//   routes:  per lazily loaded screen, the JS it adds on top of the initial JS; per chunk a screen loads
//            later on demand, what that adds on top of the screen
//   budgets: initial JS <= 150 KB gzipped, each member route <= 50 KB gzipped, each console screen
//            (src/admin/…, loaded by admins and managers only) <= 80 KB gzipped; `ok` says whether all hold
// Exit code 1 when a budget is exceeded, 2 when dist/ is missing (run `npm run build` first).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const DIST = new URL("../dist/", import.meta.url);
const KB = 1024;
const BUDGET_INITIAL_JS = 150 * KB;
const BUDGET_ROUTE_JS = 50 * KB;
const BUDGET_ADMIN_ROUTE_JS = 80 * KB;

if (!existsSync(new URL(".vite/manifest.json", DIST))) {
  console.error(JSON.stringify({ error: "dist/.vite/manifest.json not found: run `npm run build` first" }));
  process.exit(2);
}

const gz = (file) => gzipSync(readFileSync(new URL(file, DIST)), { level: 9 }).length;
const raw = (file) => readFileSync(new URL(file, DIST)).length;

const files = {};
for (const name of readdirSync(new URL("assets/", DIST)).sort()) {
  const file = `assets/${name}`;
  files[file] = { bytes: raw(file), gzip: gz(file) };
}

const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", DIST), "utf8"));
const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
/** A chunk and every chunk it imports statically. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) closure(dep, seen);
  return seen;
}
const initialKeys = closure(entryKey);
const initialJs = [...initialKeys].map((k) => manifest[k].file);
const initialCss = [...new Set([...initialKeys].flatMap((k) => manifest[k].css ?? []))];
const sum = (list) => list.reduce((total, file) => total + (files[file]?.gzip ?? gz(file)), 0);

// src/routes/Feed.tsx -> routes/Feed; a library loaded on demand -> its package name (its key is
// relative to the root it was built from: node_modules/…, or ../…/node_modules/… through a link).
const nameOf = (key) =>
  key.includes("node_modules/")
    ? key.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, "$1")
    : key.replace(/^src\//, "").replace(/\.tsx?$/, "");

const routes = {};
/** A chunk loaded on demand: what it adds on top of what is loaded before it (`before`). */
function measure(key, before, budget) {
  const extra = [...closure(key)].filter((k) => !before.has(k)).map((k) => manifest[k].file);
  routes[nameOf(key)] = { files: extra, gzip: sum(extra), budget, ok: sum(extra) <= budget };
}
for (const key of manifest[entryKey].dynamicImports ?? []) {
  const budget = nameOf(key).startsWith("admin/") ? BUDGET_ADMIN_ROUTE_JS : BUDGET_ROUTE_JS;
  measure(key, initialKeys, budget);
  // What the screen loads later, on demand (a dialog, the charts' library), counts as a chunk of its own
  // on top of the screen, with the screen's budget.
  const screen = new Set([...initialKeys, ...closure(key)]);
  for (const part of screen) {
    for (const later of manifest[part].dynamicImports ?? []) {
      if (!screen.has(later) && !(nameOf(later) in routes) && later !== entryKey) measure(later, screen, budget);
    }
  }
}

const initial = { js: initialJs, css: initialCss, js_gzip: sum(initialJs), css_gzip: sum(initialCss) };
const ok = initial.js_gzip <= BUDGET_INITIAL_JS && Object.values(routes).every((r) => r.ok);
const report = {
  unit: "bytes",
  initial,
  routes,
  budgets: {
    initial_js_gzip: BUDGET_INITIAL_JS,
    route_js_gzip: BUDGET_ROUTE_JS,
    admin_route_js_gzip: BUDGET_ADMIN_ROUTE_JS,
  },
  ok,
  files,
  total_gzip: Object.values(files).reduce((t, f) => t + f.gzip, 0),
};
console.log(JSON.stringify(report, null, 2));
if (!ok) process.exitCode = 1;
