import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { components } from "../api/schema";
import { connection, ME, MY_ORG } from "../test/fixtures";
import { apiError, pending, renderApp, stubApi } from "../test/harness";

type AutoPost = components["schemas"]["AutoPostOut"];

const PREFS: components["schemas"]["AutoShareOut"] = {
  enabled: false,
  networks: [],
  scope: "all",
  group_ids: [],
  daily_cap: 1,
  window: { start: "09:00", end: "17:00" },
  updated_at: null,
};

function post(state: AutoPost["state"], overrides: Partial<AutoPost> = {}): AutoPost {
  return {
    content_id: `c-${state}`,
    title: `Story ${state}`,
    network: "linkedin",
    state,
    due_at: "2026-11-02T10:15:00Z",
    reason: null,
    post_url: null,
    updated_at: "2026-11-02T09:30:00Z",
    ...overrides,
  };
}

function routes(extra: Record<string, unknown> = {}) {
  return {
    "GET /me": ME,
    "GET /me/org": MY_ORG,
    "GET /me/connections": { items: [connection("linkedin", { connected: true }), connection("x")] },
    "GET /me/auto-share": PREFS,
    "GET /me/auto-posts": { items: [], next_cursor: null },
    ...extra,
  };
}

function form() {
  return screen.findByRole("form", { name: "Auto-share" });
}

afterEach(() => vi.restoreAllMocks());

