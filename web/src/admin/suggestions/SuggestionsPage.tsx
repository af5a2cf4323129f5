import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { isApiError } from "../../api/errors";
import { allItems } from "../../api/queries";
import { useI18n } from "../../i18n";
import { PagedBody, PageHeading, Section, useAutoFill } from "../../ui/components";
import "../admin.css";
import { useKeyedSend } from "../../api/attempt";
import { DecideWithNote, Decision, NOTE_MAX, useDecided } from "../DecideWithNote";
import { useMessages } from "../messages";
import { messages } from "./messages";
import { type Suggestion, useAccept, useDecline, useQueue } from "./queries";

/** A decision another manager made first: said as such, not as an error. */
function alreadyDecided(error: unknown): boolean {
  return isApiError(error) && error.code === "conflict";
}

function titleOf(s: Suggestion): string {
  return s.title ?? s.url;
}

/** Declining, with the note the member reads (required). */
function DeclineDialog(props: { suggestion: Suggestion; onClose: () => void; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const decline = useDecline();
  const { send, offline } = useKeyedSend(decline);
  const s = props.suggestion;
  function decide(note: string) {
    send({ note }, (key) => ({ id: s.suggestion_id, note, key }), {
      onSuccess: () => props.onDecided(m("declined", { title: titleOf(s), name: s.member_name })),
      onError: (e) => (alreadyDecided(e) ? props.onDecided(m("decided")) : undefined),
    });
  }
  return (
    <DecideWithNote
      title={m("declineTitle", { title: titleOf(s) })}
      labels={{
        note: m("note"),
        noteHint: m("noteHint"),
        needed: m("noteNeeded"),
        tooLong: m("tooLong", { max: NOTE_MAX }),
        cancel: m("cancel"),
        confirm: m("decline"),
        busy: m("declining"),
      }}
      busy={decline.isPending}
      error={alreadyDecided(decline.error) ? null : decline.error}
      offline={offline}
      onConfirm={decide}
      onClose={props.onClose}
    >
      <p>{m("declineBody", { name: s.member_name })}</p>
    </DecideWithNote>
  );
}

function SuggestionRow(props: { suggestion: Suggestion; onDecided: (message: ReactNode) => void }) {
  const m = useMessages(messages);
  const { points, dateTime } = useI18n();
  const accept = useAccept();
  const { send, offline } = useKeyedSend(accept);
  const { decided, decide } = useDecided(props.onDecided);
  const s = props.suggestion;
  const title = titleOf(s);
  function onAccept() {
    send(s.suggestion_id, (key) => ({ id: s.suggestion_id, key }), {
      onSuccess: (done) =>
        decide(
          <>
            {m("accepted", { title, name: s.member_name, points: points(done.points_awarded ?? 0) })}{" "}
            {done.content_id ? <Link to={`/admin/content?edit=${encodeURIComponent(done.content_id)}`}>{m("openDraft")}</Link> : null}
          </>,
        ),
      onError: (e) => (alreadyDecided(e) ? decide(m("decided")) : undefined),
    });
  }
  const error = offline ?? (alreadyDecided(accept.error) ? null : accept.error);
  return (
    <li className="row-item">
      <div>
        <strong>{s.title ?? <span className="meta">{m("untitled")}</span>}</strong>
        <p className="meta card-text">
          <a href={s.url} target="_blank" rel="noopener noreferrer">
            {s.url}
          </a>
        </p>
        <p className="meta">
          <span>{m("by", { name: s.member_name })}</span>
          <span>{m("suggested", { when: dateTime(s.created_at) })}</span>
        </p>
        {s.note ? <p className="card-text">{s.note}</p> : null}
      </div>
      <Decision
        subject={title}
        labels={{ take: m("accept"), taking: m("accepting"), refuse: m("decline") }}
        busy={accept.isPending}
        hidden={decided}
        error={error}
        onTake={onAccept}
        onRefused={decide}
        refusal={(dialog) => <DeclineDialog suggestion={s} {...dialog} />}
      />
    </li>
  );
}

/** The managers' queue of members' suggestions: accept one as a draft, or decline it with a note. */
export default function SuggestionsPage() {
  const m = useMessages(messages);
  const queue = useQueue();
  const items = allItems(queue.data);
  useAutoFill(queue, items.length);
  const [notice, setNotice] = useState<ReactNode>("");

  const body = (
    <PagedBody query={queue} count={items.length} skeleton={{ count: 2, lines: 3 }} empty={m("queueEmpty")}>
      <ul className="rows">
        {items.map((s) => (
          <SuggestionRow key={s.suggestion_id} suggestion={s} onDecided={setNotice} />
        ))}
      </ul>
    </PagedBody>
  );
  return (
    <>
      <PageHeading title={m("title")} intro={m("intro")} />
      <Section title={m("queue")}>
        <p role="status" className="notice-line">
          {notice}
        </p>
        {body}
      </Section>
    </>
  );
}
