import { useMutation, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

export type Group = components["schemas"]["GroupOut"];
type GroupPage = components["schemas"]["GroupPage"];

const GROUPS = ["admin", "groups"] as const;

export function useGroups() {
  const api = useApi();
  return usePaged(GROUPS, (page) => api.call<GroupPage>(() => api.client.GET("/groups", { params: { query: pageQuery(page) } })), 100);
}

/** Every change reads the list again: counts and names are the API's, never guessed here. */
function useGroupChange<V, R>(change: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: change, onSettled: () => client.invalidateQueries({ queryKey: GROUPS }) });
}

export function useCreateGroup() {
  const api = useApi();
  return useGroupChange((v: { name: string; key: string }) =>
    api.call<Group>(() => api.client.POST("/groups", { params: { header: { "Idempotency-Key": v.key } }, body: { name: v.name } })),
  );
}

export function useRenameGroup() {
  const api = useApi();
  return useGroupChange((v: { id: string; name: string }) =>
    api.call<Group>(() => api.client.PATCH("/groups/{group_id}", { params: { path: { group_id: v.id } }, body: { name: v.name } })),
  );
}

export function useDeleteGroup() {
  const api = useApi();
  return useGroupChange((id: string) =>
    api.call<unknown>(() => api.client.DELETE("/groups/{group_id}", { params: { path: { group_id: id } } })),
  );
}
