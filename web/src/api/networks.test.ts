import { describe, expect, it } from "vitest";
import { characters, hostOf, messageLength, xLength } from "./networks";

describe("message lengths", () => {
  it("counts every link on X as 23, whatever its length, and keeps room for the tracked link", () => {
    expect(xLength("Read this")).toBe(9);
    expect(xLength("Read https://acme.example/a/very/long/path?with=query")).toBe(5 + 23);
    expect(xLength("Two: http://a.example and HTTPS://b.example/x")).toBe(5 + 23 + 5 + 23);
    // The period ending the sentence is not part of the link (the API counts it the same way).
    expect(xLength("See https://acme.example/jobs.")).toBe(4 + 23 + 1);
    expect(messageLength("x", "")).toEqual({ used: 24, limit: 280 });
    expect(messageLength("x", "a".repeat(256))).toEqual({ used: 280, limit: 280 });
    expect(messageLength("x", `${"a".repeat(200)} https://acme.example/${"p".repeat(100)}`).used).toBe(200 + 1 + 23 + 24);
  });

  it("counts characters elsewhere, an emoji as one", () => {
    expect(characters("Ciao 👋")).toBe(6);
    expect(messageLength("linkedin", "Ciao 👋 https://acme.example")).toEqual({ used: 27, limit: 3000 });
    expect(messageLength("facebook", "").limit).toBe(63206);
    expect(messageLength("email", "x").limit).toBe(20000);
  });

  it("shows a link's host as the networks do", () => {
    expect(hostOf("https://www.acme.example/blog?x=1")).toBe("acme.example");
    expect(hostOf("not a url")).toBe("not a url");
  });
});
