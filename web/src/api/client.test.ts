import { describe, expect, it, vi } from "vitest";
import { API_BASE, apiError, json, stubApi } from "../test/harness";
import { Api } from "./client";
import { ApiError, codeForStatus, parseRetryAfter, toApiError } from "./errors";

function api(token: string | null = "tok") {
  return new Api({ baseUrl: `${API_BASE}/`, getIdToken: () => Promise.resolve(token) });
}

describe("toApiError (docs/api.md#errors)", () => {
  it("reads the API's own error body, details and Retry-After", () => {
    const error = toApiError(new Response(null, { status: 422, headers: { "Retry-After": "3" } }), {
      error: {
        code: "validation_error",
        message: "Some fields are not valid.",
        details: [{ field: "networks.x.followers", message: "Input should be less than or equal to 1000000000" }],
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: "validation_error", message: "Some fields are not valid.", retryAfter: 3 });
    expect(error.fieldError("networks.x.followers")).toMatch(/less than/);
    expect(error.fieldError("name")).toBeUndefined();
  });

  it("gives API Gateway's {message} bodies a code from the status", () => {
    expect(toApiError(new Response(null, { status: 401 }), { message: "Unauthorized" })).toMatchObject({
      status: 401,
      code: "unauthorized",
      message: "Unauthorized",
      details: [],
    });
    expect(toApiError(new Response(null, { status: 429 }), { message: "Too Many Requests" }).code).toBe("throttled");
    expect(toApiError(new Response(null, { status: 503 }), "not json").code).toBe("unavailable");
    expect(codeForStatus(500)).toBe("internal_error");
    expect(codeForStatus(404)).toBe("not_found");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("1")).toBe(1);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const now = Date.parse("2026-11-02T09:00:00Z");
    expect(parseRetryAfter("Mon, 02 Nov 2026 09:00:05 GMT", now)).toBe(5);
  });
});

describe("Api wrapper", () => {
  it("sends the ID token as a bearer token to the configured base URL", async () => {
    const stub = stubApi({ "GET /me": { member_id: "m-1" } });
    await expect(api().me()).resolves.toEqual({ member_id: "m-1" });
    const [request] = stub.requests;
    expect(request?.url).toBe(`${API_BASE}/me`);
    expect(request?.headers.get("Authorization")).toBe("Bearer tok");
  });

  it("passes the page cursor and limit", async () => {
    const stub = stubApi({ "GET /feed": { items: [], next_cursor: null } });
    await api().feed({ cursor: "abc", limit: 5 });
    const url = new URL(stub.requests[0]!.url);
    expect(url.searchParams.get("cursor")).toBe("abc");
    expect(url.searchParams.get("limit")).toBe("5");
  });

  it("sends the Idempotency-Key on shares and redemptions", async () => {
    const stub = stubApi({
      "POST /content/:id/shares": (request) => json({ echo: request.headers.get("Idempotency-Key") }, { status: 201 }),
      "POST /rewards/:id/redemptions": json({ balance: 20 }, { status: 201 }),
    });
    await api().share("c-1", { network: "x", message: "Hi" }, "key-1");
    await api().redeem("r-1", "key-2");
    const [share, redeem] = stub.requests;
    expect(share?.headers.get("Idempotency-Key")).toBe("key-1");
    expect(await share?.json()).toEqual({ network: "x", message: "Hi" });
    expect(new URL(share!.url).pathname).toBe("/content/c-1/shares");
    expect(redeem?.headers.get("Idempotency-Key")).toBe("key-2");
    expect(new URL(redeem!.url).pathname).toBe("/rewards/r-1/redemptions");
  });

  it("turns error answers into a typed ApiError", async () => {
    stubApi({
      "POST /rewards/:id/redemptions": apiError(409, "out_of_stock", "This reward is out of stock."),
    });
    const failure = await api().redeem("r-1", "k").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 409, code: "out_of_stock" });
  });

  it("turns a request that got no answer into network_error", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(api().me()).rejects.toMatchObject({ status: 0, code: "network_error" });
  });

  it("answers 401 without calling the API when there is no token", async () => {
    const stub = stubApi({ "GET /me": {} });
    await expect(api(null).me()).rejects.toMatchObject({ status: 401, code: "unauthorized" });
    expect(stub.fetch).not.toHaveBeenCalled();
  });
});
