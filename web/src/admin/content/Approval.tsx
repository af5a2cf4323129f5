import { useState } from "react";
import { isApiError } from "../../api/errors";
import { useI18n } from "../../i18n";
import { ErrorMessage } from "../../ui/components";
import { Dialog } from "../../ui/Dialog";
import { TextAreaField } from "../../ui/fields";
import { useKeyedSend } from "../attempt";
import { useMessages } from "../messages";
import { messages } from "./messages";
import { type Content, useDecideContent } from "./queries";

const NOTE_MAX = 1000;

/** A 409 on a decision: the content is no longer pending, another admin decided it first. */
function decidedMeanwhile(error: unknown): boolean {
  return isApiError(error) && error.code === "conflict";
}

/** Sending content back with a note its author reads on the draft (the note is required). */
function RejectDialog(props: { item: Content; onClose: () => void; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const reject = useDecideContent();
  const { send, offline } = useKeyedSend(reject);
  const [note, setNote] = useState("");
  const [checked, setChecked] = useState(false);
  const { item } = props;
  const wanted = note.trim();
  const own = wanted === "" ? m("noteRequired") : wanted.length > NOTE_MAX ? m("noteTooLong") : undefined;
  const problem = (checked ? own : undefined) ?? (isApiError(reject.error) ? reject.error.fieldError("note") : undefined);

  function submit() {
    setChecked(true);
    if (own) return;
    send({ note: wanted }, (key) => ({ id: item.content_id, key, approve: false, note: wanted }), {
      onSuccess: () => props.onDecided(m("rejected", { title: item.title })),
      onError: (e) => (decidedMeanwhile(e) ? props.onDecided(m("decided", { title: item.title })) : undefined),
    });
  }
  const error = offline ?? (problem ? null : reject.error);
  return (
    <Dialog
      title={m("rejectTitle", { title: item.title })}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={props.onClose}>
            {m("cancel")}
          </button>
          <button type="button" className="button danger" aria-disabled={reject.isPending || undefined} onClick={submit}>
            {reject.isPending ? m("rejecting") : m("reject")}
          </button>
        </>
      }
    >
      <p>{m("rejectBody")}</p>
      <TextAreaField label={m("note")} hint={m("noteHint")} value={note} rows={3} error={problem} onChange={(e) => setNote(e.target.value)} />
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}

/** An admin's Approve and Reject on content pending approval; `onDecided` says what happened. The
 * buttons go once decided here (the row goes when the list is read again). */
export function ApprovalActions(props: { item: Content; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const i18n = useI18n();
  const approve = useDecideContent();
  const { send, offline } = useKeyedSend(approve);
  const [rejecting, setRejecting] = useState(false);
  const [decided, setDecided] = useState(false);
  const { item } = props;
  function decide(message: string) {
    setDecided(true);
    props.onDecided(message);
  }
  function onApprove() {
    send(item.content_id, (key) => ({ id: item.content_id, key, approve: true }), {
      onSuccess: (done) =>
        decide(
          done.status === "scheduled" && done.publish_at
            ? m("approvedScheduled", { title: done.title, date: i18n.dateTime(done.publish_at) })
            : m("approvedPublished", { title: done.title }),
        ),
      onError: (e) => (decidedMeanwhile(e) ? decide(m("decided", { title: item.title })) : undefined),
    });
  }
  const error = offline ?? (decidedMeanwhile(approve.error) ? null : approve.error);
  return (
    <>
      <div className="row-actions" hidden={decided}>
        <button
          type="button"
          className="button primary"
          aria-label={`${m("approve")}: ${item.title}`}
          aria-disabled={approve.isPending || undefined}
          onClick={onApprove}
        >
          {approve.isPending ? m("approving") : m("approve")}
        </button>
        <button type="button" className="button danger" aria-label={`${m("reject")}: ${item.title}`} onClick={() => setRejecting(true)}>
          {m("reject")}
        </button>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      {rejecting ? (
        <RejectDialog
          item={item}
          onClose={() => setRejecting(false)}
          onDecided={(message) => {
            setRejecting(false);
            decide(message);
          }}
        />
      ) : null}
    </>
  );
}
