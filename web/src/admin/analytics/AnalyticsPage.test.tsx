import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { components } from "../../api/schema";
import { charts, resetStandIns, saved } from "../../test/standIns";
import { ME, MY_ORG, page } from "../../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../../test/harness";

type Summary = components["schemas"]["Summary"];

// jsdom has no canvas and no downloads: stand-ins keep what each chart was given and each file saved.
vi.mock("chart.js", async () => (await import("../../test/standIns")).chartJs);
vi.mock("./download", async () => (await import("../../test/standIns")).downloads);

const MANAGER = { ...ME, role: "manager" as const };
const ORG = { ...MY_ORG, timezone: "Europe/Rome" };
const SALES = { group_id: "g-sales", name: "Sales", members: 7 };
const FIELD = { group_id: "g-field", name: "Field team", members: 3 };

function summary(overrides: Partial<Summary> = {}): Summary {
  return {
    from: "2026-11-02",
    to: "2026-12-01",
    members: 25,
    active_advocates: 9,
    participation_rate: 0.3612,
    shares: 1234,
    personalised_shares: 432,
    personalised_rate: 0.3501,
    clicks: 5310,
    human_clicks: 4780,
    unique_clicks: 3250,
    clicks_per_share: 4.3031,
    reach: 47370,
    reach_verified: 6120,
    reach_self_declared: 41250,
    emv: 1177.13,
    currency: "GBP",
    account_posts: { linkedin: 6, x: 4 },
    x_posts_cost_usd: 0.8,
    by_network: {
      linkedin: { shares: 31, clicks: 402, unique_clicks: 240, reach: 41250 },
      x: { shares: 17, clicks: 129, unique_clicks: 85, reach: 6120 },
    },
    top_content: [{ content_id: "c-1", title: "We are hiring", shares: 42, clicks: 317, unique_clicks: 188 }],
    top_advocates: [{ member_id: "m-ben", name: "Ben Ray", shares: 14, clicks: 160, unique_clicks: 97 }],
    daily: [
      { date: "2026-11-30", shares: 12, clicks: 96, unique_clicks: 58 },
      { date: "2026-12-01", shares: 36, clicks: 435, unique_clicks: 267 },
    ],
    computed_at: "2026-11-30T23:25:00Z", // 00:25 on 1 December in Rome: today there
    ...overrides,
  };
}

function routes(extra: Record<string, unknown> = {}) {
  return {
    "GET /me": MANAGER,
    "GET /me/org": ORG,
    "GET /groups": page([SALES, FIELD]),
    "GET /analytics/summary": summary(),
    ...extra,
  };
}

/** The value shown in the tile labelled `label`. */
function tile(label: string): string {
  const term = screen.getByText(label, { selector: "dt" });
  return term.parentElement?.querySelector(".tile-value")?.textContent ?? "";
}