describe("Auto-share", () => {
  it("is offered only once an account is connected", async () => {
    stubApi(routes({ "GET /me/connections": { items: [connection("linkedin"), connection("x")] } }));
    renderApp("/profile");
    await screen.findByRole("list", { name: "Connected accounts" });
    expect(screen.queryByRole("heading", { name: "Auto-share" })).not.toBeInTheDocument();
  });

  it("shows the loading states, then the form and an empty list", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    stubApi(routes({ "GET /me/auto-share": async () => (await held, new Response(JSON.stringify(PREFS), { headers: { "content-type": "application/json" } })), "GET /me/auto-posts": () => pending() }));
    renderApp("/profile");
    expect(await screen.findByRole("heading", { name: "Auto-share" })).toBeInTheDocument();
    expect(screen.queryByRole("form", { name: "Auto-share" })).not.toBeInTheDocument();
    release();
    const shown = await form();
    expect(within(shown).getByRole("checkbox", { name: "LinkedIn" })).toBeEnabled();
    expect(within(shown).getByRole("checkbox", { name: "X (connect it first)" })).toBeDisabled();
  });

  it("says when there are no auto-posts yet", async () => {
    stubApi(routes());
    renderApp("/profile");
    expect(await screen.findByText("No auto-posts yet: they appear here when new content goes out.")).toBeInTheDocument();
  });

  it("lists each auto-post with its state, its reason and the post's link", async () => {
    stubApi(
      routes({
        "GET /me/auto-posts": {
          items: [
            post("queued"),
            post("dispatched"),
            post("posted", { post_url: "https://www.linkedin.com/feed/update/urn:li:share:1/" }),
            post("failed", { reason: "duplicate", network: "x" }),
            post("needs_reconnect", { reason: "revoked" }),
          ],
          next_cursor: null,
        },
      }),
    );
    renderApp("/profile");
    const list = await screen.findByRole("list", { name: "My auto-posts" });
    const [queued, dispatched, posted, failed, reconnect] = within(list).getAllByRole("listitem");
    expect(queued).toHaveTextContent("Queued");
    expect(queued).toHaveTextContent("Planned for");
    expect(dispatched).toHaveTextContent("Being posted");
    expect(posted).toHaveTextContent("Posted");
    expect(within(posted!).getByRole("link", { name: "View the post" })).toHaveAttribute("href", "https://www.linkedin.com/feed/update/urn:li:share:1/");
    expect(failed).toHaveTextContent("Story failed · X");
    expect(failed).toHaveTextContent("Failed");
    expect(failed).toHaveTextContent("Why: the network refused it as a copy of a recent post");
    expect(reconnect).toHaveTextContent("Needs reconnecting");
    expect(reconnect).toHaveTextContent("Why: the connection was withdrawn or may not post");
  });

  it("shows an error with a retry when the auto-posts cannot be read", async () => {
    stubApi(routes({ "GET /me/auto-posts": apiError(500, "internal_error", "x") }));
    renderApp("/profile");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("button", { name: /Try again|Retry/ })).toBeInTheDocument();
  });

  it("saves the preferences, groups chosen by name", async () => {
    const stub = stubApi(routes({ "PUT /me/auto-share": { ...PREFS, enabled: true, networks: ["linkedin"], scope: "groups", group_ids: ["g-sales"], daily_cap: 2, updated_at: "2026-11-02T09:30:00Z" } }));
    const { user } = renderApp("/profile");
    const shown = await form();
    await user.click(within(shown).getByRole("checkbox", { name: "Post new content for me automatically" }));
    await user.click(within(shown).getByRole("checkbox", { name: "LinkedIn" }));
    await user.click(within(shown).getByRole("radio", { name: "Only content for these groups" }));
    expect(within(shown).queryByRole("checkbox", { name: "Field team" })).not.toBeInTheDocument(); // not Ava's group
    await user.click(within(shown).getByRole("checkbox", { name: "Sales" }));
    const cap = within(shown).getByRole("textbox", { name: /At most this many posts/ });
    await user.clear(cap);
    await user.type(cap, "2");
    await user.click(within(shown).getByRole("button", { name: "Save auto-share" }));
    expect(await screen.findByText("Auto-share saved.")).toBeInTheDocument();
    const [sent] = stub.requestsTo("PUT", "/me/auto-share");
    expect(await sent!.json()).toEqual({
      enabled: true,
      networks: ["linkedin"],
      scope: "groups",
      group_ids: ["g-sales"],
      daily_cap: 2,
      window: { start: "09:00", end: "17:00" },
    });
  });

  it("shows what the API refused by its field", async () => {
    stubApi(routes({ "PUT /me/auto-share": apiError(422, "validation_error", "These auto-share preferences cannot be kept.", [{ field: "window", message: "end must be after start, on the same day" }]) }));
    const { user } = renderApp("/profile");
    const shown = await form();
    await user.click(within(shown).getByRole("button", { name: "Save auto-share" }));
    expect(await within(shown).findByRole("alert")).toBeInTheDocument();
    expect(within(shown).getByLabelText("Until (HH:MM)")).toHaveAccessibleDescription("end must be after start, on the same day");
  });

  it("lists a refusal no field shows in the summary", async () => {
    stubApi(routes({ "PUT /me/auto-share": apiError(422, "validation_error", "These auto-share preferences cannot be kept.", [{ field: "enabled", message: "not for your role" }]) }));
    const { user } = renderApp("/profile");
    const shown = await form();
    await user.click(within(shown).getByRole("button", { name: "Save auto-share" }));
    expect(await within(shown).findByRole("alert")).toHaveTextContent("not for your role");
  });

  it("checks the preferences before sending them, every problem by its field", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/profile");
    const shown = await form();
    await user.click(within(shown).getByRole("checkbox", { name: "Post new content for me automatically" }));
    await user.click(within(shown).getByRole("radio", { name: "Only content for these groups" }));
    await user.clear(within(shown).getByRole("textbox", { name: /At most this many posts/ }));
    const end = within(shown).getByLabelText("Until (HH:MM)");
    await user.clear(end);
    await user.type(end, "08:00");
    await user.click(within(shown).getByRole("button", { name: "Save auto-share" }));
    expect(await within(shown).findByText("Choose a network to post to, or turn auto-share off.")).toBeInTheDocument();
    expect(within(shown).getByText("Choose at least one group, or all content.")).toBeInTheDocument();
    expect(within(shown).getByRole("textbox", { name: /At most this many posts/ })).toHaveAccessibleDescription("Enter a whole number from 1 to 10.");
    expect(end).toHaveAccessibleDescription("The window must end after it starts, on the same day.");
    // The first wrong field takes the focus: the first network's box.
    expect(within(shown).getByRole("checkbox", { name: "LinkedIn" })).toHaveFocus();
    expect(stub.requestsTo("PUT", "/me/auto-share")).toHaveLength(0);
    // Fixed, it goes.
    await user.click(within(shown).getByRole("checkbox", { name: "LinkedIn" }));
    await user.click(within(shown).getByRole("checkbox", { name: "Sales" }));
    await user.type(within(shown).getByRole("textbox", { name: /At most this many posts/ }), "3");
    await user.clear(end);
    await user.type(end, "18:00");
    expect(within(shown).queryByText("Choose a network to post to, or turn auto-share off.")).not.toBeInTheDocument();
    await user.click(within(shown).getByRole("button", { name: "Save auto-share" }));
    await waitFor(() => expect(stub.requestsTo("PUT", "/me/auto-share")).toHaveLength(1));
    expect(await stub.requestsTo("PUT", "/me/auto-share")[0]!.json()).toMatchObject({ networks: ["linkedin"], group_ids: ["g-sales"], daily_cap: 3, window: { start: "09:00", end: "18:00" } });
  });

  it("says it is offline instead of saving", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/profile");
    const shown = await form();
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(within(shown).getByRole("button", { name: "Save auto-share" }));
    expect(await within(shown).findByRole("alert")).toBeInTheDocument();
    await waitFor(() => expect(stub.requestsTo("PUT", "/me/auto-share")).toHaveLength(0));
  });

  it("speaks Italian", async () => {
    stubApi(routes({ "GET /me/auto-posts": { items: [post("posted")], next_cursor: null } }));
    renderApp("/profile", { lang: "it" });
    expect(await screen.findByRole("form", { name: "Condivisione automatica" })).toBeInTheDocument();
    expect(await screen.findByText("Pubblicato")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Salva la condivisione automatica" })).toBeInTheDocument();
  });
});
