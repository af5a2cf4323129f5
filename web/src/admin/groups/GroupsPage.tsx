import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import * as v from "valibot";
import { newIdempotencyKey } from "../../api/client";
import { isApiError } from "../../api/errors";
import { allItems } from "../../api/queries";
import { useI18n } from "../../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../../ui/components";
import { TextField } from "../../ui/fields";
import { submitWith, useSchemaForm } from "../../ui/form";
import "../admin.css";
import { ConfirmDelete } from "../ConfirmDelete";
import { useMessages } from "../messages";
import { messages } from "./messages";
import { type Group, useCreateGroup, useDeleteGroup, useGroups, useRenameGroup } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

/** A group name problem next to its field: missing, taken; anything else is said above the form. */
function nameProblem(m: Say, error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  if (error.code === "conflict" && !/retry/i.test(error.message)) return m("nameTaken");
  return error.fieldError("name");
}

/** A new group's name, trimmed: required. */
function groupSchema(m: Say) {
  return v.object({ name: v.pipe(v.string(), v.trim(), v.nonEmpty(m("nameRequired"))) });
}

function CreateGroup() {
  const m = useMessages(messages);
  const create = useCreateGroup();
  const schema = useMemo(() => groupSchema(m), [m]);
  const form = useSchemaForm(schema, { name: "" });
  // One key per name tried: a retry of the same name is the same operation (answered once); another
  // name is another operation, which the API would refuse under a key already used.
  const [attempt, setAttempt] = useState<{ name: string; key: string } | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const submit = form.handleSubmit(({ name }) => {
    const key = attempt?.name === name ? attempt.key : newIdempotencyKey();
    setAttempt({ name, key });
    create.mutate(
      { name, key },
      {
        onSuccess: (group) => {
          setCreated(group.name);
          form.reset();
          setAttempt(null); // the next group is another operation
        },
      },
    );
  });

  const fieldError = form.formState.errors.name?.message ?? nameProblem(m, create.error);
  return (
    <form
      className="card form-inline"
      onSubmit={submitWith(submit, { start: () => setCreated(null) })}
      noValidate
    >
      <TextField label={m("name")} maxLength={200} autoComplete="off" {...form.register("name")} error={fieldError} />
      <button type="submit" className="button primary" disabled={create.isPending}>
        {create.isPending ? m("creating") : m("create")}
      </button>
      {create.isError && !fieldError ? <ErrorMessage error={create.error} /> : null}
      <p role="status" className="notice-line">
        {created ? m("created", { name: created }) : ""}
      </p>
    </form>
  );
}

function GroupRow(props: { group: Group; onDelete: (group: Group) => void }) {
  const m = useMessages(messages);
  const { number } = useI18n();
  const rename = useRenameGroup();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(props.group.name);
  const input = useRef<HTMLInputElement>(null);
  const { group } = props;
  useEffect(() => {
    if (editing) input.current?.focus(); // the field the member asked for by choosing "Rename"
  }, [editing]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const wanted = name.trim();
    if (!wanted || wanted === group.name) {
      setEditing(false);
      return;
    }
    rename.mutate({ id: group.group_id, name: wanted }, { onSuccess: () => setEditing(false) });
  }

  if (editing) {
    const problem = nameProblem(m, rename.error);
    return (
      <li className="row-item">
        <form className="form-inline" onSubmit={submit} noValidate>
          <TextField
            label={m("renameLabel", { name: group.name })}
            value={name}
            maxLength={200}
            autoComplete="off"
            error={problem}
            ref={input}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setEditing(false);
            }}
          />
          <button type="submit" className="button primary" disabled={rename.isPending}>
            {rename.isPending ? m("saving") : m("save")}
          </button>
          <button type="button" className="button secondary" onClick={() => setEditing(false)}>
            {m("cancel")}
          </button>
          {rename.isError && !problem ? <ErrorMessage error={rename.error} /> : null}
        </form>
      </li>
    );
  }
  return (
    <li className="row-item">
      <div>
        <strong>{group.name}</strong>
        <p className="meta">{group.members === 1 ? m("member") : m("members", { count: number(group.members) })}</p>
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="button secondary"
          aria-label={`${m("rename")}: ${group.name}`}
          onClick={() => {
            setName(group.name);
            rename.reset();
            setEditing(true);
          }}
        >
          {m("rename")}
        </button>
        <button
          type="button"
          className="button danger"
          aria-label={`${m("delete")}: ${group.name}`}
          onClick={() => props.onDelete(group)}
        >
          {m("delete")}
        </button>
      </div>
    </li>
  );
}

function ConfirmGroupDelete(props: { group: Group; onClose: () => void }) {
  const m = useMessages(messages);
  const remove = useDeleteGroup();
  const { group } = props;
  const gone = isApiError(remove.error) && remove.error.code === "not_found";
  return (
    <ConfirmDelete
      title={m("confirmTitle", { name: group.name })}
      labels={{ cancel: m("cancel"), delete: m("delete"), deleting: m("deleting") }}
      busy={remove.isPending}
      gone={gone ? m("gone") : null}
      error={remove.error}
      onConfirm={() => remove.mutate(group.group_id, { onSuccess: props.onClose })}
      onClose={props.onClose}
    >
      <p>{m("confirmBody", { count: group.members })}</p>
    </ConfirmDelete>
  );
}

export default function GroupsPage() {
  const m = useMessages(messages);
  const groups = useGroups();
  const items = allItems(groups.data);
  useAutoFill(groups, items.length);
  const [deleting, setDeleting] = useState<Group | null>(null);

  let body;
  if (groups.isPending) {
    body = <Loading query={groups} variant="row" count={4} lines={1} />;
  } else if (groups.isError && items.length === 0) {
    body = <ErrorMessage error={groups.error} onRetry={() => void groups.refetch()} />;
  } else if (items.length === 0) {
    body = <EmptyState>{m("empty")}</EmptyState>;
  } else {
    body = (
      <>
        <ul className="rows">
          {items.map((group) => (
            <GroupRow key={group.group_id} group={group} onDelete={setDeleting} />
          ))}
        </ul>
        <LoadMore query={groups} />
      </>
    );
  }
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      <CreateGroup />
      {body}
      {deleting ? <ConfirmGroupDelete group={deleting} onClose={() => setDeleting(null)} /> : null}
    </>
  );
}
