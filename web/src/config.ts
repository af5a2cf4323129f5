/** The runtime configuration, read from /config.json at start (the same file locally and deployed). */
export interface RuntimeConfig {
  /** The HTTP API's base URL (the stack's ApiUrl output), absolute or relative to this site. */
  apiUrl: string;
  /** The AWS region of the user pool. */
  region: string;
  userPoolId: string;
  /** The user pool's app client id (no secret). */
  clientId: string;
  /** "srp" (default, deployed) or "password" (USER_PASSWORD_AUTH, the local stack). */
  authFlow: "srp" | "password";
  /** Another Cognito endpoint (the local emulator); absent when deployed. */
  cognitoEndpoint?: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function text(value: Record<string, unknown>, key: string): string {
  const v = value[key];
  if (typeof v !== "string" || v.trim() === "") {
    throw new ConfigError(`config.json: "${key}" must be a non-empty string`);
  }
  return v.trim();
}

/** Checks the shape of config.json and returns it typed; throws ConfigError naming the bad field. */
export function parseConfig(value: unknown): RuntimeConfig {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError("config.json must hold a JSON object");
  }
  const raw = value as Record<string, unknown>;
  const authFlow = raw.authFlow ?? "srp";
  if (authFlow !== "srp" && authFlow !== "password") {
    throw new ConfigError('config.json: "authFlow" must be "srp" or "password"');
  }
  const config: RuntimeConfig = {
    apiUrl: text(raw, "apiUrl").replace(/\/+$/, ""),
    region: text(raw, "region"),
    userPoolId: text(raw, "userPoolId"),
    clientId: text(raw, "clientId"),
    authFlow,
  };
  if (raw.cognitoEndpoint !== undefined && raw.cognitoEndpoint !== null) {
    config.cognitoEndpoint = text(raw, "cognitoEndpoint");
  }
  return config;
}

/** Where the last config.json that loaded is kept on this device. */
export const CONFIG_STORAGE_KEY = "advocacy.config";

/** No config.json could be fetched (no network) and this device kept none from an earlier start. */
export class ConfigUnreachable extends ConfigError {
  override name = "ConfigUnreachable";
}

function saved(): RuntimeConfig | null {
  try {
    const stored = localStorage.getItem(CONFIG_STORAGE_KEY);
    return stored === null ? null : parseConfig(JSON.parse(stored));
  } catch {
    return null; // storage blocked, or a copy that no longer parses: as if none were kept
  }
}

function keep(config: RuntimeConfig): void {
  try {
    localStorage.setItem(CONFIG_STORAGE_KEY, JSON.stringify(config));
  } catch {
    // storage blocked or full: the next offline start says it is offline instead
  }
}

/** Fetches and checks config.json, past the HTTP cache (the service worker leaves it alone too), so a
 * deployment's new settings are read on the next start. The last good copy is kept on the device: when
 * the network cannot be reached at all, the app starts with it, so the shell the service worker keeps
 * opens offline. A file that is missing or malformed is never replaced by the kept copy. */
export async function loadConfig(url = `${import.meta.env.BASE_URL}config.json`): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetch(url, { cache: "no-store", headers: { Accept: "application/json" } });
  } catch (error) {
    const kept = saved();
    if (kept) return kept;
    throw new ConfigUnreachable(error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new ConfigError(`config.json could not be loaded (HTTP ${response.status})`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConfigError("config.json is not valid JSON");
  }
  const config = parseConfig(body);
  keep(config);
  return config;
}
