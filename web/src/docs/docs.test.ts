import { afterEach, describe, expect, it, vi } from "vitest";
import type { SwaggerRequest, SwaggerUIOptions } from "swagger-ui-dist/swagger-ui-es-bundle.js";
import { SPEC_URL, authorize, loadDocsConfig, loadSpec, storedIdToken, swaggerOptions } from "./docs";

const CLIENT = "client-1";
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT}`;
const SPEC = { openapi: "3.1.0", info: { title: "Advocacy API", version: "1" }, servers: [{ url: "/" }], paths: {} };

function signIn(token = "header.payload.signature"): void {
  localStorage.setItem(`${PREFIX}.LastAuthUser`, "ava");
  localStorage.setItem(`${PREFIX}.ava.idToken`, token);
}

function request(init: Partial<SwaggerRequest> = {}): SwaggerRequest {
  return { url: "https://api.example/feed", headers: {}, ...init };
}

function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
}

afterEach(() => localStorage.clear());

describe("the API reference", () => {
  it("loads /openapi.json and config.json, and sends Try it out to config.json's apiUrl", async () => {
    const fetchMock = vi.fn((url: string) =>
      Promise.resolve(url === "/config.json" ? json({ apiUrl: "https://api.example/", clientId: CLIENT }) : json(SPEC)),
    );
    vi.stubGlobal("fetch", fetchMock);
    const [config, spec] = await Promise.all([loadDocsConfig(), loadSpec()]);
    expect(SPEC_URL).toBe("/openapi.json");
    expect(fetchMock).toHaveBeenCalledWith("/openapi.json", expect.objectContaining({ cache: "no-store" }));

    const node = document.createElement("div");
    const options: SwaggerUIOptions = swaggerOptions(config, spec, node, "https://app.example", () => localStorage);
    expect(options.domNode).toBe(node);
    expect(options.spec).toMatchObject({ info: { title: "Advocacy API" }, servers: [{ url: "https://api.example" }] });
    expect(SPEC.servers).toEqual([{ url: "/" }]); // the document itself is left as it came
  });

  it("resolves a relative apiUrl against the site (the dev server's /api)", () => {
    const options = swaggerOptions({ apiUrl: "/api", clientId: CLIENT }, SPEC, document.body, "http://127.0.0.1:5173", () => null);
    expect(options.spec).toMatchObject({ servers: [{ url: "http://127.0.0.1:5173/api" }] });
  });

  it("adds the signed-in member's ID token to Try it out requests", () => {
    signIn("the.id.token");
    const options = swaggerOptions({ apiUrl: "https://api.example", clientId: CLIENT }, SPEC, document.body, "https://app.example", () => localStorage);
    const sent = options.requestInterceptor!(request()) as SwaggerRequest;
    expect(sent.headers.Authorization).toBe("Bearer the.id.token");
  });

  it("sends no Authorization when nobody is signed in, nor with the document's own download", () => {
    const intercept = authorize(CLIENT, () => localStorage);
    expect(intercept(request()).headers).toEqual({});
    signIn();
    expect(intercept(request({ url: "/openapi.json", loadSpec: true })).headers).toEqual({});
    expect(intercept(request({ headers: { Authorization: "Bearer typed" } })).headers.Authorization).toBe("Bearer typed");
    expect(authorize(CLIENT, () => null)(request()).headers).toEqual({});
  });

  it("reads the token from the Cognito library's keys for this client only", () => {
    signIn("t");
    expect(storedIdToken(CLIENT, localStorage)).toBe("t");
    expect(storedIdToken("other-client", localStorage)).toBeNull();
  });

  it("says when config.json has no apiUrl", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(json({ clientId: CLIENT }))));
    await expect(loadDocsConfig()).rejects.toThrow(/apiUrl/);
  });
});
