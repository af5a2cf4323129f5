import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ME } from "../../test/fixtures";
import { apiError, findPage, json, renderApp, stubApi } from "../../test/harness";
import { content, GROUPS, MANAGER, page, ROME } from "./fixtures";

const ADMIN = { ...ME, role: "admin" as const };
const HELD = content({ content_id: "c-held", title: "Hiring in Lisbon", status: "pending_approval", expires_at: null });
const PLANNED = content({ content_id: "c-planned", title: "Q4 results", status: "pending_approval", publish_at: "2026-12-01T08:00:00Z", expires_at: null });

function base(who: typeof ADMIN | typeof MANAGER, routes: Record<string, unknown> = {}) {
  return stubApi({ "GET /me": who, "GET /me/org": ROME, "GET /groups": GROUPS, ...routes });
}

function pendingList(items = [HELD, PLANNED]) {
  return (_r: Request, url: URL) => json(page(url.searchParams.get("status") === "pending_approval" ? items : []));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-02T10:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Content approval", () => {
  it("lists the queue in its tab; an admin approves with an Idempotency-Key and is told where it went", async () => {
    const stub = base(ADMIN, {
      "GET /content": pendingList(),
      "POST /content/:id/approve": (_r: Request, url: URL) =>
        json(
          url.pathname.includes("c-planned")
            ? { ...PLANNED, status: "scheduled", approved_by: ADMIN.member_id, approved_at: "2026-11-02T10:00:00Z" }
            : { ...HELD, status: "published", approved_by: ADMIN.member_id, approved_at: "2026-11-02T10:00:00Z" },
        ),
    });
    const { user } = renderApp("/admin/content?status=pending_approval");
    await findPage("Content");
    expect(screen.getByRole("tab", { name: "Pending approval" })).toHaveAttribute("aria-selected", "true");
    const row = (await screen.findByText("Q4 results")).closest("li")!;
    // 08:00 UTC is 09:00 in Rome.
    expect(row).toHaveTextContent("Waiting for an admin's approval · Publish Dec 1, 2026, 9:00 AM");
    expect(within(row).getByRole("button", { name: "Edit: Q4 results" })).toBeInTheDocument();

    await user.click(within(row).getByRole("button", { name: "Approve: Q4 results" }));
    expect(await screen.findByText("“Q4 results” approved: it publishes Dec 1, 2026, 9:00 AM.")).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: "Approve: Q4 results" })).not.toBeInTheDocument();
    const [approve] = stub.requestsTo("POST", "/content/c-planned/approve");
    expect(approve!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);

    await user.click(screen.getByRole("button", { name: "Approve: Hiring in Lisbon" }));
    expect(await screen.findByText("“Hiring in Lisbon” approved and published.")).toBeInTheDocument();
  });

  it("rejects only with a note, which is sent; Escape leaves without sending", async () => {
    const stub = base(ADMIN, {
      "GET /content": pendingList([HELD]),
      "POST /content/:id/reject": async (request: Request) => {
        const { note } = (await request.json()) as { note: string };
        return json({ ...HELD, status: "draft", rejection_note: note });
      },
    });
    const { user } = renderApp("/admin/content?status=pending_approval");
    await user.click(await screen.findByRole("button", { name: "Reject: Hiring in Lisbon" }));
    const dialog = screen.getByRole("dialog", { name: "Send “Hiring in Lisbon” back?" });
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Reject: Hiring in Lisbon" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Reject" }));
    const note = within(screen.getByRole("dialog")).getByLabelText("Note to the author");
    expect(note).toHaveAccessibleDescription(/Write what the author should change\./);
    expect(stub.requestsTo("POST", "/content/c-held/reject")).toHaveLength(0);

    await user.type(note, "  Link the careers page. ");
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Reject" }));
    expect(await screen.findByText("“Hiring in Lisbon” sent back to its author with your note.")).toBeInTheDocument();
    expect(dialog).not.toBeInTheDocument();
    const [sent] = stub.requestsTo("POST", "/content/c-held/reject");
    expect(await sent!.json()).toEqual({ note: "Link the careers page." });
    expect(sent!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("says when another admin decided first, and takes the buttons away", async () => {
    base(ADMIN, { "GET /content": pendingList([HELD]), "POST /content/:id/approve": apiError(409, "conflict", "published content is not pending approval") });
    const { user } = renderApp("/admin/content?status=pending_approval");
    await user.click(await screen.findByRole("button", { name: "Approve: Hiring in Lisbon" }));
    expect(await screen.findByText("“Hiring in Lisbon” was already decided by another admin; the list has been refreshed.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Approve: Hiring in Lisbon" })).not.toBeInTheDocument();
  });

  it("offers a manager no decision, says when the queue is empty, and shows the author an admin's note on the draft", async () => {
    const rejected = content({ content_id: "c-back", title: "Office party", status: "draft", rejection_note: "Not before the announcement." });
    base(MANAGER, {
      "GET /content": (_r: Request, url: URL) => {
        const status = url.searchParams.get("status");
        return json(page(status === "pending_approval" ? [HELD] : status === "draft" ? [rejected] : []));
      },
    });
    const { user } = renderApp("/admin/content?status=pending_approval");
    const row = (await screen.findByText("Hiring in Lisbon")).closest("li")!;
    expect(within(row).queryByRole("button", { name: /Approve/ })).not.toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: /Reject/ })).not.toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Edit: Hiring in Lisbon" })).toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "Drafts" }));
    const draft = (await screen.findByText("Office party")).closest("li")!;
    expect(draft).toHaveTextContent("Sent back by an admin: Not before the announcement.");
  });

  it("says so when the queue is empty, in English and Italian", async () => {
    base(ADMIN, { "GET /content": page([]) });
    const first = renderApp("/admin/content?status=pending_approval");
    expect(await screen.findByText(/Nothing is waiting for approval\./)).toBeInTheDocument();
    first.unmount();
    renderApp("/admin/content?status=pending_approval", { lang: "it" });
    expect(await screen.findByRole("tab", { name: "In attesa di approvazione" })).toHaveAttribute("aria-selected", "true");
    expect(await screen.findByText(/Nulla attende l'approvazione\./)).toBeInTheDocument();
  });

  it("tells a manager whose Publish was held that it was sent for approval, on the queue's tab", async () => {
    const stub = base(MANAGER, {
      "GET /content": page([]),
      "POST /content": async (request: Request) => json({ ...HELD, ...((await request.json()) as object), status: "pending_approval" }, { status: 201 }),
    });
    const { user } = renderApp("/admin/content");
    await findPage("Content");
    await user.click(screen.getByRole("button", { name: "New content" }));
    await findPage("New content");
    await user.type(screen.getByLabelText("Title"), "Hiring in Lisbon");
    await user.type(screen.getByLabelText("Link"), "https://acme.example/jobs");
    await user.click(screen.getByRole("button", { name: "Publish" }));
    expect(await screen.findByText("“Hiring in Lisbon” was sent for approval: an admin will publish it, or send it back with a note.")).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Pending approval" })).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(stub.requestsTo("POST", "/content")).toHaveLength(1));
  });

  it("lets the author edit pending content and save it, without publishing or scheduling it again", async () => {
    base(MANAGER, { "GET /content": pendingList([HELD]), "GET /content/:id": json(HELD) });
    const { user } = renderApp("/admin/content?status=pending_approval");
    await user.click(await screen.findByRole("button", { name: "Edit: Hiring in Lisbon" }));
    await findPage("Edit “Hiring in Lisbon”");
    expect(screen.getByRole("button", { name: "Save changes" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Publish" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Schedule" })).not.toBeInTheDocument();
  });
});
