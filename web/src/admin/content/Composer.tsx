import { type ComponentProps, type Ref, useId, useMemo, useState } from "react";
import { Controller, useWatch } from "react-hook-form";
import * as v from "valibot";
import { ApiError, isApiError } from "../../api/errors";
import { NETWORKS, type Network } from "../../api/types";
import { useI18n } from "../../i18n";
import { ErrorMessage, FieldError, PageHeading } from "../../ui/components";
import { CheckboxGroup, TextAreaField, TextField } from "../../ui/fields";
import { bindList, fieldMessage, submitWith, useSchemaForm } from "../../ui/form";
import { useKeyedSend } from "../../api/attempt";
import { useGroupChoices } from "../choices";
import { useGroups } from "../groups/queries";
import { useMessages } from "../messages";
import { zonedToUtc } from "../zonedTime";
import { changes, draftOf, EMPTY_DRAFT, fieldsOf, type Intent, INTENTS, offered, overLimit } from "./form";
import { FillFromLink } from "./FillFromLink";
import { messages } from "./messages";
import { messageLength } from "../../api/networks";
import { NETWORK_NAMES, Preview } from "./Preview";
import { type Content, type Save, useSaveContent } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** The API's error for `field`, or for a part of it (`groups.0`). */
function apiFieldError(error: unknown, field: string): string | undefined {
  if (!isApiError(error)) return undefined;
  return error.details.find((d) => d.field === field || d.field.startsWith(`${field}.`))?.message;
}

// The fields as the API names them, in the order the form shows them.
const FIELDS = [
  "title",
  "url",
  "body",
  "image_url",
  "networks",
  ...NETWORKS.map((n) => `messages.${n}` as const),
  "text_editable",
  "publish_at",
  "expires_at",
  "groups",
  "points",
] as const;

