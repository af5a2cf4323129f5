// @vitest-environment node
import { describe, expect, it } from "vitest";
import { generate } from "../../scripts/api-types.mjs";
import { readFile } from "node:fs/promises";

describe("generated API types", () => {
  it("src/api/schema.d.ts matches docs/openapi.json (else run `npm run gen:api`)", async () => {
    const committed = await readFile(new URL("./schema.d.ts", import.meta.url), "utf8");
    const fresh = await generate();
    // Compared as a boolean so a stale file fails with the hint above, not a 244 KB diff.
    expect(fresh === committed, "src/api/schema.d.ts is stale: run `npm run gen:api`").toBe(true);
  });
});
