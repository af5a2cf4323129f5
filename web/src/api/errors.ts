import type { ErrorDetail } from "./types";

/** Codes the API answers (docs/api.md#errors), plus the ones this client gives to answers that
 * carry none: API Gateway's own `{"message"}` bodies and requests that never got an answer. */
export type ApiErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "insufficient_points"
  | "out_of_stock"
  | "limit_reached"
  | "idempotency_key_reused"
  | "idempotency_in_progress"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_error"
  | "throttled"
  | "internal_error"
  | "unavailable"
  | "network_error"
  | (string & {});

/** An error of the API, typed: the status, the API's `{error: {code, message, details}}` body
 * (or a code derived from the status for API Gateway's own answers) and `Retry-After` in seconds. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly details: readonly ErrorDetail[];
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    message: string;
    details?: readonly ErrorDetail[];
    retryAfter?: number | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The message of the first detail naming `field` (a body path such as `networks.x.followers`). */
  fieldError(field: string): string | undefined {
    return this.details.find((d) => d.field === field)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The code of an answer without the API's own body (API Gateway's `{"message": ...}`). */
export function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 422:
      return "validation_error";
    case 429:
      return "throttled";
    case 503:
    case 502:
    case 504:
      return "unavailable";
    default:
      return status >= 500 ? "internal_error" : "bad_request";
  }
}

/** `Retry-After` as seconds (a number of seconds or an HTTP date), null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readDetails(value: unknown): ErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((d): ErrorDetail[] =>
    isRecord(d) && typeof d.field === "string" && typeof d.message === "string"
      ? [{ field: d.field, message: d.message }]
      : [],
  );
}

/** Turns an error answer into an ApiError: the API's `{error: {...}}` body, API Gateway's
 * `{message}` body, or no readable body at all. */
export function toApiError(response: Pick<Response, "status" | "headers">, body: unknown): ApiError {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  if (isRecord(body) && isRecord(body.error) && typeof body.error.code === "string") {
    const { code, message, details } = body.error;
    return new ApiError({
      status: response.status,
      code,
      message: typeof message === "string" ? message : code,
      details: readDetails(details),
      retryAfter,
    });
  }
  const message =
    isRecord(body) && typeof body.message === "string" ? body.message : `HTTP ${response.status}`;
  return new ApiError({ status: response.status, code: codeForStatus(response.status), message, retryAfter });
}

/** A request that got no answer (offline, DNS, CORS, a dropped connection). */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    status: 0,
    code: "network_error",
    message: cause instanceof Error ? cause.message : "Network error",
  });
  return Object.assign(error, { cause });
}

/** A network_error when the device is offline (navigator.onLine), so an action can say so at once
 * instead of waiting for the connection; null when online. */
export function offlineError(): ApiError | null {
  if (typeof navigator === "undefined" || navigator.onLine) return null;
  return new ApiError({ status: 0, code: "network_error", message: "offline" });
}
