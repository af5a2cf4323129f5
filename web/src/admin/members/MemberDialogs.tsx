import { type ComponentProps, type FormEvent, type ReactNode, useId, useMemo, useState } from "react";
import { Controller } from "react-hook-form";
import * as v from "valibot";
import { isApiError, offlineError } from "../../api/errors";
import { LANG_NAMES, LANGS, useI18n } from "../../i18n";
import { ErrorMessage } from "../../ui/components";
import { Dialog } from "../../ui/Dialog";
import { CheckboxGroup, SelectField, TextField } from "../../ui/fields";
import { fieldMessage, useSchemaForm } from "../../ui/form";
import { useKeyedSend } from "../../api/attempt";
import { ChangedMeanwhile, isConflict } from "../conflict";
import { useMessages } from "../messages";
import { useOrg } from "../settings/queries";
import { messages, type Say } from "./messages";
import { type Group, type Invite, type Member, type MemberPatch, ROLES, type Role, useInvite, useUpdateMember } from "./queries";

const EMAIL = /^[A-Za-z0-9_][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

/** What an invitation checks before it is sent: an address (trimmed, lower-case) and a name. Its
 * output is the request's body, groups sorted so the same choice is the same operation. */
function inviteSchema(m: Say) {
  return v.object({
    email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(EMAIL, m("emailRequired"))),
    name: v.pipe(v.string(), v.trim(), v.nonEmpty(m("nameRequired"))),
    role: v.picklist(ROLES),
    groups: v.pipe(v.array(v.string()), v.transform((groups) => [...groups].sort())),
    language: v.picklist(LANGS),
  });
}

/** The org's groups as checkboxes; `groups` null while they load. */
export function GroupChoice(props: { groups: Group[] | null; chosen: readonly string[]; onChange: (chosen: string[]) => void; error?: string | undefined }) {
  const m = useMessages(messages);
  const { groups } = props;
  return (
    <CheckboxGroup
      legend={m("groups")}
      choices={(groups ?? []).map((g) => ({ value: g.group_id, label: g.name }))}
      value={props.chosen}
      onChange={props.onChange}
      error={props.error}
    >
      {groups === null ? (
        <p className="hint" aria-busy="true">
          …
        </p>
      ) : groups.length === 0 ? (
        <p className="hint">{m("groupsNone")}</p>
      ) : null}
    </CheckboxGroup>
  );
}

function RoleField(props: Omit<ComponentProps<typeof SelectField>, "label" | "children">) {
  const m = useMessages(messages);
  return (
    <SelectField label={m("role")} {...props}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {m(`role.${r}`)}
        </option>
      ))}
    </SelectField>
  );
}

/** A refusal of the caller's own demotion or deactivation (422 on `role` or `status`). */
function selfRefused(m: Say, error: unknown): string | undefined {
  if (!isApiError(error) || error.status !== 422) return undefined;
  return (error.fieldError("role") ?? error.fieldError("status")) ? m("self") : undefined;
}

/** A dialog holding a form, its Cancel and submit buttons in the dialog's footer. */
function FormDialog(props: { title: string; busy: boolean; submit: string; busyLabel: string; onSubmit: (event: FormEvent) => void; onClose: () => void; children: ReactNode }) {
  const m = useMessages(messages);
  const formId = useId();
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={props.onClose}>
            {m("cancel")}
          </button>
          <button type="submit" form={formId} className="button primary" aria-disabled={props.busy || undefined}>
            {props.busy ? props.busyLabel : props.submit}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={props.onSubmit} noValidate>
        {props.children}
      </form>
    </Dialog>
  );
}

