import { useCallback } from "react";
import { fill, type Lang, type Params, useI18n } from "../i18n";

/** A screen's own words in every language, typed so that no language can miss a key. Admin screens
 * keep theirs beside them (not in i18n/en.ts), so a member's download never carries them. */
export type Messages<K extends string> = Record<Lang, Record<K, string>>;

export function defineMessages<K extends string>(messages: Messages<K>): Messages<K> {
  return messages;
}

/** `m(key, params)`: the message for `key` in the current language, `{name}`s filled; the same
 * function until the language changes (so it can be a dependency of memoised values). */
export function useMessages<K extends string>(messages: Messages<K>): (key: K, params?: Params) => string {
  const { lang } = useI18n();
  return useCallback((key: K, params?: Params) => fill(messages[lang][key], params, lang), [messages, lang]);
}
