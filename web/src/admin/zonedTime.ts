/** Wall-clock times and days in a named time zone (the org's), read and written with
 * Intl.DateTimeFormat only: what admins type is the org's local time, what the API takes is UTC. */

/** "YYYY-MM-DDTHH:mm", the value of an `<input type="datetime-local">`. */
export type LocalDateTime = string;
/** "YYYY-MM-DD", a calendar day (the API's analytics days). */
export type Day = string;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at the instant `ms`, as if it were UTC (ms since the epoch). */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** The zone's offset from UTC at the instant `ms`, in ms (Europe/Rome in summer: +2 h). */
function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000; // formatToParts has no milliseconds
  return wallClock(whole, timeZone) - whole;
}

/** Whether `timeZone` is an IANA name this browser knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The instant (ISO-8601 UTC, "…Z") at which the wall clock in `timeZone` reads `local`.
 * Across a DST change it does what Temporal's "compatible" does: a time that happens twice (clocks
 * going back) is the earlier one; a time that never happens (clocks going forward) is read with the
 * offset from before the change, so 02:30 on a spring-forward night is 03:30 of the new offset.
 * Null when `local` is not a valid "YYYY-MM-DDTHH:mm". */
export function zonedToUtc(local: LocalDateTime, timeZone: string): string | null {
  const match = LOCAL.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  // The offsets a day either side hold any change near this time (zones change at most once a day).
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([wall - before, wall - after])]
    .filter((ms) => wallClock(ms, timeZone) === wall)
    .sort((a, b) => a - b);
  const first = candidates[0];
  const instant = first ?? wall - before; // a gap: the offset before the change
  return new Date(instant).toISOString().replace(".000Z", "Z");
}

/** What the wall clock in `timeZone` reads at the instant `iso`, as "YYYY-MM-DDTHH:mm". */
export function utcToZoned(iso: string, timeZone: string): LocalDateTime {
  const ms = new Date(iso).getTime();
  return new Date(wallClock(Math.floor(ms / MINUTE) * MINUTE, timeZone)).toISOString().slice(0, 16);
}

/** The day it is in `timeZone` at `now`. */
export function todayIn(timeZone: string, now: Date = new Date()): Day {
  return utcToZoned(now.toISOString(), timeZone).slice(0, 10);
}

/** `day` moved by `days` calendar days. */
export function addDays(day: Day, days: number): Day {
  const match = DAY.exec(day);
  if (!match) return day;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both counted (1 for the same day); NaN when either is not a day. */
export function daysBetween(from: Day, to: Day): number {
  if (!DAY.test(from) || !DAY.test(to)) return Number.NaN;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}
