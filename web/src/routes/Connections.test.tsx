import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connection, ME } from "../test/fixtures";
import { apiError, json, pending, renderApp, stubApi } from "../test/harness";
import { browser, CONNECTING_KEY } from "./Connections";

function section() {
  return screen.findByRole("list", { name: "Connected accounts" });
}

afterEach(() => {
  sessionStorage.clear();
  vi.restoreAllMocks();
});

describe("Connected accounts", () => {
  it("shows each offered network's status and expiry, and says Facebook is shared by its dialog", async () => {
    stubApi({
      "GET /me": ME,
      "GET /me/connections": {
        items: [
          connection("linkedin", { connected: true, expires_at: "2026-11-08T09:00:00Z", reconnect_soon: true, connected_at: "2026-09-09T09:00:00Z" }),
          connection("x", { needs_reconnect: true, reason: "refresh_refused", connected_at: "2026-09-09T09:00:00Z" }),
        ],
      },
    });
    renderApp("/profile");
    const list = await section();
    const [linkedin, x] = within(list).getAllByRole("listitem");
    expect(linkedin).toHaveTextContent("Connected");
    expect(linkedin).toHaveTextContent(/Reconnect before (Nov 8, 2026|8 Nov 2026)/);
    expect(within(linkedin!).getByRole("button", { name: "Reconnect LinkedIn" })).toBeInTheDocument();
    expect(x).toHaveTextContent("Needs reconnecting");
    expect(x).toHaveTextContent("It stopped working: the network refused to renew the connection.");
    expect(x).not.toHaveTextContent("refresh_refused");
    expect(within(x!).getByRole("button", { name: "Reconnect X" })).toBeInTheDocument();
    expect(screen.getByText(/Facebook has no way for apps to post/)).toBeInTheDocument();
  });

  it("hides networks the program does not offer, and says so when it offers none", async () => {
    stubApi({ "GET /me": ME, "GET /me/connections": { items: [connection("linkedin", { available: false }), connection("x", { available: false })] } });
    renderApp("/profile");
    expect(await screen.findByText("Your program has not set up connected accounts.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Connect/ })).not.toBeInTheDocument();
  });

  it("shows the loading state, then an error with a retry", async () => {
    stubApi({ "GET /me": () => pending(), "GET /me/connections": apiError(500, "internal_error", "x") });
    renderApp("/profile");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    expect(screen.getByRole("button", { name: /Try again|Retry/ })).toBeInTheDocument();
  });

  it("connects: asks the API for the network's page, remembers the attempt and goes there", async () => {
    const leave = vi.spyOn(browser, "leaveFor").mockImplementation(() => undefined);
    const stub = stubApi({
      "GET /me": ME,
      "GET /me/connections": { items: [connection("linkedin", { available: false }), connection("x")] },
      "POST /me/connections/x": { authorize_url: "https://x.example/authorize?state=s" },
    });
    const { user } = renderApp("/profile");
    await section();
    await user.click(screen.getByRole("button", { name: "Connect X" }));
    await waitFor(() => expect(leave).toHaveBeenCalledWith("https://x.example/authorize?state=s"));
    expect(stub.requestsTo("POST", "/me/connections/x")).toHaveLength(1);
    expect(JSON.parse(sessionStorage.getItem(CONNECTING_KEY) ?? "{}")).toMatchObject({ network: "x" });
  });

  it("disconnects after a confirmation", async () => {
    let connected = true;
    const stub = stubApi({
      "GET /me": ME,
      "GET /me/connections": () => json({ items: [connection("linkedin", { available: false }), connection("x", { connected })] }),
      "DELETE /me/connections/x": () => {
        connected = false;
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderApp("/profile");
    await section();
    await user.click(screen.getByRole("button", { name: "Disconnect X" }));
    const dialog = await screen.findByRole("dialog", { name: "Disconnect X?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(stub.requestsTo("DELETE", "/me/connections/x")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Disconnect X" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Disconnect" }));
    expect(await screen.findByText("X is disconnected.")).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Connect X" })).toBeInTheDocument();
    expect(stub.requestsTo("DELETE", "/me/connections/x")).toHaveLength(1);
  });

  it("says it is offline instead of trying", async () => {
    const stub = stubApi({ "GET /me": ME, "GET /me/connections": { items: [connection("linkedin"), connection("x", { available: false })] } });
    const { user } = renderApp("/profile");
    await section();
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    await user.click(screen.getByRole("button", { name: "Connect LinkedIn" }));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
    expect(stub.requestsTo("POST", "/me/connections/linkedin")).toHaveLength(0);
  });

  it("speaks Italian", async () => {
    stubApi({ "GET /me": ME, "GET /me/connections": { items: [connection("linkedin"), connection("x", { connected: true })] } });
    renderApp("/profile", { lang: "it" });
    expect(await screen.findByRole("list", { name: "Account collegati" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Collega LinkedIn" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Scollega X" })).toBeInTheDocument();
  });
});

describe("The connection callback", () => {
  it("posts the code and state once with the attempt's key, then says it is connected", async () => {
    sessionStorage.setItem(CONNECTING_KEY, JSON.stringify({ network: "linkedin", key: "k-1" }));
    const stub = stubApi({ "POST /me/connections/linkedin/callback": connection("linkedin", { connected: true }) });
    renderApp("/connections/callback?code=abc&state=s.sig");
    expect(await screen.findByText("LinkedIn is connected.")).toBeInTheDocument();
    const [request] = stub.requestsTo("POST", "/me/connections/linkedin/callback");
    expect(request!.headers.get("Idempotency-Key")).toBe("k-1");
    expect(await request!.json()).toEqual({ code: "abc", state: "s.sig" });
    expect(sessionStorage.getItem(CONNECTING_KEY)).toBeNull();
    expect(screen.getByRole("link", { name: "Back to your profile" })).toHaveAttribute("href", "/profile");
  });

  it("says why it could not finish", async () => {
    sessionStorage.setItem(CONNECTING_KEY, JSON.stringify({ network: "x", key: "k-2" }));
    stubApi({
      "POST /me/connections/x/callback": apiError(422, "validation_error", "This connection attempt cannot be completed.", [
        { field: "state", message: "not a connection attempt of yours that is still open: the state has expired" },
      ]),
    });
    renderApp("/connections/callback?code=abc&state=s.sig");
    expect(await screen.findByRole("alert")).toHaveTextContent("the state has expired");
  });

  it("offers to send the code again after a failure on the service's side, with the same key", async () => {
    sessionStorage.setItem(CONNECTING_KEY, JSON.stringify({ network: "x", key: "k-4" }));
    let calls = 0;
    const stub = stubApi({
      "POST /me/connections/x/callback": () =>
        ++calls === 1 ? apiError(500, "internal_error", "Something failed.") : json(connection("x", { connected: true })),
    });
    const { user } = renderApp("/connections/callback?code=abc&state=s.sig");
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side.");
    await user.click(screen.getByRole("button", { name: /Try again|Retry/ }));
    expect(await screen.findByText("X is connected.")).toBeInTheDocument();
    const sent = stub.requestsTo("POST", "/me/connections/x/callback");
    expect(sent.map((r) => r.headers.get("Idempotency-Key"))).toEqual(["k-4", "k-4"]);
  });

  it("says when the member did not allow it, or the link is not a connection's", async () => {
    sessionStorage.setItem(CONNECTING_KEY, JSON.stringify({ network: "x", key: "k-3" }));
    const stub = stubApi({});
    renderApp("/connections/callback?error=access_denied&state=s");
    expect(await screen.findByRole("alert")).toHaveTextContent("The connection was not allowed.");
    sessionStorage.clear();
    renderApp("/connections/callback?code=abc&state=s");
    expect(await screen.findByText(/This link does not finish a connection/)).toBeInTheDocument();
    expect(stub.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});
