import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { contest, ME, MY_ORG, page, reward } from "../../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../../test/harness";

const MANAGER = { ...ME, role: "manager" as const };
const ORG = { ...MY_ORG, timezone: "Europe/Rome" };
const SALES = { group_id: "g-sales", name: "Sales", members: 7 };
const FIELD = { group_id: "g-field", name: "Field team", members: 3 };
const RUNNING = contest({
  contest_id: "k-run",
  name: "November sprint",
  groups: ["g-sales"],
  standings: [
    { rank: 1, member_id: "m-ben", name: "Ben Ray", score: 12 },
    { rank: 2, member_id: "m-ava", name: "Ava Stone", score: 9 },
  ],
});
const CLOSED = contest({
  contest_id: "k-old",
  name: "October sprint",
  status: "closed",
  starts_at: "2026-10-01T00:00:00Z",
  ends_at: "2026-10-15T00:00:00Z",
  prizes: [
    { place: 1, points: 500, reward_id: "r-1", badge: null },
    { place: 2, points: null, reward_id: null, badge: "silver" },
  ],
  standings: [
    { rank: 1, member_id: "m-cat", name: "Cat Moss", score: 30 },
    { rank: 2, member_id: "m-ben", name: "Ben Ray", score: 20 },
    { rank: 2, member_id: "m-dan", name: "Dan Vale", score: 20 },
    { rank: 4, member_id: "m-ava", name: "Ava Stone", score: 5 },
  ],
});
const UPCOMING = contest({ contest_id: "k-next", name: "December sprint", status: "upcoming", starts_at: "2026-12-01T00:00:00Z" });

function routes(extra: Record<string, unknown> = {}) {
  return {
    "GET /me": MANAGER,
    "GET /me/org": ORG,
    "GET /groups": page([SALES, FIELD]),
    "GET /rewards": page([reward(), reward({ reward_id: "r-off", name: "Retired mug", active: false })]),
    "GET /contests": page([UPCOMING, RUNNING, CLOSED]),
    "GET /contests/:id": (_request: Request, _url: URL, params: Record<string, string>) =>
      json([RUNNING, CLOSED, UPCOMING].find((c) => c.contest_id === params.id)),
    ...extra,
  };
}

/** Types a value into a date or time input (set whole, as a browser's picker does). */
function setValue(input: HTMLElement, value: string) {
  fireEvent.change(input, { target: { value } });
}

