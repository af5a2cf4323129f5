import { TYPE } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { afterEach, describe, expect, it, vi } from "vitest";
import { en } from "./en";
import { createI18n, fill, initialLang, LANG_STORAGE_KEY } from "./index";
import { it as italian } from "./it";

afterEach(() => vi.restoreAllMocks());

type Ast = ReturnType<IntlMessageFormat["getAst"]>;

/** The names of the values a message takes, plural and select arguments and their branches included. */
function argumentsOf(ast: Ast): string[] {
  const names = new Set<string>();
  const walk = (elements: Ast) => {
    for (const element of elements) {
      if ("value" in element && element.type !== TYPE.literal) names.add(String(element.value));
      if ("options" in element) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(ast);
  return [...names].sort();
}

describe("i18n", () => {
  it("has every English message in Italian, each valid ICU with the same values", () => {
    expect(Object.keys(italian).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      const english = new IntlMessageFormat(value, "en", undefined, { ignoreTag: true }).getAst();
      const translated = new IntlMessageFormat(italian[key as keyof typeof en], "it", undefined, { ignoreTag: true }).getAst();
      expect(argumentsOf(translated), key).toEqual(argumentsOf(english));
    }
  });

  it("chooses plurals and formats their numbers by language", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["en-GB"]);
    const english = createI18n("en", () => undefined, "UTC");
    expect(english.tp("progress.shares", 1, { done: "0" })).toBe("0 of 1 share");
    expect(english.tp("progress.shares", 10, { done: "3" })).toBe("3 of 10 shares");
    const it = createI18n("it", () => undefined, "UTC");
    expect(it.tp("progress.clicks", 10000, { done: "95" })).toBe("95 di 10.000 clic unici");
    expect(it.tp("rewards.stock", 1)).toBe("1 rimasto");
  });

  it("fails loudly in tests when a message misses a value", () => {
    expect(() => fill("Hello {name}", {})).toThrow();
    expect(fill("Hello {name}", { name: "Ava" })).toBe("Hello Ava");
  });

  it("takes the stored choice, else the browser's language, else English", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["it-IT", "en"]);
    expect(initialLang()).toBe("it");
    localStorage.setItem(LANG_STORAGE_KEY, "en");
    expect(initialLang()).toBe("en");
    localStorage.clear();
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["de-DE"]);
    expect(initialLang()).toBe("en");
  });

  it("formats numbers, points and dates with Intl in the member's language", () => {
    vi.spyOn(navigator, "languages", "get").mockReturnValue(["en-GB"]);
    const english = createI18n("en", () => undefined, "UTC");
    expect(english.points(1)).toBe("1 point");
    expect(english.points(1250)).toBe("1,250 points");
    expect(english.dateTime("2026-11-02T09:00:00Z")).toBe("2 Nov 2026, 09:00");
    const it = createI18n("it", () => undefined, "Europe/Rome");
    expect(it.points(12500)).toBe("12.500 punti");
    expect(it.points(1)).toBe("1 punto");
    expect(it.dateTime("2026-11-02T09:00:00Z")).toBe("2 nov 2026, 10:00");
    expect(it.t("feed.share.x")).toBe("Condividi su X");
  });
});
