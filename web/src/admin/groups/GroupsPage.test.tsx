import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ME } from "../../test/fixtures";
import { apiError, findPage, json, renderApp, stubApi } from "../../test/harness";

const ADMIN = { ...ME, role: "admin" as const };
const SALES = { group_id: "g-sales", name: "Sales", members: 7 };
const FIELD = { group_id: "g-field", name: "Field team", members: 1 };

describe("Groups (admin)", () => {
  it("is offered to admins only, and refused to a member who types its address", async () => {
    stubApi({ "GET /me": ME, "GET /feed": { items: [], next_cursor: null } });
    renderApp("/admin/groups");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Manage" })).not.toBeInTheDocument();
  });

  it("shows the Manage navigation to an admin", async () => {
    stubApi({ "GET /me": ADMIN, "GET /groups": { items: [SALES], next_cursor: null } });
    renderApp("/admin/groups");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
  });

  it("shows skeletons while loading, then the groups with their member counts", async () => {
    let answer: (value: Response) => void = () => undefined;
    stubApi({
      "GET /me": ADMIN,
      "GET /groups": () => new Promise<Response>((resolve) => (answer = resolve)),
    });
    renderApp("/admin/groups");
    await findPage("Groups");
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    answer(json({ items: [FIELD, SALES], next_cursor: null }));
    expect(await screen.findByText("Sales")).toBeInTheDocument();
    expect(screen.getByText("7 members")).toBeInTheDocument();
    expect(screen.getByText("1 member")).toBeInTheDocument();
  });

  it("says what to do when there are no groups, and an error as a sentence", async () => {
    stubApi({ "GET /me": ADMIN, "GET /groups": { items: [], next_cursor: null } });
    const first = renderApp("/admin/groups");
    expect(await screen.findByText(/No groups yet/)).toBeInTheDocument();
    first.unmount();
    stubApi({ "GET /me": ADMIN, "GET /groups": apiError(500, "internal_error", "x") });
    renderApp("/admin/groups");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("creates a group with an Idempotency-Key, refuses an empty or taken name next to the field", async () => {
    let taken = true;
    const stub = stubApi({
      "GET /me": ADMIN,
      "GET /groups": { items: [SALES], next_cursor: null },
      "POST /groups": () =>
        taken ? apiError(409, "conflict", "a group named 'Sales' already exists") : json({ group_id: "g-new", name: "Marketing", members: 0 }, { status: 201 }),
    });
    const { user } = renderApp("/admin/groups");
    await findPage("Groups");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(screen.getByLabelText("Group name")).toHaveAccessibleDescription("Give the group a name.");
    expect(screen.getByLabelText("Group name")).toHaveFocus(); // the field found wrong
    // Spaces are no name either.
    await user.type(screen.getByLabelText("Group name"), "   ");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(screen.getByLabelText("Group name")).toHaveAccessibleDescription("Give the group a name.");
    expect(stub.requestsTo("POST", "/groups")).toHaveLength(0);
    await user.clear(screen.getByLabelText("Group name"));

    await user.type(screen.getByLabelText("Group name"), "Sales");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    await waitFor(() => expect(screen.getByLabelText("Group name")).toHaveAccessibleDescription("Another group already has this name."));

    taken = false;
    await user.clear(screen.getByLabelText("Group name"));
    await user.type(screen.getByLabelText("Group name"), "Marketing");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(await screen.findByText("Group “Marketing” created.")).toBeInTheDocument();
    const posts = stub.requestsTo("POST", "/groups");
    expect(posts).toHaveLength(2);
    expect(await posts[1]!.json()).toEqual({ name: "Marketing" });
    // Another name is another operation: the refused attempt's key is not reused for it.
    const keys = posts.map((p) => p.headers.get("Idempotency-Key"));
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toEqual(keys[0]);
    expect(screen.getByLabelText("Group name")).toHaveValue("");
  });

  it("renames a group in place, and Escape leaves it unchanged", async () => {
    const stub = stubApi({
      "GET /me": ADMIN,
      "GET /groups": { items: [SALES], next_cursor: null },
      "PATCH /groups/:id": async (request) => json({ ...SALES, ...((await request.json()) as object) }),
    });
    const { user } = renderApp("/admin/groups");
    await findPage("Groups");
    await user.click(await screen.findByRole("button", { name: "Rename: Sales" }));
    const field = screen.getByLabelText("New name for “Sales”");
    expect(field).toHaveFocus();
    await user.keyboard("{Escape}");
    expect(screen.queryByLabelText("New name for “Sales”")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Rename: Sales" }));
    await user.clear(screen.getByLabelText("New name for “Sales”"));
    await user.type(screen.getByLabelText("New name for “Sales”"), "Field Sales{Enter}");
    await waitFor(() => expect(stub.requestsTo("PATCH", "/groups/g-sales")).toHaveLength(1));
    expect(await stub.requestsTo("PATCH", "/groups/g-sales")[0]!.json()).toEqual({ name: "Field Sales" });
  });

  it("deletes a group only after confirmation, saying what it does to its members", async () => {
    const stub = stubApi({
      "GET /me": ADMIN,
      "GET /groups": { items: [SALES], next_cursor: null },
      "DELETE /groups/:id": () => new Response(null, { status: 204 }),
    });
    const { user } = renderApp("/admin/groups");
    await findPage("Groups");
    await user.click(await screen.findByRole("button", { name: "Delete: Sales" }));
    const dialog = screen.getByRole("dialog", { name: "Delete “Sales”?" });
    expect(dialog).toHaveTextContent("Its 7 members leave the group");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(stub.requestsTo("DELETE", "/groups/g-sales")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Delete: Sales" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(stub.requestsTo("DELETE", "/groups/g-sales")).toHaveLength(1);
  });
});
