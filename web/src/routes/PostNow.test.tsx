import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { feedItem, MY_ORG, page } from "../test/fixtures";
import { apiError, json, renderApp, stubApi } from "../test/harness";

// Post now: with a connected account, a feed card offers "Post to LinkedIn" / "Post to X" next to
// the share buttons; the member reviews the text in the card's editor, posts, and sees the post or
// why not, as a sentence.
const LINKEDIN_ONLY = {
  items: [
    { network: "linkedin", available: true, connected: true, needs_reconnect: false, reason: null, expires_at: null, reconnect_soon: false, connected_at: null },
    { network: "x", available: true, connected: false, needs_reconnect: false, reason: null, expires_at: null, reconnect_soon: false, connected_at: null },
  ],
};
const POSTED = {
  share_id: "s-9",
  content_id: "c-1",
  network: "linkedin",
  code: "AbCdEfGhIjKl",
  tracked_url: "https://go.acme.example/r/AbCdEfGhIjKl",
  share_url: "https://www.linkedin.com/sharing/share-offsite/?url=x",
  points_awarded: 10,
  similarity: 1,
  personalised: false,
  personalised_bonus: 0,
  post_id: "urn:li:share:7",
  post_url: "https://www.linkedin.com/feed/update/urn:li:share:7/",
};

async function card() {
  const heading = await screen.findByRole("heading", { level: 2, name: "We are hiring robot whisperers" });
  return within(heading.closest("article")!);
}

function routes(post: Response, feed = page([feedItem()])) {
  return {
    "GET /feed": feed,
    "GET /me/shares": page([]),
    "GET /me/org": MY_ORG,
    "GET /me/connections": LINKEDIN_ONLY,
    "POST /content/:id/posts": post,
    "GET /me": {},
  };
}

describe("Post now", () => {
  it("reviews the text, posts through the connected account and links to the post", async () => {
    const stub = stubApi(routes(json(POSTED, { status: 201 })));
    const { user } = renderApp("/");
    const article = await card();
    await user.click(await article.findByRole("button", { name: "Post to LinkedIn" }));
    expect(article.queryByRole("button", { name: "Post to X" })).not.toBeInTheDocument(); // not connected
    const box = article.getByLabelText("Text for LinkedIn");
    expect(box).toBeVisible(); // the editor opened for the review
    expect(article.getByText(/Check your text for LinkedIn above/)).toBeInTheDocument();
    await user.type(box, " I lead the hiring for it.");
    await user.click(article.getByRole("button", { name: "Post now (LinkedIn)" }));

    await waitFor(() => expect(stub.requestsTo("POST", "/content/c-1/posts")).toHaveLength(1));
    const request = stub.requestsTo("POST", "/content/c-1/posts")[0]!;
    expect(request.headers.get("Idempotency-Key")).toBeTruthy();
    expect(await request.json()).toEqual({
      network: "linkedin",
      message: "We are hiring! Come build robots with us. I lead the hiring for it.",
    });
    expect(await article.findByText(/Posted to LinkedIn\. You earned 10 points\./)).toBeInTheDocument();
    expect(article.getByRole("link", { name: "View your post on LinkedIn" })).toHaveAttribute("href", POSTED.post_url);
    expect(article.getByRole("link", { name: "View your post on LinkedIn" })).toHaveFocus();
    expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(0);
  });

  it("cancels the review without posting, focus following each step", async () => {
    const stub = stubApi(routes(json(POSTED, { status: 201 })));
    const { user } = renderApp("/");
    const article = await card();
    await user.click(await article.findByRole("button", { name: "Post to LinkedIn" }));
    expect(article.getByRole("button", { name: "Post now (LinkedIn)" })).toHaveFocus();
    await user.click(article.getByRole("button", { name: "Cancel" }));
    expect(article.getByRole("button", { name: "Post to LinkedIn" })).toHaveFocus();
    expect(stub.requestsTo("POST", "/content/c-1/posts")).toHaveLength(0);
  });

  it.each([
    [apiError(409, "needs_reconnect", "Reconnect"), "Reconnect LinkedIn in your profile to post there."],
    [apiError(409, "post_duplicate", "dup"), "LinkedIn refused this post as a duplicate of a recent one. Change the text and post again."],
    [apiError(409, "post_unconfirmed", "?"), /LinkedIn did not confirm an earlier post of this\. It may have been published/],
    [apiError(502, "post_failed", "credits"), "Posting to LinkedIn is not possible right now. Use “Share on LinkedIn” instead."],
    [apiError(503, "unavailable", "later", [], { "Retry-After": "900" }), "LinkedIn is not taking posts right now. Nothing was posted; try again in 15 min."],
  ])("says why a post did not go out (%#)", async (answer, sentence) => {
    const stub = stubApi(routes(answer));
    const { user } = renderApp("/");
    const article = await card();
    await user.click(await article.findByRole("button", { name: "Post to LinkedIn" }));
    await user.click(article.getByRole("button", { name: "Post now (LinkedIn)" }));
    expect(await article.findByRole("alert")).toHaveTextContent(sentence);
    expect(stub.requestsTo("POST", "/content/c-1/posts")).toHaveLength(1); // no retry of the network's "later"
    expect(article.getByRole("button", { name: "Post to LinkedIn" })).toHaveFocus(); // may try again
  });

  it("links to the profile to reconnect, in Italian too", async () => {
    stubApi(routes(apiError(409, "needs_reconnect", "Reconnect")));
    const { user } = renderApp("/", { lang: "it" });
    const heading = await screen.findByRole("heading", { level: 2, name: "We are hiring robot whisperers" });
    const article = within(heading.closest("article")!);
    await user.click(await article.findByRole("button", { name: "Pubblica su LinkedIn" }));
    await user.click(article.getByRole("button", { name: "Pubblica ora (LinkedIn)" }));
    expect(await article.findByRole("alert")).toHaveTextContent("Ricollega LinkedIn nel tuo profilo per pubblicare lì.");
    expect(article.getByRole("link", { name: "Vai al tuo profilo" })).toHaveAttribute("href", "/profile");
  });

  it("shows the post of a share made this way, and no post button without a connection", async () => {
    const posted = feedItem({
      my_shares: { linkedin: { share_id: "s-9", tracked_url: POSTED.tracked_url, post_url: POSTED.post_url } },
    });
    stubApi({ ...routes(json(POSTED)), "GET /feed": page([posted]) });
    renderApp("/");
    const article = await card();
    expect(await article.findByRole("link", { name: "View post (LinkedIn)" })).toHaveAttribute("href", POSTED.post_url);
    expect(article.queryByRole("button", { name: /^Post to/ })).not.toBeInTheDocument();
  });
});
