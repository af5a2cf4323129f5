import { type InfiniteData, type UseInfiniteQueryResult } from "@tanstack/react-query";
import { useEffect } from "react";
import { allItems } from "../api/queries";
import type { Page } from "../api/types";
import { type Group, useGroups } from "./groups/queries";
import { type Reward, useCatalog } from "./rewards/queries";

/** Every item of a paged list, all pages read: null until the whole list has loaded, and while it
 * cannot (refused to the caller's role, or failing), so a screen then offers no choice rather than
 * an error or half a list. */
function useAllPages<T>(query: UseInfiniteQueryResult<InfiniteData<Page<T>>>): T[] | null {
  const { hasNextPage, isFetching, isError, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetching && !isError) void fetchNextPage();
  }, [hasNextPage, isFetching, isError, fetchNextPage]);
  return query.isSuccess && !hasNextPage && !isError ? allItems(query.data) : null;
}

/** The org's groups by name, for a filter or a choice (`GET /groups`), and their names by id. */
export function useGroupChoices(): { groups: Group[] | null; names: Map<string, string> } {
  const query = useGroups();
  const groups = useAllPages(query);
  return {
    groups: groups ? [...groups].sort((a, b) => a.name.localeCompare(b.name)) : null,
    names: new Map(allItems(query.data).map((g) => [g.group_id, g.name])),
  };
}

/** The active rewards, a contest's possible prizes, and every reward's name by id. */
export function useRewardChoices(): { rewards: Reward[] | null; names: Map<string, string> } {
  const query = useCatalog();
  const rewards = useAllPages(query);
  return {
    rewards: rewards ? rewards.filter((r) => r.active) : null,
    names: new Map(allItems(query.data).map((r) => [r.reward_id, r.name])),
  };
}
