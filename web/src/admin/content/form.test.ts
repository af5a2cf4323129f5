import { describe, expect, it } from "vitest";
import { content } from "./fixtures";
import { changes, type Draft, draftOf, EMPTY_DRAFT, fieldsOf, problems } from "./form";

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

  it("finds what the API would refuse, named as the API names the fields", () => {
    const fields = (draft: Draft, intent: "draft" | "schedule" | "publish") =>
      problems(draft, intent, null, "Europe/Rome", NOW).map((p) => `${p.field}:${p.key}`);
    expect(fields(EMPTY_DRAFT, "draft")).toEqual(["title:titleRequired", "url:urlRequired"]);
    expect(fields({ ...READY, url: "ftp://x", image_url: "javascript:alert(1)", points: "1.5" }, "draft")).toEqual([
      "url:urlInvalid",
      "image_url:urlInvalid",
      "points:pointsInvalid",
    ]);
    expect(fields({ ...READY, messages: { ...EMPTY_DRAFT.messages, x: "a".repeat(257) } }, "draft")).toEqual(["messages.x:tooLong"]);
    expect(fields(READY, "schedule")).toEqual(["publish_at:publishAtRequired"]);
    expect(fields({ ...READY, publish_at: "2026-11-02T10:59" }, "schedule")).toEqual(["publish_at:publishAtPast"]); // 09:59 UTC
    expect(fields({ ...READY, publish_at: "2026-11-02T11:01" }, "schedule")).toEqual([]);
    // Publishing is now: only an expiry already past is refused, whatever the publish time says.
    expect(fields({ ...READY, publish_at: "2026-12-01T09:00", expires_at: "2026-11-20T09:00" }, "publish")).toEqual([]);
    expect(fields({ ...READY, expires_at: "2026-11-01T09:00" }, "publish")).toEqual(["expires_at:expiresPast"]);
    // A draft may keep an expiry past; it is checked when it goes live.
    expect(fields({ ...READY, expires_at: "2026-11-01T09:00" }, "draft")).toEqual([]);
  });
});
