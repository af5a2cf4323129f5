import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { openFile, saveBlob } from "../admin/analytics/download";
import { offlineError } from "./errors";
import type { components } from "./schema";

export type Export = components["schemas"]["ExportOut"];
/** A download's answer: the file itself (small enough), or an export being built (202). */
export type FileOrExport = { kind: "file"; blob: Blob } | { kind: "building"; export: Export };

/** How often a building export is polled: the API's `Retry-After` for it. */
export const POLL_MS = 2000;

/** Reads a download asked for `parseAs: "blob"` (for `Api.call`): the file, or on a 202 the export's
 * JSON; an error answer is left for `Api.call` to raise. */
export async function fileOrExport(result: { data?: Blob; error?: unknown; response: Response }) {
  const { response } = result;
  if (!response.ok || result.data === undefined) return { ...result, data: undefined };
  const data: FileOrExport =
    response.status === 202
      ? { kind: "building", export: JSON.parse(await result.data.text()) as Export }
      : { kind: "file", blob: result.data };
  return { data, response };
}

export type ExportDownload<I> = {
  /** Asks for the file of `input` (nothing while offline: `errors` says so). */
  start: (input: I) => void;
  /** Asked for, or building: another start would repeat it. */
  busy: boolean;
  requesting: boolean;
  /** The name of the file saved at once, if it was. */
  saved: string | null;
  /** The export being built and what it was asked for. */
  building: { id: string; input: I } | null;
  /** Its latest state, while polled. */
  progress: Export | undefined;
  /** Its file, once ready (opened once, then offered again as a link). */
  url: string | null;
  failed: boolean;
  /** Offline, a refused request, a failed poll: each for an ErrorMessage. */
  errors: unknown[];
};

/** The download-or-poll flow of an export (the analytics CSV, a member's own data): a small file is
 * the answer and is saved at once as `fileName(input)`; a large one is built in the background,
 * polled every `POLL_MS` while it builds, and its file opened once when ready. */
export function useExportDownload<I>(options: {
  queryKey: readonly string[];
  request: (input: I) => Promise<FileOrExport>;
  poll: (id: string) => Promise<Export>;
  fileName: (input: I) => string;
}): ExportDownload<I> {
  const [building, setBuilding] = useState<{ id: string; input: I } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [offline, setOffline] = useState<unknown>(null);
  const opened = useRef<string | null>(null);

  const request = useMutation({
    mutationFn: options.request,
    onSuccess: (answer, input) => {
      if (answer.kind === "file") {
        const name = options.fileName(input);
        saveBlob(answer.blob, name);
        setSaved(name);
      } else {
        setBuilding({ id: answer.export.export_id, input });
      }
    },
  });
  const poll = useQuery({
    queryKey: [...options.queryKey, building?.id ?? ""],
    queryFn: () => options.poll(building?.id ?? ""),
    enabled: building !== null,
    gcTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "ready" || status === "failed" ? false : POLL_MS;
    },
  });
  const url = poll.data?.status === "ready" ? (poll.data.url ?? null) : null;
  useEffect(() => {
    if (!url || !building || opened.current === building.id) return;
    opened.current = building.id; // once per export, not on every render
    openFile(url);
  }, [url, building]);

  const busy = request.isPending || (building !== null && !poll.isError && (!poll.data || poll.data.status === "pending" || poll.data.status === "building"));
  function start(input: I) {
    setSaved(null);
    setBuilding(null);
    const error = offlineError();
    setOffline(error);
    if (!error) request.mutate(input);
  }
  return {
    start,
    busy,
    requesting: request.isPending,
    saved,
    building,
    progress: poll.data,
    url,
    failed: poll.data?.status === "failed",
    errors: [offline, request.isError ? request.error : null, poll.isError ? poll.error : null].filter(Boolean),
  };
}
