import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { LANG_STORAGE_KEY } from "../i18n";
import { connection, ME } from "../test/fixtures";
import { apiError, findPage, json, pending, renderApp, stubApi } from "../test/harness";

// The connected-accounts section (its own tests in Connections.test.tsx) when the program offers none.
const NO_CONNECTIONS = {
  "GET /me/connections": { items: [connection("linkedin", { available: false }), connection("x", { available: false })] },
};

describe("Profile", () => {
  it("shows skeletons while loading", async () => {
    stubApi({ ...NO_CONNECTIONS, "GET /me": () => pending() });
    renderApp("/profile");
    expect(await screen.findByRole("heading", { level: 1, name: "Profile" })).toBeInTheDocument();
    expect(screen.getAllByText("Loading…").length).toBeGreaterThan(0);
  });

  it("shows an error as a sentence", async () => {
    stubApi({ ...NO_CONNECTIONS, "GET /me": apiError(500, "internal_error", "x") });
    renderApp("/profile");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
  });

  it("shows the profile: name, followers per network, digest", async () => {
    stubApi({ ...NO_CONNECTIONS, "GET /me": ME });
    renderApp("/profile");
    expect(await screen.findByLabelText("Name")).toHaveValue("Ava Stone");
    expect(screen.getByLabelText("LinkedIn followers")).toHaveValue("320");
    expect(screen.getByLabelText("X handle")).toHaveValue("@ava");
    expect(screen.getByLabelText("Facebook followers")).toHaveValue("0");
    expect(screen.getByLabelText("Email digest")).toHaveValue("weekly");
    expect(screen.getByText("ava@acme.example")).toBeInTheDocument();
  });

  it("sends only what changed", async () => {
    const stub = stubApi({
      ...NO_CONNECTIONS,
      "GET /me": { ...ME, language: "en" },
      "PATCH /me": async (request) => json({ ...ME, ...((await request.json()) as object), networks: ME.networks }),
    });
    const { user } = renderApp("/profile");
    await findPage("Profile");
    const followers = await screen.findByLabelText("X followers");
    await user.clear(followers);
    await user.type(followers, "1200");
    await user.selectOptions(screen.getByLabelText("Email digest"), "daily");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    const [request] = stub.requestsTo("PATCH", "/me");
    expect(await request!.json()).toEqual({ digest: "daily", networks: { x: { followers: 1200 } } });
  });

  it("checks follower counts before sending", async () => {
    const stub = stubApi({ ...NO_CONNECTIONS, "GET /me": ME });
    const { user } = renderApp("/profile");
    await findPage("Profile");
    const followers = await screen.findByLabelText("X followers");
    await user.clear(followers);
    await user.type(followers, "lots");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(followers).toHaveAccessibleDescription("Enter a whole number from 0 to 1,000,000,000.");
    expect(followers).toHaveAttribute("aria-invalid", "true");
    expect(followers).toHaveFocus(); // the first field found wrong
    expect(stub.requestsTo("PATCH", "/me")).toHaveLength(0);
  });

  it("shows the API's field errors next to their fields", async () => {
    stubApi({
      ...NO_CONNECTIONS,
      "GET /me": ME,
      "PATCH /me": apiError(422, "validation_error", "Some fields are not valid.", [
        { field: "name", message: "String should have at most 200 characters" },
      ]),
    });
    const { user } = renderApp("/profile");
    await findPage("Profile");
    const name = await screen.findByLabelText("Name");
    await user.type(name, " the Great");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Some fields are not valid. Check the messages next to them.");
    expect(name).toHaveAccessibleDescription("String should have at most 200 characters");
  });

  it("switches the language at once, keeps it on this device and on the profile", async () => {
    const stub = stubApi({
      ...NO_CONNECTIONS,
      "GET /me": ME,
      "PATCH /me": async (request) => json({ ...ME, ...((await request.json()) as object) }),
    });
    const { user } = renderApp("/profile");
    await user.selectOptions(await screen.findByLabelText("Language of the app and your emails"), "it");
    expect(await screen.findByRole("link", { name: "Classifica" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Esci" })).toBeInTheDocument();
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe("it");
    await waitFor(() => expect(document.documentElement.lang).toBe("it"));
    await waitFor(() => expect(stub.requestsTo("PATCH", "/me")).toHaveLength(1));
    expect(await stub.requestsTo("PATCH", "/me")[0]!.json()).toEqual({ language: "it" });
  });

  it("says when the language could not be kept on the profile, and tries again", async () => {
    let fail = true;
    const stub = stubApi({
      ...NO_CONNECTIONS,
      "GET /me": ME,
      "PATCH /me": async (request) =>
        fail ? apiError(500, "internal_error", "x") : json({ ...ME, ...((await request.json()) as object) }),
    });
    const { user } = renderApp("/profile");
    const select = await screen.findByLabelText("Language of the app and your emails");
    await user.selectOptions(select, "it");
    await waitFor(() =>
      expect(select).toHaveAccessibleDescription(expect.stringContaining("non è stata salvata nel tuo profilo")),
    );
    expect(select).toHaveValue("it"); // it still applies here
    fail = false;
    await user.click(screen.getByRole("button", { name: "Riprova" }));
    await waitFor(() => expect(select).not.toHaveAccessibleDescription(expect.stringContaining("non è stata salvata")));
    const requests = stub.requestsTo("PATCH", "/me");
    expect(requests).toHaveLength(2);
    expect(await requests[1]!.json()).toEqual({ language: "it" });
  });

  it("sends the language the app is in with a save when the profile has none yet", async () => {
    const stub = stubApi({
      ...NO_CONNECTIONS,
      "GET /me": { ...ME, language: null },
      "PATCH /me": async (request) => json({ ...ME, ...((await request.json()) as object) }),
    });
    const { user } = renderApp("/profile");
    await findPage("Profile");
    await user.selectOptions(await screen.findByLabelText("Email digest"), "daily");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(await stub.requestsTo("PATCH", "/me")[0]!.json()).toEqual({ digest: "daily", language: "en" });
  });

  it("opens in the language kept on the profile, chosen on another device", async () => {
    const stub = stubApi({ ...NO_CONNECTIONS, "GET /me": { ...ME, language: "it" } });
    renderApp("/profile", { lang: "en" });
    expect(await screen.findByRole("link", { name: "Classifica" })).toBeInTheDocument();
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe("it");
    expect(stub.requestsTo("PATCH", "/me")).toHaveLength(0);
  });
});
