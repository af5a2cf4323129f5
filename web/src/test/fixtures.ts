import type {
  Contest,
  FeedItem,
  LedgerEntry,
  Leaderboard,
  Me,
  MyOrg,
  MyShareOut,
  Redemption,
  Reward,
} from "../api/types";
import type { components } from "../api/schema";

export const ME: Me = {
  member_id: "m-ava",
  org_id: "org-acme",
  email: "ava@acme.example",
  name: "Ava Stone",
  role: "member",
  groups: ["g-sales"],
  networks: { linkedin: { handle: "ava", followers: 320 }, x: { handle: "@ava", followers: 45 } },
  digest: "weekly",
  language: null,
  points: { balance: 120, lifetime: 340 },
  level: 3,
  next_level: { level: 4, points: 600, remaining: 260 },
  badges: ["first_share", "contest_place_4"],
  next_badge: { badge: "ten_shares", counter: "shares", count: 3, target: 10 },
};

export const MY_ORG: MyOrg = {
  org_id: "org-acme",
  name: "Acme",
  timezone: "Europe/London",
  groups: [
    { group_id: "g-field", name: "Field team" },
    { group_id: "g-sales", name: "Sales" },
  ],
  share_points: 15,
  personalised_bonus: 5,
  click_points: 2,
};

export function feedItem(overrides: Partial<FeedItem> = {}): FeedItem {
  return {
    content_id: "c-1",
    title: "We are hiring robot whisperers",
    body: "Join the team that builds the friendliest robots.",
    url: "https://acme.example/jobs",
    image_url: "https://acme.example/jobs.png",
    messages: { x: "Come build robots with us", linkedin: "We are hiring! Come build robots with us." },
    networks: [],
    groups: [],
    points: 10,
    text_editable: true,
    status: "published",
    publish_at: "2026-11-02T09:00:00Z",
    expires_at: null,
    created_by: "m-manager",
    created_at: "2026-11-01T09:00:00Z",
    approved_by: null,
    approved_at: null,
    rejected_by: null,
    rejected_at: null,
    rejection_note: null,
    stats: { shares: 3, clicks: 10, unique_clicks: 8 },
    my_shares: {},
    ...overrides,
  };
}

export function myShare(overrides: Partial<MyShareOut> = {}): MyShareOut {
  return {
    share_id: "s-1",
    content_id: "c-1",
    title: "We are hiring robot whisperers",
    network: "x",
    code: "AbCdEfGhIjKl",
    tracked_url: "https://go.acme.example/r/AbCdEfGhIjKl",
    points_awarded: 10,
    personalised: false,
    created_at: "2026-11-02T10:00:00Z",
    clicks: 7,
    unique_clicks: 5,
    ...overrides,
  };
}

export function page<T>(items: T[], next_cursor: string | null = null) {
  return { items, next_cursor };
}

export const BOARD: Leaderboard = {
  period: "week",
  period_key: "2026-W45",
  generated_at: "2026-11-05T12:00:00Z",
  entries: [
    { rank: 1, member_id: "m-ben", name: "Ben Ray", points: 90 },
    { rank: 2, member_id: "m-ava", name: "Ava Stone", points: 60 },
    { rank: 2, member_id: "m-cat", name: "Cat Moss", points: 60 },
    { rank: 4, member_id: "m-dan", name: "Dan Vale", points: 20 },
  ],
  me: { rank: 2, points: 60 },
};

export function reward(overrides: Partial<Reward> = {}): Reward {
  return {
    reward_id: "r-1",
    name: "Company hoodie",
    description: "A warm hoodie with the logo.",
    cost: 100,
    stock: 5,
    per_member_limit: 1,
    active: true,
    created_at: "2026-10-01T09:00:00Z",
    ...overrides,
  };
}

export function redemption(overrides: Partial<Redemption> = {}): Redemption {
  return {
    redemption_id: "rd-1",
    reward_id: "r-1",
    reward_name: "Company hoodie",
    member_id: "m-ava",
    status: "pending",
    cost: 100,
    note: null,
    contest_id: null,
    created_at: "2026-11-03T09:00:00Z",
    decided_at: null,
    decided_by: null,
    ...overrides,
  };
}

export function contest(overrides: Partial<Contest> = {}): Contest {
  return {
    contest_id: "k-1",
    name: "November sprint",
    starts_at: "2026-11-01T00:00:00Z",
    ends_at: "2026-11-30T23:00:00Z",
    metric: "shares",
    groups: [],
    prizes: [
      { place: 1, points: 500, reward_id: null, badge: null },
      { place: 2, points: 200, reward_id: null, badge: "silver" },
    ],
    min_score: 0,
    status: "running",
    standings: [],
    ...overrides,
  };
}

export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    entry_id: "e-1",
    type: "share",
    points: 10,
    created_at: "2026-11-02T10:00:00Z",
    ref: { content_id: "c-1", share_id: "s-1", network: "x" },
    ...overrides,
  };
}

/** A connected account's status as `GET /me/connections` lists it: offered, not connected, unless overridden. */
export function connection(
  network: "linkedin" | "x",
  overrides: Partial<components["schemas"]["ConnectionOut"]> = {},
): components["schemas"]["ConnectionOut"] {
  return {
    network,
    available: true,
    connected: false,
    needs_reconnect: false,
    reason: null,
    expires_at: null,
    reconnect_soon: false,
    connected_at: null,
    ...overrides,
  };
}

/** A link the member suggested, still pending. */
export function suggestion(
  overrides: Partial<components["schemas"]["SuggestionOut"]> = {},
): components["schemas"]["SuggestionOut"] {
  return {
    suggestion_id: "s-1",
    member_id: ME.member_id,
    member_name: ME.name,
    url: "https://techweekly.example/review",
    title: "Tech Weekly reviews our arm",
    note: null,
    status: "pending",
    content_id: null,
    points_awarded: null,
    decision_note: null,
    decided_by: null,
    decided_at: null,
    created_at: "2026-11-03T09:12:00Z",
    ...overrides,
  };
}

/** A new share to X as the API answers it (its tracked link, 10 points); tests add what they look at. */
export function newShare(overrides: Record<string, unknown> = {}) {
  return {
    share_id: "s-9",
    content_id: "c-1",
    network: "x",
    code: "AbCdEfGhIjKl",
    tracked_url: "https://go.acme.example/r/AbCdEfGhIjKl",
    share_url: "https://x.com/intent/post?url=x",
    points_awarded: 10,
    ...overrides,
  };
}
