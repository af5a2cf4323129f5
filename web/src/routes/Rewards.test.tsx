import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ME, page, redemption, reward } from "../test/fixtures";
import { apiError, json, pending, renderApp, setOnline, stubApi } from "../test/harness";

function routes(extra: Record<string, unknown> = {}) {
  return {
    "GET /me": ME,
    "GET /rewards": page([reward(), reward({ reward_id: "r-2", name: "Sold-out mug", stock: 0, cost: 50 })]),
    "GET /me/redemptions": page([redemption({ status: "approved" })]),
    ...extra,
  };
}

describe("Rewards", () => {
  it("shows skeletons while loading", async () => {
    stubApi({ "GET /me": () => pending(), "GET /rewards": () => pending(), "GET /me/redemptions": () => pending() });
    renderApp("/rewards");
    expect(await screen.findByRole("heading", { level: 1, name: "Rewards" })).toBeInTheDocument();
    expect(screen.getAllByText("Loading…").length).toBeGreaterThan(0);
  });

  it("opened offline, says it waits with no placeholder left shimmering, then shows the balance", async () => {
    stubApi(routes());
    setOnline(false);
    renderApp("/rewards");
    expect((await screen.findAllByText(/^Waiting for a connection/)).length).toBeGreaterThan(0);
    const balance = screen.getByRole("region", { name: "Your balance" });
    expect(balance.querySelector(".skeleton-line")).toBeNull();
    setOnline(true);
    expect(await within(balance).findByText("120 points")).toBeInTheDocument();
  });

  it("says what to do when the catalog and the redemptions are empty", async () => {
    stubApi({ "GET /me": ME, "GET /rewards": page([]), "GET /me/redemptions": page([]) });
    renderApp("/rewards");
    expect(await screen.findByText(/No rewards are available right now/)).toBeInTheDocument();
    expect(await screen.findByText(/You have not redeemed anything yet/)).toBeInTheDocument();
  });

  it("shows an error as a sentence", async () => {
    stubApi({ "GET /me": ME, "GET /rewards": apiError(403, "forbidden", "x"), "GET /me/redemptions": page([]) });
    renderApp("/rewards");
    expect(await screen.findByRole("alert")).toHaveTextContent("Your role does not allow this.");
  });

  it("shows the balance, the catalog and the member's redemptions", async () => {
    stubApi(routes());
    renderApp("/rewards");
    const balance = await screen.findByRole("region", { name: "Your balance" });
    await waitFor(() => expect(balance).toHaveTextContent("120 points"));
    const catalog = screen.getByRole("region", { name: "Catalog" });
    expect(await within(catalog).findByText("Company hoodie")).toBeInTheDocument();
    expect(within(catalog).getByText("Costs 100 points")).toBeInTheDocument();
    expect(within(catalog).getByText("5 left")).toBeInTheDocument();
    expect(within(catalog).getByRole("button", { name: "Redeem Sold-out mug" })).toBeDisabled();
    const mine = screen.getByRole("region", { name: "Your redemptions" });
    expect(await within(mine).findByText("Approved")).toBeInTheDocument();
  });

  it.each([
    ["en", "Redeem", "You need 380 points more to redeem it.", "None left to redeem."],
    ["it", "Riscatta", "Ti servono altri 380 punti per riscattarlo.", "Non ne restano da riscattare."],
  ] as const)(
    "disables Redeem when the member cannot afford it or none is left, saying why (%s)",
    async (lang, redeem, short, none) => {
      stubApi(
        routes({
          "GET /rewards": page([
            reward(),
            reward({ reward_id: "r-2", name: "Coffee with the CEO", cost: 500, stock: 3 }),
            reward({ reward_id: "r-3", name: "Sold-out mug", cost: 50, stock: 0 }),
          ]),
        }),
      );
      renderApp("/rewards", { lang });
      const expensive = await screen.findByRole("button", { name: `${redeem} Coffee with the CEO` });
      await waitFor(() => expect(expensive).toBeDisabled()); // once the balance (120) is known
      expect(expensive).toHaveAccessibleDescription(short);
      expect(expensive.closest("li")).toHaveTextContent(short);
      const soldOut = screen.getByRole("button", { name: `${redeem} Sold-out mug` });
      expect(soldOut).toBeDisabled();
      expect(soldOut).toHaveAccessibleDescription(none);
      const affordable = screen.getByRole("button", { name: `${redeem} Company hoodie` });
      expect(affordable).toBeEnabled();
      expect(affordable).not.toHaveAttribute("aria-describedby");
    },
  );

  it("redeems after confirmation, with an Idempotency-Key, and shows the new balance", async () => {
    const stub = stubApi(
      routes({
        "POST /rewards/:id/redemptions": json({ ...redemption(), balance: 20 }, { status: 201 }),
      }),
    );
    const { user } = renderApp("/rewards");
    const redeem = await screen.findByRole("button", { name: "Redeem Company hoodie" });
    await user.click(redeem);
    const dialog = screen.getByRole("dialog", { name: "Redeem Company hoodie?" });
    expect(dialog).toHaveTextContent("This takes 100 points from your balance of 120 points.");
    expect(stub.requestsTo("POST", "/rewards/r-1/redemptions")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Confirm redemption" }));
    expect(await screen.findByText("Redeemed Company hoodie: pending approval. Your balance is now 20 points.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).toBeNull();
    const [request] = stub.requestsTo("POST", "/rewards/r-1/redemptions");
    expect(request?.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(redeem).toHaveFocus());
  });

  it.each([
    ["insufficient_points", "You do not have enough points for this reward yet."],
    ["out_of_stock", "This reward is out of stock."],
    ["limit_reached", "You have already redeemed this reward as many times as allowed."],
  ])("shows the 409 %s as a plain sentence", async (code, sentence) => {
    stubApi(routes({ "POST /rewards/:id/redemptions": apiError(409, code, "English message from the API") }));
    const { user } = renderApp("/rewards");
    await user.click(await screen.findByRole("button", { name: "Redeem Company hoodie" }));
    await user.click(screen.getByRole("button", { name: "Confirm redemption" }));
    expect(await within(screen.getByRole("dialog")).findByRole("alert")).toHaveTextContent(sentence);
  });

  it("closes the dialog with Escape without redeeming", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/rewards");
    const redeem = await screen.findByRole("button", { name: "Redeem Company hoodie" });
    await user.click(redeem);
    expect(screen.getByRole("button", { name: "Cancel" })).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(redeem).toHaveFocus());
    expect(stub.requestsTo("POST", "/rewards/r-1/redemptions")).toHaveLength(0);
  });
});
