import { describe, expect, it } from "vitest";
import { reasonWords } from "./reasons";

describe("reasonWords", () => {
  it("says a known reason in the member's language", () => {
    expect(reasonWords("en", "rate_limited")).toBe("the network is limiting posts for now");
    expect(reasonWords("it", "rate_limited")).toBe("la rete sta limitando i post in questo momento");
  });

  it("reads a network's own refusal, which has no words of its own, as the network refusing", () => {
    expect(reasonWords("en", "INVALID_CONTENT_OWNERSHIP")).toBe("the network refused it");
    expect(reasonWords("it", "")).toBe("la rete l'ha rifiutato");
    expect(reasonWords("en", "toString")).toBe("the network refused it");
  });
});
