import { NETWORKS, type Network } from "../../api/types";
import { type LocalDateTime, utcToZoned, zonedToUtc } from "../zonedTime";
import { messageLength } from "../../api/networks";
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
export const INTENTS = ["draft", "schedule", "publish"] as const;
export type Intent = (typeof INTENTS)[number];

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
export function offered(draft: Pick<Draft, "networks">): Network[] {
  return draft.networks.length > 0 ? NETWORKS.filter((n) => draft.networks.includes(n)) : [...NETWORKS];
}

/** The fields to send for `draft`: trimmed, empty optional fields null, times in UTC. Times that do
 * not read as a time are null here; the composer's schema refuses them first. */
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

/** How many characters `text` is over `network`'s limit, 0 when it fits. A blank text is not sent
 * (the member writes their own), so it is never over. */
export function overLimit(network: Network, text: string): number {
  if (!text.trim()) return 0;
  const { used, limit } = messageLength(network, text);
  return Math.max(0, used - limit);
}
