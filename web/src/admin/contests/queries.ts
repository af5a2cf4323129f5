import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { pageQuery } from "../../api/client";
import { useApi } from "../../api/context";
import { keys, usePaged } from "../../api/queries";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];
export type Contest = Schemas["ContestOut"];
export type ContestCreate = Schemas["ContestCreate"];
export type Metric = Contest["metric"];
export type PrizeIn = ContestCreate extends { prizes?: (infer P)[] } ? P : never;

const CONTESTS = ["admin", "contests"] as const;
/** Running standings are read again this often while the screen is open. */
export const LIVE_MS = 60_000;

export function useContestList() {
  const api = useApi();
  return usePaged(
    CONTESTS,
    (page) => api.call<Schemas["ContestPage"]>(() => api.client.GET("/contests", { params: { query: pageQuery(page) } })),
    50,
  );
}

/** One contest with its standings: live (read again every minute) while it runs, final once closed. */
export function useStandings(id: string, live: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...CONTESTS, id],
    queryFn: () => api.call<Contest>(() => api.client.GET("/contests/{contest_id}", { params: { path: { contest_id: id } } })),
    refetchInterval: live ? LIVE_MS : false,
  });
}

export function useCreateContest() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { body: ContestCreate; key: string }) =>
      api.call<Contest>(() => api.client.POST("/contests", { params: { header: { "Idempotency-Key": v.key } }, body: v.body })),
    onSettled: () =>
      Promise.all([client.invalidateQueries({ queryKey: CONTESTS }), client.invalidateQueries({ queryKey: keys.contests })]),
  });
}
