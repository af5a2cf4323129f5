/** The API reference at /docs: Swagger UI (swagger-ui-dist, bundled) over the build's /openapi.json,
 * with "Try it out" sent to this stack's API (config.json's apiUrl) as the signed-in member.
 *
 * Kept apart from the members' app (its own Vite entry, docs.html): nothing here loads the Cognito
 * library or grows the app's bundle. The ID token is read from the keys the library keeps in
 * localStorage, as src/auth/cognito.ts reads them. */
import type { SwaggerRequest, SwaggerUIOptions } from "swagger-ui-dist/swagger-ui-es-bundle.js";
import type { RuntimeConfig } from "../config.ts";

/** The API document, copied into the build from ../docs/openapi.json on every build. */
export const SPEC_URL = "/openapi.json";

interface OpenApiDocument {
  servers?: { url: string; description?: string }[];
  [key: string]: unknown;
}

/** The signed-in member's ID token (the Cognito library's storage keys), or null. */
export function storedIdToken(clientId: string, store: Storage | null): string | null {
  const prefix = `CognitoIdentityServiceProvider.${clientId}`;
  const username = store?.getItem(`${prefix}.LastAuthUser`);
  if (!store || !username) return null;
  return store.getItem(`${prefix}.${username}.idToken`) || null;
}

/** The API's absolute base URL: config.json's apiUrl, which may be relative to this site. */
export function apiBase(apiUrl: string, origin: string): string {
  return new URL(apiUrl, `${origin}/`).href.replace(/\/+$/, "");
}

/** The document with one server: this stack's API, so "Try it out" calls it. */
export function withServer(spec: OpenApiDocument, api: string): OpenApiDocument {
  return { ...spec, servers: [{ url: api, description: "This stack's API" }] };
}

/** Adds `Authorization: Bearer <ID token>` to a "Try it out" request when a member is signed in
 * (never to the document's own download, nor over a header the page already set). */
export function authorize(clientId: string, store: () => Storage | null) {
  return (request: SwaggerRequest): SwaggerRequest => {
    if (request.loadSpec) return request;
    const token = storedIdToken(clientId, store());
    if (token && !request.headers.Authorization) request.headers.Authorization = `Bearer ${token}`;
    return request;
  };
}

/** Swagger UI's options for the document at SPEC_URL and this stack's config. */
export function swaggerOptions(
  config: Pick<RuntimeConfig, "apiUrl" | "clientId">,
  spec: OpenApiDocument,
  domNode: Element,
  origin: string,
  store: () => Storage | null,
): SwaggerUIOptions {
  return {
    domNode,
    spec: withServer(spec, apiBase(config.apiUrl, origin)),
    deepLinking: true,
    requestInterceptor: authorize(config.clientId, store),
  };
}

/** The two fields of /config.json this page needs (read here rather than through src/config.ts, so
 * that the app's own entry shares no chunk with this page's). */
export async function loadDocsConfig(url = "/config.json"): Promise<Pick<RuntimeConfig, "apiUrl" | "clientId">> {
  const response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`config.json could not be loaded (HTTP ${response.status})`);
  const raw = (await response.json()) as Partial<Record<"apiUrl" | "clientId", unknown>>;
  if (typeof raw.apiUrl !== "string" || !raw.apiUrl.trim()) throw new Error('config.json: "apiUrl" is missing');
  return { apiUrl: raw.apiUrl.trim(), clientId: typeof raw.clientId === "string" ? raw.clientId.trim() : "" };
}

/** Fetches the API document (never from a cache: it changes with each release). */
export async function loadSpec(url = SPEC_URL): Promise<OpenApiDocument> {
  const response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${url} could not be loaded (HTTP ${response.status})`);
  return (await response.json()) as OpenApiDocument;
}
