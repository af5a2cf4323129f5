import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { IntlMessageFormat } from "intl-messageformat";
import { type Dictionary, en, type MessageKey } from "./en";
import { it } from "./it";

export type Lang = "en" | "it";
export const LANGS: readonly Lang[] = ["en", "it"];
export const LANG_NAMES: Record<Lang, string> = { en: "English", it: "Italiano" };
const DICTIONARIES: Record<Lang, Dictionary> = { en, it };
export const LANG_STORAGE_KEY = "advocacy.lang";

export type Params = Record<string, string | number>;

function isLang(value: unknown): value is Lang {
  return value === "en" || value === "it";
}

/** The stored choice, else the first of the browser's languages that we have, else English. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(LANG_STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage blocked: fall through to the browser's languages
  }
  const preferred = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}

const formats = new Map<string, IntlMessageFormat>();

/** `template` (an ICU message) in `locale` with `params` filled in, its parsed form kept for the next
 * call. A message that cannot be formatted (a value missing) fails loudly in tests and shows its
 * template with the values it has elsewhere, rather than failing the screen. */
export function fill(template: string, params?: Params, locale = "en"): string {
  const cacheKey = `${locale}\u0000${template}`;
  let format = formats.get(cacheKey);
  try {
    if (!format) {
      format = new IntlMessageFormat(template, locale, undefined, { ignoreTag: true });
      formats.set(cacheKey, format);
    }
    return String(format.format(params));
  } catch (error) {
    if (import.meta.env.MODE === "test") throw error;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
  }
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  /** The message for `key` in the current language, its values filled from `params`. */
  t: (key: MessageKey, params?: Params) => string;
  /** A message with a number `count` (its plural chosen and its number formatted by the language). */
  tp: (key: MessageKey, count: number, params?: Params) => string;
  /** Formats an ISO-8601 time (date and time). */
  dateTime: (iso: string) => string;
  /** Formats an ISO-8601 time as a date only. */
  date: (iso: string) => string;
  number: (value: number) => string;
  /** "1,250 points" / "1.250 punti". */
  points: (value: number) => string;
}

/** The browser's own locale when it is of the chosen language (en-US stays en-US), else a default. */
export function localeFor(lang: Lang): string {
  const preferred = typeof navigator === "undefined" ? [] : (navigator.languages ?? [navigator.language]);
  const match = preferred.find((tag) => tag.toLowerCase().split("-")[0] === lang);
  if (match) {
    try {
      return Intl.getCanonicalLocales(match)[0] ?? lang;
    } catch {
      // a malformed tag: use the default below
    }
  }
  return lang === "it" ? "it-IT" : "en-GB";
}

export function createI18n(lang: Lang, setLang: (lang: Lang) => void, timeZone?: string): I18n {
  const dict = DICTIONARIES[lang];
  const locale = localeFor(lang);
  const numberFormat = new Intl.NumberFormat(locale);
  const tz = timeZone ? { timeZone } : {};
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", ...tz });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", ...tz });
  const t = (key: MessageKey, params?: Params) => fill(dict[key], params, locale);
  const tp = (key: MessageKey, count: number, params?: Params) => t(key, { ...params, count });
  const safe = (format: Intl.DateTimeFormat) => (iso: string) => {
    const when = new Date(iso);
    return Number.isNaN(when.getTime()) ? iso : format.format(when);
  };
  return {
    lang,
    setLang,
    t,
    tp,
    dateTime: safe(dateTimeFormat),
    date: safe(dateFormat),
    number: (value) => numberFormat.format(value),
    points: (value) => tp("common.points", value),
  };
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: { children: ReactNode; initial?: Lang; timeZone?: string }) {
  const [lang, setLangState] = useState<Lang>(() => props.initial ?? initialLang());
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // storage blocked: the choice lasts for this visit
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => createI18n(lang, setLang, props.timeZone), [lang, setLang, props.timeZone]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

/** The same language, with dates shown in `timeZone` (the org's) rather than the browser's. */
export function TimeZone(props: { children: ReactNode; timeZone: string | undefined }) {
  const parent = useI18n();
  const value = useMemo(
    () => createI18n(parent.lang, parent.setLang, props.timeZone),
    [parent.lang, parent.setLang, props.timeZone],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

/** The language a member chose (on any device: it is kept on their profile) applies when their profile
 * is first read in a session; what they choose here afterwards is not undone by a later read. */
export function useAccountLanguage(chosen: string | null | undefined): void {
  const { lang, setLang } = useI18n();
  const settled = useRef(false);
  useEffect(() => {
    if (settled.current || chosen === undefined) return;
    settled.current = true;
    if (isLang(chosen) && chosen !== lang) setLang(chosen);
  }, [chosen, lang, setLang]);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
