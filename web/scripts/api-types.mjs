// Generates the API client types (src/api/schema.d.ts) from the repository's OpenAPI document
// (docs/openapi.json) with openapi-typescript.
//   node scripts/api-types.mjs --write   regenerate (npm run gen:api)
//   node scripts/api-types.mjs --check   exit 1 when the committed file differs (npm run check:api)
// src/api/schema.test.ts runs the same comparison, so `npm test` catches stale types too.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import openapiTS, { COMMENT_HEADER, astToString } from "openapi-typescript";

export const SPEC_URL = new URL("../../docs/openapi.json", import.meta.url);
export const OUTPUT_URL = new URL("../src/api/schema.d.ts", import.meta.url);

/** The file openapi-typescript makes from docs/openapi.json, exactly as `--write` stores it. */
export async function generate() {
  const spec = JSON.parse(await readFile(SPEC_URL, "utf8"));
  const ast = await openapiTS(spec, { silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

/** Whether the committed file equals what the OpenAPI document gives now. */
export async function isCurrent() {
  const [expected, actual] = await Promise.all([
    generate(),
    readFile(OUTPUT_URL, "utf8").catch(() => ""),
  ]);
  return expected === actual;
}

async function main(argv) {
  if (argv.includes("--write")) {
    await writeFile(OUTPUT_URL, await generate());
    console.log(`wrote ${fileURLToPath(OUTPUT_URL)}`);
  } else if (argv.includes("--check")) {
    if (await isCurrent()) {
      console.log("src/api/schema.d.ts is up to date with docs/openapi.json");
    } else {
      console.error(
        "src/api/schema.d.ts is stale: docs/openapi.json changed. Run `npm run gen:api` and commit the result.",
      );
      process.exitCode = 1;
    }
  } else {
    console.error("usage: node scripts/api-types.mjs --write | --check");
    process.exitCode = 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.slice(2));
}
