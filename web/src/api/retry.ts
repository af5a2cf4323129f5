import { isApiError } from "./errors";

export const MAX_RETRIES = 3;

/** Whether a failed request is worth retrying unchanged (docs/api.md#idempotency-and-retries):
 * 503 and 429, a 409 `idempotency_in_progress`, and requests that got no answer. Other 4xx are not. */
export function isRetryable(error: unknown): boolean {
  if (!isApiError(error)) return false;
  if (error.status === 503 || error.status === 429) return true;
  if (error.status === 409 && error.code === "idempotency_in_progress") return true;
  return error.status === 0;
}

/** TanStack Query's `retry`: up to MAX_RETRIES retries of retryable errors. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isRetryable(error);
}

/** TanStack Query's `retryDelay` (failureCount is 0 on the first failure): the answer's
 * `Retry-After` when it has one, else exponential backoff (1 s, 2 s, 4 s... at most 30 s). */
export function retryDelay(failureCount: number, error: unknown): number {
  if (isApiError(error) && error.retryAfter !== null) return Math.min(error.retryAfter, 120) * 1000;
  return Math.min(1000 * 2 ** failureCount, 30_000);
}
