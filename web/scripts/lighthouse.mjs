// Lighthouse on the feed of a signed-in member, for the benchmark (`python -m bench.web` in the
// repository root starts the local stack and runs this) and for people:
//   node scripts/lighthouse.mjs --origin http://127.0.0.1:3001 --email ava@acme.example \
//     --password 'Advocacy-local-1!' [--chrome-path /usr/bin/chromium] [--runs 5] [--html report.html] [--lhr report.json]
//     [--chrome-flags="--headless=new --no-sandbox"]   (the default; a value starting with -- needs the =)
// Chromium is started as the Lighthouse CLI starts it (chrome-launcher, `--headless=new --no-sandbox`);
// Puppeteer signs in through the sign-in form as a member would, then Lighthouse's Node API loads
// the feed in that page. Lighthouse's storage reset before each run clears the HTTP cache, the
// service worker and its caches, but not localStorage, where the app keeps its session: each run is
// the cold load of a returning member, signed in, without anything cached. The settings are
// Lighthouse's defaults: mobile emulation (a phone's screen), simulated slow 4G and a 4x slower CPU.
// Prints JSON: every run's scores and metrics, and the median run (by performance score) with the
// accessibility audits that fail and the largest performance savings. Exit code 1 when a run did
// not end on the signed-in feed.
// puppeteer-core and chrome-launcher are Lighthouse's own dependencies (pinned by package-lock.json).
/* global document, location -- in the functions Puppeteer runs in the page */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { generateReport } from "lighthouse";
import puppeteer from "puppeteer-core";

const { values: args } = parseArgs({
  options: {
    origin: { type: "string", default: "http://127.0.0.1:3001" },
    email: { type: "string" },
    password: { type: "string" },
    "chrome-path": { type: "string", default: process.env.CHROME_PATH },
    "chrome-flags": { type: "string", default: "--headless=new --no-sandbox" },
    runs: { type: "string", default: "1" },
    html: { type: "string" },
    lhr: { type: "string" },
  },
});
if (!args.email || !args.password) {
  console.error("usage: node scripts/lighthouse.mjs --origin URL --email EMAIL --password PASSWORD [--runs N]");
  process.exit(2);
}
const origin = args.origin.replace(/\/+$/, "");
const feedUrl = `${origin}/`;
const runs = Math.max(1, Number.parseInt(args.runs, 10) || 1);
const METRICS = {
  fcp_ms: "first-contentful-paint",
  lcp_ms: "largest-contentful-paint",
  tbt_ms: "total-blocking-time",
  cls: "cumulative-layout-shift",
  si_ms: "speed-index",
};

/** Sign in through the form, as a member does, and wait for the feed's first card. */
async function signIn(page) {
  await page.goto(`${origin}/sign-in`, { waitUntil: "networkidle0" });
  await page.locator('input[name="email"]').fill(args.email);
  await page.locator('input[name="password"]').fill(args.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForFunction(() => location.pathname === "/" && document.querySelector("article") !== null, {
    timeout: 30_000,
  });
}

/** Where the page ended: on the feed, signed in, with its cards (not the sign-in form, not a skeleton). */
async function onSignedInFeed(page) {
  return page.evaluate(
    () =>
      location.pathname === "/" &&
      document.querySelector('input[name="password"]') === null &&
      document.querySelector("article") !== null,
  );
}

function summary(lhr) {
  const metrics = Object.fromEntries(
    Object.entries(METRICS).map(([key, id]) => [key, lhr.audits[id]?.numericValue ?? null]),
  );
  return {
    performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
    metrics,
    final_url: lhr.finalDisplayedUrl,
    warnings: lhr.runWarnings.map(String),
  };
}

/** What a reader needs to act on: failing accessibility audits, the performance audits and insights
 * that fail (the metrics themselves left out), most estimated savings first, and the element that
 * was the largest contentful paint. */
function details(lhr) {
  const failing = (category) =>
    category.auditRefs
      .filter((ref) => ref.group !== "metrics" && ref.group !== "hidden")
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== "informative");
  const accessibility = failing(lhr.categories.accessibility).map((a) => ({ id: a.id, title: a.title }));
  const saved = (audit) => Object.values(audit.metricSavings ?? {}).reduce((total, ms) => total + ms, 0);
  const performance = failing(lhr.categories.performance)
    .sort((a, b) => saved(b) - saved(a))
    .map((a) => ({ id: a.id, title: a.title, display: a.displayValue ?? "", savings: a.metricSavings ?? {} }));
  const lcpNode = (lhr.audits["lcp-breakdown-insight"]?.details?.items ?? []).find((item) => item.type === "node");
  const lcpElement = lcpNode ? { selector: lcpNode.selector, text: lcpNode.nodeLabel } : null;
  return { failing_accessibility: accessibility, performance_findings: performance, lcp_element: lcpElement };
}

const chrome = await chromeLauncher.launch({
  chromePath: args["chrome-path"],
  chromeFlags: args["chrome-flags"].split(/\s+/).filter(Boolean),
});
let exitCode = 0;
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}`, defaultViewport: null });
  const page = await browser.newPage();
  await signIn(page);
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const result = await lighthouse(
      feedUrl,
      { logLevel: "error", output: "json", onlyCategories: ["performance", "accessibility"] },
      undefined,
      page,
    );
    if (!result) throw new Error("Lighthouse returned no result");
    const signedIn = await onSignedInFeed(page);
    if (!signedIn) exitCode = 1;
    results.push({ lhr: result.lhr, run: { ...summary(result.lhr), signed_in_feed: signedIn } });
  }
  // The median run by performance score (an odd number of runs gives the middle one).
  const sorted = [...results].sort((a, b) => a.run.performance - b.run.performance);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (args.html) writeFileSync(args.html, generateReport(median.lhr, "html"));
  if (args.lhr) writeFileSync(args.lhr, JSON.stringify(median.lhr));
  const lhr = median.lhr;
  const report = {
    lighthouse: lhr.lighthouseVersion,
    browser: lhr.environment.hostUserAgent,
    url: feedUrl,
    settings: {
      form_factor: lhr.configSettings.formFactor,
      screen: lhr.configSettings.screenEmulation,
      throttling_method: lhr.configSettings.throttlingMethod,
      throttling: lhr.configSettings.throttling,
      chrome_flags: args["chrome-flags"],
    },
    benchmark_index: lhr.environment.benchmarkIndex,
    runs: results.map((r) => r.run),
    median: { ...median.run, ...details(lhr) },
  };
  console.log(JSON.stringify(report, null, 2));
  await browser.disconnect();
} finally {
  chrome.kill();
}
process.exitCode = exitCode;
