import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isTimeZone, todayIn, utcToZoned, zonedToUtc } from "./zonedTime";

describe("zonedToUtc", () => {
  it("reads a wall-clock time in the zone's offset of that day, winter and summer", () => {
    expect(zonedToUtc("2026-01-15T09:00", "Europe/Rome")).toBe("2026-01-15T08:00:00Z");
    expect(zonedToUtc("2026-07-15T09:00", "Europe/Rome")).toBe("2026-07-15T07:00:00Z");
    expect(zonedToUtc("2026-07-15T09:00", "America/New_York")).toBe("2026-07-15T13:00:00Z");
    expect(zonedToUtc("2026-01-15T09:00", "America/New_York")).toBe("2026-01-15T14:00:00Z");
    expect(zonedToUtc("2026-11-02T00:00", "UTC")).toBe("2026-11-02T00:00:00Z");
    expect(zonedToUtc("2026-11-02T09:30", "Asia/Kolkata")).toBe("2026-11-02T04:00:00Z");
    expect(zonedToUtc("2026-11-02T09:00", "Pacific/Chatham")).toBe("2026-11-01T19:15:00Z");
  });

  it("around the spring-forward change: before, after, and a time that never happens", () => {
    // Europe/Rome: 2026-03-29 02:00 +01:00 jumps to 03:00 +02:00.
    expect(zonedToUtc("2026-03-29T01:59", "Europe/Rome")).toBe("2026-03-29T00:59:00Z");
    expect(zonedToUtc("2026-03-29T03:00", "Europe/Rome")).toBe("2026-03-29T01:00:00Z");
    expect(zonedToUtc("2026-03-29T02:30", "Europe/Rome")).toBe("2026-03-29T01:30:00Z"); // = 03:30 +02:00
    // America/New_York: 2026-03-08 02:00 -05:00 jumps to 03:00 -04:00.
    expect(zonedToUtc("2026-03-08T02:30", "America/New_York")).toBe("2026-03-08T07:30:00Z");
    expect(zonedToUtc("2026-03-08T12:00", "America/New_York")).toBe("2026-03-08T16:00:00Z");
  });

  it("around the fall-back change: a time that happens twice is the earlier", () => {
    // Europe/Rome: 2026-10-25 03:00 +02:00 goes back to 02:00 +01:00.
    expect(zonedToUtc("2026-10-25T02:30", "Europe/Rome")).toBe("2026-10-25T00:30:00Z");
    expect(zonedToUtc("2026-10-25T03:30", "Europe/Rome")).toBe("2026-10-25T02:30:00Z");
    expect(zonedToUtc("2026-10-25T01:30", "Europe/Rome")).toBe("2026-10-24T23:30:00Z");
    // America/New_York: 2026-11-01 02:00 -04:00 goes back to 01:00 -05:00.
    expect(zonedToUtc("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00Z");
  });

  it("refuses what is not a time", () => {
    expect(zonedToUtc("", "Europe/Rome")).toBeNull();
    expect(zonedToUtc("2026-02-30T09:00", "Europe/Rome")).toBeNull();
    expect(zonedToUtc("2026-02-03T24:00", "Europe/Rome")).toBeNull();
    expect(zonedToUtc("2026-02-03 09:00", "Europe/Rome")).toBeNull();
  });

  it("round-trips with utcToZoned, including both sides of each change", () => {
    for (const local of ["2026-03-29T01:59", "2026-03-29T03:00", "2026-10-25T01:59", "2026-10-25T03:00", "2026-12-31T23:59"]) {
      expect(utcToZoned(zonedToUtc(local, "Europe/Rome")!, "Europe/Rome")).toBe(local);
    }
  });
});

describe("days in a zone", () => {
  it("is today in the zone, not in UTC", () => {
    const late = new Date("2026-11-02T23:30:00Z");
    expect(todayIn("UTC", late)).toBe("2026-11-02");
    expect(todayIn("Europe/Rome", late)).toBe("2026-11-03");
    expect(todayIn("America/Los_Angeles", new Date("2026-11-03T05:00:00Z"))).toBe("2026-11-02");
  });

  it("counts and moves calendar days", () => {
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-11-01", "2026-11-30")).toBe(30);
    expect(daysBetween("2026-11-02", "2026-11-02")).toBe(1);
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(3); // across a DST change
    expect(daysBetween("x", "2026-11-02")).toBeNaN();
  });

  it("knows a zone name from a typo", () => {
    expect(isTimeZone("Europe/Rome")).toBe(true);
    expect(isTimeZone("Europe/Nowhere")).toBe(false);
  });
});
