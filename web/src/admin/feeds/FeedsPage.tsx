import { useMemo, useState } from "react";
import { Controller, type UseFormReturn } from "react-hook-form";
import * as v from "valibot";
import { isApiError } from "../../api/errors";
import { allItems } from "../../api/queries";
import { useI18n } from "../../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../../ui/components";
import { TextField } from "../../ui/fields";
import { fieldMessage, submitWith, useSchemaForm } from "../../ui/form";
import "../admin.css";
import "./feeds.css";
import { useKeyedSend } from "../../api/attempt";
import { useGroupChoices } from "../choices";
import { ConfirmDelete } from "../ConfirmDelete";
import { GroupChoice } from "../GroupChoice";
import { useMessages } from "../messages";
import { messages } from "./messages";
import {
  type FeedSource,
  useCreateSource,
  useDeleteSource,
  useFeedSources,
  useUpdateSource,
} from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** What a source's fields check before sending; the output is the body. A new source needs its
 * address; an edit sends what it has, and the API's answer shows by the field. */
function sourceSchema(m: Say, requireUrl: boolean) {
  return v.object({
    url: v.pipe(v.string(), v.trim(), v.check((url) => !requireUrl || url !== "", m("urlRequired"))),
    publish: v.boolean(),
    groups: v.array(v.string()),
    // Left empty, the org's points apply.
    points: v.pipe(v.string(), v.trim(), v.transform((points): number | null => (points ? Number(points) : null))),
  });
}

type SourceSchema = ReturnType<typeof sourceSchema>;
type SourceValues = v.InferInput<SourceSchema>;
type SourceForm = UseFormReturn<SourceValues, unknown, v.InferOutput<SourceSchema>>;

const EMPTY: SourceValues = { url: "", publish: false, groups: [], points: "" };

function valuesOf(source: FeedSource): SourceValues {
  return {
    url: source.url,
    publish: source.publish,
    groups: source.groups,
    points: source.points == null ? "" : String(source.points),
  };
}

/** Whether the API's refusal names a field shown here (then it shows there, not above). */
function onAField(error: unknown): boolean {
  return isApiError(error) && Boolean(error.fieldError("url") || error.fieldError("points"));
}

/** The fields of a source, for adding one or editing it; errors next to their fields. */
function SourceFields(props: { form: SourceForm; error: unknown }) {
  const m = useMessages(messages);
  const { groups } = useGroupChoices();
  const { register, control, formState } = props.form;
  const problem = (field: "url" | "points") => fieldMessage(formState.errors, props.error, field);
  return (
    <>
      <TextField
        label={m("url")}
        hint={m("urlHint")}
        type="url"
        inputMode="url"
        autoComplete="off"
        maxLength={2048}
        {...register("url")}
        error={problem("url")}
      />
      <label className="check">
        <input type="checkbox" {...register("publish")} />
        {m("publish")}
      </label>
      <TextField
        label={m("points")}
        type="number"
        inputMode="numeric"
        min={0}
        max={100000}
        {...register("points")}
        error={problem("points")}
      />
      <Controller
        control={control}
        name="groups"
        render={({ field }) => (
          <GroupChoice legend={m("groups")} hint={m("groupsHint")} groups={groups} value={field.value} onChange={field.onChange} />
        )}
      />
    </>
  );
}

function AddSource() {
  const m = useMessages(messages);
  const create = useCreateSource();
  const { send, offline } = useKeyedSend(create);
  const schema = useMemo(() => sourceSchema(m, true), [m]);
  const form = useSchemaForm(schema, EMPTY);
  const [added, setAdded] = useState(false);

  const submit = form.handleSubmit((body) => {
    send(body, (key) => ({ body, key }), {
      onSuccess: () => {
        setAdded(true);
        form.reset();
      },
    });
  });

  const error = offline ?? create.error;
  return (
    <form
      className="card feeds-form"
      onSubmit={submitWith(submit, { start: () => setAdded(false) })}
      noValidate
      aria-label={m("add")}
    >
      <SourceFields form={form} error={error} />
      <div>
        <button type="submit" className="button primary" aria-disabled={create.isPending}>
          {create.isPending ? m("adding") : m("add")}
        </button>
      </div>
      {error && !onAField(error) ? <ErrorMessage error={error} /> : null}
      <p role="status" className="notice-line">
        {added ? m("added") : ""}
      </p>
    </form>
  );
}

