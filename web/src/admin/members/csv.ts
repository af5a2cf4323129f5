import { type Lang, LANGS } from "../../i18n";
import type { Group, Invite, Role } from "./queries";

/** A record of a CSV file with the line it starts on (1 is the first line). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A file that cannot be read as CSV at all: why, and on which line. */
export class CsvError extends Error {
  override name = "CsvError";
  constructor(
    readonly reason: "unclosedQuote" | "empty" | "missingColumns" | "tooManyRows",
    readonly line: number,
    readonly columns: readonly string[] = [],
  ) {
    super(reason);
  }
}

/** RFC 4180: fields separated by commas, records by CRLF or LF; a field in double quotes may hold
 * commas, line breaks and doubled quotes (`""`). A leading byte-order mark and blank lines are
 * skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.replace(/^\uFEFF/, "");
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false; // the current record holds something (a blank line holds nothing)
  const endRecord = () => {
    if (touched) records.push({ line: start, fields: [...fields, field] });
    fields = [];
    field = "";
    touched = false;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input.charAt(i);
    if (quoted) {
      if (c === '"' && input.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      touched = true;
    } else if (c === ",") {
      fields.push(field);
      field = "";
      touched = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && input.charAt(i + 1) === "\n") i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
      if (c.trim() !== "") touched = true;
    }
  }
  if (quoted) throw new CsvError("unclosedQuote", start);
  endRecord();
  return records;
}

export const COLUMNS = ["email", "name", "role", "groups", "language"] as const;
export const MAX_ROWS = 1000;
const ROLES: readonly Role[] = ["member", "manager", "admin"];
// The API's rules (docs/api.md#limits): an address the user pool takes, at most 128 characters.
const EMAIL = /^[A-Za-z0-9_][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Why a row cannot be invited, with what it names (a column, a group, a line). */
export type RowProblem =
  | { kind: "email" }
  | { kind: "name" }
  | { kind: "role"; value: string }
  | { kind: "group"; value: string }
  | { kind: "tooManyGroups" }
  | { kind: "language"; value: string }
  | { kind: "duplicate"; line: number }
  | { kind: "extraFields" };

export interface ValidRow {
  line: number;
  invite: Invite;
}
export interface BadRow {
  line: number;
  email: string;
  problems: RowProblem[];
}

/** The rows of an invitation file: a header naming `email` and `name` (and optionally `role`,
 * default member, `groups`, names or ids separated by `;`, and `language`, `en` or `it`, of the
 * invitation email), in any order and case. Each row is
 * valid (what `POST /members` would take) or bad, with every reason found. */
export function readInvites(text: string, groups: readonly Group[]): { valid: ValidRow[]; bad: BadRow[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CsvError("empty", 1);
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = ["email", "name"].filter((c) => !names.includes(c));
  if (missing.length > 0) throw new CsvError("missingColumns", header.line, missing);
  if (rows.length > MAX_ROWS) throw new CsvError("tooManyRows", rows[MAX_ROWS]?.line ?? header.line);
  const column = (record: CsvRecord, name: string) => {
    const index = names.indexOf(name);
    return index < 0 ? "" : (record.fields[index] ?? "").trim();
  };
  const groupIds = new Map<string, string>();
  for (const g of groups) {
    groupIds.set(g.group_id, g.group_id);
    groupIds.set(g.name.toLowerCase(), g.group_id);
  }
  const seen = new Map<string, number>();
  const valid: ValidRow[] = [];
  const bad: BadRow[] = [];
  for (const record of rows) {
    const problems: RowProblem[] = [];
    const email = column(record, "email").toLowerCase();
    const name = column(record, "name");
    const role = (column(record, "role") || "member").toLowerCase();
    if (record.fields.length > names.length) problems.push({ kind: "extraFields" });
    if (!EMAIL.test(email) || email.length > 128) problems.push({ kind: "email" });
    if (!name || name.length > 200 || CONTROL.test(name)) problems.push({ kind: "name" });
    if (!(ROLES as readonly string[]).includes(role)) problems.push({ kind: "role", value: column(record, "role") });
    const wanted = column(record, "groups")
      .split(";")
      .map((g) => g.trim())
      .filter(Boolean);
    const ids = new Set<string>();
    for (const g of wanted) {
      const id = groupIds.get(g) ?? groupIds.get(g.toLowerCase());
      if (id) ids.add(id);
      else problems.push({ kind: "group", value: g });
    }
    if (ids.size > 50) problems.push({ kind: "tooManyGroups" });
    const language = column(record, "language").toLowerCase();
    if (language && !(LANGS as readonly string[]).includes(language)) problems.push({ kind: "language", value: column(record, "language") });
    const first = seen.get(email);
    if (email && first !== undefined) problems.push({ kind: "duplicate", line: first });
    else if (email) seen.set(email, record.line);
    if (problems.length > 0) bad.push({ line: record.line, email, problems });
    else {
      const invite: Invite = { email, name, role: role as Role, groups: [...ids].sort() };
      if (language) invite.language = language as Lang;
      valid.push({ line: record.line, invite });
    }
  }
  return { valid, bad };
}
