import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useApi } from "../api/context";
import { offlineError } from "../api/errors";
import type { components } from "../api/schema";
import { fill, type Params, useI18n } from "../i18n";
import { ErrorMessage, Loading, Section } from "../ui/components";
import { Dialog } from "../ui/Dialog";
import AutoShare from "./AutoShare";
import { reasonWords } from "./reasons";

type Connection = components["schemas"]["ConnectionOut"];
type ApiNetwork = Connection["network"];
export const CONNECTIONS = ["me", "connections"] as const;
/** Where the flow under way is remembered across the trip to the network (this tab only). */
export const CONNECTING_KEY = "advocacy.connecting";
/** Leaving the app for the network's consent page (a seam the tests replace). */
export const browser = { leaveFor: (url: string) => window.location.assign(url) };

/** The words of connected accounts (a chunk of their own, loaded with the profile's section). */
export const WORDS = {
  en: {
    title: "Connected accounts",
    intro: "Connect LinkedIn or X once and share with one tap: the app posts for you, only when you ask.",
    facebook: "Facebook has no way for apps to post to a personal profile: share to Facebook with its share dialog.",
    none: "Your program has not set up connected accounts.",
    connected: "Connected",
    since: "Connected on {when}.",
    reconnectBefore: "Reconnect before {when}: LinkedIn asks again every 60 days.",
    expiresOn: "Lasts until {when}.",
    renews: "Renews itself while you use it.",
    needsReconnect: "Needs reconnecting",
    why: "It stopped working: {reason}. Connect again to keep sharing with one tap.",
    notConnected: "Not connected",
    connect: "Connect {network}",
    reconnect: "Reconnect {network}",
    connecting: "Opening {network}…",
    disconnect: "Disconnect {network}",
    disconnecting: "Disconnecting…",
    confirmTitle: "Disconnect {network}?",
    confirmBody: "The app will no longer post to {network} for you. You can connect again at any time.",
    confirm: "Disconnect",
    cancel: "Cancel",
    disconnected: "{network} is disconnected.",
    callbackTitle: "Connecting your account",
    finishing: "Finishing the connection…",
    done: "{network} is connected.",
    denied: "The connection was not allowed. You can try again from your profile.",
    broken: "This link does not finish a connection. Start again from your profile.",
    failed: "The connection could not be finished: {reason}",
    back: "Back to your profile",
  },
  it: {
    title: "Account collegati",
    intro: "Collega LinkedIn o X una volta e condividi con un tocco: l'app pubblica per te, solo quando lo chiedi.",
    facebook: "Facebook non permette alle app di pubblicare su un profilo personale: condividi su Facebook con la sua finestra di condivisione.",
    none: "Il tuo programma non ha attivato gli account collegati.",
    connected: "Collegato",
    since: "Collegato il {when}.",
    reconnectBefore: "Ricollega entro il {when}: LinkedIn lo richiede ogni 60 giorni.",
    expiresOn: "Valido fino al {when}.",
    renews: "Si rinnova da solo finché lo usi.",
    needsReconnect: "Da ricollegare",
    why: "Ha smesso di funzionare: {reason}. Collegalo di nuovo per continuare a condividere con un tocco.",
    notConnected: "Non collegato",
    connect: "Collega {network}",
    reconnect: "Ricollega {network}",
    connecting: "Apertura di {network}…",
    disconnect: "Scollega {network}",
    disconnecting: "Scollegamento…",
    confirmTitle: "Scollegare {network}?",
    confirmBody: "L'app non pubblicherà più su {network} per te. Puoi ricollegarlo quando vuoi.",
    confirm: "Scollega",
    cancel: "Annulla",
    disconnected: "{network} è scollegato.",
    callbackTitle: "Collegamento dell'account",
    finishing: "Completamento del collegamento…",
    done: "{network} è collegato.",
    denied: "Il collegamento non è stato autorizzato. Puoi riprovare dal tuo profilo.",
    broken: "Questo link non completa un collegamento. Ricomincia dal tuo profilo.",
    failed: "Non è stato possibile completare il collegamento: {reason}",
    back: "Torna al tuo profilo",
  },
} as const;

export const NETWORK_NAMES: Record<ApiNetwork, string> = { linkedin: "LinkedIn", x: "X" };

export function useWords() {
  const { lang } = useI18n();
  return useCallback((key: keyof (typeof WORDS)["en"], params?: Params) => fill(WORDS[lang][key], params, lang), [lang]);
}

