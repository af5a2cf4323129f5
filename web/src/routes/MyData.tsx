import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { openFile, saveBlob } from "../admin/analytics/download";
import { useApi } from "../api/context";
import { offlineError } from "../api/errors";
import type { components } from "../api/schema";
import { useI18n } from "../i18n";
import { ErrorMessage, Section } from "../ui/components";

type Export = components["schemas"]["ExportOut"];
/** The copy itself (a small one), or an export being built (202). */
type Answer = { kind: "file"; json: Blob } | { kind: "building"; export: Export };

/** How often a building export is polled: the API's `Retry-After` for it. */
export const POLL_MS = 2000;

/** The API's own file name (its Content-Disposition, which a browser cannot read across origins). */
function fileName(now: Date): string {
  return `advocacy-my-data-${now.toISOString().slice(0, 10)}.json`;
}

/** "Download my data": everything the program stores about the member, as JSON. A small copy is the
 * answer and is saved at once; a large one is built in the background, polled, then downloaded. */
export function MyData() {
  const { t } = useI18n();
  const api = useApi();
  const [building, setBuilding] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [offline, setOffline] = useState<unknown>(null);
  const opened = useRef<string | null>(null);

  const request = useMutation({
    mutationFn: () =>
      api.call<Answer>(async () => {
        const result = await api.client.POST("/me/export", { parseAs: "blob" });
        const { response } = result;
        if (!response.ok || result.data === undefined) return { ...result, data: undefined };
        const data: Answer =
          response.status === 202
            ? { kind: "building", export: JSON.parse(await result.data.text()) as Export }
            : { kind: "file", json: result.data };
        return { data, response };
      }),
    onSuccess: (answer) => {
      if (answer.kind === "file") {
        saveBlob(answer.json, fileName(new Date()));
        setSaved(true);
      } else {
        setBuilding(answer.export.export_id);
      }
    },
  });
  const poll = useQuery({
    queryKey: ["me", "export", building ?? ""],
    queryFn: () =>
      api.call<Export>(() =>
        api.client.GET("/me/exports/{export_id}", { params: { path: { export_id: building ?? "" }, query: { redirect: false } } }),
      ),
    enabled: building !== null,
    gcTime: 0,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "ready" || status === "failed" ? false : POLL_MS;
    },
  });
  const done = poll.data?.status === "ready" ? poll.data.url : null;
  useEffect(() => {
    if (!done || !building || opened.current === building) return;
    opened.current = building; // once per export, not on every render
    openFile(done);
  }, [done, building]);

  const busy = request.isPending || (building !== null && !poll.isError && (!poll.data || poll.data.status === "pending" || poll.data.status === "building"));
  function start() {
    setSaved(false);
    setBuilding(null);
    const error = offlineError();
    setOffline(error);
    if (!error) request.mutate();
  }

  let status = "";
  if (request.isPending) status = t("profile.data.preparing");
  else if (saved) status = t("profile.data.saved");
  else if (building && busy) status = t("profile.data.building");
  else if (building && done) status = t("profile.data.ready");
  return (
    <Section title={t("profile.data.title")}>
      <p className="hint">{t("profile.data.intro")}</p>
      <div className="form-actions">
        <button type="button" className="button secondary" aria-disabled={busy || undefined} onClick={() => (busy ? undefined : start())}>
          {t("profile.data.download")}
        </button>
        <span role="status">{status}</span>
      </div>
      {building && busy ? <progress aria-label={t("profile.data.building")} /> : null}
      {done ? (
        <p>
          <a href={done} rel="noopener">
            {t("profile.data.again")}
          </a>
        </p>
      ) : null}
      {poll.data?.status === "failed" ? (
        <p role="alert" className="error">
          {t("profile.data.failed")}
        </p>
      ) : null}
      {offline ? <ErrorMessage error={offline} /> : null}
      {request.isError ? <ErrorMessage error={request.error} /> : null}
      {poll.isError ? <ErrorMessage error={poll.error} /> : null}
    </Section>
  );
}
