import { QueryClientProvider, useQuery } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../queryClient";
import { API_BASE, apiError, json, stubApi } from "../test/harness";
import { Api } from "./client";
import { ApiError } from "./errors";
import { isRetryable, retryDelay, shouldRetry } from "./retry";

const error = (status: number, code: string, retryAfter: number | null = null) =>
  new ApiError({ status, code, message: code, retryAfter });

describe("retry policy (docs/api.md#idempotency-and-retries)", () => {
  it("retries 503, 429, idempotency_in_progress and network failures, nothing else", () => {
    expect(isRetryable(error(503, "unavailable"))).toBe(true);
    expect(isRetryable(error(429, "throttled"))).toBe(true);
    expect(isRetryable(error(409, "idempotency_in_progress"))).toBe(true);
    expect(isRetryable(error(0, "network_error"))).toBe(true);
    expect(isRetryable(error(409, "out_of_stock"))).toBe(false);
    expect(isRetryable(error(422, "validation_error"))).toBe(false);
    expect(isRetryable(error(401, "unauthorized"))).toBe(false);
    expect(isRetryable(error(500, "internal_error"))).toBe(false);
    expect(isRetryable(new Error("boom"))).toBe(false);
  });

  it("gives up after three retries", () => {
    expect(shouldRetry(0, error(503, "unavailable"))).toBe(true);
    expect(shouldRetry(2, error(503, "unavailable"))).toBe(true);
    expect(shouldRetry(3, error(503, "unavailable"))).toBe(false);
  });

  it("waits Retry-After when the answer has one, else backs off exponentially", () => {
    expect(retryDelay(0, error(503, "unavailable", 1))).toBe(1000);
    expect(retryDelay(2, error(503, "unavailable", 7))).toBe(7000);
    expect(retryDelay(0, error(0, "network_error"))).toBe(1000);
    expect(retryDelay(2, error(0, "network_error"))).toBe(4000);
    expect(retryDelay(10, error(0, "network_error"))).toBe(30_000);
  });
});

function Me(props: { api: Api }) {
  const me = useQuery({ queryKey: ["me"], queryFn: () => props.api.me() });
  if (me.isError) return <p>failed: {(me.error as ApiError).code}</p>;
  return <p>{me.data ? `hello ${me.data.name}` : "loading"}</p>;
}

describe("503 retried through TanStack Query", () => {
  it("retries after Retry-After and then shows the answer", async () => {
    let calls = 0;
    const times: number[] = [];
    stubApi({
      "GET /me": () => {
        calls += 1;
        times.push(Date.now());
        return calls === 1
          ? apiError(503, "unavailable", "Busy.", [], { "Retry-After": "1" })
          : json({ name: "Ava" });
      },
    });
    const client = createQueryClient(() => undefined);
    const api = new Api({ baseUrl: API_BASE, getIdToken: () => Promise.resolve("t") });
    render(
      <QueryClientProvider client={client}>
        <Me api={api} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText("hello Ava", undefined, { timeout: 4000 })).toBeInTheDocument();
    expect(calls).toBe(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it("does not retry a 401 and ends the session", async () => {
    const stub = stubApi({ "GET /me": json({ message: "Unauthorized" }, { status: 401 }) });
    const onUnauthorized = vi.fn();
    const client = createQueryClient(onUnauthorized);
    const api = new Api({ baseUrl: API_BASE, getIdToken: () => Promise.resolve("t") });
    render(
      <QueryClientProvider client={client}>
        <Me api={api} />
      </QueryClientProvider>,
    );
    expect(await screen.findByText("failed: unauthorized")).toBeInTheDocument();
    expect(stub.fetch).toHaveBeenCalledTimes(1);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });
});
