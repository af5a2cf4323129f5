import { type FormEvent, type ReactNode, useEffect, useId, useMemo, useRef, useState } from "react";
import { ApiError, isApiError } from "../../api/errors";
import { NETWORKS, type Network } from "../../api/types";
import { useI18n } from "../../i18n";
import { ErrorMessage, FieldError, PageHeading } from "../../ui/components";
import { TextAreaField, TextField } from "../../ui/fields";
import { useKeyedSend } from "../attempt";
import { useGroupChoices } from "../choices";
import { useGroups } from "../groups/queries";
import { useMessages } from "../messages";
import { changes, type Draft, draftOf, EMPTY_DRAFT, fieldsOf, type Intent, offered, problems, type Problem } from "./form";
import { FillFromLink } from "./FillFromLink";
import { messages } from "./messages";
import { messageLength } from "./networks";
import { NETWORK_NAMES, Preview } from "./Preview";
import { type Content, type Save, useSaveContent } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** The API's error for `field`, or for a part of it (`groups.0`). */
function apiFieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error)) return undefined;
  return error.details.find((d) => d.field === field || d.field.startsWith(`${field}.`))?.message;
}

const FIELDS = ["title", "url", "body", "image_url", ...NETWORKS.map((n) => `messages.${n}`), "networks", "groups", "points", "text_editable", "publish_at", "expires_at"];

/** The error said above the buttons: the sentence, with only the details no field shows. */
function generalError(error: unknown): unknown {
  if (!isApiError(error)) return error;
  const rest = error.details.filter((d) => !FIELDS.some((f) => d.field === f || d.field.startsWith(`${f}.`)));
  return new ApiError({ status: error.status, code: error.code, message: error.message, details: rest, retryAfter: error.retryAfter });
}

function problemText(m: Say, problem: Problem): string {
  if (problem.key === "tooLong") {
    const network = NETWORK_NAMES[problem.field.split(".")[1] as Network];
    return m("tooLong", { ...problem.params, network });
  }
  return m(problem.key, problem.params);
}

/** An address field: the phone's URL keyboard, no autocomplete, at most what the API takes. */
function UrlField(props: { label: string; hint: string; value: string; error: string | undefined; onChange: (value: string) => void }) {
  return (
    <TextField
      label={props.label}
      hint={props.hint}
      type="url"
      inputMode="url"
      value={props.value}
      maxLength={2048}
      autoComplete="off"
      error={props.error}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}

/** A set of checkboxes over `choices`, none ticked meaning "all"; its hint and error describe it. */
function Checks(props: {
  legend: string;
  hint: string;
  choices: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
  children?: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset
      className={props.error ? "checks has-error" : "checks"}
      data-invalid={props.error ? true : undefined}
      aria-describedby={props.error ? `${id}-hint ${id}-error` : `${id}-hint`}
    >
      <legend>{props.legend}</legend>
      <p className="hint" id={`${id}-hint`}>
        {props.hint}
      </p>
      {props.choices.map((choice) => (
        <label key={choice.value} className="check">
          <input
            type="checkbox"
            checked={props.value.includes(choice.value)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.value, choice.value] : props.value.filter((v) => v !== choice.value))
            }
          />
          {choice.label}
        </label>
      ))}
      {props.children}
      <FieldError id={`${id}-error`} message={props.error} />
    </fieldset>
  );
}

/** The groups to target, read from the API (managers may list them); while they load or when they
 * cannot be read, the content keeps the groups it has. */
