import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/errors";
import type { ValidRow } from "./csv";
import { CONCURRENCY, importRows, type Outcome, RowKeys } from "./importer";
import type { Invite, Member } from "./queries";

function rows(count: number): ValidRow[] {
  return Array.from({ length: count }, (_, i) => ({
    line: i + 2,
    invite: { email: `p${i}@acme.example`, name: `P${i}`, role: "member", groups: [] },
  }));
}

const answered = (invite: Invite) => ({ ...invite, member_id: invite.email }) as unknown as Member;

describe("importRows", () => {
  it("sends at most four at a time, every row once, each outcome as it comes", async () => {
    let inFlight = 0;
    let most = 0;
    const outcomes = new Map<number, Outcome>();
    await importRows(
      rows(10),
      async (invite) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return answered(invite);
      },
      new RowKeys(),
      (row, outcome) => outcomes.set(row.line, outcome),
    );
    expect(CONCURRENCY).toBe(4);
    expect(most).toBe(4);
    expect(outcomes.size).toBe(10);
    expect([...outcomes.values()].every((o) => o.kind === "invited")).toBe(true);
  });

  it("retries a 503 with the same key, and tells a 409, a 422 and a failure apart", async () => {
    const keys: string[] = [];
    const failures: Record<string, ApiError> = {
      "p1@acme.example": new ApiError({ status: 409, code: "conflict", message: "exists" }),
      "p2@acme.example": new ApiError({ status: 422, code: "validation_error", message: "no", details: [{ field: "email", message: "refused" }] }),
      "p3@acme.example": new ApiError({ status: 500, code: "internal_error", message: "boom" }),
    };
    let busy = true;
    const outcomes = new Map<number, Outcome>();
    await importRows(
      rows(4),
      async (invite, key) => {
        if (invite.email === "p0@acme.example") {
          keys.push(key);
          if (busy) {
            busy = false;
            throw new ApiError({ status: 503, code: "unavailable", message: "busy", retryAfter: 0 });
          }
        }
        const failure = failures[invite.email];
        if (failure) throw failure;
        return answered(invite);
      },
      new RowKeys(),
      (row, outcome) => outcomes.set(row.line, outcome),
    );
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect([2, 3, 4, 5].map((line) => outcomes.get(line)?.kind)).toEqual(["invited", "exists", "invalid", "failed"]);
    expect(outcomes.get(4)).toEqual({ kind: "invalid", details: [{ field: "email", message: "refused" }] });
  });

  it("keeps one key per row content: the same row again has the same key, a changed one a new key", () => {
    const keys = new RowKeys();
    const [row] = rows(1);
    const invite = row!.invite;
    expect(keys.keyFor({ ...invite })).toBe(keys.keyFor(invite));
    expect(keys.keyFor({ ...invite, name: "Other" })).not.toBe(keys.keyFor(invite));
  });
});
