import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useCallback, useState } from "react";
import { useApi } from "../api/context";
import { offlineError } from "../api/errors";
import { useMe, useMyOrg } from "../api/queries";
import type { components } from "../api/schema";
import { fill, type Params, useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, Section } from "../ui/components";
import { SubmitButton, TextField } from "../ui/fields";

type Prefs = components["schemas"]["AutoShareOut"];
type PrefsIn = components["schemas"]["AutoShareIn"];
type AutoPost = components["schemas"]["AutoPostOut"];
type ApiNetwork = PrefsIn["networks"][number];
export const AUTO_SHARE = ["me", "auto-share"] as const;
export const AUTO_POSTS = ["me", "auto-posts"] as const;
const NETWORKS: readonly ApiNetwork[] = ["linkedin", "x"];
const NAMES: Record<ApiNetwork, string> = { linkedin: "LinkedIn", x: "X" };

/** Auto-share's words (in the connected accounts' chunk). */
export const AUTO_WORDS = {
  en: {
    title: "Auto-share",
    intro: "Let the app post new content for you, at a random moment inside your window, at most a few a day.",
    enabled: "Post new content for me automatically",
    networks: "Post to",
    notConnected: "{network} (connect it first)",
    scope: "Which content",
    all: "All content that reaches me",
    groups: "Only content for these groups",
    cap: "At most this many posts a day on each network (1 to 10)",
    start: "From (your organisation's time, HH:MM)",
    end: "Until (HH:MM)",
    save: "Save auto-share",
    saving: "Saving…",
    saved: "Auto-share saved.",
    posts: "My auto-posts",
    loading: "Loading your auto-posts…",
    empty: "No auto-posts yet: they appear here when new content goes out.",
    at: "Planned for {when}",
    view: "View the post",
    "state.queued": "Queued",
    "state.dispatched": "Being posted",
    "state.posted": "Posted",
    "state.failed": "Failed",
    "state.needs_reconnect": "Needs reconnecting",
    reason: "Why: {reason}",
  },
  it: {
    title: "Condivisione automatica",
    intro: "Lascia che l'app pubblichi i nuovi contenuti per te, in un momento a caso nella tua fascia oraria, al massimo pochi al giorno.",
    enabled: "Pubblica automaticamente i nuovi contenuti per me",
    networks: "Pubblica su",
    notConnected: "{network} (collegalo prima)",
    scope: "Quali contenuti",
    all: "Tutti i contenuti che mi raggiungono",
    groups: "Solo i contenuti per questi gruppi",
    cap: "Al massimo questi post al giorno su ogni rete (da 1 a 10)",
    start: "Dalle (ora della tua organizzazione, HH:MM)",
    end: "Alle (HH:MM)",
    save: "Salva la condivisione automatica",
    saving: "Salvataggio…",
    saved: "Condivisione automatica salvata.",
    posts: "I miei post automatici",
    loading: "Caricamento dei tuoi post automatici…",
    empty: "Ancora nessun post automatico: compaiono qui quando escono nuovi contenuti.",
    at: "Previsto per {when}",
    view: "Vedi il post",
    "state.queued": "In coda",
    "state.dispatched": "In pubblicazione",
    "state.posted": "Pubblicato",
    "state.failed": "Non riuscito",
    "state.needs_reconnect": "Da ricollegare",
    reason: "Motivo: {reason}",
  },
} as const;

type Key = keyof (typeof AUTO_WORDS)["en"];

function useAutoWords() {
  const { lang } = useI18n();
  return useCallback((key: Key, params?: Params) => fill(AUTO_WORDS[lang][key], params, lang), [lang]);
}

const STATE_CLASS: Record<AutoPost["state"], string> = {
  queued: "pill",
  dispatched: "pill status-pending",
  posted: "pill status-approved",
  failed: "pill status-rejected",
  needs_reconnect: "pill status-rejected",
};