function Status(props: { c: Connection }) {
  const w = useWords();
  const { date, lang } = useI18n();
  const c = props.c;
  if (c.needs_reconnect) {
    return (
      <>
        <span className="pill status-rejected">{w("needsReconnect")}</span>
        <span className="meta card-text">{w("why", { reason: reasonWords(lang, c.reason ?? "") })}</span>
      </>
    );
  }
  if (!c.connected) return <span className="pill">{w("notConnected")}</span>;
  let lasts: string = w("renews");
  if (c.expires_at) lasts = c.reconnect_soon ? w("reconnectBefore", { when: date(c.expires_at) }) : w("expiresOn", { when: date(c.expires_at) });
  return (
    <>
      <span className={c.reconnect_soon ? "pill status-pending" : "pill status-approved"}>{w("connected")}</span>
      <span className="meta card-text">
        {c.connected_at ? `${w("since", { when: date(c.connected_at) })} ` : null}
        {lasts}
      </span>
    </>
  );
}

function Row(props: { c: Connection; onDisconnected: (network: string) => void }) {
  const w = useWords();
  const api = useApi();
  const client = useQueryClient();
  const c = props.c;
  const network = NETWORK_NAMES[c.network];
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<unknown>(null);
  const start = useMutation({
    mutationFn: () =>
      api.call<components["schemas"]["ConnectionStart"]>(() => api.client.POST("/me/connections/{network}", { params: { path: { network: c.network } } })),
    onSuccess: (started) => {
      sessionStorage.setItem(CONNECTING_KEY, JSON.stringify({ network: c.network, key: crypto.randomUUID() }));
      browser.leaveFor(started.authorize_url);
    },
  });
  const remove = useMutation({
    mutationFn: () => api.call<void>(() => api.client.DELETE("/me/connections/{network}", { params: { path: { network: c.network } } })),
    onSuccess: () => {
      setConfirming(false);
      props.onDisconnected(network);
    },
    onSettled: () => client.invalidateQueries({ queryKey: CONNECTIONS }),
  });
  function guarded(run: () => void) {
    const offline = offlineError();
    setProblem(offline);
    if (!offline) run();
  }
  const connectLabel = c.needs_reconnect || c.reconnect_soon ? w("reconnect", { network }) : w("connect", { network });
  return (
    <li className="list-row">
      <span className="list-main">{network}</span>
      <span className="meta">
        <Status c={c} />
      </span>
      <span className="form-actions">
        {!c.connected || c.reconnect_soon ? (
          <button type="button" className="button primary" aria-disabled={start.isPending || undefined} onClick={() => guarded(() => !start.isPending && start.mutate())}>
            {start.isPending || start.isSuccess ? w("connecting", { network }) : connectLabel}
          </button>
        ) : null}
        {c.connected || c.needs_reconnect ? (
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            {w("disconnect", { network })}
          </button>
        ) : null}
      </span>
      {problem ? <ErrorMessage error={problem} /> : start.isError ? <ErrorMessage error={start.error} /> : null}
      {confirming ? (
        <Dialog
          title={w("confirmTitle", { network })}
          onClose={() => setConfirming(false)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirming(false)}>
                {w("cancel")}
              </button>
              <button type="button" className="button primary" aria-disabled={remove.isPending || undefined} onClick={() => guarded(() => !remove.isPending && remove.mutate())}>
                {remove.isPending ? w("disconnecting") : w("confirm")}
              </button>
            </>
          }
        >
          <p>{w("confirmBody", { network })}</p>
          {problem ? <ErrorMessage error={problem} /> : remove.isError ? <ErrorMessage error={remove.error} /> : null}
        </Dialog>
      ) : null}
    </li>
  );
}

/** The profile's "Connected accounts": each network the program offers, its status and expiry,
 * Connect (off to the network, back through /connections/callback) and Disconnect. */
export default function ConnectedAccounts() {
  const w = useWords();
  const api = useApi();
  const [notice, setNotice] = useState("");
  const list = useQuery({
    queryKey: CONNECTIONS,
    queryFn: () => api.call<components["schemas"]["ConnectionList"]>(() => api.client.GET("/me/connections")),
  });
  let body;
  if (list.isPending) body = <Loading query={list} variant="row" count={2} lines={2} />;
  else if (list.isError) body = <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  else {
    const offered = list.data.items.filter((c) => c.available);
    const connected = new Set(offered.filter((c) => c.connected).map((c) => c.network));
    body =
      offered.length === 0 ? (
        <p className="hint">{w("none")}</p>
      ) : (
        <>
          <ul className="list" aria-label={w("title")}>
            {offered.map((c) => (
              <Row key={c.network} c={c} onDisconnected={(network) => setNotice(w("disconnected", { network }))} />
            ))}
          </ul>
          {/* Auto-share once an account works: it posts through them. */}
          {connected.size > 0 ? <AutoShare connected={connected} /> : null}
        </>
      );
  }
  return (
    <Section title={w("title")}>
      <p className="hint">{w("intro")}</p>
      {body}
      <p className="hint">{w("facebook")}</p>
      <p role="status" className="notice-line">
        {notice}
      </p>
    </Section>
  );
}
