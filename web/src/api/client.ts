import createClient, { type Client } from "openapi-fetch";
import { ApiError, networkError, toApiError } from "./errors";
import type { paths } from "./schema";
import type {
  Contest,
  ContestPage,
  FeedPage,
  LedgerPage,
  Leaderboard,
  Me,
  MePatch,
  MyOrg,
  MySharePage,
  Network,
  Period,
  RedemptionCreated,
  RedemptionPage,
  RewardPage,
  ShareOut,
} from "./types";

export interface ApiOptions {
  /** The API's base URL (config.json `apiUrl`). */
  baseUrl: string;
  /** The current Cognito ID token, refreshed when close to expiry; null when signed out. */
  getIdToken: () => Promise<string | null>;
}

/** A page request: `cursor` from the previous page's `next_cursor`. */
export interface PageQuery {
  cursor?: string | null;
  limit?: number;
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** A fresh Idempotency-Key: one per operation, reused by every retry of it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export function pageQuery(page: PageQuery = {}): { limit: number; cursor?: string } {
  return page.cursor ? { limit: page.limit ?? 20, cursor: page.cursor } : { limit: page.limit ?? 20 };
}

/** The one wrapper around the generated client: base URL, `Authorization: Bearer <ID token>`,
 * `Idempotency-Key` on the POSTs that take one, and every failure as a typed ApiError. */
export class Api {
  readonly client: Client<paths>;

  constructor(options: ApiOptions) {
    this.client = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      // Looked up on every call (not captured once), so tests and polyfills can replace fetch.
      fetch: (request) => globalThis.fetch(request),
    });
    this.client.use({
      async onRequest({ request }) {
        const token = await options.getIdToken();
        if (!token) {
          throw new ApiError({ status: 401, code: "unauthorized", message: "You are not signed in." });
        }
        request.headers.set("Authorization", `Bearer ${token}`);
        return request;
      },
    });
  }

  /** One request through the generated client, its failure as an ApiError (admin screens call the
   * generated client through this, so the members' bundle carries no admin method). */
  async call<T>(request: () => Promise<Result<T>>): Promise<T> {
    let result: Result<T>;
    try {
      result = await request();
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw networkError(error);
    }
    const { data, error, response } = result;
    if (!response.ok) throw toApiError(response, error);
    return data as T;
  }

  me(): Promise<Me> {
    return this.call(() => this.client.GET("/me"));
  }

  myOrg(): Promise<MyOrg> {
    return this.call(() => this.client.GET("/me/org"));
  }

  updateMe(body: MePatch): Promise<Me> {
    return this.call(() => this.client.PATCH("/me", { body }));
  }

  feed(page?: PageQuery): Promise<FeedPage> {
    return this.call(() => this.client.GET("/feed", { params: { query: pageQuery(page) } }));
  }

  share(contentId: string, body: { network: Network; message?: string }, idempotencyKey: string): Promise<ShareOut> {
    return this.call(() =>
      this.client.POST("/content/{content_id}/shares", {
        params: { path: { content_id: contentId }, header: { "Idempotency-Key": idempotencyKey } },
        body,
      }),
    );
  }

  /** `titles`: each share names its content's title (one read more for the API: ask where shown). */
  myShares(page?: PageQuery, titles = false): Promise<MySharePage> {
    return this.call(() =>
      this.client.GET("/me/shares", { params: { query: { ...pageQuery(page), ...(titles ? { titles: true } : {}) } } }),
    );
  }

  myPoints(page?: PageQuery): Promise<LedgerPage> {
    return this.call(() => this.client.GET("/me/points", { params: { query: pageQuery(page) } }));
  }

  myRedemptions(page?: PageQuery): Promise<RedemptionPage> {
    return this.call(() => this.client.GET("/me/redemptions", { params: { query: pageQuery(page) } }));
  }

  leaderboard(period: Period, options: { group?: string | null; limit?: number } = {}): Promise<Leaderboard> {
    const query: { limit: number; group?: string } = { limit: options.limit ?? 50 };
    if (options.group) query.group = options.group;
    return this.call(() => this.client.GET("/leaderboards/{period}", { params: { path: { period }, query } }));
  }

  contests(page?: PageQuery): Promise<ContestPage> {
    return this.call(() => this.client.GET("/contests", { params: { query: pageQuery(page) } }));
  }

  contest(contestId: string): Promise<Contest> {
    return this.call(() => this.client.GET("/contests/{contest_id}", { params: { path: { contest_id: contestId } } }));
  }

  rewards(page?: PageQuery): Promise<RewardPage> {
    return this.call(() => this.client.GET("/rewards", { params: { query: pageQuery(page) } }));
  }

  redeem(rewardId: string, idempotencyKey: string): Promise<RedemptionCreated> {
    return this.call(() =>
      this.client.POST("/rewards/{reward_id}/redemptions", {
        params: { path: { reward_id: rewardId }, header: { "Idempotency-Key": idempotencyKey } },
      }),
    );
  }
}
