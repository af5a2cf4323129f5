import { useApi } from "../../api/context";
import { useExportDownload } from "../../api/exportDownload";
import { ErrorMessage } from "../../ui/components";
import { useMessages } from "../messages";
import { useFormats } from "./format";
import { messages } from "./messages";
import { type Filter, pollExport, requestExport } from "./queries";

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
  const download = useExportDownload<Filter>({
    queryKey: ["admin", "export"],
    request: (filter) => requestExport(api, filter),
    poll: (id) => pollExport(api, id),
    fileName,
  });
  const { building, busy, url } = download;
  const rows = number(download.progress?.rows ?? 0);

  let status = "";
  if (download.requesting) status = m("exporting");
  else if (download.saved) status = m("exportSaved", { name: download.saved });
  else if (building && busy) status = m("exportBuilding", { rows });
  else if (building && url) status = m("exportReady", { from: day(building.input.from), to: day(building.input.to) });
  return (
    <div className="export">
      <div className="export-action">
        <button type="button" className="button secondary" aria-disabled={busy || undefined} onClick={() => (busy ? undefined : download.start(props.filter))}>
          {m("export")}
        </button>
        <p className="hint">{m("exportHint")}</p>
      </div>
      {building && busy ? <progress aria-label={m("exportBuilding", { rows })} /> : null}
      <p role="status" className="status-line">
        {status}
      </p>
      {url ? (
        <p>
          <a href={url} rel="noopener">
            {m("exportAgain")}
          </a>
        </p>
      ) : null}
      {download.failed ? <p role="alert" className="error">{m("exportFailed")}</p> : null}
      {download.errors.map((error, i) => (
        <ErrorMessage key={i} error={error} />
      ))}
    </div>
  );
}
