import { describe, expect, it } from "vitest";
import { json, stubApi } from "./test/harness";
import { CONFIG_STORAGE_KEY, ConfigError, ConfigUnreachable, loadConfig, parseConfig } from "./config";

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

describe("config.json offline", () => {
  const FILE = "http://app.test/config.json";
  const unreachable = () => {
    throw new TypeError("Failed to fetch");
  };

  it("starts with the copy kept from the last start when the network cannot be reached", async () => {
    stubApi({ "GET /config.json": json(VALID) });
    await loadConfig(FILE);
    stubApi({ "GET /config.json": unreachable });
    await expect(loadConfig(FILE)).resolves.toEqual(parseConfig(VALID));
  });

  it("says it is unreachable when this device kept no copy, or one that no longer parses", async () => {
    stubApi({ "GET /config.json": unreachable });
    await expect(loadConfig(FILE)).rejects.toBeInstanceOf(ConfigUnreachable);
    localStorage.setItem(CONFIG_STORAGE_KEY, JSON.stringify({ apiUrl: "" }));
    await expect(loadConfig(FILE)).rejects.toBeInstanceOf(ConfigUnreachable);
  });

  it("never hides a missing or malformed file behind the kept copy", async () => {
    stubApi({ "GET /config.json": json(VALID) });
    await loadConfig(FILE);
    stubApi({ "GET /config.json": new Response("gone", { status: 404 }) });
    const missing = loadConfig(FILE);
    await expect(missing).rejects.toThrow(/HTTP 404/);
    await expect(missing).rejects.not.toBeInstanceOf(ConfigUnreachable);
    stubApi({ "GET /config.json": json({ ...VALID, region: "" }) });
    await expect(loadConfig(FILE)).rejects.toThrow(/region/);
  });

  it("keeps the newest file: a deployment's change replaces the kept copy", async () => {
    stubApi({ "GET /config.json": json(VALID) });
    await loadConfig(FILE);
    stubApi({ "GET /config.json": json({ ...VALID, clientId: "new-client" }) });
    await loadConfig(FILE);
    stubApi({ "GET /config.json": unreachable });
    await expect(loadConfig(FILE)).resolves.toMatchObject({ clientId: "new-client" });
  });
});
