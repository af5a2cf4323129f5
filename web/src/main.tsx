import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { AppProviders, AppRoutes } from "./App";
import { Api } from "./api/client";
import { CognitoAuth } from "./auth/cognito";
import { ConfigUnreachable, loadConfig } from "./config";
import { I18nProvider, useI18n } from "./i18n";
import { createQueryClient } from "./queryClient";
import "./styles.css";

function ConfigFailed(props: { error: unknown }) {
  const { t } = useI18n();
  const offline = props.error instanceof ConfigUnreachable;
  const detail = props.error instanceof Error ? props.error.message : String(props.error);
  useEffect(() => {
    // Offline on this device's first start: start by itself once the connection is back.
    if (!offline) return;
    const reload = () => window.location.reload();
    window.addEventListener("online", reload);
    return () => window.removeEventListener("online", reload);
  }, [offline]);
  return (
    <main id="main" className="main narrow">
      <h1>{t("app.name")}</h1>
      <div className="error" role="alert">
        <p>{t(offline ? "app.configOffline" : "app.configError")}</p>
        {offline ? null : <p className="meta">{detail}</p>}
        <button type="button" className="button secondary" onClick={() => window.location.reload()}>
          {t("app.retry")}
        </button>
      </div>
    </main>
  );
}

async function start() {
  const container = document.getElementById("root");
  if (!container) return;
  const root = createRoot(container);
  let config;
  try {
    config = await loadConfig();
  } catch (error) {
    root.render(
      <I18nProvider>
        <ConfigFailed error={error} />
      </I18nProvider>,
    );
    return;
  }
  const auth = new CognitoAuth(config);
  const api = new Api({ baseUrl: config.apiUrl, getIdToken: () => auth.getIdToken() });
  const queryClient = createQueryClient(() => auth.expire());
  void auth.restore();
  root.render(
    <StrictMode>
      <AppProviders auth={auth} api={api} queryClient={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AppProviders>
    </StrictMode>,
  );
}

void start();

// The service worker (built as /sw.js) keeps the app shell for offline starts; not in development.
if (import.meta.env.PROD && "serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    void navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => undefined);
  });
}
