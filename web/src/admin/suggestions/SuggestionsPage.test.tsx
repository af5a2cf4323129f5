import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ME, page, suggestion } from "../../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../../test/harness";

const MANAGER = { ...ME, member_id: "m-max", name: "Max Manager", role: "manager" as const };
const REVIEW = suggestion({ member_id: "m-mia", member_name: "Mia Rossi", note: "Great for LinkedIn" });
const UNTITLED = { ...REVIEW, suggestion_id: "s-2", title: null, note: null, url: "https://blog.example/post" };

function routes(extra: Record<string, unknown> = {}) {
  return { "GET /me": MANAGER, "GET /suggestions": page([REVIEW, UNTITLED]), ...extra };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Suggestions", () => {
  it("is offered to managers, not members", async () => {
    stubApi(routes({ "GET /me": { ...ME, role: "member" }, "GET /feed": page([]) }));
    const first = renderApp("/admin/suggestions");
    expect(await screen.findByRole("heading", { level: 1, name: "Not for your role" })).toBeInTheDocument();
    first.unmount();
    stubApi(routes());
    renderApp("/admin/suggestions");
    const manage = await screen.findByRole("navigation", { name: "Manage" });
    expect(within(manage).getByRole("link", { name: "Suggestions" })).toHaveAttribute("aria-current", "page");
  });

  it("shows a skeleton, then each suggestion with its member, link and note", async () => {
    stubApi(routes({ "GET /suggestions": () => pending() }));
    const first = renderApp("/admin/suggestions");
    await screen.findByRole("heading", { level: 1, name: "Suggestions" });
    expect(screen.getByText("Loading…")).toBeInTheDocument();
    first.unmount();
    stubApi(routes());
    renderApp("/admin/suggestions");
    const row = (await screen.findByText("Tech Weekly reviews our arm")).closest("li")!;
    expect(row).toHaveTextContent("by Mia Rossi");
    expect(row).toHaveTextContent("Great for LinkedIn");
    expect(within(row).getByRole("link", { name: REVIEW.url })).toHaveAttribute("href", REVIEW.url);
    expect(screen.getByText("No title: the link becomes the draft's title")).toBeInTheDocument();
  });

  it("says what happens when nothing waits, and errors as sentences", async () => {
    stubApi(routes({ "GET /suggestions": page([]) }));
    const first = renderApp("/admin/suggestions");
    expect(await screen.findByText(/No suggestion is waiting/)).toBeInTheDocument();
    first.unmount();
    stubApi(routes({ "GET /suggestions": apiError(500, "internal_error", "x") }));
    renderApp("/admin/suggestions");
    expect(await screen.findByText("Something went wrong on our side. Try again later.")).toBeInTheDocument();
  });

  it("accepts with an Idempotency-Key and offers to open the draft", async () => {
    let decided = false;
    const stub = stubApi(
      routes({
        "GET /suggestions": () => json(page(decided ? [UNTITLED] : [REVIEW, UNTITLED])),
        "POST /suggestions/:id/accept": () => {
          decided = true;
          return json({ ...REVIEW, status: "accepted", content_id: "c-42", points_awarded: 20 });
        },
      }),
    );
    const { user } = renderApp("/admin/suggestions");
    await user.click(await screen.findByRole("button", { name: "Accept: Tech Weekly reviews our arm" }));
    expect(await screen.findByText(/Accepted: a draft was made from “Tech Weekly reviews our arm” and Mia Rossi earned 20 points/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the draft in Content" })).toHaveAttribute("href", "/admin/content?edit=c-42");
    const [post] = stub.requestsTo("POST", "/suggestions/s-1/accept");
    expect(post!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await post!.text()).toBe("");
    await waitFor(() => expect(screen.queryByText("Tech Weekly reviews our arm")).not.toBeInTheDocument());
  });

  it("declines with a required note, and says when another manager was first", async () => {
    let answer = apiError(409, "conflict", "This suggestion has already been accepted.");
    const stub = stubApi(routes({ "POST /suggestions/:id/decline": () => answer }));
    const { user } = renderApp("/admin/suggestions");
    await user.click(await screen.findByRole("button", { name: "Decline: Tech Weekly reviews our arm" }));
    const dialog = screen.getByRole("dialog", { name: "Decline “Tech Weekly reviews our arm”?" });
    await user.click(within(dialog).getByRole("button", { name: "Decline" }));
    expect(within(dialog).getByLabelText(/Note to the member/)).toHaveAccessibleDescription(expect.stringContaining("Write a note for the member."));
    expect(stub.requestsTo("POST", "/suggestions/s-1/decline")).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/Note to the member/), "Covered last week");
    await user.click(within(dialog).getByRole("button", { name: "Decline" }));
    expect(await screen.findByText("Another manager has already decided this one; the list has been refreshed.")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const [post] = stub.requestsTo("POST", "/suggestions/s-1/decline");
    expect(await post!.json()).toEqual({ note: "Covered last week" });

    answer = json({ ...UNTITLED, status: "declined", decision_note: "Off topic" });
    await user.click(screen.getByRole("button", { name: `Decline: ${UNTITLED.url}` }));
    const second = screen.getByRole("dialog");
    await user.type(within(second).getByLabelText(/Note to the member/), "Off topic");
    await user.click(within(second).getByRole("button", { name: "Decline" }));
    expect(await screen.findByText(`Declined: “${UNTITLED.url}”. Mia Rossi will see your note.`)).toBeInTheDocument();
  });

  it("says so at once when the device is offline", async () => {
    const stub = stubApi(routes());
    const { user } = renderApp("/admin/suggestions");
    const accept = await screen.findByRole("button", { name: "Accept: Tech Weekly reviews our arm" });
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(accept);
    expect(await screen.findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/suggestions/s-1/accept")).toHaveLength(0);
  });
});
