import { describe, expect, it } from "vitest";
import { CsvError, parseCsv, readInvites } from "./csv";

const GROUPS = [
  { group_id: "g-sales", name: "Sales", members: 0 },
  { group_id: "g-field", name: "Field team", members: 0 },
];

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a BOM, skipping blank lines", () => {
    const text = '\uFEFFa,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["x, y", 'say "hi"'] },
      { line: 4, fields: ["two\nlines", "z"] },
    ]);
  });

  it("keeps empty fields and refuses a quote never closed, naming its line", () => {
    expect(parseCsv("a,,c\n,")).toEqual([
      { line: 1, fields: ["a", "", "c"] },
      { line: 2, fields: ["", ""] },
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(expect.objectContaining({ reason: "unclosedQuote", line: 2 }));
  });
});

describe("readInvites", () => {
  it("takes the columns in any order and case, role member by default, groups by name or id", () => {
    const { valid, bad } = readInvites("Name, EMAIL ,groups\nAva, Ava@Acme.example ,sales; g-field\n", GROUPS);
    expect(bad).toEqual([]);
    expect(valid).toEqual([
      { line: 2, invite: { email: "ava@acme.example", name: "Ava", role: "member", groups: ["g-field", "g-sales"] } },
    ]);
  });

  it("gives every reason a row is bad, and a second row with the same email", () => {
    const text = ["email,name,role,groups", "ava@acme.example,Ava,boss,Nowhere", "ava@acme.example,Ava again", "nope,,member,,extra"].join("\n");
    const { valid, bad } = readInvites(text, GROUPS);
    expect(valid).toEqual([]);
    expect(bad).toEqual([
      { line: 2, email: "ava@acme.example", problems: [{ kind: "role", value: "boss" }, { kind: "group", value: "Nowhere" }] },
      { line: 3, email: "ava@acme.example", problems: [{ kind: "duplicate", line: 2 }] },
      { line: 4, email: "nope", problems: [{ kind: "extraFields" }, { kind: "email" }, { kind: "name" }] },
    ]);
  });

  it("takes the invitation's language, en or it, and none when empty", () => {
    const text = ["email,name,language", "ava@acme.example,Ava,IT", "bo@acme.example,Bo,", "cy@acme.example,Cy,fr"].join("\n");
    const { valid, bad } = readInvites(text, GROUPS);
    expect(valid.map((row) => row.invite.language)).toEqual(["it", undefined]);
    expect(bad).toEqual([{ line: 4, email: "cy@acme.example", problems: [{ kind: "language", value: "fr" }] }]);
  });

  it("needs a header naming email and name", () => {
    expect(() => readInvites("", GROUPS)).toThrow(CsvError);
    expect(() => readInvites("mail,name\n", GROUPS)).toThrow(expect.objectContaining({ reason: "missingColumns", columns: ["email"] }));
  });
});