beforeEach(() => {
  // 23:30 UTC on 30 November is already 1 December in Rome, the org's time zone.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-30T23:30:00Z"));
  resetStandIns();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("Analytics", () => {
  it("is offered to managers, and refused to members", async () => {
    stubApi(routes({ "GET /me": ME, "GET /feed": page([]) }));
    const first = renderApp("/admin/analytics");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
    first.unmount();
    stubApi(routes());
    renderApp("/admin/analytics");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Analytics" })).toHaveAttribute("aria-current", "page");
  });

  it("shows skeletons while loading, then the summary's own numbers for the last 30 days of the org's time zone", async () => {
    let answer: (value: Response) => void = () => undefined;
    const stub = stubApi(routes({ "GET /analytics/summary": () => new Promise<Response>((resolve) => (answer = resolve)) }));
    renderApp("/admin/analytics");
    await screen.findByRole("heading", { level: 1, name: "Analytics" });
    await waitFor(() => expect(stub.requestsTo("GET", "/analytics/summary")).toHaveLength(1));
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    const sent = new URL(stub.requestsTo("GET", "/analytics/summary")[0]!.url).searchParams;
    expect(Object.fromEntries(sent)).toEqual({ from: "2026-11-02", to: "2026-12-01" });
    expect(screen.getByLabelText("From")).toHaveValue("2026-11-02");
    expect(screen.getByLabelText("To")).toHaveValue("2026-12-01");
    expect(screen.getByLabelText("From")).toHaveAccessibleDescription("A day in the org's time zone, Europe/Rome.");

    answer(json(summary()));
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    expect(tile("Participation rate")).toBe("36.12%");
    expect(tile("Active advocates")).toBe("9");
    expect(tile("Shares")).toBe("1,234");
    expect(tile("Shares in own words")).toBe("35.01%");
    expect(screen.getByText("432 of 1,234 shares personalised")).toBeInTheDocument();
    expect(tile("Clicks")).toBe("5,310");
    expect(tile("Human clicks")).toBe("4,780");
    expect(tile("Unique clicks")).toBe("3,250");
    expect(tile("Reach (includes self-declared)")).toBe("47,370");
    expect(
      screen.getByText("Followers of the sharers: 41,250 self-declared by members (up to the limits in Settings), 6,120 verified by a connected account"),
    ).toBeInTheDocument();
    expect(screen.getByText(/on reach that includes self-declared follower counts/)).toBeInTheDocument();
    expect(tile("Earned media value")).toBe("£1,177.13");
    expect(tile("Posted through connected accounts")).toBe("10");
    expect(screen.getByText("LinkedIn 6, X 4")).toBeInTheDocument();
    expect(tile("X posting cost (estimate)")).toBe("$0.80");
    expect(screen.getByText("9 of 25 members shared")).toBeInTheDocument();
    expect(screen.getByText("Nov 2, 2026 to Dec 1, 2026")).toBeInTheDocument();
    expect(screen.getByText("Figures as of 12:25 AM: they are recomputed every 15 minutes.")).toBeInTheDocument();
  });

  it("says when the figures were computed: the day too when it was not today, and when none were", async () => {
    stubApi(routes({ "GET /analytics/summary": summary({ computed_at: "2026-11-29T16:05:00Z" }) }));
    const first = renderApp("/admin/analytics");
    expect(await screen.findByText("Figures as of Nov 29, 2026, 5:05 PM: they are recomputed every 15 minutes.")).toBeInTheDocument();
    first.unmount();
    stubApi(routes({ "GET /analytics/summary": summary({ computed_at: null }) }));
    renderApp("/admin/analytics");
    expect(await screen.findByText("No figures computed for these days yet: they are recomputed every 15 minutes.")).toBeInTheDocument();
  });

  it("sends the range and group chosen, and shows what the API answers for exactly that filter", async () => {
    const stub = stubApi(
      routes({
        "GET /analytics/summary": (_request: Request, url: URL) =>
          json(
            url.searchParams.get("group") === "g-sales"
              ? summary({ from: "2026-10-01", to: "2026-10-31", shares: 77, clicks: 301, reach: 9000, reach_self_declared: 9000, reach_verified: 0, participation_rate: 0.5, emv: 12.5, currency: "EUR" })
              : summary(),
          ),
      }),
    );
    const { user } = renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    const group = await screen.findByLabelText("Group");
    expect(within(group).getAllByRole("option").map((o) => o.textContent)).toEqual(["Everyone", "Field team", "Sales"]);

    await user.clear(screen.getByLabelText("From"));
    await user.type(screen.getByLabelText("From"), "2026-10-01");
    await user.clear(screen.getByLabelText("To"));
    await user.type(screen.getByLabelText("To"), "2026-10-31");
    await user.selectOptions(screen.getByLabelText("Group"), "Sales");
    await user.click(screen.getByRole("button", { name: "Show" }));

    await waitFor(() => expect(stub.requestsTo("GET", "/analytics/summary")).toHaveLength(2));
    const sent = new URL(stub.requestsTo("GET", "/analytics/summary")[1]!.url).searchParams;
    expect(Object.fromEntries(sent)).toEqual({ from: "2026-10-01", to: "2026-10-31", group: "g-sales" });
    await waitFor(() => expect(tile("Shares")).toBe("77"));
    expect(tile("Clicks")).toBe("301");
    expect(tile("Reach (includes self-declared)")).toBe("9,000");
    expect(tile("Participation rate")).toBe("50%");
    expect(tile("Earned media value")).toBe("€12.50");
    expect(screen.getByText("Oct 1, 2026 to Oct 31, 2026, group Sales")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/admin/analytics?from=2026-10-01&to=2026-10-31&group=g-sales");
  });

  it("refuses a range the API would refuse, next to its field, and shows the API's own refusal there too", async () => {
    const stub = stubApi(routes());
    const { user, unmount } = renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("To"));
    await user.type(screen.getByLabelText("To"), "2026-10-01");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(screen.getByLabelText("To")).toHaveAccessibleDescription("At most 366 days after the first. The last day cannot come before the first.");
    expect(screen.getByLabelText("To")).toHaveFocus();
    await user.clear(screen.getByLabelText("From"));
    await user.type(screen.getByLabelText("From"), "2024-01-01");
    await user.clear(screen.getByLabelText("To"));
    await user.type(screen.getByLabelText("To"), "2026-01-01");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(screen.getByLabelText("To")).toHaveAccessibleDescription("At most 366 days after the first. Choose at most 366 days.");
    expect(stub.requestsTo("GET", "/analytics/summary")).toHaveLength(1);
    unmount();

    const detail = { field: "from", message: "the range is at most 366 days" };
    stubApi(routes({ "GET /analytics/summary": apiError(422, "validation_error", "Some fields are not valid.", [detail]) }));
    renderApp("/admin/analytics?from=2026-01-01&to=2026-01-02");
    await waitFor(() => expect(screen.getByLabelText("From")).toHaveAccessibleDescription(expect.stringContaining("the range is at most 366 days")));
    expect(screen.getByRole("alert")).toHaveTextContent("Some fields are not valid. Check the messages next to them.");
  });

  it("checks each day before the range is sent, and focuses the first day found wrong", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    const from = screen.getByLabelText("From");
    const to = screen.getByLabelText("To");
    await user.clear(from);
    await user.clear(to);
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(from).toHaveAccessibleDescription("A day in the org's time zone, Europe/Rome. Choose the first day.");
    expect(from).toHaveAttribute("aria-invalid", "true");
    expect(from).toHaveFocus();
    expect(to).toHaveAccessibleDescription("At most 366 days after the first. Choose the last day.");

    await user.type(from, "1999-12-31");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(from).toHaveAccessibleDescription("A day in the org's time zone, Europe/Rome. Choose a day between 2000 and 2100.");

    await user.clear(from);
    await user.type(from, "2026-10-01");
    await user.click(screen.getByRole("button", { name: "Show" }));
    expect(from).not.toHaveAttribute("aria-invalid");
    expect(to).toHaveAccessibleDescription("At most 366 days after the first. Choose the last day.");
    expect(to).toHaveFocus();
    expect(stub.requestsTo("GET", "/analytics/summary")).toHaveLength(1);
  });

  it("offers no group filter when the caller may not list groups", async () => {
    stubApi(routes({ "GET /groups": apiError(403, "forbidden", "This action needs the admin role.") }));
    renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    expect(screen.queryByLabelText("Group")).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says what to do when nothing was shared, and an error as a sentence", async () => {
    const empty = summary({ shares: 0, clicks: 0, human_clicks: 0, unique_clicks: 0, active_advocates: 0, participation_rate: 0, reach: 0, reach_verified: 0, reach_self_declared: 0, emv: 0, by_network: {}, top_content: [], top_advocates: [], daily: [] });
    stubApi(routes({ "GET /analytics/summary": empty }));
    const first = renderApp("/admin/analytics");
    expect(await screen.findByText(/No shares in these days/)).toBeInTheDocument();
    expect(tile("Shares")).toBe("0");
    expect(charts.made).toHaveLength(0);
    first.unmount();
    stubApi(routes({ "GET /analytics/summary": apiError(500, "internal_error", "x") }));
    renderApp("/admin/analytics");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("draws the daily and per-network charts from the summary, each with a table of the same figures", async () => {
    stubApi(routes());
    const { user } = renderApp("/admin/analytics");
    const daily = await screen.findByRole("figure", { name: "Shares and clicks per day" });
    await waitFor(() => expect(charts.made.map((c) => c.type)).toEqual(["line", "bar"]));
    const [line, bar] = charts.made;
    expect(line!.labels).toEqual(["Nov 30", "Dec 1"]);
    expect(line!.datasets.map((d) => [d.label, d.data])).toEqual([
      ["Shares", [12, 36]],
      ["Clicks", [96, 435]],
    ]);
    expect(bar!.labels).toEqual(["LinkedIn", "X"]);
    expect(bar!.datasets.map((d) => [d.label, d.data])).toEqual([
      ["Shares", [31, 17]],
      ["Clicks", [402, 129]],
      ["Unique clicks", [240, 85]],
    ]);
    // The canvas is hidden from screen readers; the table is there for them, and on demand for anyone.
    expect(daily.querySelector("canvas")).toHaveAttribute("aria-hidden", "true");
    const table = within(daily).getByRole("table", { name: "Shares and clicks per day" });
    expect(within(table).getAllByRole("row").map((r) => r.textContent)).toEqual(["DaySharesClicks", "Nov 301296", "Dec 136435"]);
    await user.click(within(daily).getByRole("button", { name: "Show as a table: Shares and clicks per day" }));
    expect(within(daily).getByRole("button", { name: "Show as a table: Shares and clicks per day" })).toHaveAttribute("aria-pressed", "true");
    expect(daily.querySelector("canvas")).toBeNull();

    const content = screen.getByRole("region", { name: "Top content" });
    expect(within(content).getByRole("row", { name: /We are hiring/ })).toHaveTextContent("We are hiring42317188");
    const people = screen.getByRole("region", { name: "Top advocates" });
    expect(within(people).getByRole("row", { name: /Ben Ray/ })).toHaveTextContent("Ben Ray1416097");
  });

  it("downloads a small range's CSV at once", async () => {
    const stub = stubApi(
      routes({
        "GET /analytics/export.csv": () =>
          new Response("share_id,shared_at\r\ns-1,2026-11-03T10:00:00Z\r\n", { status: 200, headers: { "Content-Type": "text/csv; charset=utf-8" } }),
      }),
    );
    const { user } = renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText("Downloaded advocacy-shares-2026-11-02-2026-12-01.csv.")).toBeInTheDocument();
    expect(saved.blobs).toHaveLength(1);
    expect(saved.blobs[0]!.name).toBe("advocacy-shares-2026-11-02-2026-12-01.csv");
    expect(await saved.blobs[0]!.blob.text()).toBe("share_id,shared_at\r\ns-1,2026-11-03T10:00:00Z\r\n");
    const sent = new URL(stub.requestsTo("GET", "/analytics/export.csv")[0]!.url).searchParams;
    expect(Object.fromEntries(sent)).toEqual({ from: "2026-11-02", to: "2026-12-01" });
  });

  it("builds a large range's CSV in the background, shows its progress, then downloads the file", async () => {
    const exportOut = { export_id: "x-1", status: "pending", from: "2026-11-02", to: "2026-12-01", created_at: "2026-11-30T23:30:00Z", rows: 0, error: null, url: null };
    let polls = 0;
    const stub = stubApi(
      routes({
        "GET /analytics/export.csv": json(exportOut, { status: 202, headers: { Location: "/analytics/exports/x-1", "Retry-After": "2" } }),
        "GET /analytics/exports/:id": () => {
          polls += 1;
          return polls === 1
            ? json({ ...exportOut, status: "building", rows: 12000 })
            : json({ ...exportOut, status: "ready", rows: 25000, url: "https://files.example/x-1.csv?sig=1" });
        },
      }),
    );
    const { user } = renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText(/Building the file: 12,000 rows so far/)).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
    expect(saved.urls).toEqual([]);
    expect(await screen.findByText("The file of Nov 2, 2026 to Dec 1, 2026 is ready.", {}, { timeout: 6000 })).toBeInTheDocument();
    expect(saved.urls).toEqual(["https://files.example/x-1.csv?sig=1"]);
    expect(screen.getByRole("link", { name: "Download it again" })).toHaveAttribute("href", "https://files.example/x-1.csv?sig=1");
    expect(screen.queryByRole("progressbar")).not.toBeInTheDocument();
    // Polled without the redirect a browser could not read, and no more once ready.
    const pollsSent = stub.requestsTo("GET", "/analytics/exports/x-1");
    expect(pollsSent).toHaveLength(2);
    expect(new URL(pollsSent[0]!.url).searchParams.get("redirect")).toBe("false");
    expect(saved.blobs).toEqual([]);
  });

  it("says when a build failed, and when the device is offline", async () => {
    const exportOut = { export_id: "x-2", status: "failed", from: "2026-11-02", to: "2026-12-01", created_at: "2026-11-30T23:30:00Z", rows: 10, error: "stalled", url: null };
    const stub = stubApi(
      routes({
        "GET /analytics/export.csv": json({ ...exportOut, status: "pending" }, { status: 202 }),
        "GET /analytics/exports/:id": exportOut,
      }),
    );
    const { user } = renderApp("/admin/analytics");
    expect(await screen.findByText("Participation rate")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The file could not be built. Export again.");

    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(screen.getByRole("button", { name: "Export CSV" }));
    expect(await screen.findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(stub.requestsTo("GET", "/analytics/export.csv")).toHaveLength(1);
  });

  it("speaks Italian", async () => {
    stubApi(routes({ "GET /analytics/summary": () => pending() }));
    renderApp("/admin/analytics", { lang: "it" });
    expect(await screen.findByRole("heading", { level: 1, name: "Statistiche" })).toBeInTheDocument();
    expect(await screen.findByLabelText("Dal")).toHaveValue("2026-11-02");
    expect(screen.getByRole("button", { name: "Esporta CSV" })).toBeInTheDocument();
  });

  it("labels reach as including self-declared counts, in Italian too", async () => {
    stubApi(routes({ "GET /analytics/summary": summary() }));
    renderApp("/admin/analytics", { lang: "it" });
    expect(await screen.findByText("Copertura (anche dichiarata)")).toBeInTheDocument();
    expect(screen.getByText(/41\.250 dichiarati dai membri/)).toBeInTheDocument();
    expect(screen.getByText(/6120 verificati da un account collegato/)).toBeInTheDocument();
    expect(screen.getByText("Dati aggiornati a: 00:25. Si ricalcolano ogni 15 minuti.")).toBeInTheDocument();
  });
});
