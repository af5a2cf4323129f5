import { expect, it, vi } from "vitest";
import type { SwaggerRequest, SwaggerUIOptions } from "swagger-ui-dist/swagger-ui-es-bundle.js";

const swaggerUI = vi.hoisted(() => vi.fn((_options: SwaggerUIOptions) => ({})));
vi.mock("swagger-ui-dist/swagger-ui-es-bundle.js", () => ({ default: swaggerUI }));

it("the docs entry starts Swagger UI on /openapi.json, config.json's apiUrl and the member's token", async () => {
  document.body.innerHTML = '<div id="swagger-ui"><p>Loading…</p></div>';
  localStorage.setItem("CognitoIdentityServiceProvider.client-1.LastAuthUser", "ava");
  localStorage.setItem("CognitoIdentityServiceProvider.client-1.ava.idToken", "the.id.token");
  const fetchMock = vi.fn((url: string) => {
    const body =
      url === "/config.json"
        ? { apiUrl: "https://api.example", region: "eu-west-1", userPoolId: "p", clientId: "client-1" }
        : { openapi: "3.1.0", info: { title: "Advocacy API", version: "1" }, servers: [{ url: "/" }], paths: {} };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  });
  vi.stubGlobal("fetch", fetchMock);

  await import("./main");
  await vi.waitFor(() => expect(swaggerUI).toHaveBeenCalledTimes(1));

  expect(fetchMock.mock.calls.map(([url]) => url).sort()).toEqual(["/config.json", "/openapi.json"]);
  const options = swaggerUI.mock.calls[0]![0];
  expect(options.domNode).toBe(document.getElementById("swagger-ui"));
  expect(options.spec).toMatchObject({ info: { title: "Advocacy API" }, servers: [{ url: "https://api.example" }] });
  const sent = options.requestInterceptor!({ url: "https://api.example/feed", headers: {} }) as SwaggerRequest;
  expect(sent.headers.Authorization).toBe("Bearer the.id.token");
  localStorage.clear();
});
