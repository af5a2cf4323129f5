import type { components } from "./schema";

type Schemas = components["schemas"];
export type FeedItem = Schemas["FeedItem"];
export type FeedPage = Schemas["FeedPage"];
export type ShareOut = Schemas["ShareOut"];
export type ShareCreate = Schemas["ShareCreate"];
export type MyShareOut = Schemas["MyShareOut"];
export type MySharePage = Schemas["MySharePage"];
export type LedgerEntry = Schemas["LedgerEntryOut"];
export type LedgerPage = Schemas["LedgerPage"];
export type Me = Schemas["MeOut"];
export type MePatch = Schemas["MePatch"];
export type MyOrg = Schemas["MyOrgOut"];
export type Leaderboard = Schemas["Leaderboard"];
export type BoardEntry = Schemas["BoardEntry"];
export type Contest = Schemas["ContestOut"];
export type ContestPage = Schemas["ContestPage"];
/** A contest prize. The generated type is a union (the schema's anyOf says "points, a reward or a
 * badge"); every prize the API answers has the full shape. */
export type Prize = Extract<Schemas["Prize"], { place: number }>;
export type Reward = Schemas["RewardOut"];
export type RewardPage = Schemas["RewardPage"];
export type Redemption = Schemas["RedemptionOut"];
export type RedemptionCreated = Schemas["RedemptionCreated"];
export type RedemptionPage = Schemas["RedemptionPage"];
export type ErrorDetail = Schemas["ErrorDetail"];

export type Network = ShareCreate["network"];
export type Period = Leaderboard["period"];
export type Digest = Me["digest"];
export type SocialNetwork = Exclude<Network, "email">;

export const NETWORKS: readonly Network[] = ["linkedin", "x", "facebook", "email"];
export const SOCIAL_NETWORKS: readonly SocialNetwork[] = ["linkedin", "x", "facebook"];
export const PERIODS: readonly Period[] = ["week", "month", "quarter", "all"];

/** Whether a free-form value (a ledger entry's `ref.network`) names a network this app knows. */
export function isNetwork(value: unknown): value is Network {
  return (NETWORKS as readonly unknown[]).includes(value);
}

/** A page of any list route: `{items, next_cursor}`. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** A contest's prizes with their full shape, by place. */
export function prizesOf(contest: Contest): Prize[] {
  return contest.prizes
    .filter((p): p is Prize => typeof (p as { place?: unknown }).place === "number")
    .sort((a, b) => a.place - b.place);
}
