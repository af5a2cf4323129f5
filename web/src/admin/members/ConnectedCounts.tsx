import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n";
import { defineMessages, useMessages } from "../messages";

const messages = defineMessages({
  en: {
    counts: "Connected accounts: {linkedin} on LinkedIn, {x} on X.",
    autoPosts: "Auto-share posted {linkedin} on LinkedIn and {x} on X.",
    autoFailed: "Auto-posts that failed, by reason: {reasons}.",
    autoReconnect: "Auto-posts stopped until members reconnect: {count}.",
    loading: "Counting connected accounts…",
    failed: "The connected accounts could not be counted just now.",
  },
  it: {
    counts: "Account collegati: {linkedin} su LinkedIn, {x} su X.",
    autoPosts: "La condivisione automatica ha pubblicato {linkedin} post su LinkedIn e {x} su X.",
    autoFailed: "Post automatici non riusciti, per motivo: {reasons}.",
    autoReconnect: "Post automatici fermi finché i membri non ricollegano: {count}.",
    loading: "Conteggio degli account collegati…",
    failed: "Non è stato possibile contare gli account collegati in questo momento.",
  },
});

/** How many members have a working connection to each network: a line under the Members heading
 * (secondary to the list, so a failure is said quietly rather than as an alert). */
export function ConnectedCounts() {
  const m = useMessages(messages);
  const { number } = useI18n();
  const api = useApi();
  const counts = useQuery({
    queryKey: ["admin", "connections"],
    queryFn: () => api.call<components["schemas"]["ConnectionCounts"]>(() => api.client.GET("/org/connections")),
  });
  if (counts.isPending) return <p className="hint">{m("loading")}</p>;
  if (counts.isError) return <p className="hint">{m("failed")}</p>;
  const auto = counts.data.auto_posts;
  const failed = Object.entries(auto?.failed ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const reconnect = Object.values(auto?.needs_reconnect ?? {}).reduce((sum, n) => sum + n, 0);
  return (
    <>
      <p className="hint">{m("counts", { linkedin: number(counts.data.linkedin), x: number(counts.data.x) })}</p>
      {auto ? <p className="hint">{m("autoPosts", { linkedin: number(auto.posted.linkedin ?? 0), x: number(auto.posted.x ?? 0) })}</p> : null}
      {failed.length > 0 ? <p className="hint">{m("autoFailed", { reasons: failed.map(([reason, n]) => `${reason} ${number(n)}`).join(", ") })}</p> : null}
      {reconnect > 0 ? <p className="hint">{m("autoReconnect", { count: number(reconnect) })}</p> : null}
    </>
  );
}
