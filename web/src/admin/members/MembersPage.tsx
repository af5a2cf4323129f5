import { useEffect, useState } from "react";
import { allItems, useMe } from "../../api/queries";
import { useI18n } from "../../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../../ui/components";
import { SelectField, TextField } from "../../ui/fields";
import "../admin.css";
import { useGroupChoices } from "../choices";
import { useMessages } from "../messages";
import { ConnectedCounts } from "./ConnectedCounts";
import { ImportDialog } from "./ImportDialog";
import { EraseDialog } from "./EraseDialog";
import { EditDialog, InviteDialog, StatusDialog } from "./MemberDialogs";
import "./members.css";
import { messages } from "./messages";
import { type Member, type MemberFilters, ROLES, STATUSES, useMembers, useRefreshMembers } from "./queries";

type Open = { kind: "invite" } | { kind: "import" } | { kind: "edit"; member: Member } | { kind: "status"; member: Member } | { kind: "erase"; member: Member } | null;

const NO_FILTERS: MemberFilters = { q: "", role: "", status: "" };

/** A filter: one of `options`, or any ("") of them. */
function AnyOf<T extends string>(props: { label: string; any: string; value: T | ""; options: readonly T[]; name: (option: T) => string; onChange: (value: T | "") => void }) {
  return (
    <SelectField label={props.label} value={props.value} onChange={(e) => props.onChange(e.target.value as T | "")}>
      <option value="">{props.any}</option>
      {props.options.map((option) => (
        <option key={option} value={option}>
          {props.name(option)}
        </option>
      ))}
    </SelectField>
  );
}

/** Search (after a short pause, or at once on Enter), role and status. */
function Filters(props: { value: MemberFilters; onChange: (filters: MemberFilters) => void }) {
  const m = useMessages(messages);
  const [text, setText] = useState(props.value.q);
  const { value, onChange } = props;
  useEffect(() => {
    const q = text.trim();
    if (q === value.q) return;
    const timer = setTimeout(() => onChange({ ...value, q }), 300);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <form
      role="search"
      className="member-filters"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...value, q: text.trim() });
      }}
    >
      <TextField label={m("search")} type="search" value={text} maxLength={100} autoComplete="off" onChange={(e) => setText(e.target.value)} />
      <AnyOf label={m("role")} any={m("any")} value={value.role} options={ROLES} name={(r) => m(`role.${r}`)} onChange={(role) => onChange({ ...value, role })} />
      <AnyOf label={m("status")} any={m("any")} value={value.status} options={STATUSES} name={(st) => m(`status.${st}`)} onChange={(status) => onChange({ ...value, status })} />
    </form>
  );
}

function MemberRow(props: { member: Member; self: boolean; groupNames: Map<string, string>; onOpen: (open: Open) => void }) {
  const m = useMessages(messages);
  const i18n = useI18n();
  const { member } = props;
  const groups = member.groups.map((id) => props.groupNames.get(id)).filter((name): name is string => Boolean(name));
  return (
    <tr className={member.status === "deactivated" ? "inactive" : undefined}>
      <th scope="row" data-label={m("colMember")}>
        <span className="member-name">{member.name}</span>
        <span className="member-email">{member.email}</span>
      </th>
      <td data-label={m("role")}>{m(`role.${member.role}`)}</td>
      <td data-label={m("colGroups")}>{groups.length > 0 ? groups.join(", ") : m("noGroups")}</td>
      <td data-label={m("status")}>
        <span className={member.status === "active" ? "pill ok" : "pill"}>{member.erased_at ? m("erased") : m(`status.${member.status}`)}</span>
      </td>
      <td data-label={m("colLastActive")}>{member.last_active_at ? i18n.dateTime(member.last_active_at) : m("never")}</td>
      <td data-label={m("colActions")}>
        {member.erased_at ? null : (
        <div className="row-actions">
          <button type="button" className="button secondary" aria-label={`${m("edit")}: ${member.name}`} onClick={() => props.onOpen({ kind: "edit", member })}>
            {m("edit")}
          </button>
          {props.self ? null : (
            <button
              type="button"
              className={member.status === "active" ? "button danger" : "button secondary"}
              aria-label={`${m(member.status === "active" ? "deactivate" : "reactivate")}: ${member.name}`}
              onClick={() => props.onOpen({ kind: "status", member })}
            >
              {m(member.status === "active" ? "deactivate" : "reactivate")}
            </button>
          )}
          {member.status === "deactivated" && !props.self ? (
            <button type="button" className="button danger" aria-label={`${m("erase")}: ${member.name}`} onClick={() => props.onOpen({ kind: "erase", member })}>
              {m("erase")}
            </button>
          ) : null}
        </div>
        )}
      </td>
    </tr>
  );
}

