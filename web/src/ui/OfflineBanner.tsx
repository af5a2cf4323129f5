import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { useOnline } from "./useOnline";

/** Says when the device is offline (navigator.onLine and its events), and briefly when it is back. */
export function OfflineBanner() {
  const online = useOnline();
  const { t } = useI18n();
  const [back, setBack] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onOnline = () => {
      setBack(true);
      clearTimeout(timer);
      timer = setTimeout(() => setBack(false), 4000);
    };
    const onOffline = () => {
      clearTimeout(timer);
      setBack(false);
    };
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      clearTimeout(timer);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  }, []);
  return (
    <div role="status" className={online ? (back ? "banner banner-ok" : "banner-empty") : "banner banner-offline"}>
      {online ? (back ? t("app.backOnline") : null) : t("app.offline")}
    </div>
  );
}
