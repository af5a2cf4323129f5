import { NETWORKS, type Network } from "../../api/types";
import { type LocalDateTime, utcToZoned, zonedToUtc } from "../zonedTime";
import { messageLength } from "./networks";
import type { Content, ContentCreate, ContentPatch } from "./queries";

/** What the composer holds: text as typed, times as the org's wall clock. */
export interface Draft {
  title: string;
  url: string;
  body: string;
  image_url: string;
  messages: Record<Network, string>;
  networks: Network[];
  groups: string[];
  points: string;
  text_editable: boolean;
  publish_at: LocalDateTime;
  expires_at: LocalDateTime;
}

/** What a button asks: keep it as a draft (or save a published item's changes), schedule, publish. */
export type Intent = "draft" | "schedule" | "publish";

/** The body fields the composer sends (a create's, without `status`; a PATCH's, when changed). */
export type Fields = Required<Omit<ContentCreate, "status" | "messages">> & { messages: Partial<Record<Network, string>> };
type FieldName = keyof Fields;

export const EMPTY_DRAFT: Draft = {
  title: "",
  url: "",
  body: "",
  image_url: "",
  messages: { linkedin: "", x: "", facebook: "", email: "" },
  networks: [],
  groups: [],
  points: "",
  text_editable: true,
  publish_at: "",
  expires_at: "",
};

export function draftOf(item: Content, timeZone: string): Draft {
  return {
    title: item.title,
    url: item.url,
    body: item.body,
    image_url: item.image_url ?? "",
    messages: { linkedin: "", x: "", facebook: "", email: "", ...item.messages },
    networks: [...item.networks],
    groups: [...item.groups],
    points: item.points === null ? "" : String(item.points),
    text_editable: item.text_editable,
    publish_at: item.publish_at ? utcToZoned(item.publish_at, timeZone) : "",
    expires_at: item.expires_at ? utcToZoned(item.expires_at, timeZone) : "",
  };
}

/** The networks offered (none chosen: all four), in their usual order. */
export function offered(draft: Draft): Network[] {
  return draft.networks.length > 0 ? NETWORKS.filter((n) => draft.networks.includes(n)) : [...NETWORKS];
}

/** The fields to send for `draft`: trimmed, empty optional fields null, times in UTC. Times that do
 * not read as a time are null here; `problems` says so first. */
export function fieldsOf(draft: Draft, timeZone: string): Fields {
  const networks = offered(draft);
  const messages: Partial<Record<Network, string>> = {};
  for (const network of networks) {
    const text = draft.messages[network];
    if (text.trim()) messages[network] = text;
  }
  return {
    title: draft.title.trim(),
    url: draft.url.trim(),
    body: draft.body,
    image_url: draft.image_url.trim() || null,
    messages,
    networks: draft.networks.length > 0 ? networks : [],
    groups: [...draft.groups].sort(),
    points: draft.points.trim() === "" ? null : Number(draft.points),
    text_editable: draft.text_editable,
    publish_at: draft.publish_at ? zonedToUtc(draft.publish_at, timeZone) : null,
    expires_at: draft.expires_at ? zonedToUtc(draft.expires_at, timeZone) : null,
  };
}

/** The fields of `now` that differ from `before` (an edit's PATCH: only what changed is sent). */
export function changes(before: Fields, now: Fields): ContentPatch {
  const patch: Record<string, unknown> = {};
  for (const name of Object.keys(now) as FieldName[]) {
    if (JSON.stringify(now[name]) !== JSON.stringify(before[name])) patch[name] = now[name];
  }
  return patch;
}

const HTTP_URL = /^https?:\/\/[^\s/?#]+\.?[^\s]*$/i;

export type ProblemKey =
  | "titleRequired"
  | "urlRequired"
  | "urlInvalid"
  | "pointsInvalid"
  | "timeInvalid"
  | "publishAtRequired"
  | "publishAtPast"
  | "expiresBeforePublish"
  | "expiresPast"
  | "tooLong";

/** A field's problem found before asking the API (the API checks the same and more). */
export interface Problem {
  field: string;
  key: ProblemKey;
  params?: Record<string, string | number>;
}

/** What is wrong with `draft` for `intent`, at `now`: each problem with the API's name of its field
 * (`messages.x`, `publish_at`...), so the API's own field errors land in the same places. */
export function problems(draft: Draft, intent: Intent, status: Content["status"] | null, timeZone: string, now: Date): Problem[] {
  const found: Problem[] = [];
  const fields = fieldsOf(draft, timeZone);
  if (!fields.title) found.push({ field: "title", key: "titleRequired" });
  if (!fields.url) found.push({ field: "url", key: "urlRequired" });
  else if (!HTTP_URL.test(fields.url)) found.push({ field: "url", key: "urlInvalid" });
  if (fields.image_url && !HTTP_URL.test(fields.image_url)) found.push({ field: "image_url", key: "urlInvalid" });
  for (const [network, text] of Object.entries(fields.messages) as [Network, string][]) {
    const { used, limit } = messageLength(network, text);
    if (used > limit) found.push({ field: `messages.${network}`, key: "tooLong", params: { over: used - limit } });
  }
  const points = draft.points.trim();
  if (points && !(/^\d+$/.test(points) && Number(points) <= 100_000)) found.push({ field: "points", key: "pointsInvalid" });

  const publishAt = fields.publish_at;
  const expiresAt = fields.expires_at;
  if (draft.publish_at && !publishAt) found.push({ field: "publish_at", key: "timeInvalid" });
  if (draft.expires_at && !expiresAt) found.push({ field: "expires_at", key: "timeInvalid" });
  if (intent === "schedule" && status !== "scheduled" && !draft.publish_at) found.push({ field: "publish_at", key: "publishAtRequired" });
  if (intent === "schedule" && publishAt && Date.parse(publishAt) <= now.getTime()) {
    found.push({ field: "publish_at", key: "publishAtPast" });
  }
  const goingLive = intent !== "draft" || (status !== null && status !== "draft");
  // "Publish" puts it live now, whatever publish time it had.
  const liveFrom = intent === "publish" ? null : publishAt;
  if (expiresAt && liveFrom && Date.parse(expiresAt) <= Date.parse(liveFrom)) {
    found.push({ field: "expires_at", key: "expiresBeforePublish" });
  } else if (expiresAt && goingLive && Date.parse(expiresAt) <= now.getTime()) {
    found.push({ field: "expires_at", key: "expiresPast" });
  }
  return found;
}
