import { useKeyedSend } from "../../api/attempt";
import { DecideWithNote, NOTE_MAX } from "../DecideWithNote";
import { useMessages } from "../messages";
import { type Suspect, useVoidShare } from "./suspicious";
import { suspiciousMessages as messages } from "./suspiciousMessages";

/** Voids a suspicious share's points, with the reason the member will read. */
export default function VoidDialog(props: { suspect: Suspect; name: string; onClose: () => void; onVoided: (message: string) => void }) {
  const m = useMessages(messages);
  const voiding = useVoidShare();
  const { send, offline } = useKeyedSend(voiding);
  function confirm(reason: string) {
    send({ reason }, (key) => ({ id: props.suspect.share_id, reason, key }), {
      onSuccess: () => props.onVoided(m("done", { name: props.name })),
    });
  }
  return (
    <DecideWithNote
      title={m("voidTitle")}
      labels={{
        note: m("reason"),
        noteHint: m("reasonHint"),
        needed: m("reasonNeeded"),
        tooLong: m("tooLong", { max: NOTE_MAX }),
        cancel: m("cancel"),
        confirm: m("void"),
        busy: m("voiding"),
      }}
      busy={voiding.isPending}
      error={voiding.error}
      offline={offline}
      onConfirm={confirm}
      onClose={props.onClose}
    >
      <p>{m("voidBody", { name: props.name })}</p>
    </DecideWithNote>
  );
}
