import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ME } from "../../test/fixtures";
import { apiError, findPage, json, renderApp, stubApi } from "../../test/harness";
import { content, GROUPS, MANAGER, page, ROME } from "./fixtures";

const LAUNCH = content();
const DRAFT = content({ content_id: "c-draft", title: "Hiring in Lisbon", status: "draft", publish_at: null, expires_at: null, groups: ["g-sales"], points: 25 });

function base(routes: Record<string, unknown> = {}) {
  return stubApi({ "GET /me": MANAGER, "GET /me/org": ROME, "GET /groups": GROUPS, ...routes });
}

/** The status and q each `GET /content` asked for. */
function listed(stub: ReturnType<typeof stubApi>) {
  return stub.requestsTo("GET", "/content").map((r) => Object.fromEntries(new URL(r.url).searchParams));
}

describe("Content (manager)", () => {
  it("is offered to managers in the Manage navigation, and refused to a member", async () => {
    base({ "GET /content": page([LAUNCH]) });
    const first = renderApp("/admin/content");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Content" })).toHaveAttribute("aria-current", "page");
    first.unmount();

    stubApi({ "GET /me": ME, "GET /me/org": ROME, "GET /feed": page([]) });
    renderApp("/admin/content");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
  });

  it("shows skeletons, then each item with its times in the org's zone, its audience and its shares, clicks and unique clicks", async () => {
    let answer: (value: Response) => void = () => undefined;
    const stub = base({ "GET /content": () => new Promise<Response>((resolve) => (answer = resolve)) });
    renderApp("/admin/content");
    await findPage("Content");
    expect(screen.getByRole("tab", { name: "Published" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    answer(json(page([LAUNCH, content({ content_id: "c-2", title: "For sales", groups: ["g-sales"], points: 5 })])));

    const row = (await screen.findByText("Launch day")).closest("li")!;
    // 08:00 UTC is 09:00 in Rome (CET in November).
    expect(row).toHaveTextContent("Published Nov 2, 2026, 9:00 AM");
    expect(row).toHaveTextContent("Expires Dec 2, 2026, 9:00 AM");
    expect(row).toHaveTextContent("For everyone");
    expect(within(row).getByText("Shares").nextSibling).toHaveTextContent("42");
    expect(within(row).getByText("Clicks").nextSibling).toHaveTextContent("1,317");
    expect(within(row).getByText("Unique clicks").nextSibling).toHaveTextContent("188");
    expect(await screen.findByText(/For Sales · 5 points per share/)).toBeInTheDocument();
    expect(listed(stub)).toEqual([{ limit: "20", status: "published" }]);
  });

  it("has a tab per status, moved through with the arrow keys, each with an empty state that says what to do", async () => {
    const stub = base({
      "GET /content": (_r: Request, url: URL) => json(page(url.searchParams.get("status") === "draft" ? [DRAFT] : [])),
    });
    const { user } = renderApp("/admin/content");
    await findPage("Content");
    expect(await screen.findByText(/Nothing is published\. Choose “New content” and “Publish”/)).toBeInTheDocument();

    await user.click(screen.getByRole("tab", { name: "Published" }));
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Expired" })).toHaveFocus();
    expect(screen.getByRole("tab", { name: "Expired" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Expired" })).toBeInTheDocument();
    // The selected tab controls the panel shown (an id that points nowhere fails the accessibility audit).
    const controls = screen.getByRole("tab", { name: "Expired" }).getAttribute("aria-controls") ?? "";
    expect(document.getElementById(controls)).toBe(screen.getByRole("tabpanel"));
    expect(await screen.findByText(/Nothing has expired/)).toBeInTheDocument();

    await user.keyboard("{Home}");
    expect(screen.getByRole("tab", { name: "Drafts" })).toHaveFocus();
    const row = (await screen.findByText("Hiring in Lisbon")).closest("li")!;
    expect(row).toHaveTextContent("Created Nov 1, 2026, 10:00 AM · For Sales · 25 points per share");
    expect(within(row).getByRole("button", { name: "Edit: Hiring in Lisbon" })).toBeInTheDocument();

    await user.keyboard("{ArrowRight}");
    expect(await screen.findByText(/Nothing is scheduled/)).toBeInTheDocument();
    expect(listed(stub).map((q) => q.status)).toEqual(["published", "expired", "draft", "scheduled"]);
  });

  it("searches titles, reads past short pages, and says when nothing matches", async () => {
    const stub = base({
      "GET /content": (_r: Request, url: URL) => {
        const q = url.searchParams.get("q");
        if (q === "lisbon" && !url.searchParams.get("cursor")) return json(page([], "next"));
        if (q === "lisbon") return json(page([content({ title: "Hiring in Lisbon" })]));
        return json(page(q ? [] : [LAUNCH]));
      },
    });
    const { user } = renderApp("/admin/content");
    await findPage("Content");
    await screen.findByText("Launch day");

    await user.type(screen.getByRole("searchbox", { name: "Search titles" }), "lisbon{Enter}");
    expect(await screen.findByText("Hiring in Lisbon")).toBeInTheDocument();
    expect(listed(stub).slice(1)).toEqual([
      { limit: "20", status: "published", q: "lisbon" },
      { limit: "20", status: "published", q: "lisbon", cursor: "next" },
    ]);

    await user.clear(screen.getByRole("searchbox", { name: "Search titles" }));
    await user.type(screen.getByRole("searchbox", { name: "Search titles" }), "zzz{Enter}");
    expect(await screen.findByText("No title contains “zzz” here. Try another word, another tab, or clear the search.")).toBeInTheDocument();
  });

  it("loads more, and says an error as a sentence with a retry", async () => {
    let fail = true;
    base({
      "GET /content": (_r: Request, url: URL) => {
        if (!url.searchParams.get("cursor")) return json(page([LAUNCH], "p2"));
        return json(page([content({ content_id: "c-old", title: "Older news" })]));
      },
    });
    const first = renderApp("/admin/content");
    await screen.findByText("Launch day");
    await first.user.click(screen.getByRole("button", { name: "Load more" }));
    expect(await screen.findByText("Older news")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
    first.unmount();

    base({ "GET /content": () => (fail ? apiError(500, "internal_error", "boom") : json(page([LAUNCH]))) });
    const { user } = renderApp("/admin/content");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Launch day")).toBeInTheDocument();
  });

  it("deletes (archives) only after confirmation, with an Idempotency-Key", async () => {
    const stub = base({
      "GET /content": page([LAUNCH]),
      "POST /content/:id/archive": json({ ...LAUNCH, status: "archived" }),
    });
    const { user } = renderApp("/admin/content");
    await findPage("Content");
    await user.click(await screen.findByRole("button", { name: "Delete: Launch day" }));
    const dialog = screen.getByRole("dialog", { name: "Delete “Launch day”?" });
    expect(dialog).toHaveTextContent("It leaves members' feeds and can no longer be shared or edited.");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Delete: Launch day" })).toHaveFocus());
    expect(stub.requestsTo("POST", "/content/c-launch/archive")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Delete: Launch day" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("“Launch day” deleted.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const [archive] = stub.requestsTo("POST", "/content/c-launch/archive");
    expect(archive!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    await waitFor(() => expect(listed(stub).length).toBeGreaterThan(1)); // the list is read again
  });

  it("says when the content to delete is gone, and offers no second try", async () => {
    base({ "GET /content": page([LAUNCH]), "POST /content/:id/archive": apiError(404, "not_found", "no such content") });
    const { user } = renderApp("/admin/content");
    await user.click(await screen.findByRole("button", { name: "Delete: Launch day" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Delete" }));
    expect(await within(screen.getByRole("dialog")).findByRole("alert")).toHaveTextContent("This content no longer exists");
    expect(within(screen.getByRole("dialog")).queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });

  it("speaks Italian", async () => {
    base({ "GET /content": page([]) });
    renderApp("/admin/content", { lang: "it" });
    await findPage("Contenuti");
    expect(screen.getByRole("tab", { name: "Bozze" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Nuovo contenuto" })).toBeInTheDocument();
    expect(await screen.findByText(/Nulla di pubblicato/)).toBeInTheDocument();
  });
});
