import { type ReactNode, startTransition, useEffect, useId, useState } from "react";
import { Tab, TabList, TabPanel, Tabs } from "react-aria-components";
import { useSearchParams } from "react-router";
import { isApiError } from "../../api/errors";
import { allItems, useMe, useMyOrg } from "../../api/queries";
import { useI18n } from "../../i18n";
import { EmptyState, ErrorMessage, Loading, LoadMore, PageHeading, useAutoFill } from "../../ui/components";
import { TextField } from "../../ui/fields";
import "../admin.css";
import { useKeyedSend } from "../../api/attempt";
import { ConfirmDelete } from "../ConfirmDelete";
import { useGroupChoices } from "../choices";
import { useMessages } from "../messages";
import { ApprovalActions } from "./Approval";
import { Composer, type NoticeKey } from "./Composer";
import "./content.css";
import { messages } from "./messages";
import { type Content, LIST_STATUSES, type ListStatus, useArchiveContent, useContentItem, useContentList } from "./queries";

type Say = ReturnType<typeof useMessages<keyof (typeof messages)["en"]>>;

const EDITABLE: ReadonlySet<Content["status"]> = new Set(["draft", "pending_approval", "scheduled", "published"]);

function toStatus(value: string | null): ListStatus {
  return LIST_STATUSES.find((s) => s === value) ?? "published";
}

/** The list's statuses as React Aria tabs (arrow keys, Home and End move between them and select),
 * the list of the selected one in its panel. */
function StatusTabs(props: { value: ListStatus; onChange: (status: ListStatus) => void; children: ReactNode }) {
  const m = useMessages(messages);
  return (
    <Tabs selectedKey={props.value} onSelectionChange={(key) => props.onChange(toStatus(String(key)))}>
      <TabList aria-label={m("tabs")} className="tabs">
        {LIST_STATUSES.map((status) => (
          <Tab key={status} id={status} className="tab">
            {m(`tab.${status}`)}
          </Tab>
        ))}
      </TabList>
      {/* A panel per tab, as React Aria pairs them; only the selected one is rendered. */}
      {LIST_STATUSES.map((status) => (
        <TabPanel key={status} id={status} className="tab-panel">
          {props.children}
        </TabPanel>
      ))}
    </Tabs>
  );
}

/** The search box: the list follows what is typed after a short pause, or at once on Enter. */
function Search(props: { value: string; onChange: (q: string) => void }) {
  const m = useMessages(messages);
  const [text, setText] = useState(props.value);
  const { onChange } = props;
  useEffect(() => {
    const wanted = text.trim();
    if (wanted === props.value) return;
    const timer = setTimeout(() => onChange(wanted), 300);
    return () => clearTimeout(timer);
  }, [text, props.value, onChange]);
  return (
    <form
      role="search"
      className="content-search"
      onSubmit={(event) => {
        event.preventDefault();
        onChange(text.trim());
      }}
    >
      <TextField label={m("search")} hint={m("searchHint")} type="search" value={text} maxLength={100} autoComplete="off" onChange={(e) => setText(e.target.value)} />
    </form>
  );
}

function when(m: Say, i18n: ReturnType<typeof useI18n>, item: Content): string[] {
  const at = (iso: string | null | undefined) => (iso ? i18n.dateTime(iso) : null);
  const lines: (string | null)[] = [];
  if (item.status === "draft") lines.push(m("created", { date: i18n.dateTime(item.created_at) }));
  if (item.status === "pending_approval") {
    lines.push(m("awaiting"));
    if (item.publish_at) lines.push(m("publishAt", { date: i18n.dateTime(item.publish_at) }));
  }
  if (item.status === "scheduled" && item.publish_at) lines.push(m("publishes", { date: i18n.dateTime(item.publish_at) }));
  if (item.status === "published" || item.status === "expired") {
    lines.push(m("published", { date: at(item.publish_at) ?? i18n.dateTime(item.created_at) }));
  }
  if (item.expires_at && item.status !== "draft" && item.status !== "pending_approval") {
    lines.push(m(item.status === "expired" ? "expired" : "expires", { date: i18n.dateTime(item.expires_at) }));
  }
  return lines.filter((line): line is string => line !== null);
}

interface RowActions {
  onEdit: (item: Content) => void;
  onDelete: (item: Content) => void;
  /** Set for an admin, who decides content pending approval: what happened, said on the page. */
  onDecided: ((message: string) => void) | null;
}

