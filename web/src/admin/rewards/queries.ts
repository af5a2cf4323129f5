import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { keys, usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Reward = Schemas["RewardOut"];
export type RewardCreate = Schemas["RewardCreate"];
export type RewardPatch = Schemas["RewardPatch"];
export type Redemption = Schemas["RedemptionOut"];
type Member = Schemas["MemberOut"];

const CATALOG = ["admin", "rewards"] as const;
const QUEUE = ["admin", "redemptions", "pending"] as const;

/** The whole catalog: an admin also sees inactive rewards. */
export function useCatalog() {
  const api = useApi();
  return usePaged(
    CATALOG,
    (page) => api.call<Schemas["RewardPage"]>(() => api.client.GET("/rewards", { params: { query: pageQuery(page) } })),
    50,
  );
}

/** Redemptions waiting for a decision, newest first. */
export function useQueue() {
  const api = useApi();
  return usePaged(
    QUEUE,
    (page) =>
      api.call<Schemas["RedemptionPage"]>(() =>
        api.client.GET("/redemptions", { params: { query: { ...pageQuery(page), status: "pending" } } }),
      ),
    50,
  );
}

/** Who redeemed: a redemption names its member by id only. */
export function useMember(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["admin", "member", id],
    queryFn: () => api.call<Member>(() => api.client.GET("/members/{member_id}", { params: { path: { member_id: id } } })),
    staleTime: 10 * 60_000,
  });
}

/** Every change reads the catalog and the queue again (stock comes back on a rejection), and the
 * members' own catalog of this session. Not awaited: a decided redemption leaves the queue when it is
 * read again, and the row must still be there when its own `mutate` callbacks run (TanStack Query
 * drops those of an unmounted component), to say what was decided. */
function useRewardsChange<V, R>(change: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: CATALOG });
      void client.invalidateQueries({ queryKey: QUEUE });
      void client.invalidateQueries({ queryKey: keys.rewards });
    },
  });
}

export function useCreateReward() {
  const api = useApi();
  return useRewardsChange((v: { body: RewardCreate; key: string }) =>
    api.call<Reward>(() => api.client.POST("/rewards", { params: { header: { "Idempotency-Key": v.key } }, body: v.body })),
  );
}

export function useUpdateReward() {
  const api = useApi();
  return useRewardsChange((v: { id: string; body: RewardPatch }) =>
    api.call<Reward>(() => api.client.PATCH("/rewards/{reward_id}", { params: { path: { reward_id: v.id } }, body: v.body })),
  );
}

export function useApprove() {
  const api = useApi();
  return useRewardsChange((v: { id: string; key: string }) =>
    api.call<Redemption>(() =>
      api.client.POST("/redemptions/{redemption_id}/approve", {
        params: { path: { redemption_id: v.id }, header: { "Idempotency-Key": v.key } },
      }),
    ),
  );
}

/** Rejects with the note to the member when there is one (the body is optional). */
export function useReject() {
  const api = useApi();
  return useRewardsChange((v: { id: string; note: string; key: string }) =>
    api.call<Redemption>(() =>
      api.client.POST("/redemptions/{redemption_id}/reject", {
        params: { path: { redemption_id: v.id }, header: { "Idempotency-Key": v.key } },
        ...(v.note ? { body: { note: v.note } } : {}),
      }),
    ),
  );
}
