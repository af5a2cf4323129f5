import { screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connection, ME } from "../test/fixtures";
import { apiError, findPage, json, pending, renderApp, stubApi } from "../test/harness";
import { resetStandIns, saved } from "../test/standIns";

// jsdom has no downloads: a stand-in keeps each file saved or opened.
vi.mock("../admin/analytics/download", async () => (await import("../test/standIns")).downloads);

const NO_CONNECTIONS = {
  "GET /me/connections": { items: [connection("linkedin", { available: false }), connection("x", { available: false })] },
};
const EXPORT = { export_id: "e-1", status: "pending", from: "2026-09-14", to: "2026-11-02", created_at: "2026-11-02T09:30:00Z", rows: 0, error: null, url: null };
const DOCUMENT = { format: "advocacy-member-data/1", profile: { email: "ava@acme.example" } };

function stub(routes: Record<string, unknown>) {
  return stubApi({ ...NO_CONNECTIONS, "GET /me": ME, ...routes });
}

async function download() {
  const rendered = renderApp("/profile");
  await findPage("Profile");
  await rendered.user.click(await screen.findByRole("button", { name: "Download my data" }));
  return rendered;
}

describe("Download my data", () => {
  beforeEach(() => {
    resetStandIns();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-02T09:30:00Z"));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves a small copy at once", async () => {
    const api = stub({ "POST /me/export": json(DOCUMENT) });
    await download();
    expect(await screen.findByText("Your data was downloaded.")).toBeInTheDocument();
    expect(saved.blobs).toHaveLength(1);
    expect(saved.blobs[0]!.name).toBe("advocacy-my-data-2026-11-02.json");
    expect(JSON.parse(await saved.blobs[0]!.blob.text())).toEqual(DOCUMENT);
    expect(api.requestsTo("POST", "/me/export")).toHaveLength(1);
  });

  it("says it is preparing while the answer is on its way", async () => {
    stub({ "POST /me/export": () => pending() });
    await download();
    expect(await screen.findByText("Preparing your data…")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Download my data" })).toHaveAttribute("aria-disabled", "true");
  });

  it("builds a large copy in the background, then downloads the file", async () => {
    let polls = 0;
    const api = stub({
      "POST /me/export": json(EXPORT, { status: 202, headers: { Location: "/me/exports/e-1", "Retry-After": "2" } }),
      "GET /me/exports/:id": () => {
        polls += 1;
        return polls === 1 ? json({ ...EXPORT, status: "building" }) : json({ ...EXPORT, status: "ready", rows: 1, url: "https://files.example/e-1.json?sig=1" });
      },
    });
    await download();
    expect(await screen.findByText(/Your file is being prepared/)).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
    expect(await screen.findByText("Your file is ready and was downloaded.", {}, { timeout: 6000 })).toBeInTheDocument();
    expect(saved.urls).toEqual(["https://files.example/e-1.json?sig=1"]);
    expect(screen.getByRole("link", { name: /Download the file again/ })).toHaveAttribute("href", "https://files.example/e-1.json?sig=1");
    const sent = api.requestsTo("GET", "/me/exports/e-1");
    expect(sent).toHaveLength(2);
    expect(new URL(sent[0]!.url).searchParams.get("redirect")).toBe("false");
    expect(saved.blobs).toEqual([]);
  });

  it("says when the file could not be built", async () => {
    stub({
      "POST /me/export": json(EXPORT, { status: 202 }),
      "GET /me/exports/:id": json({ ...EXPORT, status: "failed", error: "The export could not be built; request it again." }),
    });
    await download();
    expect(await screen.findByRole("alert")).toHaveTextContent("Your file could not be prepared. Try again.");
  });

  it("says an error as a sentence", async () => {
    stub({ "POST /me/export": apiError(500, "internal_error", "x") });
    await download();
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(saved.blobs).toEqual([]);
  });

  it("asks nothing while offline", async () => {
    const api = stub({ "POST /me/export": json(DOCUMENT) });
    const { user } = renderApp("/profile");
    await findPage("Profile");
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(await screen.findByRole("button", { name: "Download my data" }));
    expect(await screen.findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(api.requestsTo("POST", "/me/export")).toHaveLength(0);
  });
});
