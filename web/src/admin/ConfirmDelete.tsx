import type { ReactNode } from "react";
import { ErrorMessage } from "../ui/components";
import { Dialog } from "../ui/Dialog";

/** A deletion asked again in a modal dialog: what it does (`children`), Cancel, and the screen's
 * delete button, busy while it runs. Once the thing is `gone` (deleted meanwhile) that is said and no
 * second try is offered; another failure is said as a sentence. */
export function ConfirmDelete(props: {
  title: string;
  children: ReactNode;
  labels: { cancel: string; delete: string; deleting: string };
  busy: boolean;
  gone: string | null;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { labels } = props;
  return (
    <Dialog
      title={props.title}
      onClose={props.onClose}
      footer={
        <>
          <button type="button" className="button secondary" onClick={props.onClose}>
            {labels.cancel}
          </button>
          {props.gone ? null : (
            <button
              type="button"
              className="button danger"
              aria-disabled={props.busy || undefined}
              onClick={() => {
                if (!props.busy) props.onConfirm();
              }}
            >
              {props.busy ? labels.deleting : labels.delete}
            </button>
          )}
        </>
      }
    >
      {props.children}
      {props.gone ? <p role="alert">{props.gone}</p> : props.error ? <ErrorMessage error={props.error} /> : null}
    </Dialog>
  );
}