function Posts() {
  const w = useAutoWords();
  const { dateTime } = useI18n();
  const api = useApi();
  const posts = useQuery({
    queryKey: AUTO_POSTS,
    queryFn: () => api.call<components["schemas"]["AutoPostPage"]>(() => api.client.GET("/me/auto-posts")),
  });
  let body;
  if (posts.isPending) body = <Loading query={posts} variant="row" count={2} lines={1} />;
  else if (posts.isError) body = <ErrorMessage error={posts.error} onRetry={() => void posts.refetch()} />;
  else if (posts.data.items.length === 0) body = <EmptyState>{w("empty")}</EmptyState>;
  else
    body = (
      <ul className="list" aria-label={w("posts")}>
        {posts.data.items.map((p) => (
          <li key={`${p.content_id}:${p.network}`} className="list-row">
            <span className="list-main">
              {p.title} · {NAMES[p.network]}
            </span>
            <span className="meta">
              <span className={STATE_CLASS[p.state]}>{w(`state.${p.state}`)}</span>{" "}
              {p.state === "queued" ? w("at", { when: dateTime(p.due_at) }) : null}
              {p.reason ? w("reason", { reason: p.reason }) : null}
              {p.post_url ? (
                <a href={p.post_url} target="_blank" rel="noreferrer">
                  {w("view")}
                </a>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    );
  return (
    <Section title={w("posts")} level={3}>
      {body}
    </Section>
  );
}

function PrefsForm(props: { prefs: Prefs; connected: ReadonlySet<string>; groups: { group_id: string; name: string }[] }) {
  const w = useAutoWords();
  const api = useApi();
  const client = useQueryClient();
  const [form, setForm] = useState<PrefsIn>({
    enabled: props.prefs.enabled,
    networks: props.prefs.networks,
    scope: props.prefs.scope,
    group_ids: props.prefs.group_ids,
    daily_cap: props.prefs.daily_cap,
    window: props.prefs.window,
  });
  const [problem, setProblem] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: PrefsIn) => api.call<Prefs>(() => api.client.PUT("/me/auto-share", { body })),
    onSuccess: (kept) => {
      client.setQueryData(AUTO_SHARE, kept);
      setSaved(true);
    },
  });
  function toggle<T extends string>(list: readonly T[], value: T, on: boolean): T[] {
    return on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const offline = offlineError();
    setProblem(offline);
    if (!offline && !save.isPending) save.mutate(form);
  }
  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending} aria-label={w("title")}>
      {problem ? <ErrorMessage error={problem} /> : save.isError ? <ErrorMessage error={save.error} listFields /> : null}
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => setForm({ ...form, enabled: e.target.checked })} /> {w("enabled")}
      </label>
      <fieldset>
        <legend>{w("networks")}</legend>
        {NETWORKS.map((n) => (
          <label key={n} className="check">
            <input
              type="checkbox"
              checked={form.networks.includes(n)}
              disabled={!props.connected.has(n) && !form.networks.includes(n)}
              onChange={(e) => setForm({ ...form, networks: toggle(form.networks, n, e.target.checked) })}
            />{" "}
            {props.connected.has(n) ? NAMES[n] : w("notConnected", { network: NAMES[n] })}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{w("scope")}</legend>
        <label className="check">
          <input type="radio" name="auto-scope" checked={form.scope === "all"} onChange={() => setForm({ ...form, scope: "all" })} /> {w("all")}
        </label>
        <label className="check">
          <input type="radio" name="auto-scope" checked={form.scope === "groups"} onChange={() => setForm({ ...form, scope: "groups" })} /> {w("groups")}
        </label>
        {form.scope === "groups"
          ? props.groups.map((g) => (
              <label key={g.group_id} className="check">
                <input
                  type="checkbox"
                  checked={(form.group_ids ?? []).includes(g.group_id)}
                  onChange={(e) => setForm({ ...form, group_ids: toggle(form.group_ids ?? [], g.group_id, e.target.checked) })}
                />{" "}
                {g.name}
              </label>
            ))
          : null}
      </fieldset>
      <TextField
        label={w("cap")}
        name="auto-cap"
        type="number"
        min={1}
        max={10}
        value={String(form.daily_cap)}
        onChange={(e) => setForm({ ...form, daily_cap: Number(e.target.value) })}
      />
      <TextField label={w("start")} name="auto-start" type="time" value={form.window.start} onChange={(e) => setForm({ ...form, window: { ...form.window, start: e.target.value } })} />
      <TextField label={w("end")} name="auto-end" type="time" value={form.window.end} onChange={(e) => setForm({ ...form, window: { ...form.window, end: e.target.value } })} />
      <SubmitButton busy={save.isPending} busyLabel={w("saving")}>
        {w("save")}
      </SubmitButton>
      <p role="status" className="notice-line">
        {saved ? w("saved") : ""}
      </p>
    </form>
  );
}

/** Auto-share under the connected accounts: the preferences form and the member's auto-posts. */
export default function AutoShare(props: { connected: ReadonlySet<string> }) {
  const w = useAutoWords();
  const api = useApi();
  const prefs = useQuery({
    queryKey: AUTO_SHARE,
    queryFn: () => api.call<Prefs>(() => api.client.GET("/me/auto-share")),
  });
  const org = useMyOrg();
  const me = useMe();
  let body;
  if (prefs.isPending) body = <Loading query={prefs} lines={4} />;
  else if (prefs.isError) body = <ErrorMessage error={prefs.error} onRetry={() => void prefs.refetch()} />;
  else {
    const mine = new Set(me.data?.groups ?? []);
    const groups = (org.data?.groups ?? []).filter((g) => mine.has(g.group_id));
    body = <PrefsForm prefs={prefs.data} connected={props.connected} groups={groups} />;
  }
  return (
    <Section title={w("title")} level={3}>
      <p className="hint">{w("intro")}</p>
      {body}
      <Posts />
    </Section>
  );
}
