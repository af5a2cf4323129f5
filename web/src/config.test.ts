import { describe, expect, it } from "vitest";
import { json, stubApi } from "./test/harness";
import { ConfigError, loadConfig, parseConfig } from "./config";

const VALID = {
  apiUrl: "https://api.example/",
  region: "eu-west-1",
  userPoolId: "eu-west-1_abc",
  clientId: "client",
};

describe("config.json", () => {
  it("defaults to SRP and trims the API URL's trailing slash", () => {
    expect(parseConfig(VALID)).toEqual({ ...VALID, apiUrl: "https://api.example", authFlow: "srp" });
  });

  it("keeps the local stack's options", () => {
    expect(parseConfig({ ...VALID, authFlow: "password", cognitoEndpoint: "/cognito/" })).toMatchObject({
      authFlow: "password",
      cognitoEndpoint: "/cognito/",
    });
  });

  it("names what is wrong", () => {
    expect(() => parseConfig({ ...VALID, clientId: "" })).toThrow(/clientId/);
    expect(() => parseConfig({ ...VALID, authFlow: "magic" })).toThrow(/authFlow/);
    expect(() => parseConfig([])).toThrow(ConfigError);
  });

  it("is fetched without the HTTP cache", async () => {
    const stub = stubApi({ "GET /config.json": json(VALID) });
    await expect(loadConfig("http://app.test/config.json")).resolves.toMatchObject({ region: "eu-west-1" });
    expect(stub.requests[0]?.cache).toBe("no-store");
  });
});