/** The error said above the buttons: the sentence, with only the details no field shows. */
function generalError(error: unknown): unknown {
  if (!isApiError(error)) return error;
  const rest = error.details.filter((d) => !FIELDS.some((f) => d.field === f || d.field.startsWith(`${f}.`)));
  return new ApiError({ status: error.status, code: error.code, message: error.message, details: rest, retryAfter: error.retryAfter });
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+\.?[^\s]*$/i;
const MAX_POINTS = 100_000;

/** A text's problem, said the same as it is typed and once a button is chosen. */
function tooLong(m: Say, network: Network, over: number): string {
  return m("tooLong", { over, network: NETWORK_NAMES[network] });
}

/** The instant a wall-clock time in `timeZone` names, in ms; null when empty or not a time. */
function instant(local: string, timeZone: string): number | null {
  const utc = local ? zonedToUtc(local, timeZone) : null;
  return utc === null ? null : Date.parse(utc);
}

/** What the composer checks before asking the API (which checks the same and more), each message on
 * the field the API names (`messages.x`, `publish_at`...) so the API's own errors land in the same
 * places. The button chosen is the `intent`; `status` is the item's (null: new content). Its output
 * is the intent and the fields to send. The checks that read two fields run whatever the others find
 * (the form runs every check), so every field's message shows at once. */
export function composerSchema(m: Say, status: Content["status"] | null, timeZone: string) {
  const intent = v.picklist(INTENTS);
  const time = v.pipe(
    v.string(),
    v.check((local) => local === "" || zonedToUtc(local, timeZone) !== null, m("timeInvalid")),
  );
  const texts = v.object({ linkedin: v.string(), x: v.string(), facebook: v.string(), email: v.string() });
  const networks = v.array(v.picklist(NETWORKS));
  const draft = v.object({
    intent,
    title: v.pipe(v.string(), v.trim(), v.nonEmpty(m("titleRequired"))),
    url: v.pipe(v.string(), v.trim(), v.nonEmpty(m("urlRequired")), v.regex(HTTP_URL, m("urlInvalid"))),
    body: v.string(),
    image_url: v.pipe(
      v.string(),
      v.trim(),
      v.check((url) => url === "" || HTTP_URL.test(url), m("urlInvalid")),
    ),
    messages: texts,
    networks,
    groups: v.array(v.string()),
    points: v.pipe(
      v.string(),
      v.trim(),
      v.check((points) => points === "" || (/^\d+$/.test(points) && Number(points) <= MAX_POINTS), m("pointsInvalid")),
    ),
    text_editable: v.boolean(),
    publish_at: time,
    expires_at: time,
  });
  // Only the texts of the networks offered are sent, so only they are held to a limit.
  const fits = (network: Network) =>
    v.forward(
      v.check(
        (d: v.InferOutput<typeof draft>) => !offered(d).includes(network) || overLimit(network, d.messages[network]) === 0,
        (issue) => tooLong(m, network, overLimit(network, issue.input.messages[network])),
      ),
      ["messages", network],
    );
  return v.pipe(
    draft,
    // A scheduled item keeps the time it has; anything else needs one to be scheduled.
    v.forward(
      v.check((d) => d.intent !== "schedule" || status === "scheduled" || d.publish_at !== "", m("publishAtRequired")),
      ["publish_at"],
    ),
    v.forward(
      v.check((d) => {
        const at = instant(d.publish_at, timeZone);
        return d.intent !== "schedule" || at === null || at > Date.now();
      }, m("publishAtPast")),
      ["publish_at"],
    ),
    v.forward(
      v.check((d) => {
        // "Publish" puts it live now, whatever publish time it had.
        const liveFrom = d.intent === "publish" ? null : instant(d.publish_at, timeZone);
        const expires = instant(d.expires_at, timeZone);
        return expires === null || liveFrom === null || expires > liveFrom;
      }, m("expiresBeforePublish")),
      ["expires_at"],
    ),
    v.forward(
      v.check((d) => {
        // A draft may keep an expiry past; it is checked when it goes live.
        const goingLive = d.intent !== "draft" || (status !== null && status !== "draft");
        const expires = instant(d.expires_at, timeZone);
        return !goingLive || expires === null || expires > Date.now();
      }, m("expiresPast")),
      ["expires_at"],
    ),
    fits("linkedin"),
    fits("x"),
    fits("facebook"),
    fits("email"),
    v.transform((values) => ({ intent: values.intent, fields: fieldsOf(values, timeZone) })),
  );
}

/** An address field: the phone's URL keyboard, no autocomplete, at most what the API takes. */
function UrlField(props: ComponentProps<typeof TextField>) {
  return <TextField type="url" inputMode="url" maxLength={2048} autoComplete="off" {...props} />;
}

/** The groups to target, read from the API (managers may list them); while they load or when they
 * cannot be read, the content keeps the groups it has. */
function Targeting(props: {
  value: string[];
  onChange: (groups: string[]) => void;
  error?: string | undefined;
  name: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
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
    <CheckboxGroup
      legend={m("targeting")}
      hint={m("targetingHint")}
      choices={groups.map((g) => ({ value: g.group_id, label: g.name }))}
      value={props.value.filter((id) => known.has(id))}
      onChange={props.onChange}
      error={props.error}
      name={props.name}
      inputRef={props.inputRef}
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
  const status = item?.status ?? null;
  const schema = useMemo(() => composerSchema(m, status, timeZone), [m, status, timeZone]);
  const form = useSchemaForm(schema, { ...(item ? draftOf(item, timeZone) : EMPTY_DRAFT), intent: "draft" });
  // The whole draft as it is typed, for the counts, the preview and Fill from link. (Through
  // `compute`, as every field has a value from the start, not the partial values a bare watch types.)
  const draft = useWatch({ control: form.control, compute: (values) => values });
  const [working, setWorking] = useState<Intent | null>(null);
  const save = useSaveContent();
  const { send, offline } = useKeyedSend(save);
  const before = useMemo(() => (item ? fieldsOf(draftOf(item, timeZone), timeZone) : null), [item, timeZone]);
  const { errors, isSubmitted } = form.formState;
  const serverError = save.error;

  function errorFor(field: (typeof FIELDS)[number]): string | undefined {
    return fieldMessage(errors, null, field) ?? live(field) ?? apiFieldError(serverError, field);
  }

  // A text over its limit is said as it is typed; the other problems once a button is chosen.
  function live(field: string): string | undefined {
    const network = NETWORKS.find((n) => field === `messages.${n}`);
    if (!network || !offered(draft).includes(network)) return undefined;
    const over = overLimit(network, draft.messages[network]);
    return over > 0 ? tooLong(m, network, over) : undefined;
  }

  const submit = form.handleSubmit(({ intent: chosen, fields }) => {
    const options = {
      onSuccess: (saved: Content) => props.onDone(saved, noticeKey(item, chosen)),
      onError: (failure: unknown) => {
        // The first field the API found wrong takes the focus, as the form's own problems do.
        const first = FIELDS.find((field) => apiFieldError(failure, field));
        if (first) form.setFocus(first);
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
  });

  /** The button's intent, set as it is clicked: the submit that follows checks and sends for it. */
  function choose(intent: Intent) {
    form.setValue("intent", intent);
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
        <form
          className="card composer-form"
          onSubmit={submitWith(submit, { busy, start: () => save.reset() })}
          noValidate
          aria-label={heading}
        >
          <TextField label={m("fieldTitle")} maxLength={200} autoComplete="off" {...form.register("title")} error={errorFor("title")} />
          <UrlField label={m("fieldUrl")} hint={m("urlHint")} {...form.register("url")} error={errorFor("url")} />
          <FillFromLink
            url={draft.url}
            current={draft}
            onFill={(fields) => {
              for (const [name, value] of Object.entries(fields) as [keyof typeof fields, string][]) {
                // Filled as if typed: once a button was chosen, the field is checked again.
                form.setValue(name, value, { shouldDirty: true, shouldValidate: isSubmitted });
              }
            }}
          />
          <TextAreaField label={m("fieldBody")} hint={m("bodyHint")} rows={4} maxLength={20_000} {...form.register("body")} error={errorFor("body")} />
          <UrlField label={m("fieldImage")} hint={m("imageHint")} {...form.register("image_url")} error={errorFor("image_url")} />
          <Controller
            control={form.control}
            name="networks"
            render={({ field }) => (
              <CheckboxGroup
                legend={m("networks")}
                hint={m("networksHint")}
                choices={NETWORKS.map((n) => ({ value: n, label: NETWORK_NAMES[n] }))}
                {...bindList(field)}
                error={errorFor("networks")}
              />
            )}
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
                  {...form.register(`messages.${network}`)}
                  error={errorFor(`messages.${network}`)}
                />
              );
            })}
            <label className="check">
              <input type="checkbox" {...form.register("text_editable")} />
              {m("textEditable")}
            </label>
          </fieldset>
          <fieldset>
            <legend>{m("times")}</legend>
            <TextField
              label={m("fieldPublishAt")}
              hint={`${zoneHint} ${m("publishAtHint")}`}
              type="datetime-local"
              {...form.register("publish_at")}
              error={errorFor("publish_at")}
            />
            <TextField
              label={m("fieldExpiresAt")}
              hint={`${zoneHint} ${m("expiresAtHint")}`}
              type="datetime-local"
              {...form.register("expires_at")}
              error={errorFor("expires_at")}
            />
          </fieldset>
          <Controller
            control={form.control}
            name="groups"
            render={({ field }) => (
              <Targeting {...bindList(field)} error={errorFor("groups")} />
            )}
          />
          <TextField
            label={m("fieldPoints")}
            hint={m("pointsHint")}
            type="text"
            inputMode="numeric"
            maxLength={6}
            autoComplete="off"
            {...form.register("points")}
            error={errorFor("points")}
          />
          {Object.keys(errors).length > 0 ? (
            <p className="error" role="alert">
              {m("fixFields")}
            </p>
          ) : general ? (
            <ErrorMessage error={general} listFields />
          ) : null}
          <div className="form-actions">
            {status === null || status === "draft" ? (
              <button type="submit" className="button secondary" aria-disabled={busy || undefined} onClick={() => choose("draft")}>
                {busyLabel("draft", m("saveDraft"))}
              </button>
            ) : status === "published" || status === "pending_approval" ? (
              <button type="submit" className="button primary" aria-disabled={busy || undefined} onClick={() => choose("draft")}>
                {busyLabel("draft", m("saveChanges"))}
              </button>
            ) : null}
            {status === null || status === "draft" || status === "scheduled" ? (
              <>
                <button type="submit" className="button secondary" aria-disabled={busy || undefined} onClick={() => choose("schedule")}>
                  {busyLabel("schedule", m("schedule"))}
                </button>
                <button type="submit" className="button primary" aria-disabled={busy || undefined} onClick={() => choose("publish")}>
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
