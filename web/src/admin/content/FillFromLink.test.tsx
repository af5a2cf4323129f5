import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, stubApi } from "../../test/harness";
import { GROUPS, MANAGER, openComposer, page, ROME } from "./fixtures";
import { filledFrom } from "./FillFromLink";

const PREVIEW = {
  url: "https://blog.acme.example/ship",
  title: "Ship it & smile",
  description: "How we ship.",
  image: "https://blog.acme.example/ship.png",
  site_name: "Acme Blog",
};

function base(preview: object) {
  return stubApi({
    "GET /me": MANAGER,
    "GET /me/org": ROME,
    "GET /groups": GROUPS,
    "GET /content": page([]),
    "POST /content/preview": preview,
  });
}


afterEach(() => {
  vi.unstubAllGlobals();
});

describe("Fill from link", () => {
  it("fills Title, Body and Image URL from the link's page without overwriting what was typed", async () => {
    const api = base(PREVIEW);
    const { user } = await openComposer();
    await user.type(screen.getByLabelText("Title"), "My own title");
    await user.type(screen.getByLabelText("Link"), "https://acme.example/ship");
    await user.click(screen.getByRole("button", { name: "Fill from link" }));
    expect(await screen.findByText("Filled Body, Image URL from the link.")).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveValue("My own title");
    expect(screen.getByLabelText("Body")).toHaveValue("How we ship.");
    expect(screen.getByLabelText("Image URL")).toHaveValue("https://blog.acme.example/ship.png");
    const sent = api.requests.find((r) => r.method === "POST" && new URL(r.url).pathname.endsWith("/content/preview"));
    expect(sent).toBeDefined();
    expect(await sent?.json()).toEqual({ url: "https://acme.example/ship" });
    expect(sent?.headers.get("Idempotency-Key")).toBeNull();
  });

  it("says why a link cannot be read, next to the button, and fills nothing", async () => {
    base(apiError(422, "validation_error", "This link cannot be previewed.", [
      { field: "url", message: "cannot be fetched: intranet.example resolves to a private or reserved address" },
    ]));
    const { user } = await openComposer();
    await user.type(screen.getByLabelText("Link"), "https://intranet.example/");
    await user.click(screen.getByRole("button", { name: "Fill from link" }));
    expect(
      await screen.findByText("Could not read the link: cannot be fetched: intranet.example resolves to a private or reserved address"),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Title")).toHaveValue("");
  });

  it("asks for a link first", async () => {
    const api = base(PREVIEW);
    const { user } = await openComposer();
    await user.click(screen.getByRole("button", { name: "Fill from link" }));
    expect(screen.getByText("Type a link first.")).toBeInTheDocument();
    expect(api.requests.some((r) => r.method === "POST")).toBe(false);
  });

  it("fills only empty fields, and only with what the page has", () => {
    expect(filledFrom({ title: " ", body: "typed", image_url: "" }, { ...PREVIEW, image: null })).toEqual({ title: "Ship it & smile" });
    expect(filledFrom({ title: "", body: "", image_url: "" }, { url: "u", title: null, description: null, image: null, site_name: null })).toEqual({});
  });
});