function ContentRow(props: { item: Content; groupNames: Map<string, string> } & RowActions) {
  const m = useMessages(messages);
  const i18n = useI18n();
  const { item } = props;
  const titleId = useId();
  const groups = item.groups.map((id) => props.groupNames.get(id)).filter((name): name is string => Boolean(name));
  const audience = item.groups.length === 0 ? m("everyone") : groups.length > 0 ? m("forGroups", { groups: groups.join(", ") }) : null;
  return (
    <li className="row-item content-row" aria-labelledby={titleId}>
      <div className="content-main">
        <strong id={titleId}>{item.title}</strong>
        <p className="meta">
          {[...when(m, i18n, item), audience, item.points !== null ? m("points", { points: i18n.points(item.points) }) : null]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {item.status === "draft" && item.rejection_note ? <p className="rejection-note">{m("rejectionNote", { note: item.rejection_note })}</p> : null}
        <dl className="content-stats">
          <div>
            <dt>{m("shares")}</dt>
            <dd>{i18n.number(item.stats.shares)}</dd>
          </div>
          <div>
            <dt>{m("clicks")}</dt>
            <dd>{i18n.number(item.stats.clicks)}</dd>
          </div>
          <div>
            <dt>{m("uniqueClicks")}</dt>
            <dd>{i18n.number(item.stats.unique_clicks)}</dd>
          </div>
        </dl>
      </div>
      <div className="row-actions">
        {item.status === "pending_approval" && props.onDecided ? <ApprovalActions item={item} onDecided={props.onDecided} /> : null}
        {EDITABLE.has(item.status) ? (
          <button type="button" className="button secondary" aria-label={`${m("edit")}: ${item.title}`} onClick={() => props.onEdit(item)}>
            {m("edit")}
          </button>
        ) : null}
        <button type="button" className="button danger" aria-label={`${m("delete")}: ${item.title}`} onClick={() => props.onDelete(item)}>
          {m("delete")}
        </button>
      </div>
    </li>
  );
}

function ConfirmArchive(props: { item: Content; onClose: () => void; onDeleted: (item: Content) => void }) {
  const m = useMessages(messages);
  const archive = useArchiveContent();
  const { send, offline } = useKeyedSend(archive);
  const { item } = props;
  const gone = isApiError(archive.error) && archive.error.code === "not_found";
  const remove = () => send(item.content_id, (key) => ({ id: item.content_id, key }), { onSuccess: () => props.onDeleted(item) });
  return (
    <ConfirmDelete
      title={m("confirmTitle", { title: item.title })}
      labels={{ cancel: m("cancel"), delete: m("delete"), deleting: m("deleting") }}
      busy={archive.isPending}
      gone={gone ? m("gone") : null}
      error={offline ?? archive.error}
      onConfirm={remove}
      onClose={props.onClose}
    >
      <p>{m("confirmBody")}</p>
    </ConfirmDelete>
  );
}

/** The composer for new content, or for an item read afresh (its status decides its buttons). */
function ComposerScreen(props: { editId: string | null; onClose: (saved?: { item: Content; notice: NoticeKey }) => void }) {
  const m = useMessages(messages);
  const org = useMyOrg();
  const item = useContentItem(props.editId);
  const back = (
    <button type="button" className="button secondary" onClick={() => props.onClose()}>
      {m("back")}
    </button>
  );
  if (org.isPending || (props.editId !== null && item.isPending)) {
    return (
      <>
        <PageHeading title={props.editId ? m("edit") : m("newTitle")} />
        <Loading query={org.isPending ? org : item} variant="card" count={1} lines={6} />
      </>
    );
  }
  const failed = org.isError ? org.error : item.isError ? item.error : null;
  if (failed) {
    const notFound = isApiError(failed) && failed.code === "not_found";
    return (
      <>
        <PageHeading title={props.editId ? m("edit") : m("newTitle")} />
        {notFound ? <EmptyState action={back}>{m("notFound")}</EmptyState> : <ErrorMessage error={failed} onRetry={() => void (org.isError ? org.refetch() : item.refetch())} />}
      </>
    );
  }
  if (item.data && !EDITABLE.has(item.data.status)) {
    return (
      <>
        <PageHeading title={m("editTitle", { title: item.data.title })} />
        <EmptyState action={back}>{m("notEditable", { status: m(`status.${item.data.status}`) })}</EmptyState>
      </>
    );
  }
  return (
    <Composer
      item={item.data ?? null}
      timeZone={org.data?.timezone ?? "UTC"}
      onCancel={() => props.onClose()}
      onDone={(saved, notice) => props.onClose({ item: saved, notice })}
    />
  );
}

/** The manager's content: a list per status (searchable, with each item's shares and clicks), the
 * composer to write, edit, schedule and publish, and deleting (archiving) after a confirmation. */
export default function ContentPage() {
  const m = useMessages(messages);
  const i18n = useI18n();
  const [params, setParams] = useSearchParams();
  const status = toStatus(params.get("status"));
  const q = params.get("q")?.trim() ?? "";
  const editId = params.get("edit");
  const isAdmin = useMe().data?.role === "admin";
  const composing = params.has("new") || editId !== null;
  const [notice, setNotice] = useState("");
  const [deleting, setDeleting] = useState<Content | null>(null);

  function go(change: Record<string, string | null>, options: { replace?: boolean } = {}) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(change)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    setParams(next, options);
  }

  const live = (
    <p role="status" className="notice-line">
      {notice}
    </p>
  );
  if (composing) {
    return (
      <>
        <ComposerScreen
          key={editId ?? "new"}
          editId={editId}
          onClose={(saved) => {
            if (saved) {
              const { item, notice: key } = saved;
              // With the navigation (a transition), so the notice shows on the list, not the composer.
              // A manager's Publish or Schedule, held for an admin's approval, says so.
              const said = item.status === "pending_approval" && key !== "savedChanges" ? "sentForApproval" : key;
              startTransition(() => setNotice(m(said, { title: item.title, date: item.publish_at ? i18n.dateTime(item.publish_at) : "" })));
              const tab = LIST_STATUSES.find((s) => s === item.status);
              go({ new: null, edit: null, ...(tab ? { status: tab } : {}) });
            } else {
              go({ new: null, edit: null });
            }
          }}
        />
        {live}
      </>
    );
  }
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")}>
        <button
          type="button"
          className="button primary"
          onClick={() => {
            setNotice("");
            go({ new: "1", edit: null });
          }}
        >
          {m("newContent")}
        </button>
      </PageHeading>
      {live}
      <Search value={q} onChange={(next) => go({ q: next || null }, { replace: true })} />
      <StatusTabs value={status} onChange={(next) => go({ status: next }, { replace: true })}>
        <ContentList
          key={`${status}:${q}`}
          status={status}
          q={q}
          onEdit={(item) => {
            setNotice("");
            go({ edit: item.content_id, new: null });
          }}
          onDelete={setDeleting}
          onDecided={isAdmin ? setNotice : null}
        />
      </StatusTabs>
      {deleting ? (
        <ConfirmArchive
          item={deleting}
          onClose={() => setDeleting(null)}
          onDeleted={(item) => {
            setDeleting(null);
            setNotice(m("deleted", { title: item.title }));
          }}
        />
      ) : null}
    </>
  );
}

function ContentList(props: { status: ListStatus; q: string } & RowActions) {
  const m = useMessages(messages);
  const list = useContentList(props.status, props.q);
  const { names } = useGroupChoices();
  // Published content past its expiry reads as expired until the publish-due job moves it (within a
  // minute): each tab shows what its status says.
  const items = allItems(list.data).filter((item) => item.status === props.status);
  useAutoFill(list, items.length);

  if (list.isPending || (items.length === 0 && list.hasNextPage && !list.isError)) {
    return <Loading query={list} variant="row" count={4} lines={2} />;
  }
  if (list.isError && items.length === 0) {
    return <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (items.length === 0) {
    return <EmptyState>{props.q ? m("noMatch", { q: props.q }) : m(`empty.${props.status}`)}</EmptyState>;
  }
  return (
    <>
      <ul className="rows">
        {items.map((item) => (
          <ContentRow key={item.content_id} item={item} groupNames={names} onEdit={props.onEdit} onDelete={props.onDelete} onDecided={props.onDecided} />
        ))}
      </ul>
      {list.isError ? <ErrorMessage error={list.error} onRetry={() => void list.fetchNextPage()} /> : null}
      <LoadMore query={list} />
    </>
  );
}
