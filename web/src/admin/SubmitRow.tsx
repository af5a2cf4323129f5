/** A form's submit button (aria-disabled while busy, so it keeps the keyboard's focus) and the line
 * that announces what the form did. */
export function SubmitRow(props: { busy: boolean; label: string; busyLabel: string; done: string | null }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button primary" aria-disabled={props.busy || undefined}>
        {props.busy ? props.busyLabel : props.label}
      </button>
      <p role="status" className="notice-line">
        {props.done ?? ""}
      </p>
    </div>
  );
}
