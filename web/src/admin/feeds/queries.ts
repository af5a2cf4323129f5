import { useMutation, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

export type FeedSource = components["schemas"]["FeedSourceOut"];
export type FeedSourceFields = components["schemas"]["FeedSourceCreate"];
type FeedSourcePage = components["schemas"]["FeedSourcePage"];

const SOURCES = ["admin", "feed-sources"] as const;

export function useFeedSources() {
  const api = useApi();
  return usePaged(SOURCES, (page) =>
    api.call<FeedSourcePage>(() => api.client.GET("/feed-sources", { params: { query: pageQuery(page) } })),
  );
}

/** Every change reads the list again: the status is the job's, never guessed here. */
function useSourceChange<V, R>(change: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: change, onSettled: () => client.invalidateQueries({ queryKey: SOURCES }) });
}

export function useCreateSource() {
  const api = useApi();
  return useSourceChange((v: { body: FeedSourceFields; key: string }) =>
    api.call<FeedSource>(() =>
      api.client.POST("/feed-sources", { params: { header: { "Idempotency-Key": v.key } }, body: v.body }),
    ),
  );
}

export function useUpdateSource() {
  const api = useApi();
  return useSourceChange((v: { id: string; body: Partial<FeedSourceFields> }) =>
    api.call<FeedSource>(() =>
      api.client.PATCH("/feed-sources/{source_id}", { params: { path: { source_id: v.id } }, body: v.body }),
    ),
  );
}

export function useDeleteSource() {
  const api = useApi();
  return useSourceChange((id: string) =>
    api.call<unknown>(() => api.client.DELETE("/feed-sources/{source_id}", { params: { path: { source_id: id } } })),
  );
}
