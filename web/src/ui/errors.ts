import { AuthError } from "../auth/auth";
import { isApiError } from "../api/errors";
import type { MessageKey } from "../i18n/en";
import type { I18n } from "../i18n";

const KNOWN_CODES = new Set([
  "network_error",
  "unavailable",
  "throttled",
  "internal_error",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "validation_error",
  "insufficient_points",
  "out_of_stock",
  "limit_reached",
  "idempotency_in_progress",
  "idempotency_key_reused",
  "payload_too_large",
  "bad_request",
]);

/** A sentence for people about any error the app can meet: the API's codes in the member's
 * language, else the API's own message. */
export function errorSentence(i18n: Pick<I18n, "t">, error: unknown): string {
  const { t } = i18n;
  if (isApiError(error)) {
    if (error.code === "conflict" && /retry/i.test(error.message)) return t("error.conflict");
    if (KNOWN_CODES.has(error.code)) return t(`error.${error.code}` as MessageKey);
    return t("error.other", { message: error.message });
  }
  if (error instanceof AuthError) {
    return t(`auth.error.${error.code}` as MessageKey, { message: error.message });
  }
  return t("error.other", { message: error instanceof Error ? error.message : String(error) });
}
