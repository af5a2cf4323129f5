import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { components } from "../../api/schema";
import { ME, MY_ORG, page } from "../../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../../test/harness";

type Suspect = components["schemas"]["SuspiciousShare"];

// jsdom has no canvas and no downloads: stand-ins keep what each chart was given and each file saved.
vi.mock("chart.js", async () => (await import("../../test/standIns")).chartJs);
vi.mock("./download", async () => (await import("../../test/standIns")).downloads);

const ADMIN = { ...ME, member_id: "m-ada", name: "Ada Admin", role: "admin" as const };
const MANAGER = { ...ME, role: "manager" as const };
const MIA = { member_id: "m-mia", org_id: "org-acme", email: "mia@acme.example", name: "Mia Rossi", role: "member", groups: [], status: "active", created_at: "2026-10-01T09:00:00Z" };
const SUMMARY = {
  from: "2026-11-02", to: "2026-12-01", members: 2, active_advocates: 1, participation_rate: 0.5, shares: 1,
  personalised_shares: 0, personalised_rate: 0, clicks: 31, human_clicks: 30, unique_clicks: 1, clicks_per_share: 31,
  reach: 0, emv: 0, currency: "EUR", account_posts: {}, x_posts_cost_usd: 0, by_network: {}, top_content: [],
  top_advocates: [], daily: [],
};

function suspect(overrides: Partial<Suspect> = {}): Suspect {
  return {
    share_id: "s-1",
    member_id: "m-mia",
    content_id: "c-1",
    network: "linkedin",
    code: "bEDKaen5NM4I",
    created_at: "2026-11-30T10:00:00Z",
    points_awarded: 10,
    evidence: {
      clicks: 31, human_clicks: 30, unique_clicks: 1, repeat_clicks: 29, capped_clicks: 2, addresses: 1,
      max_agents_per_address: 30, addresses_with_many_agents: 1, burst: 30, burst_at: "2026-11-30T10:04:00Z",
      own_clicks: null, reasons: ["many_agents", "burst", "capped", "repeats"],
    },
    void: null,
    ...overrides,
  };
}

function routes(extra: Record<string, unknown> = {}) {
  return {
    "GET /me": ADMIN,
    "GET /me/org": MY_ORG,
    "GET /groups": page([]),
    "GET /analytics/summary": SUMMARY,
    "GET /analytics/suspicious-shares": page([suspect()]),
    "GET /members/:id": MIA,
    ...extra,
  };
}