function EditSource(props: { source: FeedSource; update: ReturnType<typeof useUpdateSource>; onClose: () => void }) {
  const m = useMessages(messages);
  const { source, update } = props;
  const schema = useMemo(() => sourceSchema(m, false), [m]);
  const form = useSchemaForm(schema, valuesOf(source));
  const submit = form.handleSubmit((body) => {
    update.mutate({ id: source.source_id, body }, { onSuccess: props.onClose });
  });
  return (
    <form className="feeds-form" onSubmit={(event) => void submit(event)} noValidate aria-label={m("editTitle", { url: source.url })}>
      <SourceFields form={form} error={update.error} />
      <div className="row-actions">
        <button type="submit" className="button primary" aria-disabled={update.isPending}>
          {update.isPending ? m("saving") : m("save")}
        </button>
        <button type="button" className="button secondary" onClick={props.onClose}>
          {m("cancel")}
        </button>
      </div>
      {update.isError && !onAField(update.error) ? <ErrorMessage error={update.error} /> : null}
    </form>
  );
}

function Status(props: { source: FeedSource; m: Say }) {
  const { dateTime, number } = useI18n();
  const { source, m } = props;
  return (
    <dl className="meta feed-status">
      <div>
        <dt>{m("lastSuccess")}</dt>
        <dd>{source.last_success_at ? dateTime(source.last_success_at) : m("never")}</dd>
      </div>
      <div>
        <dt>{m("imported")}</dt>
        <dd>{number(source.imported)}</dd>
      </div>
      {source.last_error ? (
        <div>
          <dt>{m("lastError")}</dt>
          <dd className="field-error">
            {source.last_error} {source.failures > 1 ? `(${m("failing", { count: number(source.failures) })})` : ""}
          </dd>
        </div>
      ) : null}
      {source.next_attempt_at ? (
        <div>
          <dt>{m("nextAttempt")}</dt>
          <dd>{dateTime(source.next_attempt_at)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function SourceRow(props: { source: FeedSource; onDelete: (s: FeedSource) => void }) {
  const m = useMessages(messages);
  const update = useUpdateSource();
  const { source } = props;
  const [editing, setEditing] = useState(false);

  if (editing) {
    return (
      <li className="row-item">
        <EditSource source={source} update={update} onClose={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li className="row-item">
      <div className="feed-source">
        <strong className="feed-url">{source.url}</strong>
        <p className="meta">{source.publish ? m("published") : m("drafts")}</p>
        <Status source={source} m={m} />
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="button secondary"
          aria-label={`${m("edit")}: ${source.url}`}
          onClick={() => {
            update.reset();
            setEditing(true);
          }}
        >
          {m("edit")}
        </button>
        <button type="button" className="button danger" aria-label={`${m("delete")}: ${source.url}`} onClick={() => props.onDelete(source)}>
          {m("delete")}
        </button>
      </div>
    </li>
  );
}

function ConfirmSourceDelete(props: { source: FeedSource; onClose: () => void }) {
  const m = useMessages(messages);
  const remove = useDeleteSource();
  const gone = isApiError(remove.error) && remove.error.code === "not_found";
  return (
    <ConfirmDelete
      title={m("confirmTitle")}
      labels={{ cancel: m("cancel"), delete: m("delete"), deleting: m("deleting") }}
      busy={remove.isPending}
      gone={gone ? m("gone") : null}
      error={remove.error}
      onConfirm={() => remove.mutate(props.source.source_id, { onSuccess: props.onClose })}
      onClose={props.onClose}
    >
      <p>{m("confirmBody", { url: props.source.url })}</p>
    </ConfirmDelete>
  );
}

export default function FeedsPage() {
  const m = useMessages(messages);
  const sources = useFeedSources();
  const items = allItems(sources.data);
  useAutoFill(sources, items.length);
  const [deleting, setDeleting] = useState<FeedSource | null>(null);

  let body;
  if (sources.isPending) {
    body = <Loading query={sources} variant="row" count={3} lines={2} />;
  } else if (sources.isError && items.length === 0) {
    body = <ErrorMessage error={sources.error} onRetry={() => void sources.refetch()} />;
  } else if (items.length === 0) {
    body = <EmptyState>{m("empty")}</EmptyState>;
  } else {
    body = (
      <>
        <ul className="rows">
          {items.map((source) => (
            <SourceRow key={source.source_id} source={source} onDelete={setDeleting} />
          ))}
        </ul>
        <LoadMore query={sources} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      <AddSource />
      {body}
      {deleting ? <ConfirmSourceDelete source={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}
