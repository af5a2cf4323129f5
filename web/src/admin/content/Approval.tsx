import { isApiError } from "../../api/errors";
import { useI18n } from "../../i18n";
import { useKeyedSend } from "../../api/attempt";
import { DecideWithNote, Decision, useDecided } from "../DecideWithNote";
import { useMessages } from "../messages";
import { messages } from "./messages";
import { type Content, useDecideContent } from "./queries";

/** A 409 on a decision: the content is no longer pending, another admin decided it first. */
function decidedMeanwhile(error: unknown): boolean {
  return isApiError(error) && error.code === "conflict";
}

/** Sending content back with a note its author reads on the draft (the note is required). */
function RejectDialog(props: { item: Content; onClose: () => void; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const reject = useDecideContent();
  const { send, offline } = useKeyedSend(reject);
  const { item } = props;
  function decide(note: string) {
    send({ note }, (key) => ({ id: item.content_id, key, approve: false, note }), {
      onSuccess: () => props.onDecided(m("rejected", { title: item.title })),
      onError: (e) => (decidedMeanwhile(e) ? props.onDecided(m("decided", { title: item.title })) : undefined),
    });
  }
  return (
    <DecideWithNote
      title={m("rejectTitle", { title: item.title })}
      labels={{
        note: m("note"),
        noteHint: m("noteHint"),
        needed: m("noteRequired"),
        tooLong: m("noteTooLong"),
        cancel: m("cancel"),
        confirm: m("reject"),
        busy: m("rejecting"),
      }}
      busy={reject.isPending}
      error={reject.error}
      offline={offline}
      onConfirm={decide}
      onClose={props.onClose}
    >
      <p>{m("rejectBody")}</p>
    </DecideWithNote>
  );
}

/** An admin's Approve and Reject on content pending approval; `onDecided` says what happened. The
 * buttons go once decided here (the row goes when the list is read again). */
export function ApprovalActions(props: { item: Content; onDecided: (message: string) => void }) {
  const m = useMessages(messages);
  const i18n = useI18n();
  const approve = useDecideContent();
  const { send, offline } = useKeyedSend(approve);
  const { decided, decide } = useDecided(props.onDecided);
  const { item } = props;
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
    <Decision
      subject={item.title}
      labels={{ take: m("approve"), taking: m("approving"), refuse: m("reject") }}
      busy={approve.isPending}
      hidden={decided}
      error={error}
      onTake={onApprove}
      onRefused={decide}
      refusal={(dialog) => <RejectDialog item={item} {...dialog} />}
    />
  );
}
