import { isApiError } from "../api/errors";

/** A 409 `conflict`: another request changed what a form was made from (not an idempotency 409). */
export function isConflict(error: unknown): boolean {
  return isApiError(error) && error.status === 409 && error.code === "conflict";
}

/** That 409 said as a sentence, with a button that reads the stored state again. */
export function ChangedMeanwhile(props: { message: string; reload: string; onReload: () => void }) {
  return (
    <div className="error" role="alert">
      <p>{props.message}</p>
      <button type="button" className="button secondary" onClick={props.onReload}>
        {props.reload}
      </button>
    </div>
  );
}
