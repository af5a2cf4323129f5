import { useApi } from "../api/context";
import { type Export, fileOrExport, useExportDownload } from "../api/exportDownload";
import { useI18n } from "../i18n";
import { ErrorMessage, Section } from "../ui/components";

/** The API's own file name (its Content-Disposition, which a browser cannot read across origins). */
function fileName(now: Date): string {
  return `advocacy-my-data-${now.toISOString().slice(0, 10)}.json`;
}

/** "Download my data": everything the program stores about the member, as JSON. A small copy is the
 * answer and is saved at once; a large one is built in the background, polled, then downloaded. */
export function MyData() {
  const { t } = useI18n();
  const api = useApi();
  const download = useExportDownload<void>({
    queryKey: ["me", "export"],
    request: () => api.call(async () => fileOrExport(await api.client.POST("/me/export", { parseAs: "blob" }))),
    poll: (id) =>
      api.call<Export>(() => api.client.GET("/me/exports/{export_id}", { params: { path: { export_id: id }, query: { redirect: false } } })),
    fileName: () => fileName(new Date()),
  });
  const { building, busy, url } = download;

  let status = "";
  if (download.requesting) status = t("profile.data.preparing");
  else if (download.saved) status = t("profile.data.saved");
  else if (building && busy) status = t("profile.data.building");
  else if (building && url) status = t("profile.data.ready");
  return (
    <Section title={t("profile.data.title")}>
      <p className="hint">{t("profile.data.intro")}</p>
      <div className="form-actions">
        <button type="button" className="button secondary" aria-disabled={busy || undefined} onClick={() => (busy ? undefined : download.start())}>
          {t("profile.data.download")}
        </button>
        <span role="status">{status}</span>
      </div>
      {building && busy ? <progress aria-label={t("profile.data.building")} /> : null}
      {url ? (
        <p>
          <a href={url} rel="noopener">
            {t("profile.data.again")}
          </a>
        </p>
      ) : null}
      {download.failed ? (
        <p role="alert" className="error">
          {t("profile.data.failed")}
        </p>
      ) : null}
      {download.errors.map((error, i) => (
        <ErrorMessage key={i} error={error} />
      ))}
    </Section>
  );
}
