import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ME } from "../../test/fixtures";
import { apiError, findPage, json, renderApp, setOnline, stubApi } from "../../test/harness";
import type { Member } from "./queries";

const ADMIN = { ...ME, member_id: "m-ada", name: "Ada Admin", role: "admin" as const };
const GROUPS = {
  items: [
    { group_id: "g-sales", name: "Sales", members: 2 },
    { group_id: "g-field", name: "Field team", members: 1 },
  ],
  next_cursor: null,
};

function member(overrides: Partial<Member> = {}): Member {
  return {
    member_id: "m-ava",
    email: "ava@acme.example",
    name: "Ava Stone",
    role: "member",
    groups: ["g-sales"],
    status: "active",
    created_at: "2026-09-14T08:12:40Z",
    last_active_at: "2026-11-02T09:14:05Z",
    erased_at: null,
    ...overrides,
  };
}
const AVA = member();
const BEN = member({ member_id: "m-ben", email: "ben@acme.example", name: "Ben Field", groups: ["g-field", "g-sales"], status: "deactivated", last_active_at: null });
const SELF = member({ member_id: "m-ada", email: "ada@acme.example", name: "Ada Admin", role: "admin", groups: [] });

function page(items: Member[], next_cursor: string | null = null) {
  return { items, next_cursor };
}

function stub(routes: Record<string, unknown> = {}) {
  return stubApi({ "GET /me": ADMIN, "GET /groups": GROUPS, "GET /members": page([SELF, AVA, BEN]), "GET /org/connections": { linkedin: 2, x: 1 }, ...routes });
}

async function openMembers() {
  const rendered = renderApp("/admin/members");
  await findPage("Members");
  return rendered;
}

