import { screen, waitFor, within } from "@testing-library/react";
import * as v from "valibot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fill } from "../../i18n";
import { ME, page, redemption, reward } from "../../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../../test/harness";
import { messages } from "./messages";
import { EMPTY, rewardSchema, type RewardValues } from "./RewardForm";

const ADMIN = { ...ME, member_id: "m-ada", name: "Ada Admin", role: "admin" as const };
const AVA = { member_id: "m-ava", org_id: "org-acme", email: "ava@acme.example", name: "Ava Stone", role: "member", groups: [], status: "active", created_at: "2026-10-01T09:00:00Z" };
const MUG = reward({ reward_id: "r-2", name: "Mug", description: null, cost: 50, stock: null, per_member_limit: null, active: false });

function routes(extra: Record<string, unknown> = {}) {
  return {
    "GET /me": ADMIN,
    "GET /rewards": page([reward(), MUG]),
    "GET /redemptions": page([redemption()]),
    "GET /members/:id": AVA,
    ...extra,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Rewards admin", () => {
  it("is offered to admins only", async () => {
    stubApi(routes({ "GET /me": { ...ME, role: "manager" }, "GET /feed": page([]) }));
    const first = renderApp("/admin/rewards");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Rewards admin" })).not.toBeInTheDocument();
    first.unmount();
    stubApi(routes());
    renderApp("/admin/rewards");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Rewards admin" })).toHaveAttribute("aria-current", "page");
  });

  it("shows skeletons while loading, then the queue and the whole catalog", async () => {
    stubApi(routes({ "GET /rewards": () => pending(), "GET /redemptions": () => pending() }));
    const first = renderApp("/admin/rewards");
    await screen.findByRole("heading", { level: 1, name: "Rewards admin" });
    expect(screen.getAllByText("Loading…")).toHaveLength(2);
    first.unmount();

    const stub = stubApi(routes());
    renderApp("/admin/rewards");
    const queue = await screen.findByRole("region", { name: "Redemptions to decide" });
    expect(await within(queue).findByText("by Ava Stone (ava@acme.example)")).toBeInTheDocument();
    expect(within(queue).getByText("Company hoodie")).toBeInTheDocument();
    expect(within(queue).getByText("100 points")).toBeInTheDocument();
    expect(new URL(stub.requestsTo("GET", "/redemptions")[0]!.url).searchParams.get("status")).toBe("pending");

    const catalog = screen.getByRole("region", { name: "Catalog" });
    const hoodie = (await within(catalog).findByText("Company hoodie")).closest("li")!;
    expect(hoodie).toHaveTextContent("Active");
    expect(hoodie).toHaveTextContent("Stock: 5");
    expect(hoodie).toHaveTextContent("Per member: 1");
    const mug = within(catalog).getByText("Mug").closest("li")!;
    expect(mug).toHaveTextContent("Inactive");
    expect(mug).toHaveTextContent("Stock: unlimited");
    expect(mug).toHaveTextContent("Per member: unlimited");
  });

  it("says what to do when nothing waits and the catalog is empty, and errors as sentences", async () => {
    stubApi(routes({ "GET /rewards": page([]), "GET /redemptions": page([]) }));
    const first = renderApp("/admin/rewards");
    expect(await screen.findByText(/No redemption is waiting/)).toBeInTheDocument();
    expect(await screen.findByText(/No rewards yet. Add the first one above/)).toBeInTheDocument();
    first.unmount();
    stubApi(routes({ "GET /redemptions": apiError(503, "unavailable", "busy", [], { "Retry-After": "0" }), "GET /rewards": apiError(500, "internal_error", "x") }));
    renderApp("/admin/rewards");
    expect(await screen.findByText("Something went wrong on our side. Try again later.")).toBeInTheDocument();
    expect(await screen.findByText("The service is busy right now. Try again in a moment.", {}, { timeout: 8000 })).toBeInTheDocument();
  }, 15_000);

  it("approves a redemption with an Idempotency-Key, and says so", async () => {
    let decided = false;
    const stub = stubApi(
      routes({
        "GET /redemptions": () => json(page(decided ? [] : [redemption()])),
        "POST /redemptions/:id/approve": () => {
          decided = true;
          return json(redemption({ status: "approved", decided_by: "m-ada", decided_at: "2026-11-03T10:00:00Z" }));
        },
      }),
    );
    const { user } = renderApp("/admin/rewards");
    await user.click(await screen.findByRole("button", { name: "Approve: Company hoodie, Ava Stone" }));
    expect(await screen.findByText("Approved: Company hoodie for Ava Stone.")).toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/redemptions/rd-1/approve");
    expect(post!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await post!.text()).toBe("");
    expect(await screen.findByText(/No redemption is waiting/)).toBeInTheDocument();
  });

  it("rejects with a note to the member, a new key when the note changes, and says when another admin was first", async () => {
    let answer = apiError(422, "validation_error", "Some fields are not valid.", [{ field: "note", message: "at most 1000 characters" }]);
    const stub = stubApi(routes({ "POST /redemptions/:id/reject": () => answer }));
    const { user } = renderApp("/admin/rewards");
    await user.click(await screen.findByRole("button", { name: "Reject: Company hoodie, Ava Stone" }));
    const dialog = screen.getByRole("dialog", { name: "Reject “Company hoodie”?" });
    expect(dialog).toHaveTextContent("Ava Stone gets the 100 points back");
    await user.type(within(dialog).getByLabelText("Note to the member (optional)"), "Out of sizes");
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    await waitFor(() =>
      expect(within(dialog).getByLabelText("Note to the member (optional)")).toHaveAccessibleDescription(expect.stringContaining("at most 1000 characters")),
    );

    answer = apiError(409, "conflict", "this redemption was already decided");
    await user.type(within(dialog).getByLabelText("Note to the member (optional)"), " in stock");
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    expect(await screen.findByText("Another admin has already decided this one; the list has been refreshed.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    const posts = stub.requestsTo("POST", "/redemptions/rd-1/reject");
    expect(posts).toHaveLength(2);
    expect(await posts[0]!.json()).toEqual({ note: "Out of sizes" });
    expect(await posts[1]!.json()).toEqual({ note: "Out of sizes in stock" });
    expect(posts[1]!.headers.get("Idempotency-Key")).not.toEqual(posts[0]!.headers.get("Idempotency-Key"));
  });

  it("says a contest prize is one, and that rejecting it gives back only its unit of stock", async () => {
    const prize = redemption({ redemption_id: "rd-9", cost: 0, note: "contest prize", contest_id: "c-1" });
    stubApi(routes({ "GET /redemptions": page([prize]), "POST /redemptions/:id/reject": () => json({ ...prize, status: "rejected" }) }));
    const { user } = renderApp("/admin/rewards");
    const queue = await screen.findByRole("region", { name: "Redemptions to decide" });
    expect(await within(queue).findByText("Contest prize")).toBeInTheDocument();
    expect(within(queue).queryByText("0 points")).not.toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Reject: Company hoodie, Ava Stone" }));
    const dialog = screen.getByRole("dialog", { name: "Reject “Company hoodie”?" });
    expect(dialog).toHaveTextContent("Ava Stone won it in a contest and paid nothing; the reward gets its unit of stock back.");
    await user.click(within(dialog).getByRole("button", { name: "Reject" }));
    expect(await screen.findByText("Rejected: Company hoodie for Ava Stone.")).toBeInTheDocument();
  });

  it("rejects without a body when there is no note, and Cancel sends nothing", async () => {
    const stub = stubApi(routes({ "POST /redemptions/:id/reject": json(redemption({ status: "rejected" })) }));
    const { user } = renderApp("/admin/rewards");
    await user.click(await screen.findByRole("button", { name: "Reject: Company hoodie, Ava Stone" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel" }));
    expect(stub.requestsTo("POST", "/redemptions/rd-1/reject")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Reject: Company hoodie, Ava Stone" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Reject" }));
    expect(await screen.findByText("Rejected: Company hoodie for Ava Stone; their points are back.")).toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/redemptions/rd-1/reject");
    expect(await post!.text()).toBe("");
    expect(post!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("adds a reward: fields checked before sending, the API's refusal next to its field, one key per body", async () => {
    let refuse = true;
    const stub = stubApi(
      routes({
        "POST /rewards": async (request: Request) =>
          refuse
            ? apiError(422, "validation_error", "Some fields are not valid.", [{ field: "name", message: "no control characters" }])
            : json(reward({ ...((await request.json()) as object), reward_id: "r-9" }), { status: 201 }),
      }),
    );
    const { user } = renderApp("/admin/rewards");
    const form = await screen.findByRole("form", { name: "Add a reward" });
    await user.click(within(form).getByRole("button", { name: "Add a reward" }));
    expect(within(form).getByLabelText("Name")).toHaveAccessibleDescription("Give the reward a name.");
    expect(within(form).getByLabelText("Cost in points")).toHaveAccessibleDescription("Enter a whole number of points from 1 to 100,000,000.");
    expect(within(form).getByLabelText("Name")).toHaveFocus(); // the first field found wrong
    expect(stub.requestsTo("POST", "/rewards")).toHaveLength(0);

    await user.type(within(form).getByLabelText("Name"), "Day off");
    await user.type(within(form).getByLabelText("Cost in points"), "5000");
    await user.type(within(form).getByLabelText("Stock"), "-1");
    await user.click(within(form).getByRole("button", { name: "Add a reward" }));
    expect(within(form).getByLabelText("Stock")).toHaveAccessibleDescription(expect.stringContaining("Enter a whole number from 0 to 1,000,000,000"));
    expect(within(form).getByLabelText("Stock")).toHaveFocus();
    expect(within(form).getByLabelText("Name")).not.toHaveAttribute("aria-invalid");
    await user.clear(within(form).getByLabelText("Stock"));
    await user.click(within(form).getByRole("button", { name: "Add a reward" }));
    await waitFor(() => expect(within(form).getByLabelText("Name")).toHaveAccessibleDescription("no control characters"));

    refuse = false;
    await user.type(within(form).getByLabelText("Limit per member"), "2");
    await user.type(within(form).getByLabelText("Description (optional)"), "A day off, on us.");
    await user.click(within(form).getByRole("button", { name: "Add a reward" }));
    expect(await screen.findByText("Reward “Day off” added.")).toBeInTheDocument();
    const posts = stub.requestsTo("POST", "/rewards");
    expect(posts).toHaveLength(2);
    expect(await posts[0]!.json()).toEqual({ name: "Day off", description: null, cost: 5000, stock: null, per_member_limit: null, active: true });
    expect(await posts[1]!.json()).toEqual({ name: "Day off", description: "A day off, on us.", cost: 5000, stock: null, per_member_limit: 2, active: true });
    expect(posts[1]!.headers.get("Idempotency-Key")).not.toEqual(posts[0]!.headers.get("Idempotency-Key"));
    expect(within(form).getByLabelText("Name")).toHaveValue("");
  });

  it("edits a reward in a dialog, sending only what changed (empty stock back to unlimited)", async () => {
    const stub = stubApi(routes({ "PATCH /rewards/:id": async (request: Request) => json(reward({ ...((await request.json()) as object) })) }));
    const { user } = renderApp("/admin/rewards");
    await user.click(await screen.findByRole("button", { name: "Edit: Company hoodie" }));
    const dialog = screen.getByRole("dialog", { name: "Edit “Company hoodie”" });
    expect(within(dialog).getByLabelText("Name")).toHaveFocus();
    expect(within(dialog).getByLabelText("Cost in points")).toHaveValue(100);
    await user.clear(within(dialog).getByLabelText("Cost in points"));
    await user.type(within(dialog).getByLabelText("Cost in points"), "120");
    await user.clear(within(dialog).getByLabelText("Stock"));
    await user.click(within(dialog).getByLabelText("Active: members can see and redeem it"));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Reward “Company hoodie” saved.")).toBeInTheDocument();
    const [patch] = stub.requestsTo("PATCH", "/rewards/r-1");
    expect(await patch!.json()).toEqual({ cost: 120, stock: null, active: false });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("checks an edit before sending: the cost and the limit per member within their bounds", async () => {
    const stub = stubApi(routes({ "PATCH /rewards/:id": async (request: Request) => json(reward({ ...((await request.json()) as object) })) }));
    const { user } = renderApp("/admin/rewards");
    await user.click(await screen.findByRole("button", { name: "Edit: Company hoodie" }));
    const dialog = screen.getByRole("dialog", { name: "Edit “Company hoodie”" });
    const cost = within(dialog).getByLabelText("Cost in points");
    const limit = within(dialog).getByLabelText("Limit per member");
    await user.clear(cost);
    await user.type(cost, "0");
    await user.clear(limit);
    await user.type(limit, "0");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(cost).toHaveAccessibleDescription("Enter a whole number of points from 1 to 100,000,000.");
    expect(limit).toHaveAccessibleDescription(expect.stringContaining("Enter a whole number from 1 to 1,000,000, or leave it empty."));
    expect(cost).toHaveFocus();
    expect(within(dialog).queryByRole("alert")).not.toBeInTheDocument();

    await user.clear(cost);
    await user.type(cost, "100000001");
    expect(cost).toHaveAccessibleDescription("Enter a whole number of points from 1 to 100,000,000."); // checked again as it changes
    await user.clear(cost);
    await user.type(cost, "100000000");
    expect(cost).not.toHaveAttribute("aria-invalid");
    await user.clear(limit);
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Reward “Company hoodie” saved.")).toBeInTheDocument();
    const patches = stub.requestsTo("PATCH", "/rewards/r-1");
    expect(patches).toHaveLength(1);
    expect(await patches[0]!.json()).toEqual({ cost: 100_000_000, per_member_limit: null });
  });

  it("closes an edit that changes nothing without sending", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/admin/rewards");
    await user.click(await screen.findByRole("button", { name: "Edit: Company hoodie" }));
    const dialog = screen.getByRole("dialog", { name: "Edit “Company hoodie”" });
    await user.type(within(dialog).getByLabelText("Name"), "  "); // trimmed away
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(stub.requestsTo("PATCH", "/rewards/r-1")).toHaveLength(0);
  });

  it("says so at once when the device is offline", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/admin/rewards");
    const approve = await screen.findByRole("button", { name: "Approve: Company hoodie, Ava Stone" });
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(approve);
    expect(await screen.findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/redemptions/rd-1/approve")).toHaveLength(0);
  });

  it("speaks Italian", async () => {
    stubApi(routes());
    renderApp("/admin/rewards", { lang: "it" });
    expect(await screen.findByRole("heading", { level: 1, name: "Gestione premi" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Approva: Company hoodie, Ava Stone" })).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Catalogo" })).toBeInTheDocument();
  });
});

describe("The reward form's schema", () => {
  const schema = rewardSchema((key, params) => fill(messages.en[key], params, "en"));
  const valid = { ...EMPTY, name: "Day off", cost: "5000" };
  const problem = (values: Partial<RewardValues>) => {
    const result = v.safeParse(schema, { ...valid, ...values });
    return result.success ? null : result.issues.map((i) => `${v.getDotPath(i)}: ${i.message}`);
  };

  it("makes the body of a create: text trimmed, empty optional fields null", () => {
    expect(v.parse(schema, { ...valid, name: "  Day off ", description: "  ", stock: " 0 ", per_member_limit: "" })).toEqual({
      name: "Day off",
      description: null,
      cost: 5000,
      stock: 0,
      per_member_limit: null,
      active: true,
    });
  });

  it("takes the bounds themselves", () => {
    expect(problem({ cost: "1" })).toBeNull();
    expect(problem({ cost: "100000000", stock: "1000000000", per_member_limit: "1000000" })).toBeNull();
    expect(problem({ per_member_limit: "1", name: "x".repeat(200), description: "x".repeat(2000) })).toBeNull();
  });

  it("refuses what the API would", () => {
    expect(problem({ name: "   " })).toEqual(["name: Give the reward a name."]);
    expect(problem({ name: "x".repeat(201) })).toEqual(["name: Use at most 200 characters."]);
    expect(problem({ description: "x".repeat(2001) })).toEqual(["description: Use at most 2000 characters."]);
    for (const cost of ["", "0", "100000001", "1.5", "1e3", "-5", "five"]) {
      expect(problem({ cost })).toEqual(["cost: Enter a whole number of points from 1 to 100,000,000."]);
    }
    for (const stock of ["-1", "1000000001", "2.5"]) {
      expect(problem({ stock })).toEqual(["stock: Enter a whole number from 0 to 1,000,000,000, or leave it empty."]);
    }
    for (const limit of ["0", "1000001", "x"]) {
      expect(problem({ per_member_limit: limit })).toEqual(["per_member_limit: Enter a whole number from 1 to 1,000,000, or leave it empty."]);
    }
  });
});
