import * as v from "valibot";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Params } from "../../i18n";
import { composerSchema } from "./Composer";
import { content } from "./fixtures";
import { changes, type Draft, draftOf, EMPTY_DRAFT, fieldsOf, type Intent } from "./form";
import type { Content } from "./queries";

const NOW = new Date("2026-11-02T10:00:00Z");
const READY: Draft = { ...EMPTY_DRAFT, title: " Launch ", url: "https://acme.example/launch " };

describe("the composer's form", () => {
  it("sends the org's wall-clock times as UTC, on either side of a DST change", () => {
    const fields = fieldsOf({ ...READY, publish_at: "2026-03-29T01:30", expires_at: "2026-03-29T03:30" }, "Europe/Rome");
    expect(fields.publish_at).toBe("2026-03-29T00:30:00Z"); // +01:00 before the change
    expect(fields.expires_at).toBe("2026-03-29T01:30:00Z"); // +02:00 after it
    expect(fieldsOf({ ...READY, publish_at: "2026-11-09T09:00" }, "America/New_York").publish_at).toBe("2026-11-09T14:00:00Z");
  });

  it("trims, leaves empty optional fields null, and keeps only the texts of the networks offered", () => {
    const fields = fieldsOf(
      { ...READY, messages: { linkedin: "In", x: "  ", facebook: "Fb", email: "" }, networks: ["facebook", "linkedin"], points: "0" },
      "UTC",
    );
    expect(fields).toMatchObject({
      title: "Launch",
      url: "https://acme.example/launch",
      image_url: null,
      messages: { linkedin: "In", facebook: "Fb" },
      networks: ["linkedin", "facebook"],
      points: 0,
      publish_at: null,
    });
  });

  it("reads an item back in the org's zone, and an unchanged item asks for no change", () => {
    const item = content({ publish_at: "2026-07-01T07:00:00Z", groups: ["b", "a"], messages: { x: "Hi" } });
    const draft = draftOf(item, "Europe/Rome");
    expect(draft.publish_at).toBe("2026-07-01T09:00");
    const before = fieldsOf(draft, "Europe/Rome");
    expect(changes(before, fieldsOf(draft, "Europe/Rome"))).toEqual({});
    expect(changes(before, fieldsOf({ ...draft, groups: ["a"], image_url: "" }, "Europe/Rome"))).toEqual({ groups: ["a"] });
  });
});

describe("the composer's schema", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // Each message as its key (and its parameters), to say which check refused what.
  const m = (key: string, params?: Params) => (params ? `${key} ${JSON.stringify(params)}` : key);

  /** What the form shows for `draft` when `intent`'s button is chosen: field and message, as the
   * form's resolver parses (every check runs; a field shows its first problem). */
  function refused(draft: Draft, intent: Intent, status: Content["status"] | null = null): string[] {
    const result = v.safeParse(composerSchema(m, status, "Europe/Rome"), { ...draft, intent }, { abortPipeEarly: false });
    const first = new Map<string, string>();
    for (const issue of result.issues ?? []) {
      const field = v.getDotPath(issue) ?? "";
      if (!first.has(field)) first.set(field, `${field}:${issue.message}`);
    }
    return [...first.values()];
  }

  it("finds what the API would refuse, named as the API names the fields", () => {
    expect(refused(EMPTY_DRAFT, "draft")).toEqual(["title:titleRequired", "url:urlRequired"]);
    expect(refused({ ...READY, url: "ftp://x", image_url: "javascript:alert(1)", points: "1.5" }, "draft")).toEqual([
      "url:urlInvalid",
      "image_url:urlInvalid",
      "points:pointsInvalid",
    ]);
    expect(refused({ ...READY, points: "100001" }, "draft")).toEqual(["points:pointsInvalid"]);
    expect(refused({ ...READY, points: " 100000 " }, "draft")).toEqual([]);
    expect(refused({ ...READY, messages: { ...EMPTY_DRAFT.messages, x: "a".repeat(257) } }, "draft")).toEqual([
      'messages.x:tooLong {"over":1,"network":"X"}',
    ]);
    expect(refused(READY, "schedule")).toEqual(["publish_at:publishAtRequired"]);
    expect(refused({ ...READY, publish_at: "2026-11-02T10:59" }, "schedule")).toEqual(["publish_at:publishAtPast"]); // 09:59 UTC
    expect(refused({ ...READY, publish_at: "2026-11-02T11:01" }, "schedule")).toEqual([]);
    expect(refused({ ...READY, publish_at: "2026-02-30T09:00" }, "draft")).toEqual(["publish_at:timeInvalid"]);
    // Publishing is now: only an expiry already past is refused, whatever the publish time says.
    expect(refused({ ...READY, publish_at: "2026-12-01T09:00", expires_at: "2026-11-20T09:00" }, "publish")).toEqual([]);
    expect(refused({ ...READY, expires_at: "2026-11-01T09:00" }, "publish")).toEqual(["expires_at:expiresPast"]);
    // A draft may keep an expiry past; it is checked when it goes live.
    expect(refused({ ...READY, expires_at: "2026-11-01T09:00" }, "draft")).toEqual([]);
    expect(refused({ ...READY, publish_at: "2026-12-01T09:00", expires_at: "2026-11-20T09:00" }, "draft")).toEqual([
      "expires_at:expiresBeforePublish",
    ]);
  });

  it("says every field's problem at once, those that read two fields too", () => {
    const draft = { ...EMPTY_DRAFT, publish_at: "2026-11-02T10:30", expires_at: "2026-11-01T09:00", points: "x" };
    expect(refused(draft, "schedule")).toEqual([
      "title:titleRequired",
      "url:urlRequired",
      "points:pointsInvalid",
      "publish_at:publishAtPast",
      "expires_at:expiresBeforePublish",
    ]);
    const long = { linkedin: "a".repeat(3001), x: "a".repeat(300), facebook: "", email: "" };
    expect(refused({ ...READY, messages: long }, "draft")).toEqual([
      'messages.linkedin:tooLong {"over":1,"network":"LinkedIn"}',
      'messages.x:tooLong {"over":44,"network":"X"}',
    ]);
  });

  it("holds only the texts of the networks offered to their limits, and lets an item keep its state's rules", () => {
    const long = { ...EMPTY_DRAFT.messages, x: "a".repeat(300) };
    expect(refused({ ...READY, messages: long, networks: ["linkedin"] }, "draft")).toEqual([]);
    expect(refused({ ...READY, messages: { ...long, x: " ".repeat(300) } }, "draft")).toEqual([]); // a blank text is not sent
    // A scheduled item keeps its time when scheduled again; a published one's expiry is checked on any save.
    expect(refused(READY, "schedule", "scheduled")).toEqual([]);
    expect(refused({ ...READY, expires_at: "2026-11-01T09:00" }, "draft", "published")).toEqual(["expires_at:expiresPast"]);
  });

  it("gives the button's intent and the fields to send", () => {
    const draft = { ...READY, publish_at: "2026-11-09T09:00", points: " 25 " };
    const output = v.parse(composerSchema(m, null, "Europe/Rome"), { ...draft, intent: "schedule" });
    expect(output).toEqual({ intent: "schedule", fields: fieldsOf(draft, "Europe/Rome") });
    expect(output.fields).toMatchObject({ title: "Launch", url: "https://acme.example/launch", points: 25, publish_at: "2026-11-09T08:00:00Z" });
  });
});
