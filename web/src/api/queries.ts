import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { Api, PageQuery } from "./client";
import { useApi } from "./context";
import type { FeedPage, MePatch, Network, Page, Period, ShareOut } from "./types";

/** Every cache key in one place, so invalidations name exactly what a change affects. */
export const keys = {
  me: ["me"] as const,
  myOrg: ["org"] as const,
  feed: ["feed"] as const,
  myShares: ["me", "shares"] as const,
  myPoints: ["me", "points"] as const,
  myRedemptions: ["me", "redemptions"] as const,
  rewards: ["rewards"] as const,
  leaderboard: (period: Period, group: string | null) => ["leaderboard", period, group ?? ""] as const,
  contests: ["contests"] as const,
  contest: (id: string) => ["contest", id] as const,
};

export function useMe() {
  const api = useApi();
  return useQuery({ queryKey: keys.me, queryFn: () => api.me() });
}

/** The org's name, time zone and the caller's groups' names: they change rarely, so kept a while. */
export function useMyOrg() {
  const api = useApi();
  return useQuery({ queryKey: keys.myOrg, queryFn: () => api.myOrg(), staleTime: 10 * 60_000 });
}

/** A paged list read page by page with `next_cursor`. Pages filtered by the API may be empty
 * while more follow, so callers keep reading until `next_cursor` is null (see useAutoFill). */
export function usePaged<T>(key: readonly unknown[], fetchPage: (page: PageQuery) => Promise<Page<T>>, limit = 20) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage({ cursor: pageParam, limit }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function useFeed() {
  const api = useApi();
  return usePaged(keys.feed, (page) => api.feed(page));
}

export function useMyShares(limit = 20, titles = false) {
  const api = useApi();
  return usePaged([...keys.myShares, limit, titles], (page) => api.myShares(page, titles), limit);
}

export function useMyPoints() {
  const api = useApi();
  return usePaged(keys.myPoints, (page) => api.myPoints(page));
}

export function useMyRedemptions() {
  const api = useApi();
  return usePaged(keys.myRedemptions, (page) => api.myRedemptions(page));
}

export function useRewards() {
  const api = useApi();
  return usePaged(keys.rewards, (page) => api.rewards(page), 50);
}

export function useContests() {
  const api = useApi();
  return usePaged(keys.contests, (page) => api.contests(page), 50);
}

export function useContest(id: string, enabled = true) {
  const api = useApi();
  return useQuery({ queryKey: keys.contest(id), queryFn: () => api.contest(id), enabled });
}

export function useLeaderboard(period: Period, group: string | null) {
  const api = useApi();
  return useQuery({
    queryKey: keys.leaderboard(period, group),
    queryFn: () => api.leaderboard(period, { group }),
  });
}

/** Every item of the pages read so far. */
export function allItems<T>(data: InfiniteData<Page<T>> | undefined): T[] {
  return data ? data.pages.flatMap((page) => page.items) : [];
}

export interface ShareVariables {
  contentId: string;
  network: Network;
  message?: string;
  /** Made once per click, so a retry of this share is recognised by the API. */
  idempotencyKey: string;
}

/** Marks the content as shared in the cached feed at once, before the feed is read again. */
function markShared(client: QueryClient, share: ShareOut) {
  client.setQueryData<InfiniteData<FeedPage>>(keys.feed, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) =>
              item.content_id === share.content_id
                ? {
                    ...item,
                    my_shares: {
                      ...item.my_shares,
                      [share.network]: { share_id: share.share_id, tracked_url: share.tracked_url },
                    },
                  }
                : item,
            ),
          })),
        }
      : data,
  );
}

export function useShare() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: ShareVariables) =>
      api.share(v.contentId, v.message ? { network: v.network, message: v.message } : { network: v.network }, v.idempotencyKey),
    onSuccess: (share) => {
      markShared(client, share);
      void client.invalidateQueries({ queryKey: keys.feed });
      void client.invalidateQueries({ queryKey: keys.me });
    },
  });
}

export function useRedeem() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { rewardId: string; idempotencyKey: string }) => api.redeem(v.rewardId, v.idempotencyKey),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: keys.me });
      void client.invalidateQueries({ queryKey: keys.rewards });
      void client.invalidateQueries({ queryKey: keys.myRedemptions });
      void client.invalidateQueries({ queryKey: keys.myPoints });
    },
  });
}

export function useUpdateMe() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: MePatch) => api.updateMe(body),
    // One change of the profile at a time, in the order made: the last answer is the last change.
    scope: { id: "updateMe" },
    onSuccess: (me) => client.setQueryData(keys.me, me),
  });
}

export type { Api };