beforeEach(() => {
  // 10:00 UTC on 20 October 2026: 12:00 in Rome (summer time, +02:00), which ends on 25 October.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-10-20T10:00:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The API with a contest created from whatever the form sends. */
function stubCreate() {
  return stubApi(
    routes({ "POST /contests": async (request: Request) => json(contest({ ...((await request.json()) as object), contest_id: "k-new", status: "upcoming" }), { status: 201 }) }),
  );
}

describe("Contests admin", () => {
  it("is offered to managers, and refused to members", async () => {
    stubApi(routes({ "GET /me": ME, "GET /feed": page([]) }));
    const first = renderApp("/admin/contests");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
    first.unmount();
    stubApi(routes());
    renderApp("/admin/contests");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Contests admin" })).toHaveAttribute("aria-current", "page");
  });

  it("proposes the next full hour for a week, in the org's time zone across its DST change", async () => {
    stubApi(routes());
    renderApp("/admin/contests");
    const form = await screen.findByRole("form", { name: "New contest" });
    expect(within(form).getByLabelText("Starts")).toHaveValue("2026-10-20T13:00");
    expect(within(form).getByLabelText("Ends")).toHaveValue("2026-10-27T12:00"); // a week later, after the clocks went back
    expect(within(form).getByLabelText("Starts")).toHaveAccessibleDescription("In the org's time zone, Europe/Rome.");
  });

  it("creates a contest: the org's wall-clock times sent in UTC, groups, metric, prizes and minimum score", async () => {
    const stub = stubCreate();
    const { user } = renderApp("/admin/contests");
    const form = await screen.findByRole("form", { name: "New contest" });
    await user.type(within(form).getByLabelText("Name"), "Autumn push");
    setValue(within(form).getByLabelText("Starts"), "2026-10-24T09:00"); // CEST, +02:00
    setValue(within(form).getByLabelText("Ends"), "2026-10-31T18:00"); // CET, +01:00
    await user.click(within(form).getByLabelText("Shares"));
    await user.click(await within(form).findByLabelText("Sales"));
    await user.clear(within(form).getByLabelText("Minimum score"));
    await user.type(within(form).getByLabelText("Minimum score"), "3");
    await user.click(within(form).getByRole("button", { name: "Add a prize" }));
    await user.type(within(within(form).getByRole("group", { name: "Prize 1" })).getByLabelText("Points"), "500");
    await user.click(within(form).getByRole("button", { name: "Add a prize" }));
    const second = within(form).getByRole("group", { name: "Prize 2" });
    expect(within(second).getByLabelText("Place")).toHaveValue(2);
    expect(within(within(second).getByLabelText("Reward")).getAllByRole("option").map((o) => o.textContent)).toEqual(["No reward", "Company hoodie"]);
    await user.selectOptions(within(second).getByLabelText("Reward"), "Company hoodie");
    await user.type(within(second).getByLabelText("Badge"), "silver");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));

    expect(await screen.findByText("Contest “Autumn push” created.")).toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/contests");
    expect(post!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await post!.json()).toEqual({
      name: "Autumn push",
      starts_at: "2026-10-24T07:00:00Z",
      ends_at: "2026-10-31T17:00:00Z",
      metric: "shares",
      groups: ["g-sales"],
      prizes: [
        { place: 1, points: 500 },
        { place: 2, reward_id: "r-1", badge: "silver" },
      ],
      min_score: 3,
    });
    expect(within(form).getByLabelText("Name")).toHaveValue("");
  });

  it("checks the fields before sending, shows the API's refusal next to its field, and a new key for a new body", async () => {
    let refuse = true;
    const stub = stubApi(
      routes({
        "POST /contests": () =>
          refuse
            ? apiError(422, "validation_error", "Some fields are not valid.", [{ field: "prizes.0.badge", message: "String should match pattern" }])
            : json(contest({ name: "Sprint", status: "upcoming" }), { status: 201 }),
      }),
    );
    const { user } = renderApp("/admin/contests");
    const form = await screen.findByRole("form", { name: "New contest" });
    setValue(within(form).getByLabelText("Ends"), "2026-10-20T12:00");
    await user.click(within(form).getByRole("button", { name: "Add a prize" }));
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(within(form).getByLabelText("Name")).toHaveAccessibleDescription("Give the contest a name.");
    expect(within(form).getByLabelText("Ends")).toHaveAccessibleDescription(expect.stringContaining("The end must come after the start."));
    expect(within(form).getByRole("group", { name: "Prize 1" })).toHaveTextContent("Give this place points, a reward or a badge.");
    expect(within(form).getByLabelText("Name")).toHaveFocus(); // the first field found wrong
    setValue(within(form).getByLabelText("Starts"), "2026-10-19T09:00");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(within(form).getByLabelText("Starts")).toHaveAccessibleDescription(expect.stringContaining("Choose a start from now on."));
    expect(stub.requestsTo("POST", "/contests")).toHaveLength(0);

    await user.type(within(form).getByLabelText("Name"), "Sprint");
    setValue(within(form).getByLabelText("Starts"), "2026-10-21T09:00");
    setValue(within(form).getByLabelText("Ends"), "2026-10-28T09:00");
    const prize = within(form).getByRole("group", { name: "Prize 1" });
    await user.type(within(prize).getByLabelText("Badge"), "gold");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    await waitFor(() => expect(within(prize).getByLabelText("Badge")).toHaveAccessibleDescription(expect.stringContaining("String should match pattern")));

    refuse = false;
    await user.clear(within(prize).getByLabelText("Badge"));
    await user.type(within(prize).getByLabelText("Badge"), "gold_star");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(await screen.findByText("Contest “Sprint” created.")).toBeInTheDocument();
    const posts = stub.requestsTo("POST", "/contests");
    expect(posts).toHaveLength(2);
    expect((await posts[0]!.json()) as object).toMatchObject({ starts_at: "2026-10-21T07:00:00Z", ends_at: "2026-10-28T08:00:00Z", groups: [] });
    expect(posts[1]!.headers.get("Idempotency-Key")).not.toEqual(posts[0]!.headers.get("Idempotency-Key"));
  });

  it("refuses what the API would: a start past and an end before it at once, a minimum score, prizes' places, points and badges", async () => {
    const stub = stubCreate();
    const { user } = renderApp("/admin/contests");
    const form = await screen.findByRole("form", { name: "New contest" });
    await user.type(within(form).getByLabelText("Name"), "Sprint");
    setValue(within(form).getByLabelText("Starts"), "2026-10-19T09:00");
    setValue(within(form).getByLabelText("Ends"), "2026-10-19T08:00");
    setValue(within(form).getByLabelText("Minimum score"), "-1");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(within(form).getByLabelText("Starts")).toHaveAccessibleDescription(expect.stringContaining("Choose a start from now on."));
    expect(within(form).getByLabelText("Ends")).toHaveAccessibleDescription(expect.stringContaining("The end must come after the start."));
    expect(within(form).getByLabelText("Minimum score")).toHaveAccessibleDescription(expect.stringContaining("Enter a whole number from 0 to 1,000,000,000."));
    expect(within(form).getByLabelText("Starts")).toHaveFocus();

    setValue(within(form).getByLabelText("Starts"), "2026-10-20T11:56"); // four minutes ago: still taken
    setValue(within(form).getByLabelText("Ends"), "2026-10-27T12:00");
    setValue(within(form).getByLabelText("Minimum score"), "");
    await user.click(within(form).getByRole("button", { name: "Add a prize" }));
    await user.click(within(form).getByRole("button", { name: "Add a prize" }));
    expect(within(form).getByRole("button", { name: "Add a prize" })).toHaveFocus(); // not moved into the new prize
    const first = within(form).getByRole("group", { name: "Prize 1" });
    const second = within(form).getByRole("group", { name: "Prize 2" });
    setValue(within(first).getByLabelText("Place"), "1001");
    await user.type(within(first).getByLabelText("Points"), "0");
    await user.type(within(second).getByLabelText("Badge"), "Gold!");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(within(first).getByLabelText("Place")).toHaveAccessibleDescription("Enter a place from 1 to 1,000.");
    expect(within(first).getByLabelText("Points")).toHaveAccessibleDescription("Enter a whole number of points from 1 to 1,000,000, or leave it empty.");
    expect(within(second).getByLabelText("Badge")).toHaveAccessibleDescription(expect.stringContaining("Use 1 to 40 lower-case letters, digits or _."));
    expect(within(form).getByLabelText("Starts")).not.toHaveAttribute("aria-invalid");
    expect(within(form).getByLabelText("Minimum score")).not.toHaveAttribute("aria-invalid");
    expect(within(first).getByLabelText("Place")).toHaveFocus();

    setValue(within(first).getByLabelText("Place"), "2");
    await user.clear(within(first).getByLabelText("Points"));
    await user.type(within(first).getByLabelText("Points"), "1000000");
    await user.clear(within(second).getByLabelText("Badge"));
    await user.type(within(second).getByLabelText("Badge"), "gold");
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(within(first).getByLabelText("Place")).toHaveAccessibleDescription("Another prize has this place.");
    expect(within(second).getByLabelText("Place")).toHaveAccessibleDescription("Another prize has this place.");
    expect(within(first).getByRole("button", { name: "Remove the prize for place 2" })).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/contests")).toHaveLength(0);

    await user.click(within(first).getByRole("button", { name: "Remove the prize for place 2" }));
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(await screen.findByText("Contest “Sprint” created.")).toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/contests");
    expect(await post!.json()).toMatchObject({ starts_at: "2026-10-20T09:56:00Z", min_score: 0, prizes: [{ place: 2, badge: "gold" }] });
  });

  it("offers no group choice when the caller may not list groups", async () => {
    stubApi(routes({ "GET /groups": apiError(403, "forbidden", "This action needs the admin role.") }));
    renderApp("/admin/contests");
    const form = await screen.findByRole("form", { name: "New contest" });
    await screen.findByText("November sprint");
    expect(within(form).queryByRole("group", { name: "Who takes part" })).not.toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("shows running contests with live standings, upcoming ones, and the winners of finished ones with their prizes", async () => {
    stubApi(routes());
    renderApp("/admin/contests");
    const running = await screen.findByRole("region", { name: "Running" });
    const sprint = within(running).getByRole("article", { name: "November sprint" });
    expect(sprint).toHaveTextContent("Groups: Sales");
    const live = await within(sprint).findByRole("table", { name: "Live standings: November sprint" });
    expect(within(live).getAllByRole("row").map((r) => r.textContent)).toEqual(["RankMemberScore", "1Ben Ray12", "2Ava Stone9"]);
    expect(within(sprint).getByRole("button", { name: "Refresh standings: November sprint" })).toBeInTheDocument();

    const upcoming = screen.getByRole("region", { name: "Upcoming" });
    expect(within(upcoming).getByRole("article", { name: "December sprint" })).toBeInTheDocument();
    expect(within(upcoming).queryByRole("table")).not.toBeInTheDocument();

    const finished = screen.getByRole("region", { name: "Finished" });
    const winners = await within(finished).findByRole("table", { name: "Winners: October sprint" });
    expect(within(winners).getAllByRole("row").map((r) => r.textContent)).toEqual([
      "RankMemberScorePrize",
      "1Cat Moss30500 points, Company hoodie",
      "2Ben Ray20badge silver",
      "2Dan Vale20badge silver",
    ]);
  });

  it("shows loading, says what to do when there are no contests, and errors as sentences", async () => {
    stubApi(routes({ "GET /contests": () => pending() }));
    const first = renderApp("/admin/contests");
    await screen.findByRole("heading", { level: 1, name: "Contests admin" });
    expect(screen.getAllByText("Loading…").length).toBeGreaterThan(0);
    first.unmount();
    stubApi(routes({ "GET /contests": page([]) }));
    const second = renderApp("/admin/contests");
    expect(await screen.findByText(/No contests yet. Create the first one above/)).toBeInTheDocument();
    second.unmount();
    stubApi(routes({ "GET /contests": apiError(500, "internal_error", "x") }));
    renderApp("/admin/contests");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("says so at once when the device is offline", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/admin/contests");
    const form = await screen.findByRole("form", { name: "New contest" });
    await user.type(within(form).getByLabelText("Name"), "Sprint");
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(within(form).getByRole("button", { name: "Create contest" }));
    expect(await within(form).findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/contests")).toHaveLength(0);
  });

  it("speaks Italian", async () => {
    stubApi(routes());
    renderApp("/admin/contests", { lang: "it" });
    expect(await screen.findByRole("heading", { level: 1, name: "Gestione gare" })).toBeInTheDocument();
    expect(await screen.findByLabelText("Inizio")).toHaveAccessibleDescription("Nel fuso orario dell'organizzazione, Europe/Rome.");
    expect(await screen.findByRole("region", { name: "In corso" })).toBeInTheDocument();
  });
});
