import type { QueryClient } from "@tanstack/react-query";
import { act, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, useLocation } from "react-router";
import { expect, vi } from "vitest";
import { AppProviders, AppRoutes } from "../App";
import { Api } from "../api/client";
import { type Auth, AuthError, type AuthState, AuthStore, type SignInResult } from "../auth/auth";
import type { Lang } from "../i18n";
import { createQueryClient } from "../queryClient";

export const API_BASE = "http://api.test";

/** A JSON answer. */
export function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}

/** The API's error body (docs/api.md#errors). */
export function apiError(
  status: number,
  code: string,
  message: string,
  details: { field: string; message: string }[] = [],
  headers: Record<string, string> = {},
): Response {
  return json({ error: { code, message, details } }, { status, headers });
}

export type Handler = (request: Request, url: URL, params: Record<string, string>) => Response | Promise<Response>;
type Route = Handler | Response | object;

/** A promise that never settles: the request stays in flight (loading states). */
export function pending(): Promise<Response> {
  return new Promise<Response>(() => undefined);
}

export interface StubbedApi {
  fetch: ReturnType<typeof vi.fn>;
  /** Every request made, in order. */
  requests: Request[];
  /** The requests to `METHOD /path` (path without the query). */
  requestsTo: (method: string, path: string) => Request[];
}

function compile(pattern: string): (method: string, path: string) => Record<string, string> | null {
  const [method, path] = pattern.split(" ") as [string, string];
  const names: string[] = [];
  const regex = new RegExp(
    `^${path.replace(/:(\w+)/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    })}$`,
  );
  return (m, p) => {
    if (m !== method) return null;
    const match = regex.exec(p);
    if (!match) return null;
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? "")]));
  };
}

/** Replaces fetch with a router of stub answers, keyed "METHOD /path" (":name" matches a segment).
 * A route is a handler, a Response (cloned per call), or a body answered as JSON 200. */
export function stubApi(routes: Record<string, Route>): StubbedApi {
  const table = Object.entries(routes).map(([pattern, route]) => ({ match: compile(pattern), route }));
  const requests: Request[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    requests.push(request.clone());
    const url = new URL(request.url);
    for (const { match, route } of table) {
      const params = match(request.method, url.pathname);
      if (!params) continue;
      if (typeof route === "function") return (route as Handler)(request, url, params);
      if (route instanceof Response) return route.clone();
      return json(route);
    }
    return apiError(404, "not_found", `no stub for ${request.method} ${url.pathname}`);
  });
  vi.stubGlobal("fetch", fetchMock);
  return {
    fetch: fetchMock,
    requests,
    requestsTo: (method, path) =>
      requests.filter((r) => r.method === method && new URL(r.url).pathname === path),
  };
}

/** Sign-in stand-in for screen tests: signed in with a fixed token unless told otherwise. */
export class FakeAuth implements Auth {
  readonly store = new AuthStore();
  token = "test-id-token";
  signOut = vi.fn(async () => {
    this.store.set({ status: "signedOut", email: null, notice: "signedOut" });
  });
  signIn = vi.fn(async (email: string, password: string): Promise<SignInResult> => {
    if (password !== "right") throw new AuthError("wrongCredentials", "Incorrect username or password.");
    this.store.set({ status: "signedIn", email, notice: null });
    return { kind: "signedIn" };
  });
  completeNewPassword = vi.fn(async () => undefined);
  forgotPassword = vi.fn(async () => undefined);
  confirmForgotPassword = vi.fn(async () => undefined);

  constructor(state: Partial<AuthState> = { status: "signedIn", email: "ava@acme.example" }) {
    this.store.set(state);
  }
  getState() {
    return this.store.get();
  }
  subscribe(listener: () => void) {
    return this.store.subscribe(listener);
  }
  async restore() {
    return undefined;
  }
  async getIdToken() {
    return this.getState().status === "signedIn" ? this.token : null;
  }
  expire() {
    if (this.getState().status !== "signedIn") return;
    this.store.set({ status: "signedOut", email: null, notice: "sessionExpired" });
  }
}

/** Shows the current location, for assertions on navigation. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{`${location.pathname}${location.search}`}</output>;
}

export interface RenderedApp {
  auth: Auth;
  queryClient: QueryClient;
  user: ReturnType<typeof userEvent.setup>;
}

/** Renders the whole app (routes, providers) at `path`, with the API at API_BASE. */
export function renderApp(
  path: string,
  options: { auth?: Auth; lang?: Lang } = {},
): RenderedApp & ReturnType<typeof render> {
  const auth = options.auth ?? new FakeAuth();
  const api = new Api({ baseUrl: API_BASE, getIdToken: () => auth.getIdToken() });
  const queryClient = createQueryClient(() => auth.expire());
  const user = userEvent.setup();
  const result = render(
    <AppProviders auth={auth} api={api} queryClient={queryClient} lang={options.lang ?? "en"}>
      <MemoryRouter initialEntries={[path]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...result, auth, queryClient, user };
}

/** The page's h1 once it has focus: each screen focuses its heading when it opens (for screen
 * readers), so a test typing into a field must wait for that first. */
export async function findPage(name: string): Promise<HTMLElement> {
  const heading = await screen.findByRole("heading", { level: 1, name });
  await waitFor(() => expect(heading).toHaveFocus());
  return heading;
}

/** The device goes offline or back online: `navigator.onLine` and the event the app listens for. */
export function setOnline(online: boolean) {
  vi.spyOn(navigator, "onLine", "get").mockReturnValue(online);
  act(() => {
    window.dispatchEvent(new Event(online ? "online" : "offline"));
  });
}
