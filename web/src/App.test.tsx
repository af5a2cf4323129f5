import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { ME, page } from "./test/fixtures";
import { FakeAuth, findPage, renderApp, setOnline, stubApi } from "./test/harness";

function stubScreens() {
  return stubApi({
    "GET /feed": page([]),
    "GET /me/shares": page([]),
    "GET /me/points": page([]),
    "GET /me": ME,
  });
}

describe("app shell", () => {
  it("has the main navigation with each screen, a sign-out button and landmarks", async () => {
    stubScreens();
    renderApp("/");
    const nav = await screen.findByRole("navigation", { name: "Main" });
    const links = within(nav).getAllByRole("link").map((a) => a.textContent);
    expect(links).toEqual(["Feed", "Leaderboard", "Rewards", "Contests", "My activity", "Profile"]);
    expect(within(nav).getByRole("link", { name: "Feed" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(screen.getByRole("banner")).toBeInTheDocument();
    expect(screen.getByRole("main")).toBeInTheDocument();
    await findPage("Feed");
    expect(document.title).toBe("Feed · Advocacy");
  });

  it("moves between screens from the navigation", async () => {
    stubScreens();
    const { user } = renderApp("/");
    await user.click(await screen.findByRole("link", { name: "My activity" }));
    expect(await screen.findByRole("heading", { level: 1, name: "My activity" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "My activity" })).toHaveAttribute("aria-current", "page");
  });

  it("keeps the app usable when a page fails to render an answer it did not expect", async () => {
    stubApi({ "GET /feed": page([]), "GET /me/shares": page([]), "GET /me/points": page([]), "GET /me": { ...ME, badges: null } });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined); // React reports the error
    const { user } = renderApp("/activity");
    expect(await screen.findByRole("alert")).toHaveTextContent("This page could not be shown.");
    expect(screen.getByRole("button", { name: "Reload" })).toBeInTheDocument();
    // The header and navigation stay, and another page renders afresh.
    await user.click(screen.getByRole("link", { name: "Feed" }));
    await findPage("Feed");
    expect(screen.queryByText(/This page could not be shown/)).not.toBeInTheDocument();
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });

  it("offers a skip link to the content first", async () => {
    stubScreens();
    const { user } = renderApp("/");
    await findPage("Feed");
    (document.activeElement as HTMLElement).blur();
    await user.tab();
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("main")).toHaveFocus();
  });

  it("signs out and shows the sign-in page", async () => {
    stubScreens();
    const auth = new FakeAuth();
    const { user } = renderApp("/", { auth });
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(auth.signOut).toHaveBeenCalledTimes(1);
    expect(await screen.findByText("You have signed out.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeInTheDocument();
  });

  it("tells when the device goes offline and when it is back", async () => {
    stubScreens();
    renderApp("/");
    await screen.findByRole("heading", { level: 1, name: "Feed" });
    setOnline(false);
    expect(screen.getByText(/You are offline/)).toBeInTheDocument();
    setOnline(true);
    expect(screen.queryByText(/You are offline/)).toBeNull();
    expect(screen.getByText("You are back online.")).toBeInTheDocument();
  });

  it("answers unknown paths with a way back", async () => {
    stubScreens();
    renderApp("/nowhere");
    expect(await screen.findByRole("link", { name: "Go to the feed" })).toHaveAttribute("href", "/");
  });
});
