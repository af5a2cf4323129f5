import { newIdempotencyKey } from "../../api/client";
import { isApiError } from "../../api/errors";
import { retryDelay, shouldRetry } from "../../api/retry";
import type { ValidRow } from "./csv";
import type { Invite, Member } from "./queries";

/** What became of one row: invited, already a member (409), refused (422: the API's reasons by
 * field), or not done (the service or the connection failed after the retries: try again). */
export type Outcome =
  | { kind: "invited"; member: Member }
  | { kind: "exists" }
  | { kind: "invalid"; details: readonly { field: string; message: string }[] }
  | { kind: "failed"; error: unknown };

export const CONCURRENCY = 4;

/** One Idempotency-Key per row, kept for as long as the import dialog is open: a row sent again
 * (a retry after a failure, or the same file imported again) is the same operation, answered once;
 * a row whose content changed is another operation with a key of its own. */
export class RowKeys {
  private readonly keys = new Map<string, string>();
  keyFor(invite: Invite): string {
    const id = JSON.stringify([invite.email, invite.name, invite.role, invite.groups]);
    let key = this.keys.get(id);
    if (!key) {
      key = newIdempotencyKey();
      this.keys.set(id, key);
    }
    return key;
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends one row, retrying as the app's queries do (503, 429, a request still in progress, no
 * answer; up to three times, after `Retry-After` when given) with the same key. */
async function sendRow(send: (invite: Invite, key: string) => Promise<Member>, invite: Invite, key: string): Promise<Outcome> {
  for (let failures = 0; ; failures++) {
    try {
      return { kind: "invited", member: await send(invite, key) };
    } catch (error) {
      if (shouldRetry(failures, error)) {
        await wait(retryDelay(failures, error));
        continue;
      }
      if (isApiError(error) && error.status === 409 && error.code === "conflict") return { kind: "exists" };
      if (isApiError(error) && error.status === 422) return { kind: "invalid", details: error.details };
      return { kind: "failed", error };
    }
  }
}

/** Invites `rows`, CONCURRENCY at a time, telling each outcome as it comes (`onOutcome`, in the
 * order they finish). Resolves when every row has one. */
export async function importRows(
  rows: readonly ValidRow[],
  send: (invite: Invite, key: string) => Promise<Member>,
  keys: RowKeys,
  onOutcome: (row: ValidRow, outcome: Outcome) => void,
  concurrency = CONCURRENCY,
): Promise<void> {
  let next = 0;
  async function worker() {
    for (let row = rows[next++]; row; row = rows[next++]) {
      onOutcome(row, await sendRow(send, row.invite, keys.keyFor(row.invite)));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
}