async function panel() {
  return screen.findByRole("region", { name: "Suspicious shares" });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-12-01T09:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("Suspicious shares", () => {
  it("are shown to admins only, for the dashboard's range", async () => {
    const first = stubApi(routes({ "GET /me": MANAGER }));
    const shown = renderApp("/admin/analytics");
    await screen.findByRole("region", { name: "Figures" });
    expect(screen.queryByRole("region", { name: "Suspicious shares" })).not.toBeInTheDocument();
    expect(first.requestsTo("GET", "/analytics/suspicious-shares")).toHaveLength(0);
    shown.unmount();

    const stub = stubApi(routes());
    renderApp("/admin/analytics?from=2026-11-01&to=2026-11-30");
    await panel();
    const [request] = stub.requestsTo("GET", "/analytics/suspicious-shares");
    const query = new URL(request!.url).searchParams;
    expect([query.get("from"), query.get("to")]).toEqual(["2026-11-01", "2026-11-30"]);
  });

  it("shows a skeleton while loading, then each share with its evidence", async () => {
    stubApi(routes({ "GET /analytics/suspicious-shares": () => pending() }));
    const first = renderApp("/admin/analytics");
    const loading = await panel();
    expect(within(loading).getByText("Loading…")).toBeInTheDocument();
    first.unmount();

    stubApi(routes());
    renderApp("/admin/analytics");
    const region = await panel();
    const row = (await within(region).findByText("Share bEDKaen5NM4I")).closest("li")!;
    expect(await within(row).findByText(/Shared by Mia Rossi on Linkedin/)).toBeInTheDocument();
    expect(row).toHaveTextContent("30 browsers from one address");
    expect(row).toHaveTextContent("30 clicks within a minute");
    expect(row).toHaveTextContent("29 repeat clicks from addresses already counted");
    expect(row).toHaveTextContent("2 clicks over a cap, not rewarded");
    expect(row).toHaveTextContent("31 clicks, 30 human, 1 unique");
    expect(within(region).getByText("Clicks from the sharer's own sessions are not detected.")).toBeInTheDocument();
  });

  it("says when there are none", async () => {
    stubApi(routes({ "GET /analytics/suspicious-shares": page([]) }));
    renderApp("/admin/analytics");
    expect(await within(await panel()).findByText("No suspicious shares in this range.")).toBeInTheDocument();
  });

  it("says what failed and reads again on Retry", async () => {
    let failing = true;
    stubApi(
      routes({
        "GET /analytics/suspicious-shares": () => (failing ? apiError(500, "internal_error", "x") : json(page([]))),
      }),
    );
    const { user } = renderApp("/admin/analytics");
    const region = await panel();
    expect(await within(region).findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    failing = false;
    await user.click(within(region).getByRole("button", { name: "Try again" }));
    expect(await within(region).findByText("No suspicious shares in this range.")).toBeInTheDocument();
  });

  it("voids a share with a reason, confirmed in a dialog, with an Idempotency-Key", async () => {
    let voided = false;
    const stub = stubApi(
      routes({
        "GET /analytics/suspicious-shares": () =>
          json(page([voided ? suspect({ void: { voided_at: "2026-12-01T09:00:00Z", voided_by: "m-ada", reason: "Farmed." } }) : suspect()])),
        "POST /shares/:id/void": () => {
          voided = true;
          return json({ share_id: "s-1", member_id: "m-mia", voided_at: "2026-12-01T09:00:00Z", voided_by: "m-ada", reason: "Farmed." });
        },
      }),
    );
    const { user } = renderApp("/admin/analytics");
    const region = await panel();
    await user.click(await within(region).findByRole("button", { name: "Void points: Share bEDKaen5NM4I" }));
    const dialog = await screen.findByRole("dialog", { name: "Void the points of this share?" });
    expect(dialog).toHaveTextContent("Every point Mia Rossi earned with this share is taken back");
    await user.click(within(dialog).getByRole("button", { name: "Void points" }));
    expect(await within(dialog).findByText("Say why the points are voided.")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/shares/s-1/void")).toHaveLength(0);

    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "  Farmed.  ");
    await user.click(within(dialog).getByRole("button", { name: "Void points" }));
    expect(await within(region).findByText("The points of Mia Rossi's share are voided.")).toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/shares/s-1/void");
    expect(await post!.json()).toEqual({ reason: "Farmed." });
    expect(post!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await within(region).findByText(/Voided .*: Farmed\./)).toBeInTheDocument();
    expect(within(region).queryByRole("button", { name: /Void points/ })).not.toBeInTheDocument();
  });

  it("says the API's refusal in the dialog", async () => {
    stubApi(routes({ "POST /shares/:id/void": () => apiError(404, "not_found", "share not found") }));
    const { user } = renderApp("/admin/analytics");
    await user.click(await within(await panel()).findByRole("button", { name: "Void points: Share bEDKaen5NM4I" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Farmed.");
    await user.click(within(dialog).getByRole("button", { name: "Void points" }));
    await waitFor(() => expect(within(dialog).getByRole("alert")).toBeInTheDocument());
  });

  it("says so at once when the device is offline", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/admin/analytics");
    await user.click(await within(await panel()).findByRole("button", { name: "Void points: Share bEDKaen5NM4I" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Farmed.");
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(within(dialog).getByRole("button", { name: "Void points" }));
    expect(await within(dialog).findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/shares/s-1/void")).toHaveLength(0);
  });

  it("speaks Italian", async () => {
    stubApi(routes());
    renderApp("/admin/analytics", { lang: "it" });
    const region = await screen.findByRole("region", { name: "Condivisioni sospette" });
    expect(await within(region).findByText("30 browser da un solo indirizzo")).toBeInTheDocument();
    expect(within(region).getByRole("button", { name: "Annulla i punti: Condivisione bEDKaen5NM4I" })).toBeInTheDocument();
  });
});
