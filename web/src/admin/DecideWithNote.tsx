import { type ReactNode, useState } from "react";
import { isApiError } from "../api/errors";
import { ErrorMessage } from "../ui/components";
import { Dialog } from "../ui/Dialog";
import { TextAreaField } from "../ui/fields";

/** The longest decision note the API takes. */
export const NOTE_MAX = 1000;

/** A decision sent with a note, in a modal dialog (reject, decline): what it does (`children`), the
 * note, Cancel and the screen's button, busy while it runs. The note is checked when the button is
 * pressed: required when the screen gives a `needed` sentence, at most NOTE_MAX characters once
 * trimmed; what is wrong with it is said next to it, as is the API's refusal of the `note` field.
 * `onConfirm` gets the trimmed note. `offline` or another failure (`error`, which the screen leaves
 * out when it says the failure otherwise, as a decision made meanwhile) is said as a sentence. */
export function DecideWithNote(props: {
  title: string;
  children: ReactNode;
  labels: { note: string; noteHint: string; needed?: string; tooLong: string; cancel: string; confirm: string; busy: string };
  busy: boolean;
  error: unknown;
  offline: unknown;
  onConfirm: (note: string) => void;
  onClose: () => void;
}) {
  const { labels } = props;
  const [note, setNote] = useState("");
  const [tried, setTried] = useState(false);
  const wanted = note.trim();
  const local = wanted === "" && labels.needed ? labels.needed : wanted.length > NOTE_MAX ? labels.tooLong : undefined;
  const problem = (tried ? local : undefined) ?? (isApiError(props.error) ? props.error.fieldError("note") : undefined);
  function confirm() {
    setTried(true);
    if (local || props.busy) return;
    props.onConfirm(wanted);
  }
  const error = props.offline ?? (problem ? null : props.error);
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={props.onClose}>
            {labels.cancel}
          </button>
          <button type="button" className="button danger" aria-disabled={props.busy || undefined} onClick={confirm}>
            {props.busy ? labels.busy : labels.confirm}
          </button>
        </>
      }
    >
      {props.children}
      <TextAreaField
        label={labels.note}
        hint={labels.noteHint}
        value={note}
        rows={3}
        required={labels.needed ? true : undefined}
        error={problem}
        onChange={(e) => setNote(e.target.value)}
      />
      {error ? <ErrorMessage error={error} /> : null}
    </Dialog>
  );
}

/** A row's decision made here: `decided` at once (its buttons go, while the list is read again), and
 * the screen told what happened with `onDecided`. */
export function useDecided<T>(onDecided: (message: T) => void) {
  const [decided, setDecided] = useState(false);
  function decide(message: T) {
    setDecided(true);
    onDecided(message);
  }
  return { decided, decide };
}

/** A row's two decisions: the first (approve, accept) taken at once, busy while it runs; the second
 * (reject, decline) opening the screen's DecideWithNote, which `refusal` draws given how to close it
 * and what to do once it decided (`onRefused`). Both are named with the row's `subject`; they go
 * (`hidden`) once the row is decided here, while the list is read again. What went wrong taking the
 * first (`error`) is said below them. */
export function Decision<T>(props: {
  subject: string;
  labels: { take: string; taking: string; refuse: string };
  busy: boolean;
  hidden: boolean;
  error: unknown;
  onTake: () => void;
  onRefused: (message: T) => void;
  refusal: (dialog: { onClose: () => void; onDecided: (message: T) => void }) => ReactNode;
}) {
  const { labels } = props;
  const [refusing, setRefusing] = useState(false);
  return (
    <>
      <div className="row-actions" hidden={props.hidden}>
        <button
          type="button"
          className="button primary"
          aria-label={`${labels.take}: ${props.subject}`}
          aria-disabled={props.busy || undefined}
          onClick={props.onTake}
        >
          {props.busy ? labels.taking : labels.take}
        </button>
        <button type="button" className="button danger" aria-label={`${labels.refuse}: ${props.subject}`} onClick={() => setRefusing(true)}>
          {labels.refuse}
        </button>
      </div>
      {props.error ? <ErrorMessage error={props.error} /> : null}
      {refusing
        ? props.refusal({
            onClose: () => setRefusing(false),
            onDecided: (message) => {
              setRefusing(false);
              props.onRefused(message);
            },
          })
        : null}
    </>
  );
}
