import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { contest, ME, page } from "../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../test/harness";

const RUNNING = contest();
const UPCOMING = contest({ contest_id: "k-2", name: "December push", status: "upcoming", starts_at: "2026-12-01T00:00:00Z", ends_at: "2026-12-20T00:00:00Z" });
const CLOSED = contest({ contest_id: "k-0", name: "October cup", status: "closed", starts_at: "2026-10-01T00:00:00Z", ends_at: "2026-10-31T00:00:00Z" });

const STANDINGS = {
  "k-1": [
    { rank: 1, member_id: "m-ben", name: "Ben Ray", score: 9 },
    { rank: 2, member_id: "m-ava", name: "Ava Stone", score: 7 },
  ],
  "k-0": [
    { rank: 1, member_id: "m-cat", name: "Cat Moss", score: 12 },
    { rank: 2, member_id: "m-dan", name: "Dan Vale", score: 8 },
    { rank: 2, member_id: "m-eve", name: "Eve Lin", score: 8 },
    { rank: 4, member_id: "m-ava", name: "Ava Stone", score: 3 },
  ],
} as Record<string, unknown[]>;

describe("Contests", () => {
  it("shows skeletons while loading", async () => {
    stubApi({ "GET /contests": () => pending(), "GET /me": ME });
    renderApp("/contests");
    expect(await screen.findByRole("heading", { level: 1, name: "Contests" })).toBeInTheDocument();
    expect(screen.getByText("Loading…")).toBeInTheDocument();
  });

  it("says what to do when there are none", async () => {
    stubApi({ "GET /contests": page([]), "GET /me": ME });
    renderApp("/contests");
    expect(await screen.findByText(/There are no contests yet/)).toBeInTheDocument();
  });

  it("shows an error as a sentence", async () => {
    stubApi({ "GET /contests": apiError(404, "not_found", "x"), "GET /me": ME });
    renderApp("/contests");
    expect(await screen.findByRole("alert")).toHaveTextContent("This item does not exist any more.");
  });

  it("shows running contests with standings, upcoming ones, and past winners", async () => {
    stubApi({
      "GET /contests": page([UPCOMING, RUNNING, CLOSED]),
      "GET /contests/:id": (_req, _url, { id }) =>
        json({ ...[RUNNING, CLOSED].find((c) => c.contest_id === id), standings: STANDINGS[id ?? ""] }),
      "GET /me": ME,
    });
    renderApp("/contests");
    const running = within(await screen.findByRole("region", { name: "Running now" }));
    const sprint = within(running.getByRole("article", { name: "November sprint" }));
    expect(sprint.getByText("Most shares")).toBeInTheDocument();
    expect(sprint.getByText("Place 1: 500 points")).toBeInTheDocument();
    expect(sprint.getByText("Place 2: 200 points, badge “silver”")).toBeInTheDocument();
    expect(await sprint.findByRole("heading", { name: "Standings" })).toBeInTheDocument();
    const myRow = sprint.getByText("Ava Stone").closest("tr")!;
    expect(myRow).toHaveAttribute("aria-current", "true");

    const upcoming = within(screen.getByRole("region", { name: "Upcoming" }));
    expect(upcoming.getByRole("article", { name: "December push" })).toHaveTextContent(/Starts/);
    expect(upcoming.queryByRole("table")).toBeNull();

    const past = within(screen.getByRole("region", { name: "Past contests" }));
    const cup = within(past.getByRole("article", { name: "October cup" }));
    expect(await cup.findByRole("heading", { name: "Winners" })).toBeInTheDocument();
    // Prize places 1 and 2: the tie at 2 wins twice; 4th place is not a winner.
    expect(cup.getAllByRole("row").slice(1).map((r) => r.textContent)).toEqual(["1Cat Moss12", "2Dan Vale8", "2Eve Lin8"]);
    expect(cup.getByText(/Your rank: #4 with 3/)).toBeInTheDocument();
    expect(cup.queryByText(/moves you up/)).toBeNull(); // closed: nothing to encourage
  });

  it("keeps the member in view of a running contest: far down with a kind word, or not on it yet", async () => {
    const far = [...Array(12).keys()].map((i) => ({ rank: i + 1, member_id: `m-${i}`, name: `Member ${i}`, score: 30 - i }));
    const standings: Record<string, unknown[]> = { "k-1": [...far, { rank: 13, member_id: "m-ava", name: "Ava Stone", score: 1 }], "k-3": far };
    const other = contest({ contest_id: "k-3", name: "Clicks race" });
    stubApi({
      "GET /contests": page([RUNNING, other]),
      "GET /contests/:id": (_req, _url, { id }) => json({ ...[RUNNING, other].find((c) => c.contest_id === id), standings: standings[id ?? ""] }),
      "GET /me": ME,
    });
    renderApp("/contests");
    const sprint = within(await screen.findByRole("article", { name: "November sprint" }));
    expect(await sprint.findByText(/Your rank: #13 with 1.*Every share, and every click on your links, moves you up\./)).toBeInTheDocument();
    const race = within(screen.getByRole("article", { name: "Clicks race" }));
    expect(await race.findByText("You are not on this contest's board yet: share a post from the feed to join it.")).toBeInTheDocument();
  });
});
