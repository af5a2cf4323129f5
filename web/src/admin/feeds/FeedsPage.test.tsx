import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ME } from "../../test/fixtures";
import { apiError, findPage, json, renderApp, stubApi } from "../../test/harness";

const ADMIN = { ...ME, role: "admin" as const };
const SOURCE = {
  source_id: "s1",
  url: "https://news.acme.example/feed.xml",
  groups: [],
  publish: false,
  points: null,
  created_by: "a1",
  created_at: "2026-11-02T09:00:00Z",
  updated_at: "2026-11-02T09:00:00Z",
  last_attempt_at: "2026-11-02T10:15:00Z",
  last_success_at: "2026-11-02T10:00:00Z",
  last_error: "The site answered 503.",
  imported: 12,
  failures: 2,
  next_attempt_at: "2026-11-02T10:45:00Z",
};
const GROUPS = { items: [{ group_id: "g-sales", name: "Sales", members: 3 }], next_cursor: null };

describe("Feeds (admin)", () => {
  it("is refused to a manager who types its address", async () => {
    stubApi({ "GET /me": { ...ME, role: "manager" as const }, "GET /feed": { items: [], next_cursor: null } });
    renderApp("/admin/feeds");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
  });

  it("lists each source with its status: last read, entries imported, last error and next try", async () => {
    stubApi({ "GET /me": ADMIN, "GET /groups": GROUPS, "GET /feed-sources": { items: [SOURCE], next_cursor: null } });
    renderApp("/admin/feeds");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Feeds" })).toHaveAttribute("aria-current", "page");
    expect(await screen.findByText(SOURCE.url)).toBeInTheDocument();
    expect(screen.getByText("12")).toBeInTheDocument();
    expect(screen.getByText(/The site answered 503\./)).toHaveTextContent("(2 failures in a row)");
    expect(screen.getByText("Next try")).toBeInTheDocument();
    expect(screen.getByText("Drafts")).toBeInTheDocument();
  });

  it("says what to do when there are none, and an error as a sentence", async () => {
    stubApi({ "GET /me": ADMIN, "GET /groups": GROUPS, "GET /feed-sources": { items: [], next_cursor: null } });
    const first = renderApp("/admin/feeds");
    expect(await screen.findByText(/No feeds yet/)).toBeInTheDocument();
    first.unmount();
    stubApi({ "GET /me": ADMIN, "GET /groups": GROUPS, "GET /feed-sources": apiError(500, "internal_error", "x") });
    renderApp("/admin/feeds");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("adds a source with an Idempotency-Key, a bad URL said next to its field", async () => {
    let bad = true;
    const stub = stubApi({
      "GET /me": ADMIN,
      "GET /groups": GROUPS,
      "GET /feed-sources": { items: [], next_cursor: null },
      "POST /feed-sources": () =>
        bad
          ? apiError(422, "validation_error", "Some fields are not valid.", [{ field: "url", message: "must be an absolute http(s) URL" }])
          : json(SOURCE, { status: 201 }),
    });
    const { user } = renderApp("/admin/feeds");
    await findPage("Feeds");
    await user.click(screen.getByRole("button", { name: "Add feed" }));
    expect(screen.getByText("Give the feed's address.")).toBeInTheDocument();
    const url = screen.getByLabelText("Feed URL", { exact: false });
    expect(url).toHaveAttribute("aria-invalid", "true");
    expect(url).toHaveFocus(); // the field found wrong
    expect(stub.requestsTo("POST", "/feed-sources")).toHaveLength(0);

    await user.type(url, "https://news.acme.example/feed.xml");
    await user.click(await screen.findByRole("checkbox", { name: "Sales" }));
    await user.click(screen.getByRole("checkbox", { name: /Publish entries at once/ }));
    await user.click(screen.getByRole("button", { name: "Add feed" }));
    expect(await screen.findByText(/must be an absolute http\(s\) URL/)).toBeInTheDocument();
    bad = false;
    await user.click(screen.getByRole("button", { name: "Add feed" }));
    expect(await screen.findByText(/Feed added/)).toBeInTheDocument();
    expect(url).toHaveValue(""); // ready for the next feed
    expect(screen.getByRole("checkbox", { name: "Sales" })).not.toBeChecked();
    const posts = stub.requestsTo("POST", "/feed-sources");
    expect(posts).toHaveLength(2);
    expect(await posts[1]!.json()).toEqual({ url: SOURCE.url, publish: true, groups: ["g-sales"], points: null });
    const keys = posts.map((p) => p.headers.get("Idempotency-Key"));
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]); // the same operation retried
  });

  it("edits a source: its fields filled in, the changes sent, the API's refusal by its field", async () => {
    let bad = true;
    const stub = stubApi({
      "GET /me": ADMIN,
      "GET /groups": GROUPS,
      "GET /feed-sources": { items: [{ ...SOURCE, points: 10 }], next_cursor: null },
      "PATCH /feed-sources/s1": () =>
        bad
          ? apiError(422, "validation_error", "Some fields are not valid.", [{ field: "points", message: "must be at most 100000" }])
          : json({ ...SOURCE, points: 25 }),
    });
    const { user } = renderApp("/admin/feeds");
    await user.click(await screen.findByRole("button", { name: `Edit: ${SOURCE.url}` }));
    const form = screen.getByRole("form", { name: `Edit ${SOURCE.url}` });
    expect(within(form).getByLabelText("Feed URL", { exact: false })).toHaveValue(SOURCE.url);
    const points = within(form).getByLabelText("Points per share (optional)");
    expect(points).toHaveValue(10);
    await user.clear(points);
    await user.type(points, "250000");
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(points).toHaveAccessibleDescription("must be at most 100000"));
    expect(within(form).queryByRole("alert")).not.toBeInTheDocument(); // said by the field, not above

    bad = false;
    await user.clear(points);
    await user.type(points, "25");
    await user.click(within(form).getByRole("checkbox", { name: "Sales" }));
    await user.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: `Edit ${SOURCE.url}` })).not.toBeInTheDocument());
    const patches = stub.requestsTo("PATCH", "/feed-sources/s1");
    expect(patches).toHaveLength(2);
    expect(await patches[0]!.json()).toEqual({ url: SOURCE.url, publish: false, groups: [], points: 250000 });
    expect(await patches[1]!.json()).toEqual({ url: SOURCE.url, publish: false, groups: ["g-sales"], points: 25 });
  });

  it("deletes a source after a confirmation", async () => {
    const stub = stubApi({
      "GET /me": ADMIN,
      "GET /groups": GROUPS,
      "GET /feed-sources": { items: [SOURCE], next_cursor: null },
      "DELETE /feed-sources/s1": () => new Response(null, { status: 204 }),
    });
    const { user } = renderApp("/admin/feeds");
    await user.click(await screen.findByRole("button", { name: `Delete: ${SOURCE.url}` }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this feed?" });
    expect(stub.requestsTo("DELETE", "/feed-sources/s1")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(stub.requestsTo("DELETE", "/feed-sources/s1")).toHaveLength(1));
  });
});
