import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { feedItem, MY_ORG, newShare, page } from "../test/fixtures";
import { json, renderApp, stubApi } from "../test/harness";

// The share editor: how close the member's text is to the suggestion, said while they type, and the
// bonus their own words earn (the measure is ownWords.ts, tested against the API's vectors).
const SHARE = newShare({ points_awarded: 15, similarity: 0.2, personalised: true, personalised_bonus: 5 });

function popup() {
  return { location: { href: "" }, closed: false, close: vi.fn(), opener: {} as unknown } as unknown as Window;
}

async function card() {
  const heading = await screen.findByRole("heading", { level: 2, name: "We are hiring robot whisperers" });
  return within(heading.closest("article")!);
}

/** A feed of one item whose shares are answered with SHARE. */
function sharing() {
  return {
    "GET /feed": page([feedItem()]),
    "GET /me/shares": page([]),
    "GET /me/org": MY_ORG,
    "POST /content/:id/shares": json(SHARE, { status: 201 }),
    "GET /me": {},
  };
}

describe("Share editor", () => {
  it("says how close the text is to the suggestion, nudges, and shows the bonus earned", async () => {
    const stub = stubApi(sharing());
    vi.spyOn(window, "open").mockReturnValue(popup());
    const { user } = renderApp("/");
    const article = await card();
    await user.click(article.getByText("Edit the suggested text"));
    const box = article.getByLabelText("Text for X");
    await waitFor(() => expect(box).toHaveAccessibleDescription(/Your own words earn 5 points more/));
    expect(box).toHaveAccessibleDescription(/^Same as suggested\. Add a line of your own/);

    await user.type(box, " today");
    expect(box).toHaveAccessibleDescription(/^Mostly the suggestion\./);
    await user.type(box, ". I have been here three years and love building these robots.");
    expect(box).toHaveAccessibleDescription(/^Your own words\. \d+ of 280 characters, with the link\.$/);

    await user.click(article.getByRole("button", { name: "Share on X" }));
    await waitFor(() => expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(1));
    expect(await stub.requestsTo("POST", "/content/c-1/shares")[0]!.json()).toMatchObject({ network: "x" });
    expect(await article.findByText(/You earned 15 points\. 5 points of them for your own words\./)).toBeInTheDocument();
    expect(article.getByText(/Clicks on your link will show in My activity\./)).toBeInTheDocument();
  });

  it("asks for the member's own text where the content suggests none, instead of calling it the suggestion", async () => {
    stubApi({
      "GET /feed": page([feedItem({ messages: { x: "Come build robots with us", linkedin: "" } })]),
      "GET /me/shares": page([]),
      "GET /me/org": MY_ORG,
      "GET /me": {},
    });
    const { user } = renderApp("/");
    const article = await card();
    await user.click(article.getByText("Edit the suggested text"));
    const box = article.getByLabelText("Text for LinkedIn");
    expect(box).toHaveAccessibleDescription(/^No suggested text for this network: write your own\./);
    expect(box).not.toHaveAccessibleDescription(/Same as suggested/);
  });

  it("says in the member's language when a text is too long for X, and shares nothing until it fits", async () => {
    const stub = stubApi(sharing());
    const opened = vi.spyOn(window, "open").mockReturnValue(popup());
    const { user } = renderApp("/");
    const article = await card();
    await user.click(article.getByText("Edit the suggested text"));
    const box = article.getByLabelText("Text for X");
    await user.clear(box);
    await user.click(box);
    await user.paste("word ".repeat(60));
    expect(box).toHaveAccessibleDescription(/323 of 280 characters, with the link\./);
    expect(article.getByText("Too long for X: at most 280 characters with the link. Shorten it to share.")).toBeInTheDocument();
    await user.click(article.getByRole("button", { name: "Share on X" }));
    expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(0);
    expect(opened).not.toHaveBeenCalled();
  });

  it("keeps one tap: the suggested text is sent as it is, with no bonus said when the org gives none", async () => {
    const stub = stubApi({
      "GET /feed": page([feedItem()]),
      "GET /me/shares": page([]),
      "GET /me/org": { ...MY_ORG, personalised_bonus: 0 },
      "POST /content/:id/shares": json({ ...SHARE, points_awarded: 10, personalised: false, personalised_bonus: 0, similarity: 1 }, { status: 201 }),
      "GET /me": {},
    });
    vi.spyOn(window, "open").mockReturnValue(popup());
    const { user } = renderApp("/");
    const article = await card();
    await user.click(article.getByText("Edit the suggested text"));
    expect(article.getByLabelText("Text for X")).toHaveAccessibleDescription(
      /^Same as suggested\. Add a line of your own: posts in your own words get read\. 49 of 280 characters, with the link\.$/,
    );
    await user.click(article.getByRole("button", { name: "Share on X" }));
    await waitFor(() => expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(1));
    expect(await stub.requestsTo("POST", "/content/c-1/shares")[0]!.json()).toEqual({ network: "x" });
    expect(await article.findByText(/You earned 10 points\./)).toBeInTheDocument();
    expect(article.queryByText(/for your own words/)).toBeNull();
  });

  it("shows text that may not be edited as written, and sends none", async () => {
    const stub = stubApi({
      "GET /feed": page([feedItem({ text_editable: false })]),
      "GET /me/shares": page([]),
      "GET /me/org": MY_ORG,
      "POST /content/:id/shares": json({ ...SHARE, points_awarded: 10, personalised: false, personalised_bonus: 0 }, { status: 201 }),
      "GET /me": {},
    });
    vi.spyOn(window, "open").mockReturnValue(popup());
    const { user } = renderApp("/");
    const article = await card();
    await user.click(article.getByText("Edit the suggested text"));
    expect(article.getByText("This text is shared as written.")).toBeInTheDocument();
    expect(article.queryByRole("textbox")).toBeNull();
    expect(article.getByText("Come build robots with us")).toBeInTheDocument();
    await user.click(article.getByRole("button", { name: "Share on X" }));
    await waitFor(() => expect(stub.requestsTo("POST", "/content/c-1/shares")).toHaveLength(1));
    expect(await stub.requestsTo("POST", "/content/c-1/shares")[0]!.json()).toEqual({ network: "x" });
  });
});
