import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { BOARD, ME, MY_ORG } from "../test/fixtures";
import { apiError, json, pending, renderApp, setOnline, stubApi } from "../test/harness";

describe("Leaderboard", () => {
  it("shows skeletons while loading", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": () => pending() });
    renderApp("/leaderboard");
    expect(await screen.findByRole("heading", { level: 1, name: "Leaderboard" })).toBeInTheDocument();
    expect(screen.getByText("Loading…")).toBeInTheDocument();
  });

  it("opened offline, says once that it waits, then shows the progress and the board", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": BOARD });
    setOnline(false);
    renderApp("/leaderboard");
    expect(await screen.findAllByText(/^Waiting for a connection/)).toHaveLength(1);
    expect(screen.queryByRole("region", { name: "Your progress" })).toBeNull();
    expect(screen.getByRole("region", { name: "Your rank" }).querySelector(".skeleton-line")).toBeNull();
    setOnline(true);
    expect(await screen.findByRole("table")).toBeInTheDocument();
    expect(await screen.findByText("260 points to level 4")).toBeInTheDocument();
    expect(screen.queryByText(/^Waiting for a connection/)).toBeNull();
  });

  it("says when the board has not been computed yet", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": { ...BOARD, generated_at: null, entries: [], me: null } });
    renderApp("/leaderboard");
    expect(await screen.findByText(/has not been computed yet/)).toBeInTheDocument();
  });

  it("says what to do when nobody scored", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": { ...BOARD, entries: [], me: { rank: 1, points: 0 } } });
    renderApp("/leaderboard");
    expect(await screen.findByText(/Share a post from the feed to be first/)).toBeInTheDocument();
  });

  it("shows an error as a sentence", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": apiError(500, "internal_error", "x") });
    renderApp("/leaderboard");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("ranks as the API does (ties included) and always shows the member's own rank", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": BOARD });
    renderApp("/leaderboard");
    const table = await screen.findByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[0]?.textContent)).toEqual(["1", "2", "2", "4"]);
    expect(rows[1]).toHaveAttribute("aria-current", "true");
    expect(within(rows[1]!).getByText("You")).toBeInTheDocument();
    const mine = screen.getByRole("region", { name: "Your rank" });
    expect(mine).toHaveTextContent("#2 with 60 points");
    expect(mine).toHaveTextContent("Every share, and every click on your links, moves you up.");
  });

  it("puts the member's own progress first: the points to the next level and the nearest badge", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": { ...BOARD, me: { rank: 1, points: 90 } } });
    renderApp("/leaderboard");
    const progress = await screen.findByRole("region", { name: "Your progress" });
    await waitFor(() => expect(progress).toHaveTextContent("260 points to level 4"));
    expect(progress).toHaveTextContent("Next badge: 10 shares 3 of 10 shares");
    const bar = within(progress).getByRole("progressbar", { name: "10 shares" });
    expect(bar).toHaveAttribute("value", "3");
    expect(bar).toHaveAttribute("max", "10");
    const rank = screen.getByRole("region", { name: "Your rank" });
    expect(progress.compareDocumentPosition(rank) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(await within(rank).findByText("You lead this board: well done.")).toBeInTheDocument();
  });

  it("says when nothing is left to reach, and counts clicks for a clicks badge", async () => {
    const top = { ...ME, next_level: null, next_badge: null };
    stubApi({ "GET /me": top, "GET /leaderboards/:period": BOARD });
    const view = renderApp("/leaderboard");
    const progress = await screen.findByRole("region", { name: "Your progress" });
    await waitFor(() => expect(progress).toHaveTextContent("You have reached the top level."));
    expect(progress).toHaveTextContent("You have every milestone badge.");
    view.unmount();

    const clicks = { badge: "hundred_unique_clicks", counter: "unique_clicks" as const, count: 1, target: 100 };
    stubApi({ "GET /me": { ...ME, next_badge: clicks }, "GET /leaderboards/:period": BOARD });
    renderApp("/leaderboard");
    const again = await screen.findByRole("region", { name: "Your progress" });
    await waitFor(() => expect(again).toHaveTextContent("Next badge: 100 unique clicks 1 of 100 unique clicks"));
  });

  it("shows the member's rank even when they are below the entries shown", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": { ...BOARD, entries: BOARD.entries.slice(0, 1), me: { rank: 37, points: 5 } } });
    renderApp("/leaderboard");
    const mine = await screen.findByRole("region", { name: "Your rank" });
    await waitFor(() => expect(mine).toHaveTextContent("#37 with 5 points"));
  });

  it("switches period and group with the matching queries", async () => {
    const stub = stubApi({
      "GET /me": ME,
      "GET /me/org": MY_ORG,
      "GET /leaderboards/:period": (_req, url, params) =>
        json({ ...BOARD, period: params.period, me: url.searchParams.get("group") === "g-other" ? null : BOARD.me }),
    });
    const { user } = renderApp("/leaderboard");
    await screen.findByRole("table");
    await user.click(screen.getByRole("radio", { name: "This month" }));
    expect(await screen.findByTestId("location")).toHaveTextContent("/leaderboard?period=month");
    const group = await screen.findByLabelText("Group");
    expect(within(group).getAllByRole("option").map((o) => o.textContent)).toEqual(["Everyone", "Field team", "Sales"]);
    await user.selectOptions(group, "g-sales");
    await screen.findByRole("table");
    const urls = stub.requestsTo("GET", "/leaderboards/month").map((r) => new URL(r.url));
    expect(urls.some((u) => u.searchParams.get("group") === "g-sales")).toBe(true);
    expect(stub.requestsTo("GET", "/leaderboards/week")).toHaveLength(1);
  });

  it("dates the board in the org's time zone", async () => {
    stubApi({ "GET /me": ME, "GET /me/org": { ...MY_ORG, timezone: "Asia/Tokyo" }, "GET /leaderboards/:period": BOARD });
    renderApp("/leaderboard");
    // 12:00 UTC is 21:00 in Tokyo, whatever the machine's own zone.
    const updated = await screen.findByText(/^Updated .*(21:00|9:00\s?PM)/);
    expect(updated.textContent).not.toMatch(/12:00/);
  });

  it("says so when the member is not in the chosen group", async () => {
    stubApi({ "GET /me": ME, "GET /leaderboards/:period": { ...BOARD, me: null } });
    renderApp("/leaderboard?period=all&group=g-sales");
    expect(await screen.findByText("You are not in this group's leaderboard.")).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "All time" })).toBeChecked();
  });
});
