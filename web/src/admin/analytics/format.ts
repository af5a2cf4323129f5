import { useMemo } from "react";
import { localeFor, useI18n } from "../../i18n";

/** The dashboard's numbers through Intl in the reader's language: counts, the participation rate
 * (a fraction, shown as a percentage to the API's precision), money in the org's currency, and
 * calendar days (the API's days are already the org's, so they are formatted as they are, in UTC). */
export function useFormats() {
  const { lang, number } = useI18n();
  return useMemo(() => {
    const locale = localeFor(lang);
    const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
    const longDay = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
    const shortDay = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
    const inZone = (timeZone: string, withDay: boolean) =>
      new Intl.DateTimeFormat(locale, withDay ? { dateStyle: "medium", timeStyle: "short", timeZone } : { timeStyle: "short", timeZone });
    const asDay = (format: Intl.DateTimeFormat) => (day: string) => {
      const when = new Date(`${day}T00:00:00Z`);
      return Number.isNaN(when.getTime()) ? day : format.format(when);
    };
    return {
      number,
      percent: (value: number) => percent.format(value),
      day: asDay(longDay),
      shortDay: asDay(shortDay),
      /** An instant on the org's clock: its time alone when it falls on `today` there, else its day too. */
      moment: (iso: string, timeZone: string, today: string) => {
        const when = new Date(iso);
        if (Number.isNaN(when.getTime())) return iso;
        const day = new Intl.DateTimeFormat("en-CA", { timeZone }).format(when);
        return inZone(timeZone, day !== today).format(when);
      },
      /** The API rounds EMV to cents: at least two decimals are shown whatever the currency's own. */
      money: (value: number, currency: string) => {
        try {
          let format = new Intl.NumberFormat(locale, { style: "currency", currency });
          if ((format.resolvedOptions().maximumFractionDigits ?? 2) < 2) {
            format = new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 2 });
          }
          return format.format(value);
        } catch {
          return `${number(value)} ${currency}`; // a currency code this browser does not know
        }
      },
    };
  }, [lang, number]);
}
