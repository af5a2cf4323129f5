import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useApi } from "../../api/context";
import { offlineError } from "../../api/errors";
import { ErrorMessage } from "../../ui/components";
import { useMessages } from "../messages";
import { openFile, saveBlob } from "./download";
import { useFormats } from "./format";
import { messages } from "./messages";
import { type Filter, pollExport, requestExport } from "./queries";

/** How often a building export is polled: the API's `Retry-After` for it. */
export const POLL_MS = 2000;

/** The API's own file name for a range (its Content-Disposition, which a browser cannot read across
 * origins). */
function fileName(filter: Filter): string {
  return `advocacy-shares-${filter.from}-${filter.to}.csv`;
}

/** "Export CSV": a small range is the answer itself and is saved at once; a large one is built in the
 * background (202), polled while it builds, then downloaded from its file. */
export function ExportCsv(props: { filter: Filter }) {
  const m = useMessages(messages);
  const { number, day } = useFormats();
  const api = useApi();
  const [building, setBuilding] = useState<{ id: string; filter: Filter } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [offline, setOffline] = useState<unknown>(null);
  const opened = useRef<string | null>(null);

  const request = useMutation({
    mutationFn: (filter: Filter) => requestExport(api, filter),
    onSuccess: (answer, filter) => {
      if (answer.kind === "file") {
        saveBlob(answer.csv, fileName(filter));
        setSaved(fileName(filter));
      } else {
        setBuilding({ id: answer.export.export_id, filter });
      }
    },
  });
  const poll = useQuery({
    queryKey: ["admin", "export", building?.id ?? ""],
    queryFn: () => pollExport(api, building?.id ?? ""),
    enabled: building !== null,
    gcTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "ready" || status === "failed" ? false : POLL_MS;
    },
  });
  const done = poll.data?.status === "ready" ? poll.data.url : null;
  useEffect(() => {
    if (!done || !building || opened.current === building.id) return;
    opened.current = building.id; // once per export, not on every render
    openFile(done);
  }, [done, building]);

  const busy = request.isPending || (building !== null && !poll.isError && (!poll.data || poll.data.status === "pending" || poll.data.status === "building"));
  function start() {
    setSaved(null);
    setBuilding(null);
    const error = offlineError();
    setOffline(error);
    if (!error) request.mutate(props.filter);
  }

  let status = "";
  if (request.isPending) status = m("exporting");
  else if (saved) status = m("exportSaved", { name: saved });
  else if (building && busy) status = m("exportBuilding", { rows: number(poll.data?.rows ?? 0) });
  else if (building && done) status = m("exportReady", { from: day(building.filter.from), to: day(building.filter.to) });
  return (
    <div className="export">
      <div className="export-action">
        <button type="button" className="button secondary" aria-disabled={busy || undefined} onClick={() => (busy ? undefined : start())}>
          {m("export")}
        </button>
        <p className="hint">{m("exportHint")}</p>
      </div>
      {building && busy ? <progress aria-label={m("exportBuilding", { rows: number(poll.data?.rows ?? 0) })} /> : null}
      <p role="status" className="status-line">
        {status}
      </p>
      {done ? (
        <p>
          <a href={done} rel="noopener">
            {m("exportAgain")}
          </a>
        </p>
      ) : null}
      {poll.data?.status === "failed" ? <p role="alert" className="error">{m("exportFailed")}</p> : null}
      {offline ? <ErrorMessage error={offline} /> : null}
      {request.isError ? <ErrorMessage error={request.error} /> : null}
      {poll.isError ? <ErrorMessage error={poll.error} /> : null}
    </div>
  );
}