export default function MembersPage() {
  const m = useMessages(messages);
  const me = useMe();
  const [filters, setFilters] = useState<MemberFilters>(NO_FILTERS);
  const members = useMembers(filters);
  const items = allItems(members.data);
  useAutoFill(members, items.length);
  const { groups, names } = useGroupChoices();
  const refresh = useRefreshMembers();
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const filtered = filters.q !== "" || filters.role !== "" || filters.status !== "";

  let body;
  if (members.isPending || (items.length === 0 && members.hasNextPage && !members.isError)) {
    body = <Loading query={members} variant="row" count={4} lines={2} />;
  } else if (members.isError && items.length === 0) {
    body = <ErrorMessage error={members.error} onRetry={() => void members.refetch()} />;
  } else if (items.length === 0) {
    body = <EmptyState>{filtered ? m("noMatch") : m("empty")}</EmptyState>;
  } else {
    body = (
      <>
        <table className="table stacked members-table" aria-label={m("tableLabel")}>
          <thead>
            <tr>
              <th scope="col">{m("colMember")}</th>
              <th scope="col">{m("role")}</th>
              <th scope="col">{m("colGroups")}</th>
              <th scope="col">{m("status")}</th>
              <th scope="col">{m("colLastActive")}</th>
              <th scope="col">{m("colActions")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((member) => (
              <MemberRow key={member.member_id} member={member} self={member.member_id === me.data?.member_id} groupNames={names} onOpen={setOpen} />
            ))}
          </tbody>
        </table>
        {members.isError ? <ErrorMessage error={members.error} onRetry={() => void members.fetchNextPage()} /> : null}
        <LoadMore query={members} />
      </>
    );
  }
  const close = () => setOpen(null);
  const reload = () => {
    void refresh();
    close();
  };
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")}>
        <div className="row-actions">
          <button type="button" className="button primary" onClick={() => setOpen({ kind: "invite" })}>
            {m("invite")}
          </button>
          <button type="button" className="button secondary" onClick={() => setOpen({ kind: "import" })}>
            {m("import")}
          </button>
        </div>
      </PageHeading>
      <ConnectedCounts />
      <p role="status" className="notice-line">
        {notice ?? ""}
      </p>
      <Filters value={filters} onChange={setFilters} />
      {body}
      {open?.kind === "invite" ? (
        <InviteDialog
          groups={groups}
          onClose={close}
          onInvited={(member) => {
            setNotice(m("invited", { name: member.name }));
            close();
          }}
        />
      ) : null}
      {open?.kind === "import" ? <ImportDialog groups={groups} onClose={close} /> : null}
      {open?.kind === "edit" ? <EditDialog member={open.member} groups={groups} onClose={close} onReload={reload} /> : null}
      {open?.kind === "status" ? <StatusDialog member={open.member} onClose={close} onReload={reload} /> : null}
      {open?.kind === "erase" ? (
        <EraseDialog
          member={open.member}
          onClose={close}
          onErased={(name) => {
            setNotice(m("erasedNotice", { name }));
            close();
          }}
        />
      ) : null}
    </>
  );
}
