import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import { type FileOrExport, fileOrExport } from "../../api/exportDownload";
import type { components } from "../../api/schema";

export type Summary = components["schemas"]["Summary"];
export type Export = components["schemas"]["ExportOut"];

/** What the dashboard shows: days in the org's time zone, and a group or the whole org. */
export interface Filter {
  from: string;
  to: string;
  group: string | null;
}

function rangeQuery(filter: Filter): { from: string; to: string } {
  return { from: filter.from, to: filter.to };
}

export function useSummary(filter: Filter) {
  const api = useApi();
  return useQuery({
    queryKey: ["admin", "analytics", filter.from, filter.to, filter.group ?? ""],
    queryFn: () =>
      api.call<Summary>(() =>
        api.client.GET("/analytics/summary", {
          params: { query: filter.group ? { ...rangeQuery(filter), group: filter.group } : rangeQuery(filter) },
        }),
      ),
  });
}

/** The CSV of a range: the file itself (a small range), or an export being built (202). */
export function requestExport(api: ReturnType<typeof useApi>, filter: Filter): Promise<FileOrExport> {
  return api.call(async () =>
    fileOrExport(await api.client.GET("/analytics/export.csv", { params: { query: rangeQuery(filter) }, parseAs: "blob" })),
  );
}

/** An export's state; a ready one with its `url` (asked without the redirect, which a browser could
 * follow but not read across origins). */
export function pollExport(api: ReturnType<typeof useApi>, id: string): Promise<Export> {
  return api.call<Export>(() =>
    api.client.GET("/analytics/exports/{export_id}", {
      params: { path: { export_id: id }, query: { redirect: false } },
    }),
  );
}
