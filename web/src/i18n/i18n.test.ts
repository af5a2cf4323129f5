import { afterEach, describe, expect, it, vi } from "vitest";
import { en } from "./en";
import { createI18n, initialLang, LANG_STORAGE_KEY } from "./index";
import { it as italian } from "./it";

afterEach(() => vi.restoreAllMocks());

describe("i18n", () => {
  it("has every English message in Italian, with the same placeholders", () => {
    expect(Object.keys(italian).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, value] of Object.entries(en)) {
      expect(placeholders(italian[key as keyof typeof en]), key).toEqual(placeholders(value));
    }
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
