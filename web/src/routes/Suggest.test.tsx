import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ME, page, suggestion } from "../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../test/harness";

const BASE = suggestion();
const ACCEPTED = { ...BASE, suggestion_id: "s-2", title: "Our winter release", status: "accepted", content_id: "c-1", points_awarded: 20 };
const DECLINED = { ...BASE, suggestion_id: "s-3", title: null, url: "https://competitor.example/news", status: "declined", decision_note: "We don't share competitors' news" };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Suggest content", () => {
  it("is one tap from the feed, and shows each suggestion's outcome", async () => {
    stubApi({ "GET /me": ME, "GET /feed": page([]), "GET /me/shares": page([]), "GET /me/suggestions": page([BASE, ACCEPTED, DECLINED]) });
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("link", { name: "Suggest content" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Suggest content" })).toBeInTheDocument();
    const mine = screen.getByRole("region", { name: "My suggestions" });
    expect((await within(mine).findByText("Tech Weekly reviews our arm")).closest("li")).toHaveTextContent("Waiting for a manager");
    expect(within(mine).getByText("Our winter release").closest("li")).toHaveTextContent("Accepted: you earned 20 points");
    const titled = within(mine).getByText("Tech Weekly reviews our arm").closest("li")!;
    expect(within(titled).getByText(BASE.url)).toBeInTheDocument();
    const declined = within(mine).getByText(DECLINED.url, { selector: ".list-main" }).closest("li")!;
    expect(within(declined).getAllByText(DECLINED.url)).toHaveLength(1); // untitled: the link once, as its title
    expect(declined).toHaveTextContent("Declined");
    expect(declined).toHaveTextContent("Your manager's note: We don't share competitors' news");
  });

  it("says what to do when empty, and loading and errors as sentences", async () => {
    stubApi({ "GET /me": ME, "GET /me/suggestions": () => pending() });
    const first = renderApp("/suggest");
    expect(await screen.findByText("Loading…")).toBeInTheDocument();
    first.unmount();
    stubApi({ "GET /me": ME, "GET /me/suggestions": page([]) });
    const second = renderApp("/suggest");
    expect(await screen.findByText(/You have not suggested anything yet/)).toBeInTheDocument();
    second.unmount();
    stubApi({ "GET /me": ME, "GET /me/suggestions": apiError(500, "internal_error", "x") });
    renderApp("/suggest");
    expect(await screen.findByText("Something went wrong on our side. Try again later.")).toBeInTheDocument();
  });

  it("checks the link, sends once with an Idempotency-Key, shows the API's refusal by its field, and says thanks", async () => {
    let refuse = true;
    const stub = stubApi({
      "GET /me": ME,
      "GET /me/suggestions": page([]),
      "POST /suggestions": () =>
        refuse
          ? apiError(422, "validation_error", "Some fields are not valid.", [{ field: "url", message: "must be an absolute http(s) URL" }])
          : json(BASE, { status: 201 }),
    });
    const { user } = renderApp("/suggest");
    const form = await screen.findByRole("form", { name: "Suggest a link" });
    await user.type(within(form).getByLabelText("Link"), "techweekly.example");
    await user.click(within(form).getByRole("button", { name: "Send suggestion" }));
    expect(within(form).getByLabelText("Link")).toHaveAccessibleDescription(expect.stringContaining("Enter a link starting with http:// or https://."));
    expect(within(form).getByLabelText("Link")).toHaveFocus(); // the first field found wrong
    expect(stub.requestsTo("POST", "/suggestions")).toHaveLength(0);

    await user.clear(within(form).getByLabelText("Link"));
    await user.type(within(form).getByLabelText("Link"), "https://user:pw@techweekly.example/review");
    await user.click(within(form).getByRole("button", { name: "Send suggestion" }));
    await waitFor(() => expect(within(form).getByLabelText("Link")).toHaveAccessibleDescription(expect.stringContaining("must be an absolute http(s) URL")));

    refuse = false;
    await user.clear(within(form).getByLabelText("Link"));
    await user.type(within(form).getByLabelText("Link"), BASE.url);
    await user.type(within(form).getByLabelText("Why it is worth sharing (optional)"), "Great review");
    await user.click(within(form).getByRole("button", { name: "Send suggestion" }));
    expect(await screen.findByText("Thanks! Your suggestion is with your managers.")).toBeInTheDocument();
    const posts = stub.requestsTo("POST", "/suggestions");
    expect(posts).toHaveLength(2);
    expect(await posts[1]!.json()).toEqual({ url: BASE.url, title: null, note: "Great review" });
    expect(posts[1]!.headers.get("Idempotency-Key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.headers.get("Idempotency-Key")).not.toEqual(posts[0]!.headers.get("Idempotency-Key"));
    expect(within(form).getByLabelText("Link")).toHaveValue("");
  });

  it("refuses what is not a web link, and sends the rest trimmed, empty as null", async () => {
    const stub = stubApi({ "GET /me": ME, "GET /me/suggestions": page([]), "POST /suggestions": json(BASE, { status: 201 }) });
    const { user } = renderApp("/suggest");
    const form = await screen.findByRole("form", { name: "Suggest a link" });
    const link = within(form).getByLabelText("Link");
    for (const wrong of ["   ", "https://", "ftp://techweekly.example/review", "https:// techweekly.example", "see https://techweekly.example"]) {
      await user.clear(link);
      await user.type(link, wrong);
      await user.click(within(form).getByRole("button", { name: "Send suggestion" }));
      expect(link).toHaveAccessibleDescription(expect.stringContaining("Enter a link starting with http:// or https://."));
    }
    expect(stub.requestsTo("POST", "/suggestions")).toHaveLength(0);

    await user.clear(link);
    await user.type(link, `  ${BASE.url}  `);
    expect(link).not.toHaveAccessibleDescription(expect.stringContaining("Enter a link")); // checked again as it changes
    await user.type(within(form).getByLabelText("Title (optional)"), "   ");
    await user.type(within(form).getByLabelText("Why it is worth sharing (optional)"), " Great review ");
    await user.click(within(form).getByRole("button", { name: "Send suggestion" }));
    expect(await screen.findByText("Thanks! Your suggestion is with your managers.")).toBeInTheDocument();
    expect(await stub.requestsTo("POST", "/suggestions")[0]!.json()).toEqual({ url: BASE.url, title: null, note: "Great review" });
    expect(within(form).getByLabelText("Why it is worth sharing (optional)")).toHaveValue("");
  });

  it("says so at once when the device is offline", async () => {
    const stub = stubApi({ "GET /me": ME, "GET /me/suggestions": page([]) });
    const { user } = renderApp("/suggest");
    const form = await screen.findByRole("form", { name: "Suggest a link" });
    await user.type(within(form).getByLabelText("Link"), BASE.url);
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(within(form).getByRole("button", { name: "Send suggestion" }));
    expect(await screen.findByText("Could not reach the server. Check your connection and try again.")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/suggestions")).toHaveLength(0);
  });
});