export function InviteDialog(props: { groups: Group[] | null; onClose: () => void; onInvited: (member: Member) => void }) {
  const m = useMessages(messages);
  const send = useInvite();
  const keyed = useKeyedSend(send);
  const { lang } = useI18n();
  const schema = useMemo(() => inviteSchema(m), [m]);
  // The invitation is in the admin's language unless they choose the member's.
  const form = useSchemaForm(schema, { email: "", name: "", role: "member", groups: [], language: lang });
  // Which addresses the org may invite (its email domains, set by the operator): said once read, and
  // left out while loading or if it cannot be read (the API still says it on a refusal).
  const org = useOrg();
  const domains = org.data?.domains;
  const emailHint = domains === undefined ? undefined : domains.length > 0 ? m("emailDomains", { domains: domains.join(", ") }) : m("emailNoDomains");

  const submit = form.handleSubmit((values) => {
    const body: Invite = values;
    // The same invitation sent again is the same operation (one key); a changed one is another.
    keyed.send(body, (key) => ({ body, key }), { onSuccess: props.onInvited });
  });

  const error = send.error;
  const { errors } = form.formState;
  const errorFor = (field: string) => fieldMessage(errors, error, field);
  // A 409 is an address already taken: said by the field, unless the address is wrong anyway.
  const emailError = isConflict(error) ? (errors.email?.message ?? m("emailTaken")) : errorFor("email");
  const nameError = errorFor("name");
  const roleError = errorFor("role");
  const groupsError = errorFor("groups");
  const shown = Boolean(emailError ?? nameError ?? roleError ?? groupsError ?? errorFor("language"));
  return (
    <FormDialog title={m("inviteTitle")} busy={send.isPending} submit={m("send")} busyLabel={m("sending")} onSubmit={(event) => void submit(event)} onClose={props.onClose}>
      <p className="hint">{m("inviteIntro")}</p>
      <TextField label={m("email")} hint={emailHint} type="email" autoComplete="off" maxLength={128} {...form.register("email")} error={emailError} />
      <TextField label={m("name")} autoComplete="off" maxLength={200} {...form.register("name")} error={nameError} />
      <RoleField {...form.register("role")} error={roleError} />
      <SelectField label={m("inviteLanguage")} hint={m("inviteLanguageHint")} {...form.register("language")} error={errorFor("language")}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANG_NAMES[l]}
          </option>
        ))}
      </SelectField>
      <Controller
        control={form.control}
        name="groups"
        render={({ field }) => (
          <GroupChoice groups={props.groups} chosen={field.value} onChange={field.onChange} error={groupsError} />
        )}
      />
      {keyed.offline ? <ErrorMessage error={keyed.offline} /> : send.isError && !shown ? <ErrorMessage error={error} /> : null}
    </FormDialog>
  );
}

export function EditDialog(props: { member: Member; groups: Group[] | null; onClose: () => void; onReload: () => void }) {
  const m = useMessages(messages);
  const update = useUpdateMember();
  const { member } = props;
  const [role, setRole] = useState<Role>(member.role);
  const [groups, setGroups] = useState<string[]>(member.groups);
  const [offline, setOffline] = useState<unknown>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (update.isPending) return;
    const body: MemberPatch = {};
    if (role !== member.role) body.role = role;
    const wanted = [...groups].sort();
    if (wanted.join() !== [...member.groups].sort().join()) body.groups = wanted;
    if (Object.keys(body).length === 0) return props.onClose();
    const noConnection = offlineError();
    setOffline(noConnection);
    if (noConnection) return;
    update.mutate({ id: member.member_id, body }, { onSuccess: props.onClose });
  }

  const error = update.error;
  const self = selfRefused(m, error);
  const groupsError = isApiError(error) ? error.fieldError("groups") : undefined;
  return (
    <FormDialog title={m("editTitle", { name: member.name })} busy={update.isPending} submit={m("save")} busyLabel={m("saving")} onSubmit={submit} onClose={props.onClose}>
      <RoleField value={role} onChange={(e) => setRole(e.target.value as Role)} error={self} />
      <GroupChoice groups={props.groups} chosen={groups} onChange={setGroups} error={groupsError} />
      {offline ? (
        <ErrorMessage error={offline} />
      ) : isConflict(error) ? (
        <ChangedMeanwhile message={m("changed")} reload={m("reload")} onReload={props.onReload} />
      ) : update.isError && !self && !groupsError ? (
        <ErrorMessage error={error} />
      ) : null}
    </FormDialog>
  );
}

/** Deactivate or reactivate, after saying what it does. */
export function StatusDialog(props: { member: Member; onClose: () => void; onReload: () => void }) {
  const m = useMessages(messages);
  const update = useUpdateMember();
  const [offline, setOffline] = useState<unknown>(null);
  const { member } = props;
  const deactivating = member.status === "active";
  const error = update.error;
  const self = selfRefused(m, error);
  return (
    <Dialog
      title={m(deactivating ? "deactivateTitle" : "reactivateTitle", { name: member.name })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={props.onClose}>
            {m("cancel")}
          </button>
          <button
            type="button"
            className={deactivating ? "button danger" : "button primary"}
            aria-disabled={update.isPending || undefined}
            onClick={() => {
              if (update.isPending) return;
              const noConnection = offlineError();
              setOffline(noConnection);
              if (noConnection) return;
              const body: MemberPatch = { status: deactivating ? "deactivated" : "active" };
              update.mutate({ id: member.member_id, body }, { onSuccess: props.onClose });
            }}
          >
            {update.isPending ? m("working") : m(deactivating ? "deactivate" : "reactivate")}
          </button>
        </>
      }
    >
      <p>{m(deactivating ? "deactivateBody" : "reactivateBody", { name: member.name })}</p>
      {offline ? (
        <ErrorMessage error={offline} />
      ) : self ? (
        <p className="error" role="alert">
          {self}
        </p>
      ) : isConflict(error) ? (
        <ChangedMeanwhile message={m("changed")} reload={m("reload")} onReload={props.onReload} />
      ) : update.isError ? (
        <ErrorMessage error={error} />
      ) : null}
    </Dialog>
  );
}
