import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { Controller, useWatch } from "react-hook-form";
import * as v from "valibot";
import { useApi } from "../api/context";
import { offlineError } from "../api/errors";
import { useMe, useMyOrg } from "../api/queries";
import type { components } from "../api/schema";
import { fill, type Params, useI18n } from "../i18n";
import { EmptyState, ErrorMessage, Loading, Section } from "../ui/components";
import { CheckboxGroup, SubmitButton, TextField } from "../ui/fields";
import { bindList, fieldMessage, hasUnshownDetails, submitWith, useSchemaForm } from "../ui/form";
import { reasonWords } from "./reasons";

type Prefs = components["schemas"]["AutoShareOut"];
type PrefsIn = components["schemas"]["AutoShareIn"];
type AutoPost = components["schemas"]["AutoPostOut"];
type ApiNetwork = PrefsIn["networks"][number];
export const AUTO_SHARE = ["me", "auto-share"] as const;
export const AUTO_POSTS = ["me", "auto-posts"] as const;
const NETWORKS: readonly ApiNetwork[] = ["linkedin", "x"];
const NAMES: Record<ApiNetwork, string> = { linkedin: "LinkedIn", x: "X" };
// The daily cap's bounds, as the API keeps them.
const CAP_MIN = 1;
const CAP_MAX = 10;

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
    groupsLegend: "Groups",
    noGroups: "You are in no group yet: choose all content.",
    groupNeeded: "Choose at least one group, or all content.",
    networkNeeded: "Choose a network to post to, or turn auto-share off.",
    cap: "At most this many posts a day on each network (1 to 10)",
    capInvalid: "Enter a whole number from 1 to 10.",
    clockInvalid: "Enter a time as HH:MM.",
    endAfterStart: "The window must end after it starts, on the same day.",
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
    groupsLegend: "Gruppi",
    noGroups: "Non sei ancora in nessun gruppo: scegli tutti i contenuti.",
    groupNeeded: "Scegli almeno un gruppo, oppure tutti i contenuti.",
    networkNeeded: "Scegli una rete su cui pubblicare, oppure disattiva la condivisione automatica.",
    cap: "Al massimo questi post al giorno su ogni rete (da 1 a 10)",
    capInvalid: "Inserisci un numero intero da 1 a 10.",
    clockInvalid: "Inserisci un orario nel formato HH:MM.",
    endAfterStart: "La fascia deve finire dopo l'inizio, nello stesso giorno.",
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
  const { dateTime, lang } = useI18n();
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
              {p.reason ? w("reason", { reason: reasonWords(lang, p.reason) }) : null}
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

type Words = ReturnType<typeof useAutoWords>;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/** What the preferences need before they are sent: a network when auto-share is on, a group when the
 * scope is groups, a cap from 1 to 10 and a window that ends after it starts (the API checks the same,
 * and that the networks are connected). Its output is the request body. */
function prefsSchema(w: Words) {
  const clock = v.pipe(v.string(), v.regex(CLOCK, w("clockInvalid")));
  return v.pipe(
    v.object({
      enabled: v.boolean(),
      networks: v.array(v.picklist(NETWORKS)),
      scope: v.picklist(["all", "groups"]),
      group_ids: v.array(v.string()),
      daily_cap: v.pipe(
        v.string(),
        v.trim(),
        v.regex(/^\d+$/, w("capInvalid")),
        v.transform(Number),
        v.minValue(CAP_MIN, w("capInvalid")),
        v.maxValue(CAP_MAX, w("capInvalid")),
      ),
      window: v.object({ start: clock, end: clock }),
    }),
    v.forward(
      v.partialCheck([["enabled"], ["networks"]], (p) => !p.enabled || p.networks.length > 0, w("networkNeeded")),
      ["networks"],
    ),
    v.forward(
      v.partialCheck([["scope"], ["group_ids"]], (p) => p.scope !== "groups" || p.group_ids.length > 0, w("groupNeeded")),
      ["group_ids"],
    ),
    v.forward(
      v.partialCheck([["window", "start"], ["window", "end"]], (p) => p.window.end > p.window.start, w("endAfterStart")),
      ["window", "end"],
    ),
  );
}

function PrefsForm(props: { prefs: Prefs; connected: ReadonlySet<string>; groups: { group_id: string; name: string }[] }) {
  const w = useAutoWords();
  const api = useApi();
  const client = useQueryClient();
  const schema = useMemo(() => prefsSchema(w), [w]);
  const form = useSchemaForm(schema, {
    enabled: props.prefs.enabled,
    networks: props.prefs.networks,
    scope: props.prefs.scope,
    group_ids: props.prefs.group_ids,
    daily_cap: String(props.prefs.daily_cap),
    window: props.prefs.window,
  });
  const [offline, setOffline] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: PrefsIn) => api.call<Prefs>(() => api.client.PUT("/me/auto-share", { body })),
    onSuccess: (kept) => {
      client.setQueryData(AUTO_SHARE, kept);
      setSaved(true);
    },
  });
  const submit = form.handleSubmit((body) => {
    const noConnection = offlineError();
    setOffline(noConnection);
    if (!noConnection) save.mutate(body);
  });
  const { errors } = form.formState;
  const errorFor = (field: string) => fieldMessage(errors, save.error, field);
  // The API names the window as a whole; its problem shows by the end of the window.
  const windowError = errorFor("window.end") ?? errorFor("window");
  const unshown = hasUnshownDetails(save.error, ["networks", "group_ids", "daily_cap", "window", "window.start", "window.end"]);
  const scope = useWatch({ control: form.control, name: "scope" });
  return (
    <form
      className="form"
      onSubmit={submitWith(submit, { busy: save.isPending, start: () => setSaved(false) })}
      noValidate
      aria-busy={save.isPending}
      aria-label={w("title")}
    >
      {offline ? <ErrorMessage error={offline} /> : save.isError ? <ErrorMessage error={save.error} listFields={unshown} /> : null}
      <label className="check">
        <input type="checkbox" {...form.register("enabled")} /> {w("enabled")}
      </label>
      <Controller
        control={form.control}
        name="networks"
        render={({ field }) => (
          <CheckboxGroup
            legend={w("networks")}
            choices={NETWORKS.map((n) => ({
              value: n,
              label: props.connected.has(n) ? NAMES[n] : w("notConnected", { network: NAMES[n] }),
              disabled: !props.connected.has(n),
            }))}
            {...bindList(field)}
            error={errorFor("networks")}
          />
        )}
      />
      <fieldset>
        <legend>{w("scope")}</legend>
        <label className="check">
          <input type="radio" value="all" {...form.register("scope")} /> {w("all")}
        </label>
        <label className="check">
          <input type="radio" value="groups" {...form.register("scope")} /> {w("groups")}
        </label>
      </fieldset>
      {scope === "groups" ? (
        <Controller
          control={form.control}
          name="group_ids"
          render={({ field }) => (
            <CheckboxGroup
              legend={w("groupsLegend")}
              choices={props.groups.map((g) => ({ value: g.group_id, label: g.name }))}
              {...bindList(field)}
              error={errorFor("group_ids")}
            >
              {props.groups.length === 0 ? <p className="hint">{w("noGroups")}</p> : null}
            </CheckboxGroup>
          )}
        />
      ) : null}
      <TextField label={w("cap")} inputMode="numeric" maxLength={2} autoComplete="off" {...form.register("daily_cap")} error={errorFor("daily_cap")} />
      <TextField label={w("start")} type="time" {...form.register("window.start")} error={errorFor("window.start")} />
      <TextField label={w("end")} type="time" {...form.register("window.end")} error={windowError} />
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
