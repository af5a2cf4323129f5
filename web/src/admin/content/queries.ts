import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

export type Content = components["schemas"]["ContentOut"];
export type ContentCreate = components["schemas"]["ContentCreate"];
export type ContentPatch = components["schemas"]["ContentPatch"];
type ContentPage = components["schemas"]["ContentPage"];

/** The statuses the screen lists, one tab each (archived content is deleted content: not listed); the
 * approval queue last, after the lifecycle's own. */
export type ListStatus = "draft" | "scheduled" | "published" | "expired" | "pending_approval";
export const LIST_STATUSES: readonly ListStatus[] = ["draft", "scheduled", "published", "expired", "pending_approval"];

const CONTENT = ["admin", "content"] as const;

/** One tab of the list, newest first; `q` a part of the title (the API filters within each page, so a
 * page may be short or empty while more follow). */
export function useContentList(status: ListStatus, q: string) {
  const api = useApi();
  return usePaged([...CONTENT, "list", status, q], (page) =>
    api.call<ContentPage>(() =>
      api.client.GET("/content", { params: { query: { ...pageQuery(page), status, ...(q ? { q } : {}) } } }),
    ),
  );
}

export function useContentItem(id: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: [...CONTENT, "item", id],
    queryFn: () =>
      api.call<Content>(() => api.client.GET("/content/{content_id}", { params: { path: { content_id: id ?? "" } } })),
    enabled: id !== null,
  });
}

/** What the composer asks for: create, or change an item, then schedule or publish it. */
export type Save =
  | { kind: "create"; body: ContentCreate; key: string }
  | { kind: "edit"; id: string; changes: ContentPatch; then: "schedule" | "publish" | null; key: string };

export function useSaveContent() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (save: Save): Promise<Content> => {
      const header = { "Idempotency-Key": save.key };
      if (save.kind === "create") {
        return api.call<Content>(() => api.client.POST("/content", { params: { header }, body: save.body }));
      }
      const path = { content_id: save.id };
      let item: Content | null = null;
      if (Object.keys(save.changes).length > 0) {
        item = await api.call<Content>(() => api.client.PATCH("/content/{content_id}", { params: { path }, body: save.changes }));
        // Saved: a retry after a failed schedule or publish sends no change again, only that step.
        client.setQueryData([...CONTENT, "item", save.id], item);
      }
      if (save.then === "schedule") {
        return api.call<Content>(() => api.client.POST("/content/{content_id}/schedule", { params: { path, header } }));
      }
      if (save.then === "publish") {
        return api.call<Content>(() => api.client.POST("/content/{content_id}/publish", { params: { path, header } }));
      }
      return item ?? api.call<Content>(() => api.client.GET("/content/{content_id}", { params: { path } }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: CONTENT }),
  });
}

/** Deleting content archives it: it leaves the feed for good, its shares and points stay. */
export function useArchiveContent() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; key: string }) =>
      api.call<Content>(() =>
        api.client.POST("/content/{content_id}/archive", {
          params: { path: { content_id: v.id }, header: { "Idempotency-Key": v.key } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: CONTENT }),
  });
}

/** An admin's decision on content pending approval: approve (it goes out) or reject with a note (back
 * to its author as a draft). */
export type Decision = { id: string; key: string } & ({ approve: true } | { approve: false; note: string });

export function useDecideContent() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: Decision) => {
      const params = { path: { content_id: v.id }, header: { "Idempotency-Key": v.key } };
      return v.approve
        ? api.call<Content>(() => api.client.POST("/content/{content_id}/approve", { params }))
        : api.call<Content>(() => api.client.POST("/content/{content_id}/reject", { params, body: { note: v.note } }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: CONTENT }),
  });
}
