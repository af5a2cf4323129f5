import { type FormEvent, useState } from "react";
import { isApiError } from "../../api/errors";
import { allItems } from "../../api/queries";
import { useI18n } from "../../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../../ui/components";
import { TextField } from "../../ui/fields";
import "../admin.css";
import "./feeds.css";
import { useKeyedSend } from "../attempt";
import { useGroupChoices } from "../choices";
import { ConfirmDelete } from "../ConfirmDelete";
import { GroupChoice } from "../GroupChoice";
import { useMessages } from "../messages";
import { messages } from "./messages";
import {
  type FeedSource,
  type FeedSourceFields,
  useCreateSource,
  useDeleteSource,
  useFeedSources,
  useUpdateSource,
} from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;
interface Draft {
  url: string;
  publish: boolean;
  points: string;
  groups: string[];
}

const EMPTY: Draft = { url: "", publish: false, points: "", groups: [] };

function fieldsOf(draft: Draft): FeedSourceFields {
  const points = draft.points.trim();
  return { url: draft.url.trim(), publish: draft.publish, groups: draft.groups, points: points ? Number(points) : null };
}

/** The fields of a source, for adding one or editing it; errors next to their fields. */
function SourceFields(props: { draft: Draft; onChange: (d: Draft) => void; error: unknown; missing: boolean }) {
  const m = useMessages(messages);
  const { groups } = useGroupChoices();
  const { draft, onChange, error } = props;
  const problem = (field: string) => (isApiError(error) ? error.fieldError(field) : undefined);
  return (
    <>
      <TextField
        label={m("url")}
        hint={m("urlHint")}
        type="url"
        inputMode="url"
        autoComplete="off"
        maxLength={2048}
        value={draft.url}
        error={props.missing ? m("urlRequired") : problem("url")}
        onChange={(e) => onChange({ ...draft, url: e.target.value })}
      />
      <label className="check">
        <input type="checkbox" checked={draft.publish} onChange={(e) => onChange({ ...draft, publish: e.target.checked })} />
        {m("publish")}
      </label>
      <TextField
        label={m("points")}
        type="number"
        inputMode="numeric"
        min={0}
        max={100000}
        value={draft.points}
        error={problem("points")}
        onChange={(e) => onChange({ ...draft, points: e.target.value })}
      />
      <GroupChoice
        legend={m("groups")}
        hint={m("groupsHint")}
        groups={groups}
        value={draft.groups}
        onChange={(chosen) => onChange({ ...draft, groups: chosen })}
      />
    </>
  );
}

function AddSource() {
  const m = useMessages(messages);
  const create = useCreateSource();
  const { send, offline } = useKeyedSend(create);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [missing, setMissing] = useState(false);
  const [added, setAdded] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(false);
    setMissing(!draft.url.trim());
    if (!draft.url.trim()) return;
    const body = fieldsOf(draft);
    send(body, (key) => ({ body, key }), {
      onSuccess: () => {
        setAdded(true);
        setDraft(EMPTY);
      },
    });
  }

  const error = offline ?? create.error;
  const onField = isApiError(error) && (error.fieldError("url") || error.fieldError("points"));
  return (
    <form className="card feeds-form" onSubmit={submit} noValidate aria-label={m("add")}>
      <SourceFields draft={draft} onChange={setDraft} error={error} missing={missing} />
      <div>
        <button type="submit" className="button primary" aria-disabled={create.isPending}>
          {create.isPending ? m("adding") : m("add")}
        </button>
      </div>
      {error && !onField ? <ErrorMessage error={error} /> : null}
      <p role="status" className="notice-line">
        {added ? m("added") : ""}
      </p>
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
  const [editing, setEditing] = useState<Draft | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!editing) return;
    const body = fieldsOf(editing);
    update.mutate({ id: source.source_id, body }, { onSuccess: () => setEditing(null) });
  }

  if (editing) {
    const onField = isApiError(update.error) && (update.error.fieldError("url") || update.error.fieldError("points"));
    return (
      <li className="row-item">
        <form className="feeds-form" onSubmit={submit} noValidate aria-label={m("editTitle", { url: source.url })}>
          <SourceFields draft={editing} onChange={setEditing} error={update.error} missing={false} />
          <div className="row-actions">
            <button type="submit" className="button primary" aria-disabled={update.isPending}>
              {update.isPending ? m("saving") : m("save")}
            </button>
            <button type="button" className="button secondary" onClick={() => setEditing(null)}>
              {m("cancel")}
            </button>
          </div>
          {update.isError && !onField ? <ErrorMessage error={update.error} /> : null}
        </form>
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
            setEditing({
              url: source.url,
              publish: source.publish,
              points: source.points == null ? "" : String(source.points),
              groups: source.groups,
            });
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
