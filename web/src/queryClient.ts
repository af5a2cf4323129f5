import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "./api/errors";
import { retryDelay, shouldRetry } from "./api/retry";

/** The app's cache: 503/429/in-progress/network failures retried (honouring Retry-After), any 401
 * ends the session (the member is sent to sign in, then back). */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, retryDelay, staleTime: 30_000, gcTime: 10 * 60_000 },
      mutations: { retry: shouldRetry, retryDelay },
    },
  });
}