describe("Members (admin)", () => {
  it("is offered to admins in the Manage navigation, and refused to a manager", async () => {
    stub();
    const first = renderApp("/admin/members");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Members" })).toHaveAttribute("aria-current", "page");
    expect(within(manage).getByRole("link", { name: "Settings" })).toBeInTheDocument();
    first.unmount();
    stubApi({ "GET /me": { ...ME, role: "manager" }, "GET /feed": { items: [], next_cursor: null } });
    renderApp("/admin/members");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
  });

  it("says how many members have connected each network, and quietly when it cannot tell", async () => {
    stub();
    await openMembers();
    expect(await screen.findByText("Connected accounts: 2 on LinkedIn, 1 on X.")).toBeInTheDocument();
    cleanup();
    stub({ "GET /org/connections": apiError(500, "internal_error", "x") });
    await openMembers();
    expect(await screen.findByText("The connected accounts could not be counted just now.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says what auto-share posted and why auto-posts failed, by reason", async () => {
    const auto_posts = { posted: { linkedin: 40, x: 12 }, failed: { duplicate: 2, credits: 1 }, needs_reconnect: { expired: 3 } };
    stub({ "GET /org/connections": { linkedin: 2, x: 1, auto_posts } });
    await openMembers();
    expect(await screen.findByText("Auto-share posted 40 on LinkedIn and 12 on X.")).toBeInTheDocument();
    expect(screen.getByText("Auto-posts that failed, by reason: credits 1, duplicate 2.")).toBeInTheDocument();
    expect(screen.getByText("Auto-posts stopped until members reconnect: 3.")).toBeInTheDocument();
    cleanup();
    stub({ "GET /org/connections": { linkedin: 2, x: 1, auto_posts: { posted: {}, failed: {}, needs_reconnect: {} } } });
    await openMembers();
    expect(await screen.findByText("Auto-share posted 0 on LinkedIn and 0 on X.")).toBeInTheDocument();
    expect(screen.queryByText(/failed, by reason/)).toBeNull();
  });

  it("says the counts in Italian", async () => {
    const auto_posts = { posted: { linkedin: 4, x: 1 }, failed: { duplicate: 2 }, needs_reconnect: {} };
    stub({ "GET /org/connections": { linkedin: 2, x: 1, auto_posts } });
    renderApp("/admin/members", { lang: "it" });
    expect(await screen.findByText("Post automatici non riusciti, per motivo: duplicate 2.")).toBeInTheDocument();
  });

  it("shows skeletons while loading, then each member with role, groups by name, status and last share", async () => {
    let answer: (value: Response) => void = () => undefined;
    stub({ "GET /members": () => new Promise<Response>((resolve) => (answer = resolve)) });
    await openMembers();
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    answer(json(page([SELF, AVA, BEN])));
    const table = await screen.findByRole("table", { name: "Members" });
    const ben = within(table).getByRole("row", { name: /Ben Field/ });
    expect(within(ben).getByText("ben@acme.example")).toBeInTheDocument();
    expect(await within(ben).findByText("Field team, Sales")).toBeInTheDocument();
    expect(within(ben).getByText("Deactivated")).toBeInTheDocument();
    expect(within(ben).getByText("Never")).toBeInTheDocument();
    const ava = within(table).getByRole("row", { name: /Ava Stone/ });
    expect(within(ava).getByText("Active")).toBeInTheDocument();
    expect(within(ava).getByText(/Nov.*2026/)).toBeInTheDocument();
    // No one deactivates themself: the API refuses it, so it is not offered.
    const self = within(table).getByRole("row", { name: /Ada Admin/ });
    expect(within(self).queryByRole("button", { name: /Deactivate/ })).toBeNull();
    expect(within(self).getByText("None")).toBeInTheDocument();
  });

  it("says what to do when empty, an error as a sentence with a retry, and waits offline", async () => {
    stub({ "GET /members": page([]) });
    const first = await openMembers();
    expect(await screen.findByText(/No members yet/)).toBeInTheDocument();
    first.unmount();

    stub({ "GET /members": apiError(500, "internal_error", "boom") });
    const second = await openMembers();
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    second.unmount();

    // Offline on the way to the screen: nothing is asked until the device is back online.
    const api = stub();
    const { user } = renderApp("/admin/groups");
    await findPage("Groups");
    setOnline(false);
    await user.click(screen.getByRole("link", { name: "Members" }));
    expect(await screen.findByText("Waiting for a connection: this shows as soon as you are back online.")).toBeInTheDocument();
    expect(api.requestsTo("GET", "/members")).toHaveLength(0);
    setOnline(true);
    expect(await screen.findByText("Ava Stone")).toBeInTheDocument();
  });

  it("searches names and emails with q, and says when nothing matches", async () => {
    const api = stub({
      "GET /members": (_request: Request, url: URL) => {
        const q = url.searchParams.get("q");
        if (q === null) return json(page([SELF, AVA, BEN]));
        return json(page(q === "ava" ? [AVA] : []));
      },
    });
    const { user } = await openMembers();
    await screen.findByRole("table", { name: "Members" });
    await user.type(screen.getByRole("searchbox", { name: "Search by name or email" }), "ava");
    await waitFor(() => {
      expect(screen.queryByText("Ben Field")).toBeNull();
      expect(screen.getByText("Ava Stone")).toBeInTheDocument();
    });
    const searches = api.requests.filter((r) => new URL(r.url).searchParams.has("q"));
    expect(new URL(searches.at(-1)!.url).searchParams.get("q")).toBe("ava");
    expect(new URL(searches.at(-1)!.url).searchParams.get("limit")).toBe("100");

    await user.type(screen.getByRole("searchbox", { name: "Search by name or email" }), "x{Enter}");
    expect(await screen.findByText("No member matches this search and these filters.")).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText("Status"), "deactivated");
    await waitFor(() => expect(api.requests.some((r) => new URL(r.url).searchParams.get("status") === "deactivated")).toBe(true));
  });

  it("invites one member with an Idempotency-Key, refusing a bad email and one already a member next to the field", async () => {
    let taken = true;
    const api = stub({
      "POST /members": async (request: Request) => {
        if (taken) return apiError(409, "conflict", "a member with this email already exists");
        const body = (await request.json()) as Partial<Member>;
        return json(member({ member_id: "m-new", ...body }), { status: 201 });
      },
    });
    const { user } = await openMembers();
    await user.click(screen.getByRole("button", { name: "Invite" }));
    const dialog = screen.getByRole("dialog", { name: "Invite a member" });
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(within(dialog).getByLabelText("Email")).toHaveAccessibleDescription("Enter an email address, like name@example.com.");
    expect(within(dialog).getByLabelText("Name")).toHaveAccessibleDescription("Enter their name.");
    expect(within(dialog).getByLabelText("Email")).toHaveFocus(); // the first field found wrong
    expect(api.requestsTo("POST", "/members")).toHaveLength(0);

    await user.type(within(dialog).getByLabelText("Email"), "Dana@Acme.example");
    await user.type(within(dialog).getByLabelText("Name"), "Dana Designer");
    await user.selectOptions(within(dialog).getByLabelText("Role"), "manager");
    // The invitation is in the admin's language unless another is chosen.
    const language = within(dialog).getByLabelText("Language of the invitation");
    expect(language).toHaveValue("en");
    await user.selectOptions(language, "it");
    await user.click(await within(dialog).findByRole("checkbox", { name: "Field team" }));
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    await waitFor(() => expect(within(dialog).getByLabelText("Email")).toHaveAccessibleDescription("Someone with this email is already a member."));

    taken = false;
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(await screen.findByText("Dana Designer was invited.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).toBeNull();
    const posts = api.requestsTo("POST", "/members");
    expect(posts).toHaveLength(2);
    expect(await posts[1]!.json()).toEqual({ email: "dana@acme.example", name: "Dana Designer", role: "manager", groups: ["g-field"], language: "it" });
    // The same invitation sent again is the same operation: the same key.
    expect(posts[1]!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.headers.get("Idempotency-Key")).toBe(posts[0]!.headers.get("Idempotency-Key"));
  });

  it("refuses an address that is not one and a name of spaces before sending anything", async () => {
    const api = stub();
    const { user } = await openMembers();
    await user.click(screen.getByRole("button", { name: "Invite" }));
    const dialog = screen.getByRole("dialog", { name: "Invite a member" });
    const email = within(dialog).getByLabelText("Email");
    const name = within(dialog).getByLabelText("Name");
    await user.type(email, "dana@acme");
    await user.type(name, "   ");
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(email).toHaveAccessibleDescription("Enter an email address, like name@example.com.");
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(name).toHaveAccessibleDescription("Enter their name.");
    expect(email).toHaveFocus();

    // A wrong field is checked again as it changes; the name, still blank, then takes the focus.
    await user.type(email, ".example");
    expect(email).not.toHaveAttribute("aria-invalid");
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));
    expect(name).toHaveAccessibleDescription("Enter their name.");
    expect(name).toHaveFocus();
    expect(api.requestsTo("POST", "/members")).toHaveLength(0);
  });

  it("says which addresses the org may invite, and that it has none yet, in English and Italian", async () => {
    stub({ "GET /org": { domains: ["acme.example", "acme-robotics.example"], allowed_emails: [] } });
    const { user } = await openMembers();
    await user.click(screen.getByRole("button", { name: "Invite" }));
    const dialog = screen.getByRole("dialog", { name: "Invite a member" });
    await waitFor(() =>
      expect(within(dialog).getByLabelText("Email")).toHaveAccessibleDescription(
        "An address at acme.example, acme-robotics.example, or one the platform's operator allowed this organisation.",
      ),
    );
    cleanup();
    stub({ "GET /org": { domains: [], allowed_emails: [] } });
    const italian = renderApp("/admin/members", { lang: "it" });
    await italian.user.click(await screen.findByRole("button", { name: "Invita" }));
    const dialogo = screen.getByRole("dialog", { name: "Invita un membro" });
    await waitFor(() => expect(within(dialogo).getByLabelText("Email")).toHaveAccessibleDescription(/non ha ancora domini email/));
  });

  it("imports a CSV file: bad rows reported and not sent, existing members said, the valid rows invited with a key each", async () => {
    const sent: { email: string; key: string | null }[] = [];
    let busy = true;
    const api = stub({
      "POST /members": async (request: Request) => {
        const body = (await request.json()) as Pick<Member, "email" | "name" | "role" | "groups">;
        sent.push({ email: body.email, key: request.headers.get("Idempotency-Key") });
        if (body.email === "ava@acme.example") return apiError(409, "conflict", "a member with this email already exists");
        if (body.email === "eve@acme.example" && busy) {
          busy = false;
          return apiError(503, "unavailable", "busy", [], { "Retry-After": "0" });
        }
        return json(member({ member_id: `m-${body.email}`, ...body }), { status: 201 });
      },
    });
    const { user } = await openMembers();
    await user.click(screen.getByRole("button", { name: "Import CSV" }));
    const dialog = screen.getByRole("dialog", { name: "Import members from a CSV file" });
    const csv = [
      "Email,Name,Role,Groups",
      'dan@acme.example,"Dan, the Designer",manager,Sales;field team',
      "not-an-email,Nobody,member,",
      "ava@acme.example,Ava Stone,,",
      'eve@acme.example,"Eve ""Evie"" Ops",admin,Sales',
      "zed@acme.example,Zed,member,Marketing",
    ].join("\r\n");
    const input = await within(dialog).findByLabelText("CSV file");
    await waitFor(() => expect(input).toBeEnabled());
    await user.upload(input, new File([csv], "people.csv", { type: "text/csv" }));
    expect(await within(dialog).findByText("3 to invite, 2 with problems (they will not be sent).")).toBeInTheDocument();
    const report = within(dialog).getByRole("table", { name: "Import members from a CSV file" });
    expect(within(report).getByRole("row", { name: /Line 3/ })).toHaveTextContent("invalid: the email is not an address");
    expect(within(report).getByRole("row", { name: /Line 6/ })).toHaveTextContent("invalid: no group “Marketing”");

    await user.click(within(dialog).getByRole("button", { name: "Invite 3" }));
    expect(await within(dialog).findByText("Done: 2 invited, 1 already members, 2 invalid, 0 not sent.")).toBeInTheDocument();
    expect(within(report).getByRole("row", { name: /Line 2/ })).toHaveTextContent("invited");
    expect(within(report).getByRole("row", { name: /Line 4/ })).toHaveTextContent("already a member");
    expect(within(report).getByRole("row", { name: /Line 5/ })).toHaveTextContent("invited");

    // The bad rows were never sent; the 503 was retried with the same key; every row had its own key.
    expect(sent.map((s) => s.email).sort()).toEqual(["ava@acme.example", "dan@acme.example", "eve@acme.example", "eve@acme.example"]);
    const eve = sent.filter((s) => s.email === "eve@acme.example");
    expect(eve[0]!.key).toBe(eve[1]!.key);
    expect(new Set(sent.map((s) => s.key)).size).toBe(3);
    const bodies = await Promise.all(api.requestsTo("POST", "/members").map((r) => r.json() as Promise<Member>));
    expect(bodies.find((b) => b.email === "dan@acme.example")).toEqual({ email: "dan@acme.example", name: "Dan, the Designer", role: "manager", groups: ["g-field", "g-sales"] });
    expect(bodies.find((b) => b.email === "eve@acme.example")?.name).toBe('Eve "Evie" Ops');
    expect(within(dialog).getByRole("button", { name: "Close" })).toBeInTheDocument();
  });

  it("reports, on its own row, an address outside the org's email domains, and invites the others", async () => {
    const outside =
      "not an address of this org's domains (acme.example); the operator sets the domains and any single addresses allowed outside them";
    stub({
      "POST /members": async (request: Request) => {
        const body = (await request.json()) as Pick<Member, "email" | "name" | "role" | "groups">;
        if (!body.email.endsWith("@acme.example")) {
          return apiError(422, "validation_error", "This org can only invite addresses of its own email domains.", [{ field: "email", message: outside }]);
        }
        return json(member({ member_id: `m-${body.email}`, ...body }), { status: 201 });
      },
    });
    const { user } = await openMembers();
    await user.click(screen.getByRole("button", { name: "Import CSV" }));
    const dialog = screen.getByRole("dialog", { name: "Import members from a CSV file" });
    const input = await within(dialog).findByLabelText("CSV file");
    await waitFor(() => expect(input).toBeEnabled());
    const csv = ["email,name", "dan@acme.example,Dan", "someone@globex.example,Someone", "lee@acme.example,Lee"].join("\n");
    await user.upload(input, new File([csv], "people.csv", { type: "text/csv" }));
    await user.click(await within(dialog).findByRole("button", { name: "Invite 3" }));
    expect(await within(dialog).findByText("Done: 2 invited, 0 already members, 1 invalid, 0 not sent.")).toBeInTheDocument();
    const report = within(dialog).getByRole("table", { name: "Import members from a CSV file" });
    expect(within(report).getByRole("row", { name: /Line 3/ })).toHaveTextContent(`invalid: email: ${outside}`);
    expect(within(report).getByRole("row", { name: /Line 2/ })).toHaveTextContent("invited");
    expect(within(report).getByRole("row", { name: /Line 4/ })).toHaveTextContent("invited");
  });

  it("sends the rows not sent again with the same keys, and a file it cannot read is said", async () => {
    let down = true;
    const keys: (string | null)[] = [];
    stub({
      "POST /members": async (request: Request) => {
        keys.push(request.headers.get("Idempotency-Key"));
        if (down) return apiError(500, "internal_error", "boom");
        return json(member((await request.json()) as Partial<Member>), { status: 201 });
      },
    });
    const { user } = await openMembers();
    await user.click(screen.getByRole("button", { name: "Import CSV" }));
    const dialog = screen.getByRole("dialog", { name: "Import members from a CSV file" });
    const input = within(dialog).getByLabelText("CSV file");
    await waitFor(() => expect(input).toBeEnabled());
    await user.upload(input, new File(["name,role\nDan,member"], "x.csv"));
    expect(within(dialog).getByLabelText("CSV file")).toHaveAccessibleDescription(/The first row must name the columns email\./);
    await user.upload(input, new File(['email,name\ndan@acme.example,"Dan'], "x.csv"));
    expect(await within(dialog).findByText(/Line 2: a quoted field is never closed\./)).toBeInTheDocument();

    await user.upload(input, new File(["email,name\ndan@acme.example,Dan"], "x.csv"));
    await user.click(await within(dialog).findByRole("button", { name: "Invite 1" }));
    expect(await within(dialog).findByText(/0 invited, 0 already members, 0 invalid, 1 not sent/)).toBeInTheDocument();
    down = false;
    await user.click(within(dialog).getByRole("button", { name: "Send the 1 not sent again" }));
    expect(await within(dialog).findByText(/1 invited, 0 already members, 0 invalid, 0 not sent/)).toBeInTheDocument();
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it("changes a member's role and groups, sending only what changed", async () => {
    const api = stub({
      "PATCH /members/:id": async (request: Request) => json({ ...AVA, ...((await request.json()) as object) }),
    });
    const { user } = await openMembers();
    await user.click(await screen.findByRole("button", { name: "Role and groups: Ava Stone" }));
    let dialog = screen.getByRole("dialog", { name: "Role and groups of Ava Stone" });
    expect(within(dialog).getByRole("checkbox", { name: "Sales" })).toBeChecked();
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(api.requestsTo("PATCH", "/members/m-ava")).toHaveLength(0); // nothing changed, nothing sent

    await user.click(screen.getByRole("button", { name: "Role and groups: Ava Stone" }));
    dialog = screen.getByRole("dialog", { name: "Role and groups of Ava Stone" });
    await user.selectOptions(within(dialog).getByLabelText("Role"), "manager");
    await user.click(within(dialog).getByRole("checkbox", { name: "Field team" }));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const [patch] = api.requestsTo("PATCH", "/members/m-ava");
    expect(await patch!.json()).toEqual({ role: "manager", groups: ["g-field", "g-sales"] });

    await user.click(screen.getByRole("button", { name: "Role and groups: Ava Stone" }));
    dialog = screen.getByRole("dialog", { name: "Role and groups of Ava Stone" });
    await user.click(within(dialog).getByRole("checkbox", { name: "Sales" }));
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(api.requestsTo("PATCH", "/members/m-ava")).toHaveLength(2));
    expect(await api.requestsTo("PATCH", "/members/m-ava")[1]!.json()).toEqual({ groups: [] });
  });

  it("says a concurrent change as a sentence with a reload, and an admin's own demotion as a reason", async () => {
    let answer = apiError(409, "conflict", "the member was changed by another request; retry");
    const api = stub({ "PATCH /members/:id": () => answer });
    const { user } = await openMembers();
    await user.click(await screen.findByRole("button", { name: "Role and groups: Ava Stone" }));
    const dialog = screen.getByRole("dialog");
    await user.selectOptions(within(dialog).getByLabelText("Role"), "admin");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Someone else changed this member in the meantime.");
    const reads = api.requestsTo("GET", "/members").length;
    await user.click(within(dialog).getByRole("button", { name: "Reload" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    await waitFor(() => expect(api.requestsTo("GET", "/members").length).toBeGreaterThan(reads));

    answer = apiError(422, "validation_error", "Admins cannot demote or deactivate themselves.", [{ field: "role", message: "ask another admin" }]);
    await user.click(screen.getByRole("button", { name: "Role and groups: Ada Admin" }));
    const own = screen.getByRole("dialog", { name: "Role and groups of Ada Admin" });
    await user.selectOptions(within(own).getByLabelText("Role"), "member");
    await user.click(within(own).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(within(own).getByLabelText("Role")).toHaveAccessibleDescription("You cannot change your own role or deactivate yourself: ask another admin."));
  });

  it("deactivates and reactivates only after confirmation, saying what it does", async () => {
    const api = stub({
      "PATCH /members/:id": async (request: Request) => json({ ...AVA, ...((await request.json()) as object) }),
    });
    const { user } = await openMembers();
    await user.click(await screen.findByRole("button", { name: "Deactivate: Ava Stone" }));
    let dialog = screen.getByRole("dialog", { name: "Deactivate Ava Stone?" });
    expect(dialog).toHaveTextContent("can no longer sign in");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(api.requestsTo("PATCH", "/members/m-ava")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Deactivate: Ava Stone" }));
    dialog = screen.getByRole("dialog", { name: "Deactivate Ava Stone?" });
    await user.click(within(dialog).getByRole("button", { name: "Deactivate" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await api.requestsTo("PATCH", "/members/m-ava")[0]!.json()).toEqual({ status: "deactivated" });

    await user.click(screen.getByRole("button", { name: "Reactivate: Ben Field" }));
    dialog = screen.getByRole("dialog", { name: "Reactivate Ben Field?" });
    await user.click(within(dialog).getByRole("button", { name: "Reactivate" }));
    await waitFor(() => expect(api.requestsTo("PATCH", "/members/m-ben")).toHaveLength(1));
    expect(await api.requestsTo("PATCH", "/members/m-ben")[0]!.json()).toEqual({ status: "active" });
  });

  it("speaks Italian too", async () => {
    stub();
    renderApp("/admin/members", { lang: "it" });
    expect(await screen.findByRole("heading", { level: 1, name: "Membri" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Disattiva: Ava Stone" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancella dati: Ben Field" })).toBeInTheDocument();
  });

  it("offers Erase on a deactivated member only, and erases after confirmation saying what goes and what stays", async () => {
    const erasedBen = { ...BEN, name: "Former member", email: "", erased_at: "2026-11-02T10:00:00Z" };
    const api = stub({ "POST /members/:id/erase": json(erasedBen) });
    const { user } = await openMembers();
    expect(await screen.findByRole("button", { name: "Erase: Ben Field" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Erase: Ava Stone" })).toBeNull(); // still active
    expect(screen.queryByRole("button", { name: "Erase: Ada Admin" })).toBeNull(); // the caller

    await user.click(screen.getByRole("button", { name: "Erase: Ben Field" }));
    let dialog = screen.getByRole("dialog", { name: "Erase Ben Field's personal data?" });
    expect(dialog).toHaveTextContent("cannot be undone");
    expect(dialog).toHaveTextContent("Their points stay");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(api.requestsTo("POST", "/members/m-ben/erase")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Erase: Ben Field" }));
    dialog = screen.getByRole("dialog", { name: "Erase Ben Field's personal data?" });
    await user.click(within(dialog).getByRole("button", { name: "Erase" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(api.requestsTo("POST", "/members/m-ben/erase")).toHaveLength(1);
    expect(await screen.findByText("Ben Field's personal data was erased.")).toBeInTheDocument();
  });

  it("says the erasure is under way while it runs", async () => {
    stub({ "POST /members/:id/erase": () => new Promise<Response>(() => undefined) });
    const { user } = await openMembers();
    await user.click(await screen.findByRole("button", { name: "Erase: Ben Field" }));
    const dialog = screen.getByRole("dialog", { name: "Erase Ben Field's personal data?" });
    await user.click(within(dialog).getByRole("button", { name: "Erase" }));
    expect(await within(dialog).findByRole("button", { name: "Erasing…" })).toHaveAttribute("aria-disabled", "true");
  });

  it("shows an erased member without actions", async () => {
    const erased = { ...BEN, name: "Former member", email: "", erased_at: "2026-11-02T10:00:00Z" };
    stub({ "GET /members": page([SELF, AVA, erased]) });
    await openMembers();
    const table = await screen.findByRole("table", { name: "Members" });
    const row = within(table).getByRole("row", { name: /Former member/ });
    expect(within(row).getByText("Erased")).toBeInTheDocument();
    expect(within(row).queryByRole("button")).toBeNull();
  });

  it("says an erasure that failed, a member gone meanwhile, and asks nothing offline", async () => {
    let answer = apiError(500, "internal_error", "boom");
    const api = stub({ "POST /members/:id/erase": () => answer.clone() });
    const { user } = await openMembers();
    await user.click(await screen.findByRole("button", { name: "Erase: Ben Field" }));
    const dialog = screen.getByRole("dialog", { name: "Erase Ben Field's personal data?" });
    await user.click(within(dialog).getByRole("button", { name: "Erase" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("dialog")).toBeInTheDocument(); // still open: erasing again finishes it

    answer = apiError(404, "not_found", "member not found");
    await user.click(within(dialog).getByRole("button", { name: "Erase" }));
    expect(await within(dialog).findByText("This member no longer exists.")).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Erase" })).toBeNull();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));

    const sent = api.requestsTo("POST", "/members/m-ben/erase").length;
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(screen.getByRole("button", { name: "Erase: Ben Field" }));
    const again = screen.getByRole("dialog", { name: "Erase Ben Field's personal data?" });
    await user.click(within(again).getByRole("button", { name: "Erase" }));
    expect(await within(again).findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(api.requestsTo("POST", "/members/m-ben/erase")).toHaveLength(sent);
  });
});
