import { vi } from "vitest";
import type { RuntimeConfig } from "../config";

export const COGNITO_ENDPOINT = "http://cognito.test/";

export const COGNITO_CONFIG: RuntimeConfig = {
  apiUrl: "http://api.test",
  region: "us-east-1",
  userPoolId: "us-east-1_TestPool",
  clientId: "testclient",
  authFlow: "password",
  cognitoEndpoint: COGNITO_ENDPOINT,
};

function b64url(value: object): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** An unsigned JWT with the given claims (the library only decodes tokens; API Gateway checks them). */
export function jwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: "RS256", kid: "test" })}.${b64url(claims)}.signature`;
}

export function tokens(options: { email?: string; expiresIn?: number; n?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (options.expiresIn ?? 3600);
  const email = options.email ?? "ava@acme.example";
  return {
    IdToken: jwt({ sub: "m-ava", email, "custom:org_id": "org-acme", token_use: "id", exp, iat: now, n: options.n ?? 1 }),
    AccessToken: jwt({ sub: "m-ava", username: email, token_use: "access", origin_jti: "jti-1", exp, iat: now }),
    RefreshToken: "refresh-token-1",
    ExpiresIn: options.expiresIn ?? 3600,
    TokenType: "Bearer",
  };
}

export interface CognitoCall {
  target: string;
  body: Record<string, unknown>;
}

type CognitoHandler = (body: Record<string, unknown>) => { status?: number; body: unknown };

/** Cognito's JSON protocol, answered per operation (`X-Amz-Target`). Unknown operations fail;
 * requests elsewhere go to `others` (e.g. the fetch of stubApi, installed before this one). */
export function stubCognito(handlers: Record<string, CognitoHandler>, others?: typeof fetch) {
  const calls: CognitoCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    if (request.url !== COGNITO_ENDPOINT) {
      if (others) return others(request);
      throw new TypeError(`unexpected fetch ${request.url}`);
    }
    const target = (request.headers.get("X-Amz-Target") ?? "").replace("AWSCognitoIdentityProviderService.", "");
    const body = (await request.json()) as Record<string, unknown>;
    calls.push({ target, body });
    const handler = handlers[target];
    const answer = handler ? handler(body) : { status: 400, body: { __type: "InvalidRequest", message: target } };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { "Content-Type": "application/x-amz-json-1.1" },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { calls, fetch: fetchMock };
}

export const wrongPassword = () => ({
  status: 400,
  body: { __type: "NotAuthorizedException", message: "Incorrect username or password." },
});

export const signedIn = (options?: Parameters<typeof tokens>[0]) => () => ({
  body: { AuthenticationResult: tokens(options), ChallengeParameters: {} },
});

export const newPasswordChallenge = () => ({
  body: {
    ChallengeName: "NEW_PASSWORD_REQUIRED",
    Session: "session-1",
    ChallengeParameters: {
      USER_ID_FOR_SRP: "ava@acme.example",
      userAttributes: JSON.stringify({ email: "ava@acme.example", name: "Ava Stone" }),
      requiredAttributes: "[]",
    },
  },
});
