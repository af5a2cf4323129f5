import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import * as v from "valibot";
import { useKeyedSend } from "../api/attempt";
import { pageQuery } from "../api/client";
import { useApi } from "../api/context";
import { isApiError } from "../api/errors";
import { allItems, usePaged } from "../api/queries";
import type { components } from "../api/schema";
import { fill, type Params, useI18n } from "../i18n";
import { ErrorMessage, PagedBody, PageHeading, Section, useAutoFill } from "../ui/components";
import { TextAreaField, TextField } from "../ui/fields";
import { fieldMessage, submitWith, useSchemaForm } from "../ui/form";

type Suggestion = components["schemas"]["SuggestionOut"];
const MINE = ["me", "suggestions"] as const;

/** This screen's own words (a chunk of its own: they never weigh on the members' first download). */
const WORDS = {
  en: {
    title: "Suggest content",
    intro: "Found something worth sharing? Send the link to your managers. If they publish it, you earn points.",
    form: "Suggest a link",
    url: "Link",
    urlHint: "The page to share, starting with https://",
    urlNeeded: "Enter a link starting with http:// or https://.",
    titleField: "Title (optional)",
    note: "Why it is worth sharing (optional)",
    send: "Send suggestion",
    sending: "Sending…",
    sent: "Thanks! Your suggestion is with your managers.",
    mine: "My suggestions",
    none: "You have not suggested anything yet. Your suggestions and what became of them show here.",
    pending: "Waiting for a manager",
    accepted: "Accepted: you earned {points}",
    declined: "Declined",
    declinedNote: "Your manager's note: {note}",
    on: "Suggested {when}",
  },
  it: {
    title: "Suggerisci contenuti",
    intro: "Hai trovato qualcosa da condividere? Manda il link ai tuoi manager. Se lo pubblicano, guadagni punti.",
    form: "Suggerisci un link",
    url: "Link",
    urlHint: "La pagina da condividere, che inizia con https://",
    urlNeeded: "Inserisci un link che inizi con http:// o https://.",
    titleField: "Titolo (facoltativo)",
    note: "Perché vale la pena condividerlo (facoltativo)",
    send: "Invia suggerimento",
    sending: "Invio…",
    sent: "Grazie! Il tuo suggerimento è arrivato ai tuoi manager.",
    mine: "I miei suggerimenti",
    none: "Non hai ancora suggerito nulla. Qui vedrai i tuoi suggerimenti e com'è andata.",
    pending: "In attesa di un manager",
    accepted: "Accettato: hai guadagnato {points}",
    declined: "Rifiutato",
    declinedNote: "Nota del tuo manager: {note}",
    on: "Suggerito {when}",
  },
} as const;

function useWords() {
  const { lang } = useI18n();
  return useCallback((key: keyof (typeof WORDS)["en"], params?: Params) => fill(WORDS[lang][key], params, lang), [lang]);
}

type Words = ReturnType<typeof useWords>;

/** What a suggestion needs: a link to a web page; the title and note are optional, and sent as null when
 * left empty. Its output is the request body. */
function suggestionSchema(w: Words) {
  const optional = v.pipe(v.string(), v.trim(), v.transform((value) => value || null));
  return v.object({
    url: v.pipe(v.string(), v.trim(), v.regex(/^https?:\/\/[^\s/]+/i, w("urlNeeded"))),
    title: optional,
    note: optional,
  });
}

function SuggestForm() {
  const w = useWords();
  const api = useApi();
  const client = useQueryClient();
  const schema = useMemo(() => suggestionSchema(w), [w]);
  const form = useSchemaForm(schema, { url: "", title: "", note: "" });
  const [sent, setSent] = useState(false);
  const mutation = useMutation({
    mutationFn: (v: { body: components["schemas"]["SuggestionCreate"]; key: string }) =>
      api.call<Suggestion>(() => api.client.POST("/suggestions", { params: { header: { "Idempotency-Key": v.key } }, body: v.body })),
    onSettled: () => client.invalidateQueries({ queryKey: MINE }),
  });
  // One Idempotency-Key per body: a retry of the same suggestion never makes a second one.
  const { send, offline } = useKeyedSend(mutation);
  const submit = form.handleSubmit((body) =>
    send(body, (key) => ({ body, key }), {
      onSuccess: () => {
        setSent(true);
        form.reset();
      },
    }),
  );
  const { errors } = form.formState;
  const fieldError = (name: string) => fieldMessage(errors, mutation.error, name);
  const shown = isApiError(mutation.error) && mutation.error.details.length > 0 && mutation.error.details.every((d) => ["url", "title", "note"].includes(d.field));
  return (
    <form
      className="card card-body form"
      onSubmit={submitWith(submit, { start: () => setSent(false) })}
      noValidate
      aria-label={w("form")}
    >
      <TextField label={w("url")} hint={w("urlHint")} type="url" inputMode="url" autoComplete="url" required {...form.register("url")} error={fieldError("url")} />
      <TextField label={w("titleField")} maxLength={200} {...form.register("title")} error={fieldError("title")} />
      <TextAreaField label={w("note")} rows={3} maxLength={2000} {...form.register("note")} error={fieldError("note")} />
      <div className="form-actions">
        <button type="submit" className="button primary" aria-disabled={mutation.isPending || undefined}>
          {mutation.isPending ? w("sending") : w("send")}
        </button>
      </div>
      <p role="status" className="notice-line">
        {sent ? w("sent") : ""}
      </p>
      {offline ? <ErrorMessage error={offline} /> : mutation.error && !shown ? <ErrorMessage error={mutation.error} /> : null}
    </form>
  );
}

function Outcome(props: { s: Suggestion }) {
  const w = useWords();
  const { points } = useI18n();
  const s = props.s;
  if (s.status === "accepted") return <span className="pill status-approved">{w("accepted", { points: points(s.points_awarded ?? 0) })}</span>;
  if (s.status === "declined") return <span className="pill status-rejected">{w("declined")}</span>;
  return <span className="pill status-pending">{w("pending")}</span>;
}

function MySuggestions() {
  const w = useWords();
  const api = useApi();
  const { dateTime } = useI18n();
  const mine = usePaged(MINE, (page) =>
    api.call<components["schemas"]["SuggestionPage"]>(() => api.client.GET("/me/suggestions", { params: { query: pageQuery(page) } })),
  );
  const items = allItems(mine.data);
  useAutoFill(mine, items.length);
  const body = (
    <PagedBody query={mine} count={items.length} skeleton={{ count: 2, lines: 2 }} empty={w("none")}>
      <ul className="list">
        {items.map((s) => (
          <li key={s.suggestion_id} className="list-row">
            <span className="list-main card-text">{s.title ?? s.url}</span>
            {s.title ? <span className="meta card-text">{s.url}</span> : null}
            <span className="meta">
              <Outcome s={s} />
              <span>{w("on", { when: dateTime(s.created_at) })}</span>
            </span>
            {s.status === "declined" && s.decision_note ? <span className="meta card-text">{w("declinedNote", { note: s.decision_note })}</span> : null}
          </li>
        ))}
      </ul>
    </PagedBody>
  );
  return <Section title={w("mine")}>{body}</Section>;
}

/** A member suggests a link for the org's content and follows what became of each suggestion. */
export default function SuggestPage() {
  const w = useWords();
  return (
    <>
      <PageHeading title={w("title")} intro={w("intro")} />
      <SuggestForm />
      <MySuggestions />
    </>
  );
}
