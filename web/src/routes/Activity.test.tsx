import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ledgerEntry, ME, myShare, page } from "../test/fixtures";
import { apiError, pending, renderApp, stubApi } from "../test/harness";

describe("My activity", () => {
  it("shows skeletons while loading", async () => {
    stubApi({ "GET /me": () => pending(), "GET /me/shares": () => pending(), "GET /me/points": () => pending() });
    renderApp("/activity");
    expect(await screen.findByRole("heading", { level: 1, name: "My activity" })).toBeInTheDocument();
    expect(screen.getAllByText("Loading…")).toHaveLength(3);
  });

  it("says what to do when there is no activity yet", async () => {
    stubApi({ "GET /me": { ...ME, badges: [] }, "GET /me/shares": page([]), "GET /me/points": page([]) });
    renderApp("/activity");
    expect(await screen.findByText(/You have not shared anything yet/)).toBeInTheDocument();
    expect(await screen.findByText(/No points yet/)).toBeInTheDocument();
    expect(await screen.findByText(/No badges yet/)).toBeInTheDocument();
  });

  it("shows errors as sentences", async () => {
    stubApi({
      "GET /me": ME,
      "GET /me/shares": apiError(500, "internal_error", "x"),
      "GET /me/points": page([]),
    });
    renderApp("/activity");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("shows level, badges, shares with clicks and the points ledger", async () => {
    const stub = stubApi({
      "GET /me": ME,
      "GET /me/shares": page([
        myShare(),
        myShare({ share_id: "s-2", content_id: "c-gone", title: null, tracked_url: "https://go.acme.example/r/Gone", clicks: 0, unique_clicks: 0 }),
      ]),
      "GET /me/points": page([
        ledgerEntry(),
        ledgerEntry({ entry_id: "e-2", type: "adjustment", points: -5, ref: { reason: "Duplicate share" } }),
      ]),
    });
    renderApp("/activity");
    const summary = within(await screen.findByRole("region", { name: "Summary" }));
    expect(await summary.findByText("3")).toBeInTheDocument();
    expect(summary.getByText("340 points")).toBeInTheDocument();
    expect(summary.getByText("First share")).toBeInTheDocument();
    expect(summary.getByText("Contest: place 4")).toBeInTheDocument();
    // What comes next: the next level's points and the nearest badge with how far along it is.
    expect(summary.getByText("260 points to level 4")).toBeInTheDocument();
    expect(summary.getByRole("progressbar", { name: "10 shares" })).toHaveAttribute("value", "3");

    const shares = within(screen.getByRole("region", { name: "My shares" }));
    expect(await shares.findByText(/7 clicks \(5 unique\)/)).toBeInTheDocument();
    expect(shares.getAllByText(/Shared on X/)).toHaveLength(2);
    // Each share is named by its content's title, as the API gives it; one without shows its link.
    expect(shares.getByText("We are hiring robot whisperers")).toBeInTheDocument();
    expect(shares.getAllByText("go.acme.example/r/Gone")).toHaveLength(2);
    expect(new URL(stub.requestsTo("GET", "/me/shares")[0]!.url).searchParams.get("titles")).toBe("true");

    const ledger = within(screen.getByRole("region", { name: "Points history" }));
    expect(await ledger.findByText("+10")).toBeInTheDocument();
    expect(ledger.getByText("-5")).toBeInTheDocument();
    expect(ledger.getByText(/Duplicate share/)).toBeInTheDocument();
  });

  it("names every kind of ledger entry, an accepted suggestion and a voided share among them", async () => {
    const types = ["share", "click", "prize", "adjustment", "redemption", "refund", "suggestion", "void"] as const;
    stubApi({
      "GET /me": ME,
      "GET /me/shares": page([]),
      "GET /me/points": page(types.map((type, i) => ledgerEntry({ entry_id: `e-${i}`, type, ref: {} }))),
    });
    renderApp("/activity");
    const ledger = within(await screen.findByRole("region", { name: "Points history" }));
    expect(await ledger.findByText("Your suggestion was accepted")).toBeInTheDocument();
    expect(ledger.getByText("Voided by an admin")).toBeInTheDocument();
    expect(ledger.getAllByRole("row")).toHaveLength(types.length + 1); // and the heading row
  });
});
