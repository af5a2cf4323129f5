import { MutationCache, onlineManager, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "./api/errors";
import { retryDelay, shouldRetry } from "./api/retry";

/** The app's cache: 503/429/in-progress/network failures retried (honouring Retry-After), any 401
 * ends the session (the member is sent to sign in, then back). */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) onUnauthorized();
  };
  // TanStack Query assumes a connection until an `offline` event, so an app opened offline would spend
  // its retries failing; from the browser's own state, its queries wait for the connection instead.
  onlineManager.setOnline(typeof navigator === "undefined" || navigator.onLine);
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay, staleTime: 30_000, gcTime: 10 * 60_000 },
      mutations: { retry: shouldRetry, retryDelay },
    },
  });
}