function Targeting(props: { value: string[]; onChange: (groups: string[]) => void; error?: string | undefined }) {
  const m = useMessages(messages);
  const query = useGroups();
  const { groups } = useGroupChoices();
  const errorId = useId();
  let hint: string | null = null;
  if (groups === null) hint = query.isError ? m("groupsUnavailable") : m("groupsLoading");
  else if (groups.length === 0 && props.value.length === 0) hint = m("noGroups");
  if (hint !== null || groups === null) {
    return (
      <fieldset className="checks">
        <legend>{m("targeting")}</legend>
        <p className="hint" role={query.isError ? undefined : "status"}>
          {hint}
        </p>
        {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
        <FieldError id={errorId} message={props.error} />
      </fieldset>
    );
  }
  const known = new Set(groups.map((g) => g.group_id));
  // Groups deleted since the content was made are not offered; ticking or unticking drops them.
  return (
    <Checks
      legend={m("targeting")}
      hint={m("targetingHint")}
      choices={groups.map((g) => ({ value: g.group_id, label: g.name }))}
      value={props.value.filter((id) => known.has(id))}
      onChange={props.onChange}
      error={props.error}
    />
  );
}

export type NoticeKey = "savedDraft" | "savedScheduled" | "savedPublished" | "savedChanges";

const NOTICE: Record<Intent, NoticeKey> = {
  draft: "savedDraft",
  schedule: "savedScheduled",
  publish: "savedPublished",
};

/** Writes new content or edits one: its texts per network with their counts, a preview per network,
 * its times in the org's time zone, its groups and points; then saves it as a draft, schedules or
 * publishes it. */
export function Composer(props: {
  item: Content | null;
  timeZone: string;
  onDone: (item: Content, notice: NoticeKey) => void;
  onCancel: () => void;
}) {
  const m = useMessages(messages);
  const { number } = useI18n();
  const { item, timeZone } = props;
  const [draft, setDraft] = useState<Draft>(() => (item ? draftOf(item, timeZone) : EMPTY_DRAFT));
  const [shown, setShown] = useState<Problem[]>([]);
  const [focusToken, setFocusToken] = useState(0);
  const [working, setWorking] = useState<Intent | null>(null);
  const intent = useRef<Intent>("draft");
  const form = useRef<HTMLFormElement>(null);
  const save = useSaveContent();
  const { send, offline } = useKeyedSend(save);
  const status = item?.status ?? null;
  const before = useMemo(() => (item ? fieldsOf(draftOf(item, timeZone), timeZone) : null), [item, timeZone]);

  useEffect(() => {
    if (focusToken === 0) return;
    // The first field with a problem (in a group of checkboxes, its first box).
    const invalid = form.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
    (invalid instanceof HTMLFieldSetElement ? invalid.querySelector("input") : invalid)?.focus();
  }, [focusToken]);

  function set<K extends keyof Draft>(name: K, value: Draft[K]) {
    setDraft((d) => ({ ...d, [name]: value }));
  }

  // A message over its limit is said as it is typed; the other problems once a button is chosen.
  const live = problems(draft, "draft", status, timeZone, new Date()).filter((p) => p.key === "tooLong");
  const serverError = save.error;
  function errorFor(field: string): string | undefined {
    const problem = [...shown, ...live].find((p) => p.field === field);
    return problem ? problemText(m, problem) : apiFieldError(serverError, field);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (save.isPending) return;
    const chosen = intent.current;
    const found = problems(draft, chosen, status, timeZone, new Date());
    setShown(found);
    save.reset();
    if (found.length > 0) {
      setFocusToken((t) => t + 1);
      return;
    }
    const fields = fieldsOf(draft, timeZone);
    const options = {
      onSuccess: (saved: Content) => props.onDone(saved, noticeKey(item, chosen)),
      onError: (failure: unknown) => {
        if (isApiError(failure) && failure.details.length > 0) setFocusToken((t) => t + 1);
      },
    };
    setWorking(chosen);
    if (!item || !before) {
      const body = {
        ...fields,
        status: chosen === "draft" ? ("draft" as const) : chosen === "schedule" ? ("scheduled" as const) : ("published" as const),
        // "Publish" is now: a publish time kept in the form would schedule it instead.
        publish_at: chosen === "publish" ? null : fields.publish_at,
      };
      send(body, (key): Save => ({ kind: "create", body, key }), options);
    } else {
      const then = chosen === "schedule" && status === "draft" ? "schedule" : chosen === "publish" ? "publish" : null;
      const patch = changes(before, fields);
      send({ then, patch }, (key): Save => ({ kind: "edit", id: item.content_id, changes: patch, then, key }), options);
    }
  }

  const zoneHint = m("zoneHint", { zone: timeZone });
  const heading = item ? m("editTitle", { title: item.title }) : m("newTitle");
  const general = serverError ? generalError(serverError) : (offline ?? null);
  const networks = offered(draft);
  const busy = save.isPending;
  const busyLabel = (value: Intent, label: string) => (busy && working === value ? m("saving") : label);

  return (
    <>
      <PageHeading title={heading} intro={m("composerIntro")} />
      <div className="composer">
        <form ref={form} className="card composer-form" onSubmit={submit} noValidate aria-label={heading}>
          <TextField label={m("fieldTitle")} value={draft.title} maxLength={200} autoComplete="off" error={errorFor("title")} onChange={(e) => set("title", e.target.value)} />
          <UrlField label={m("fieldUrl")} hint={m("urlHint")} value={draft.url} error={errorFor("url")} onChange={(v) => set("url", v)} />
          <FillFromLink url={draft.url} current={draft} onFill={(fields) => setDraft((d) => ({ ...d, ...fields }))} />
          <TextAreaField label={m("fieldBody")} hint={m("bodyHint")} rows={4} value={draft.body} maxLength={20_000} error={errorFor("body")} onChange={(e) => set("body", e.target.value)} />
          <UrlField label={m("fieldImage")} hint={m("imageHint")} value={draft.image_url} error={errorFor("image_url")} onChange={(v) => set("image_url", v)} />
          <Checks
            legend={m("networks")}
            hint={m("networksHint")}
            choices={NETWORKS.map((n) => ({ value: n, label: NETWORK_NAMES[n] }))}
            value={draft.networks}
            onChange={(value) => set("networks", value as Network[])}
            error={errorFor("networks")}
          />
          <fieldset>
            <legend>{m("texts")}</legend>
            <p className="hint">{m("textsHint")}</p>
            {networks.map((network) => {
              const { used, limit } = messageLength(network, draft.messages[network]);
              const count = m("count", { used: number(used), limit: number(limit) });
              return (
                <TextAreaField
                  key={network}
                  label={m("textFor", { network: NETWORK_NAMES[network] })}
                  hint={network === "x" ? `${count}. ${m("xCountHint")}` : count}
                  rows={network === "x" ? 3 : 4}
                  value={draft.messages[network]}
                  error={errorFor(`messages.${network}`)}
                  onChange={(e) => set("messages", { ...draft.messages, [network]: e.target.value })}
                />
              );
            })}
            <label className="check">
              <input type="checkbox" checked={draft.text_editable} onChange={(e) => set("text_editable", e.target.checked)} />
              {m("textEditable")}
            </label>
          </fieldset>
          <fieldset>
            <legend>{m("times")}</legend>
            <TextField
              label={m("fieldPublishAt")}
              hint={`${zoneHint} ${m("publishAtHint")}`}
              type="datetime-local"
              value={draft.publish_at}
              error={errorFor("publish_at")}
              onChange={(e) => set("publish_at", e.target.value)}
            />
            <TextField
              label={m("fieldExpiresAt")}
              hint={`${zoneHint} ${m("expiresAtHint")}`}
              type="datetime-local"
              value={draft.expires_at}
              error={errorFor("expires_at")}
              onChange={(e) => set("expires_at", e.target.value)}
            />
          </fieldset>
          <Targeting value={draft.groups} onChange={(groups) => set("groups", groups)} error={errorFor("groups")} />
          <TextField
            label={m("fieldPoints")}
            hint={m("pointsHint")}
            type="text"
            inputMode="numeric"
            value={draft.points}
            maxLength={6}
            autoComplete="off"
            error={errorFor("points")}
            onChange={(e) => set("points", e.target.value)}
          />
          {shown.length > 0 ? (
            <p className="error" role="alert">
              {m("fixFields")}
            </p>
          ) : general ? (
            <ErrorMessage error={general} listFields />
          ) : null}
          <div className="form-actions">
            {status === null || status === "draft" ? (
              <button type="submit" className="button secondary" aria-disabled={busy || undefined} onClick={() => (intent.current = "draft")}>
                {busyLabel("draft", m("saveDraft"))}
              </button>
            ) : status === "published" || status === "pending_approval" ? (
              <button type="submit" className="button primary" aria-disabled={busy || undefined} onClick={() => (intent.current = "draft")}>
                {busyLabel("draft", m("saveChanges"))}
              </button>
            ) : null}
            {status === null || status === "draft" || status === "scheduled" ? (
              <>
                <button type="submit" className="button secondary" aria-disabled={busy || undefined} onClick={() => (intent.current = "schedule")}>
                  {busyLabel("schedule", m("schedule"))}
                </button>
                <button type="submit" className="button primary" aria-disabled={busy || undefined} onClick={() => (intent.current = "publish")}>
                  {busyLabel("publish", m("publish"))}
                </button>
              </>
            ) : null}
            <button type="button" className="button ghost" onClick={props.onCancel}>
              {m("cancel")}
            </button>
          </div>
        </form>
        <Preview draft={draft} />
      </div>
    </>
  );
}

/** The sentence the list shows once saved. */
export function noticeKey(item: Content | null, intent: Intent): NoticeKey {
  return item && item.status !== "draft" && intent === "draft" ? "savedChanges" : NOTICE[intent];
}
