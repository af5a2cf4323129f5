import type { UseMutationResult } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { newIdempotencyKey } from "./client";
import { type ApiError, offlineError } from "./errors";

/** One Idempotency-Key per operation: `keyFor(body)` gives the key of the last attempt while the body
 * is the same (a retry of that operation, answered once), a new key when it changed (another
 * operation, which the API would refuse under a key already used); `done()` after a success, so the
 * next operation, even with the same body, gets a key of its own. */
export function useAttemptKey() {
  const last = useRef<{ body: string; key: string } | null>(null);
  const keyFor = useCallback((body: unknown): string => {
    const text = JSON.stringify(body ?? null);
    if (last.current?.body !== text) last.current = { body: text, key: newIdempotencyKey() };
    return last.current.key;
  }, []);
  const done = useCallback(() => {
    last.current = null;
  }, []);
  return { keyFor, done };
}

/** A keyed POST from a screen: `send(body, variables)` says at once when the device is offline
 * (`offline`, rather than a request waiting unseen for the network), does nothing while the last one
 * is still running, and else runs `mutation` with `variables(key)`, the key of this body's attempt. */
export function useKeyedSend<V, R>(mutation: UseMutationResult<R, unknown, V>) {
  const attempt = useAttemptKey();
  const [offline, setOffline] = useState<ApiError | null>(null);
  function send(
    body: unknown,
    variables: (key: string) => V,
    options: { onSuccess?: (result: R) => void; onError?: (error: unknown) => void } = {},
  ): void {
    if (mutation.isPending) return;
    const error = offlineError();
    setOffline(error);
    if (error) return;
    mutation.mutate(variables(attempt.keyFor(body)), {
      onSuccess: (result) => {
        attempt.done();
        options.onSuccess?.(result);
      },
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }
  return { send, offline };
}
