import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../api/context";
import type { components } from "../../api/schema";
import { useI18n } from "../../i18n";
import { defineMessages, useMessages } from "../messages";

const messages = defineMessages({
  en: {
    counts: "Connected accounts: {linkedin} on LinkedIn, {x} on X.",
    loading: "Counting connected accounts…",
    failed: "The connected accounts could not be counted just now.",
  },
  it: {
    counts: "Account collegati: {linkedin} su LinkedIn, {x} su X.",
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
  let text;
  if (counts.isPending) text = m("loading");
  else if (counts.isError) text = m("failed");
  else text = m("counts", { linkedin: number(counts.data.linkedin), x: number(counts.data.x) });
  return <p className="hint">{text}</p>;
}
