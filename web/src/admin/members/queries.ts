import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type Api, pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { usePaged } from "../../api/queries";
import type { components } from "../../api/schema";
import type { Group } from "../groups/queries";

export type { Group };
export type Member = components["schemas"]["MemberOut"];
export type Invite = components["schemas"]["MemberCreate"];
export type MemberPatch = components["schemas"]["MemberPatch"];
export type Role = Member["role"];
export type Status = Member["status"];
type MemberPage = components["schemas"]["MemberPage"];

export const ROLES: readonly Role[] = ["member", "manager", "admin"];
export const STATUSES: readonly Status[] = ["active", "deactivated"];

/** What the list shows: a search of names and emails, a role, a status (empty: any). */
export interface MemberFilters {
  q: string;
  role: Role | "";
  status: Status | "";
}

const MEMBERS = ["admin", "members"] as const;
const GROUPS = ["admin", "groups"] as const;

export function useMembers(filters: MemberFilters) {
  const api = useApi();
  const query = {
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.status ? { status: filters.status } : {}),
  };
  return usePaged([...MEMBERS, query], (page) =>
    api.call<MemberPage>(() => api.client.GET("/members", { params: { query: { ...pageQuery(page), ...query } } })),
    // A search keeps only the matches of each page read: read more at a time.
    filters.q ? 100 : 50,
  );
}

/** One invitation, under `key` (the same key for every retry of it, so it is made once). */
export function invite(api: Api, body: Invite, key: string): Promise<Member> {
  return api.call<Member>(() => api.client.POST("/members", { params: { header: { "Idempotency-Key": key } }, body }));
}

/** After any change, the members and the groups' counts are read again, never guessed here. */
export function useRefreshMembers() {
  const client = useQueryClient();
  return () => Promise.all([client.invalidateQueries({ queryKey: MEMBERS }), client.invalidateQueries({ queryKey: GROUPS })]);
}

export function useInvite() {
  const api = useApi();
  const refresh = useRefreshMembers();
  return useMutation({ mutationFn: (v: { body: Invite; key: string }) => invite(api, v.body, v.key), onSettled: refresh });
}

export function useUpdateMember() {
  const api = useApi();
  const refresh = useRefreshMembers();
  return useMutation({
    mutationFn: (v: { id: string; body: MemberPatch }) =>
      api.call<Member>(() => api.client.PATCH("/members/{member_id}", { params: { path: { member_id: v.id } }, body: v.body })),
    onSettled: refresh,
  });
}

/** Erase a deactivated member's personal data (safe to repeat: a half-done erasure is finished). */
export function useEraseMember() {
  const api = useApi();
  const refresh = useRefreshMembers();
  return useMutation({
    mutationFn: (id: string) => api.call<Member>(() => api.client.POST("/members/{member_id}/erase", { params: { path: { member_id: id } } })),
    onSettled: refresh,
  });
}
