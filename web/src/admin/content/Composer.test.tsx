import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, findPage, json, renderApp, stubApi } from "../../test/harness";
import { content, GROUPS, MANAGER, openComposer, page, ROME } from "./fixtures";
import type { Content } from "./queries";

type Body = Record<string, unknown>;

function base(routes: Record<string, unknown> = {}) {
  return stubApi({ "GET /me": MANAGER, "GET /me/org": ROME, "GET /groups": GROUPS, "GET /content": page([]), ...routes });
}

/** A create answered as the API would: the body back as content, its status from the body. */
async function created(request: Request): Promise<Response> {
  const body = (await request.json()) as Body;
  const status = body.status === "scheduled" ? "scheduled" : body.status === "published" ? "published" : "draft";
  return json(content({ ...(body as Partial<Content>), content_id: "c-new", status }), { status: 201 });
}


async function fillRequired(user: ReturnType<typeof renderApp>["user"]) {
  await user.type(screen.getByLabelText("Title"), "Hiring in Lisbon");
  await user.type(screen.getByLabelText("Link"), "https://acme.example/jobs");
}

/** A datetime-local field is set as a browser's picker sets it: the whole value at once. */
function setTime(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-02T10:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("Content composer", () => {
  it("labels every field, counts each network's text live (X: every link 23, the tracked link too) and previews it", async () => {
    base();
    const { user } = await openComposer();
    for (const label of ["Title", "Link", "Body", "Image URL", "Publish at", "Expires at", "Points per share"]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    const x = screen.getByLabelText("Text for X");
    expect(x).toHaveAccessibleDescription(/24 of 280 characters/);
    await user.click(x);
    await user.paste("Join us https://acme.example/a/very/long/path/to/the/jobs/page");
    // "Join us " is 8, the link 23, then a space and the tracked link: 8 + 23 + 1 + 23.
    expect(x).toHaveAccessibleDescription(/55 of 280 characters\. X counts every link as 23 characters/);
    const linkedin = screen.getByLabelText("Text for LinkedIn");
    await user.type(linkedin, "We're hiring");
    expect(linkedin).toHaveAccessibleDescription("12 of 3,000 characters");

    await user.clear(x);
    await user.click(x);
    await user.paste("a".repeat(257));
    expect(x).toHaveAccessibleDescription(/281 of 280 characters/);
    expect(x).toHaveAccessibleDescription(/Too long by 1 characters for X\./);

    await fillRequired(user);
    const preview = screen.getByRole("region", { name: "Preview" });
    expect(within(preview).getByRole("figure", { name: "How LinkedIn shows it" })).toHaveTextContent("We're hiring");
    expect(within(preview).getByRole("figure")).toHaveTextContent("Hiring in Lisbonacme.example");
    await user.click(within(preview).getByRole("radio", { name: "Email" }));
    expect(within(preview).getByRole("figure", { name: "How Email shows it" })).toHaveTextContent("Subject: Hiring in Lisbon");

    // Only the networks offered get a text.
    await user.click(within(screen.getByRole("group", { name: "Networks" })).getByRole("checkbox", { name: "X" }));
    expect(screen.queryByLabelText("Text for LinkedIn")).not.toBeInTheDocument();
    expect(within(preview).getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual(["x"]);
  });

  it("saves a draft: the body sent, an Idempotency-Key, then the drafts tab says so", async () => {
    const stub = base({ "POST /content": created });
    const { user } = await openComposer();
    await fillRequired(user);
    await user.type(screen.getByLabelText("Body"), "Come and build robots.");
    await user.type(screen.getByLabelText("Text for X"), "We're hiring!");
    await user.click(screen.getByRole("button", { name: "Save draft" }));

    expect(await screen.findByText("“Hiring in Lisbon” saved as a draft.")).toBeInTheDocument();
    expect(await screen.findByRole("tab", { name: "Drafts", selected: true })).toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/content");
    expect(post!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await post!.json()).toEqual({
      title: "Hiring in Lisbon",
      url: "https://acme.example/jobs",
      body: "Come and build robots.",
      image_url: null,
      messages: { x: "We're hiring!" },
      networks: [],
      groups: [],
      points: null,
      text_editable: true,
      publish_at: null,
      expires_at: null,
      status: "draft",
    });
  });

  it("schedules in the org's time zone (winter and summer time), for the groups chosen, with a points override", async () => {
    const stub = base({ "POST /content": created });
    const { user } = await openComposer();
    await fillRequired(user);
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    expect(screen.getByLabelText("Publish at")).toHaveAccessibleDescription(/Choose when to publish it\./);
    expect(screen.getByLabelText("Publish at")).toHaveFocus();
    expect(screen.getByRole("alert")).toHaveTextContent("Some fields need a change");
    expect(stub.requestsTo("POST", "/content")).toHaveLength(0);

    expect(screen.getByLabelText("Publish at")).toHaveAccessibleDescription(/In the org's time zone, Europe\/Rome\./);
    setTime("Publish at", "2026-11-09T09:00"); // CET, +01:00
    setTime("Expires at", "2027-04-01T09:00"); // CEST, +02:00
    const targeting = await screen.findByRole("group", { name: "Target groups" });
    await user.click(within(targeting).getByRole("checkbox", { name: "Sales" }));
    await user.type(screen.getByLabelText("Points per share"), "25");
    await user.click(screen.getByRole("checkbox", { name: /Members may edit the text/ }));
    await user.click(screen.getByRole("button", { name: "Schedule" }));

    expect(await screen.findByText("“Hiring in Lisbon” is scheduled for Nov 9, 2026, 9:00 AM.")).toBeInTheDocument();
    expect(await screen.findByRole("tab", { name: "Scheduled", selected: true })).toBeInTheDocument();
    expect(await stub.requestsTo("POST", "/content")[0]!.json()).toMatchObject({
      status: "scheduled",
      publish_at: "2026-11-09T08:00:00Z",
      expires_at: "2027-04-01T07:00:00Z",
      groups: ["g-sales"],
      points: 25,
      text_editable: false,
    });
  });

  it("refuses what is missing or wrong: each field says why, the first takes the focus, a message goes once its field is right", async () => {
    const stub = base({ "POST /content": created });
    const { user } = await openComposer();
    await user.type(screen.getByLabelText("Image URL"), "javascript:alert(1)");
    await user.type(screen.getByLabelText("Points per share"), "1.5");
    await user.click(screen.getByLabelText("Text for LinkedIn"));
    await user.paste("a".repeat(3001));
    await user.click(screen.getByRole("button", { name: "Save draft" }));

    expect(screen.getByLabelText("Title")).toHaveFocus();
    expect(screen.getByLabelText("Title")).toHaveAccessibleDescription("Give the content a title.");
    expect(screen.getByLabelText("Link")).toHaveAccessibleDescription(/Add the link members will share\./);
    expect(screen.getByLabelText("Image URL")).toHaveAccessibleDescription(/Enter a full address starting with https:\/\/ or http:\/\/\./);
    expect(screen.getByLabelText("Points per share")).toHaveAccessibleDescription(/Enter a whole number from 0 to 100,000, or leave it empty\./);
    expect(screen.getByLabelText("Text for LinkedIn")).toHaveAccessibleDescription(/Too long by 1 characters for LinkedIn\./);
    expect(screen.getByRole("alert")).toHaveTextContent("Some fields need a change");
    expect(stub.requestsTo("POST", "/content")).toHaveLength(0);

    await user.type(screen.getByLabelText("Title"), "Hiring in Lisbon");
    expect(screen.getByLabelText("Title")).not.toHaveAccessibleDescription("Give the content a title.");
    expect(screen.getByLabelText("Title")).not.toHaveAttribute("aria-invalid");
    // A text not offered is not sent, so its length no longer stops the save.
    await user.click(within(screen.getByRole("group", { name: "Networks" })).getByRole("checkbox", { name: "X" }));
    await user.type(screen.getByLabelText("Link"), "https://acme.example/jobs");
    await user.clear(screen.getByLabelText("Image URL"));
    await user.clear(screen.getByLabelText("Points per share"));
    await user.click(screen.getByRole("button", { name: "Save draft" }));
    expect(await screen.findByText("“Hiring in Lisbon” saved as a draft.")).toBeInTheDocument();
    expect(await stub.requestsTo("POST", "/content")[0]!.json()).toMatchObject({ messages: {}, networks: ["x"], image_url: null, points: null });
  });

  it("refuses a publish time past, and an expiry before it, next to their fields", async () => {
    const stub = base({ "POST /content": created });
    const { user } = await openComposer();
    await fillRequired(user);
    setTime("Publish at", "2026-11-02T10:30"); // 09:30 UTC: past (it is 10:00 UTC)
    setTime("Expires at", "2026-11-01T09:00");
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    expect(screen.getByLabelText("Publish at")).toHaveAccessibleDescription(/Choose a time in the future\./);
    expect(screen.getByLabelText("Expires at")).toHaveAccessibleDescription(/Choose a time after the publish time\./);
    expect(stub.requestsTo("POST", "/content")).toHaveLength(0);
  });

  it("publishes now: status published, no publish time; the published tab says so", async () => {
    const stub = base({ "POST /content": created });
    const { user } = await openComposer();
    await fillRequired(user);
    setTime("Publish at", "2026-12-01T09:00");
    await user.click(screen.getByRole("button", { name: "Publish" }));
    expect(await screen.findByText("“Hiring in Lisbon” is published.")).toBeInTheDocument();
    expect(await stub.requestsTo("POST", "/content")[0]!.json()).toMatchObject({ status: "published", publish_at: null });
  });

  it("shows the API's field errors next to their fields; a retry of the same body reuses its key, a changed body gets a new one", async () => {
    let answer = 0;
    const stub = base({
      "POST /content": (request: Request) => {
        answer += 1;
        if (answer === 1) {
          return apiError(422, "validation_error", "Some fields are not valid.", [
            { field: "url", message: "must be an absolute http(s) URL" },
            { field: "messages.x", message: "is 300 characters as X counts them" },
            { field: "status", message: "odd" },
          ]);
        }
        if (answer === 2) return apiError(500, "internal_error", "boom");
        return created(request);
      },
    });
    const { user } = await openComposer();
    await fillRequired(user);
    await user.type(screen.getByLabelText("Text for X"), "Hi");
    await user.click(screen.getByRole("button", { name: "Save draft" }));
    await waitFor(() => expect(screen.getByLabelText("Link")).toHaveAccessibleDescription(/must be an absolute http\(s\) URL/));
    expect(screen.getByLabelText("Link")).toHaveFocus();
    expect(screen.getByLabelText("Text for X")).toHaveAccessibleDescription(/is 300 characters as X counts them/);
    // A detail no field shows is listed with the sentence.
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Some fields are not valid. Check the messages next to them.");
    expect(alert).toHaveTextContent("status: odd");

    await user.click(screen.getByRole("button", { name: "Save draft" })); // the same body again
    expect(await screen.findByText("Something went wrong on our side.", { exact: false })).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Title"));
    await user.type(screen.getByLabelText("Title"), "Hiring in Porto");
    await user.click(screen.getByRole("button", { name: "Save draft" }));
    expect(await screen.findByText("“Hiring in Porto” saved as a draft.")).toBeInTheDocument();
    const keys = stub.requestsTo("POST", "/content").map((r) => r.headers.get("Idempotency-Key"));
    // The same body is the same operation; the changed title is another one.
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it("says so at once when offline, and sends nothing", async () => {
    const stub = base({ "POST /content": created });
    const { user } = await openComposer();
    await fillRequired(user);
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(screen.getByRole("button", { name: "Publish" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not reach the server.");
    expect(stub.requestsTo("POST", "/content")).toHaveLength(0);
    vi.restoreAllMocks();
  });
});

describe("Editing content", () => {
  const DRAFT = content({
    content_id: "c-draft",
    title: "Hiring in Lisbon",
    status: "draft",
    messages: { x: "Join us" },
    groups: ["g-sales"],
    publish_at: "2026-07-01T07:00:00Z",
    expires_at: null,
    points: 5,
  });

  it("opens the item with its times in the org's zone and sends only what changed", async () => {
    const stub = base({
      "GET /content": page([DRAFT], null),
      "GET /content/:id": DRAFT,
      "PATCH /content/:id": async (request: Request) => json({ ...DRAFT, ...((await request.json()) as Body) }),
    });
    const { user } = renderApp("/admin/content?status=draft");
    await user.click(await screen.findByRole("button", { name: "Edit: Hiring in Lisbon" }));
    await findPage("Edit “Hiring in Lisbon”");
    expect(screen.getByLabelText("Title")).toHaveValue("Hiring in Lisbon");
    expect(screen.getByLabelText("Text for X")).toHaveValue("Join us");
    expect(screen.getByLabelText("Publish at")).toHaveValue("2026-07-01T09:00"); // CEST
    expect(screen.getByLabelText("Points per share")).toHaveValue("5");
    expect(within(await screen.findByRole("group", { name: "Target groups" })).getByRole("checkbox", { name: "Sales" })).toBeChecked();

    await user.clear(screen.getByLabelText("Title"));
    await user.type(screen.getByLabelText("Title"), "Hiring in Porto");
    await user.click(screen.getByRole("button", { name: "Save draft" }));
    expect(await screen.findByText("“Hiring in Porto” saved as a draft.")).toBeInTheDocument();
    const [patch] = stub.requestsTo("PATCH", "/content/c-draft");
    expect(await patch!.json()).toEqual({ title: "Hiring in Porto" });
  });

  it("schedules a draft: its new time saved, then the schedule asked with an Idempotency-Key", async () => {
    const stub = base({
      "GET /content": page([DRAFT]),
      "GET /content/:id": DRAFT,
      "PATCH /content/:id": async (request: Request) => json({ ...DRAFT, ...((await request.json()) as Body) }),
      "POST /content/:id/schedule": json({ ...DRAFT, status: "scheduled", publish_at: "2026-11-20T08:00:00Z" }),
    });
    const { user } = renderApp("/admin/content?edit=c-draft");
    await findPage("Edit “Hiring in Lisbon”");
    setTime("Publish at", "2026-11-20T09:00");
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    expect(await screen.findByText("“Hiring in Lisbon” is scheduled for Nov 20, 2026, 9:00 AM.")).toBeInTheDocument();
    expect(await stub.requestsTo("PATCH", "/content/c-draft")[0]!.json()).toEqual({ publish_at: "2026-11-20T08:00:00Z" });
    const [schedule] = stub.requestsTo("POST", "/content/c-draft/schedule");
    expect(schedule!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("publishes a scheduled item now, and saves a published item's changes without moving it", async () => {
    const scheduled = { ...DRAFT, status: "scheduled" as const, publish_at: "2026-11-20T08:00:00Z" };
    const live = { ...DRAFT, content_id: "c-live", status: "published" as const };
    const stub = base({
      "GET /content/c-draft": scheduled,
      "GET /content/c-live": live,
      "POST /content/:id/publish": json({ ...scheduled, status: "published" }),
      "PATCH /content/:id": async (request: Request) => json({ ...live, ...((await request.json()) as Body) }),
    });
    const first = renderApp("/admin/content?edit=c-draft");
    await findPage("Edit “Hiring in Lisbon”");
    expect(screen.queryByRole("button", { name: "Save draft" })).not.toBeInTheDocument();
    await first.user.click(screen.getByRole("button", { name: "Publish" }));
    expect(await screen.findByText("“Hiring in Lisbon” is published.")).toBeInTheDocument();
    expect(stub.requestsTo("PATCH", "/content/c-draft")).toHaveLength(0); // nothing changed
    expect(stub.requestsTo("POST", "/content/c-draft/publish")).toHaveLength(1);
    first.unmount();

    const { user } = renderApp("/admin/content?edit=c-live");
    await findPage("Edit “Hiring in Lisbon”");
    expect(screen.queryByRole("button", { name: "Publish" })).not.toBeInTheDocument();
    await user.click(within(await screen.findByRole("group", { name: "Target groups" })).getByRole("checkbox", { name: "Field team" }));
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Changes to “Hiring in Lisbon” saved.")).toBeInTheDocument();
    expect(await stub.requestsTo("PATCH", "/content/c-live")[0]!.json()).toEqual({ groups: ["g-field", "g-sales"] });
  });

  it("says when the content is gone or can no longer be edited", async () => {
    base({ "GET /content/c-gone": apiError(404, "not_found", "no such content"), "GET /content/c-old": content({ status: "expired" }) });
    const first = renderApp("/admin/content?edit=c-gone");
    expect(await screen.findByText("This content no longer exists.")).toBeInTheDocument();
    first.unmount();
    const { user } = renderApp("/admin/content?edit=c-old");
    expect(await screen.findByText("Expired content cannot be edited.")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Back to the list" }));
    await findPage("Content");
  });
});
