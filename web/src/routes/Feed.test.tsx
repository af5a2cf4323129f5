import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { FeedItem } from "../api/types";
import { feedItem, MY_ORG, myShare, newShare, page } from "../test/fixtures";
import { apiError, json, pending, renderApp, setOnline, stubApi } from "../test/harness";
import { browser } from "./share";

const SHARE = newShare({
  share_url: "https://x.com/intent/post?text=Come%20build%20robots%20with%20us%20https%3A%2F%2Fgo.acme.example%2Fr%2FAbCdEfGhIjKl",
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function fakePopup() {
  return { location: { href: "" }, closed: false, close: vi.fn(), opener: {} as unknown };
}

/** A feed of two pages: the fixture's item, then `second` behind the cursor `p2`. */
function twoPages(second: FeedItem) {
  return stubApi({
    "GET /feed": (_req, url) => json(url.searchParams.get("cursor") === "p2" ? page([second]) : page([feedItem()], "p2")),
    "GET /me/shares": page([]),
  });
}

async function card(title = "We are hiring robot whisperers") {
  const heading = await screen.findByRole("heading", { level: 2, name: title });
  return heading.closest("article")!;
}

describe("Feed", () => {
  it("shows skeletons while loading", async () => {
    stubApi({ "GET /feed": () => pending(), "GET /me/shares": page([]) });
    renderApp("/");
    expect(await screen.findByRole("heading", { level: 1, name: "Feed" })).toBeInTheDocument();
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    expect(screen.queryByRole("article")).toBeNull();
  });

  it("says it waits for the connection when opened offline, then loads when the device is back", async () => {
    const stub = stubApi({ "GET /feed": page([feedItem()]), "GET /me/shares": page([]) });
    setOnline(false);
    renderApp("/");
    expect(await screen.findByText("Waiting for a connection: this shows as soon as you are back online.")).toBeInTheDocument();
    expect(screen.queryByText("Loading…")).toBeNull();
    expect(stub.requestsTo("GET", "/feed")).toHaveLength(0);
    setOnline(true);
    expect(await card()).toBeInTheDocument();
    expect(screen.queryByText(/Waiting for a connection/)).toBeNull();
  });

  it("opens at the item a digest links to, reading on until it is loaded", async () => {
    const stub = twoPages(feedItem({ content_id: "c-9", title: "Linked news" }));
    renderApp("/?item=c-9");
    const linked = await card("Linked news");
    const item = linked.closest("li")!;
    await waitFor(() => expect(item).toHaveFocus());
    expect(item).toHaveClass("target");
    expect(stub.requestsTo("GET", "/feed")).toHaveLength(2);
    expect(screen.queryByText(/no longer in your feed/)).toBeNull();
  });

  it("says so when the linked item is no longer in the feed", async () => {
    stubApi({ "GET /feed": page([feedItem()]), "GET /me/shares": page([]) });
    renderApp("/?item=c-gone");
    expect(await screen.findByText(/That post is no longer in your feed/)).toBeInTheDocument();
    expect(await card()).toBeInTheDocument();
  });

  it("says what to do when there is nothing to share", async () => {
    stubApi({ "GET /feed": page([]), "GET /me/shares": page([]) });
    renderApp("/");
    expect(await screen.findByText(/Nothing to share right now/)).toBeInTheDocument();
  });

  it("keeps reading while filtered pages come back empty", async () => {
    const stub = stubApi({
      "GET /feed": (_req, url) =>
        json(url.searchParams.get("cursor") === "p2" ? page([feedItem()]) : page([], "p2")),
      "GET /me/shares": page([]),
    });
    renderApp("/");
    expect(await card()).toBeInTheDocument();
    expect(stub.requestsTo("GET", "/feed")).toHaveLength(2);
  });

  it("shows an API error as a sentence and retries on demand", async () => {
    let calls = 0;
    stubApi({
      "GET /feed": () =>
        ++calls === 1 ? apiError(500, "internal_error", "Something went wrong on our side.") : json(page([feedItem()])),
      "GET /me/shares": page([]),
    });
    const { user } = renderApp("/");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side. Try again later.");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await card()).toBeInTheDocument();
  });

  it("shows each card with its image, text, points and share buttons", async () => {
    const stub = stubApi({
      "GET /feed": page([feedItem(), feedItem({ content_id: "c-2", title: "Only on X", networks: ["x"], points: null, image_url: null })]),
      "GET /me/shares": page([]),
      "GET /me/org": MY_ORG,
    });
    renderApp("/");
    const article = await card();
    const first = within(article);
    // The image is decorative (alt=""): the title says what the card is about.
    expect(article.querySelector("img")).toHaveAttribute("src", "https://acme.example/jobs.png");
    expect(article.querySelector("img")).toHaveAttribute("alt", "");
    expect(first.getByText("Join the team that builds the friendliest robots.")).toBeInTheDocument();
    expect(first.getByText("Earns 10 points per share")).toBeInTheDocument();
    for (const name of ["Share on LinkedIn", "Share on X", "Share on Facebook", "Share by email"]) {
      expect(first.getByRole("button", { name })).toBeEnabled();
    }
    const second = within(await card("Only on X"));
    expect(second.getAllByRole("button", { name: /^Share/ }).map((b) => b.textContent)).toEqual(["Share on X"]);
    // Content without points of its own earns the org's share rule, and says so.
    expect(await second.findByText("Earns 15 points per share")).toBeInTheDocument();
    // The feed reads its shares' clicks without their titles (each title is one read more for the API).
    expect(new URL(stub.requestsTo("GET", "/me/shares")[0]!.url).searchParams.has("titles")).toBe(false);
  });

  it("opens the window inside the click, then points it at the share link with the tracked URL", async () => {
    const answer = deferred<Response>();
    let feed: FeedItem[] = [feedItem()];
    const stub = stubApi({
      "GET /feed": () => json(page(feed)),
      "GET /me/shares": () => json(page(feed[0]!.my_shares.x ? [myShare({ share_id: "s-9", clicks: 7 })] : [])),
      "POST /content/:id/shares": () => answer.promise,
      "GET /me": {},
    });
    const popup = fakePopup();
    const open = vi.spyOn(window, "open").mockReturnValue(popup as unknown as Window);
    const { user } = renderApp("/");
    const article = within(await card());

    await user.click(article.getByRole("button", { name: "Share on X" }));
    // The window exists before the API has answered (so popup blockers allow it)...
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith("", "_blank");
    expect(popup.opener).toBeNull();
    await waitFor(() => expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(1));
    expect(popup.location.href).toBe("");
    const request = stub.requestsTo("POST", "/content/c-1/shares")[0]!;
    expect(request.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await request.json()).toEqual({ network: "x" });

    // ...and goes to the network's intent, which carries the short link, once it has.
    feed = [feedItem({ my_shares: { x: { share_id: "s-9", tracked_url: SHARE.tracked_url } } })];
    answer.resolve(json(SHARE, { status: 201 }));
    await waitFor(() => expect(popup.location.href).toBe(SHARE.share_url));
    expect(decodeURIComponent(popup.location.href)).toContain(SHARE.tracked_url);
    expect(await article.findByText("Your X post is ready in the new window. You earned 10 points.", { exact: false })).toBeInTheDocument();

    // The card then says it was shared, with the link and its clicks.
    expect(await article.findByText("Shared")).toBeInTheDocument();
    expect(await article.findByText("7 clicks")).toBeInTheDocument();
    expect(article.getByRole("link", { name: /go\.acme\.example\/r\/AbCdEfGhIjKl/ })).toHaveAttribute("href", SHARE.tracked_url);
  });

  it("sends edited text, and copies it for LinkedIn, whose share page takes none", async () => {
    const stub = stubApi({
      "GET /feed": page([feedItem()]),
      "GET /me/shares": page([]),
      "POST /content/:id/shares": json({ ...SHARE, network: "linkedin", share_url: "https://www.linkedin.com/sharing/share-offsite/?url=x" }, { status: 201 }),
      "GET /me": {},
    });
    vi.spyOn(window, "open").mockReturnValue(fakePopup() as unknown as Window);
    const { user } = renderApp("/");
    const article = within(await card());
    const writeText = vi.spyOn(navigator.clipboard, "writeText");
    await user.click(article.getByText("Edit the suggested text"));
    const box = article.getByLabelText("Text for LinkedIn");
    expect(box).toHaveValue("We are hiring! Come build robots with us.");
    expect(box).toHaveAccessibleDescription(/copied to your clipboard/);
    await user.clear(box);
    await user.type(box, "Proud of this team");
    await user.click(article.getByRole("button", { name: "Share on LinkedIn" }));
    expect(writeText).toHaveBeenCalledWith("Proud of this team");
    await waitFor(() => expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(1));
    expect(await stub.requestsTo("POST", "/content/c-1/shares")[0]!.json()).toEqual({
      network: "linkedin",
      message: "Proud of this team",
    });
    expect(await article.findByText(/The text is on your clipboard/)).toBeInTheDocument();
  });

  it("opens the mail app with the mailto link for email", async () => {
    stubApi({
      "GET /feed": page([feedItem()]),
      "GET /me/shares": page([]),
      "POST /content/:id/shares": json({ ...SHARE, network: "email", share_url: "mailto:?subject=Hi&body=https%3A%2F%2Fgo.acme.example%2Fr%2FAbCdEfGhIjKl" }, { status: 201 }),
      "GET /me": {},
    });
    const open = vi.spyOn(window, "open");
    const assign = vi.spyOn(browser, "assign").mockImplementation(() => undefined);
    const { user } = renderApp("/");
    const article = within(await card());
    await user.click(article.getByRole("button", { name: "Share by email" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith(expect.stringMatching(/^mailto:/)));
    expect(open).not.toHaveBeenCalled();
    expect(await article.findByRole("link", { name: "Open the email" })).toHaveAttribute("href", expect.stringMatching(/^mailto:/));
  });

  it("offers a link when the browser blocked the window", async () => {
    stubApi({
      "GET /feed": page([feedItem()]),
      "GET /me/shares": page([]),
      "POST /content/:id/shares": json(SHARE, { status: 201 }),
      "GET /me": {},
    });
    vi.spyOn(window, "open").mockReturnValue(null);
    const { user } = renderApp("/");
    const article = within(await card());
    await user.click(article.getByRole("button", { name: "Share on X" }));
    expect(await article.findByRole("link", { name: "Open X to finish sharing" })).toHaveAttribute("href", SHARE.share_url);
  });

  it("shows a refused message next to its field and closes the window", async () => {
    stubApi({
      "GET /feed": page([feedItem()]),
      "GET /me/shares": page([]),
      "POST /content/:id/shares": apiError(422, "validation_error", "Some fields are not valid.", [
        { field: "message", message: "X allows 256 characters here; this message has 300" },
      ]),
    });
    const popup = fakePopup();
    vi.spyOn(window, "open").mockReturnValue(popup as unknown as Window);
    const { user } = renderApp("/");
    const article = within(await card());
    await user.click(article.getByRole("button", { name: "Share on X" }));
    expect(await article.findByRole("alert")).toHaveTextContent("Some fields are not valid.");
    expect(article.getByLabelText("Text for X")).toHaveAccessibleDescription(/allows 256 characters/);
    expect(popup.close).toHaveBeenCalled();
  });

  it("says at once that sharing needs a connection when offline, without opening a window", async () => {
    const stub = stubApi({ "GET /feed": page([feedItem()]), "GET /me/shares": page([]) });
    const open = vi.spyOn(window, "open");
    const { user } = renderApp("/");
    const article = within(await card());
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(article.getByRole("button", { name: "Share on X" }));
    expect(await article.findByRole("alert")).toHaveTextContent("Could not reach the server. Check your connection");
    expect(open).not.toHaveBeenCalled();
    expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(0);
  });

  it("reads the next page with the cursor", async () => {
    const stub = twoPages(feedItem({ content_id: "c-2", title: "Second" }));
    const { user } = renderApp("/");
    await card();
    await user.click(screen.getByRole("button", { name: "Load more" }));
    expect(await card("Second")).toBeInTheDocument();
    expect(new URL(stub.requestsTo("GET", "/feed")[1]!.url).searchParams.get("cursor")).toBe("p2");
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();
  });
});
