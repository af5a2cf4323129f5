import { QueryClientProvider } from "@tanstack/react-query";
import { act, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createQueryClient } from "../queryClient";
import { resetStandIns, saved } from "../test/standIns";
import { ApiError } from "./errors";
import { type Export, type FileOrExport, useExportDownload } from "./exportDownload";

vi.mock("../admin/analytics/download", async () => (await import("../test/standIns")).downloads);

const EXPORT: Export = { export_id: "e-1", status: "pending", from: "2026-11-01", to: "2026-11-30", created_at: "2026-12-01T09:00:00Z", rows: 0, error: null, url: null };
const READY: Export = { ...EXPORT, status: "ready", rows: 12, url: "https://files.example/e-1.csv?sig=1" };

function wrapper(props: { children: ReactNode }) {
  return <QueryClientProvider client={createQueryClient(() => undefined)}>{props.children}</QueryClientProvider>;
}

function downloading(request: (input: string) => Promise<FileOrExport>, poll: (id: string) => Promise<Export> = () => Promise.resolve(READY)) {
  return renderHook(() => useExportDownload<string>({ queryKey: ["test", "export"], request, poll, fileName: (input) => `${input}.csv` }), { wrapper });
}

beforeEach(() => {
  resetStandIns();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("useExportDownload", () => {
  it("saves a small file at once under its name, and is idle again", async () => {
    const blob = new Blob(["a,b\r\n"]);
    const { result } = downloading(() => Promise.resolve({ kind: "file", blob }));
    expect(result.current.busy).toBe(false);
    act(() => result.current.start("november"));
    await waitFor(() => expect(result.current.saved).toBe("november.csv"));
    expect(saved.blobs).toEqual([{ blob, name: "november.csv" }]);
    expect(result.current).toMatchObject({ busy: false, requesting: false, building: null, url: null, failed: false, errors: [] });
  });

  it("polls a building export until it is ready, then opens its file once", async () => {
    const answers = [{ ...EXPORT, status: "building" as const, rows: 5 }, READY];
    const poll = vi.fn((id: string) => Promise.resolve({ ...answers.shift()!, export_id: id }));
    const { result, rerender } = downloading(() => Promise.resolve({ kind: "building", export: EXPORT }), poll);
    act(() => result.current.start("november"));
    await waitFor(() => expect(result.current.progress?.rows).toBe(5));
    expect(result.current).toMatchObject({ busy: true, building: { id: "e-1", input: "november" }, url: null });
    await waitFor(() => expect(result.current.url).toBe(READY.url), { timeout: 5000 });
    rerender();
    expect(poll).toHaveBeenCalledTimes(2);
    expect(poll).toHaveBeenCalledWith("e-1");
    expect(saved.urls).toEqual([READY.url]);
    expect(result.current).toMatchObject({ busy: false, saved: null, failed: false });
  });

  it("stops polling an export that failed, and says so", async () => {
    const poll = vi.fn(() => Promise.resolve({ ...EXPORT, status: "failed" as const, error: "boom" }));
    const { result } = downloading(() => Promise.resolve({ kind: "building", export: EXPORT }), poll);
    act(() => result.current.start("november"));
    await waitFor(() => expect(result.current.failed).toBe(true));
    expect(result.current).toMatchObject({ busy: false, url: null });
    expect(poll).toHaveBeenCalledTimes(1);
    expect(saved.urls).toEqual([]);
  });

  it("asks nothing while offline, and gives the request's refusal as an error", async () => {
    const refused = new ApiError({ status: 422, code: "validation_error", message: "The range is too long." });
    const request = vi.fn(() => Promise.reject(refused));
    const { result } = downloading(request);
    vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    act(() => result.current.start("november"));
    expect(request).not.toHaveBeenCalled();
    expect(result.current.errors).toHaveLength(1);
    expect((result.current.errors[0] as ApiError).code).toBe("network_error");

    vi.spyOn(navigator, "onLine", "get").mockReturnValue(true);
    act(() => result.current.start("november"));
    await waitFor(() => expect(result.current.errors).toEqual([refused]));
    expect(result.current).toMatchObject({ busy: false, saved: null, building: null });
  });
});
