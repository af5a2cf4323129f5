import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { serviceWorker } from "./sw-plugin.ts";

// `npm run dev` (Vite's dev server, hot reload) against the local stack (`make dev` in the
// repository root): the browser talks to one origin, /api is proxied to the local API and /cognito
// to the emulated Cognito, and /config.json is made from the ids in .local/stack.json.
const API = process.env.ADVOCACY_API ?? "http://127.0.0.1:3000";
const COGNITO = process.env.ADVOCACY_COGNITO ?? "http://127.0.0.1:5005";
const STACK_FILE = fileURLToPath(new URL("../.local/stack.json", import.meta.url));
// The API document the reference at /docs shows (src/docs/), served as /openapi.json.
const OPENAPI_FILE = fileURLToPath(new URL("../docs/openapi.json", import.meta.url));

interface LocalStack {
  region: string;
  user_pool_id: string;
  user_pool_client_id: string;
}

function devConfig(): Plugin {
  return {
    name: "advocacy-dev-config",
    apply: "serve",
    configureServer(server) {
      server.middlewares.use("/config.json", (_req, res) => {
        res.setHeader("Cache-Control", "no-store");
        try {
          const stack = JSON.parse(readFileSync(STACK_FILE, "utf8")) as LocalStack;
          res.setHeader("Content-Type", "application/json");
          res.end(
            JSON.stringify({
              apiUrl: "/api",
              region: stack.region,
              userPoolId: stack.user_pool_id,
              clientId: stack.user_pool_client_id,
              authFlow: "password", // the local Cognito emulator checks no password under SRP
              cognitoEndpoint: "/cognito/",
            }),
          );
        } catch {
          res.statusCode = 503;
          res.end("No .local/stack.json: start the local stack first (`make dev` in the repository root).\n");
        }
      });
    },
  };
}

/** /openapi.json: the repository's docs/openapi.json, read afresh on every build (never a stale copy
 * in public/) and on every request of the dev server (which serves docs.html at /docs.html). */
function openApiDocument(): Plugin {
  return {
    name: "advocacy-openapi-document",
    configureServer(server) {
      server.middlewares.use("/openapi.json", (_req, res) => {
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("Content-Type", "application/json");
        res.end(readFileSync(OPENAPI_FILE, "utf8"));
      });
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "openapi.json", source: readFileSync(OPENAPI_FILE, "utf8") });
    },
  };
}

// amazon-cognito-identity-js bundles the `buffer` package, as swagger-ui-dist does, which read Node's
// `global`: browsers have globalThis (an inline `window.global = window` would break the CSP).
const define = { global: "globalThis" };

/** `vite build --mode docs` (the second half of `npm run build`): the API reference at /docs,
 * docs.html with Swagger UI and /openapi.json, added to the app's dist/. A build of its own rather
 * than a second entry of the app's: two entries would share chunks (Rolldown's runtime helpers, the
 * modulepreload polyfill) split out of the app's initial JS. */
const docsBuild = defineConfig({
  plugins: [openApiDocument()],
  define,
  publicDir: false,
  build: {
    outDir: "dist",
    emptyOutDir: false, // dist/ holds the app's build, made just before
    target: "es2022",
    manifest: false, // dist/.vite/manifest.json stays the app's (npm run sizes, the smoke test)
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2048, // Swagger UI is one large bundle (about 440 KB gzipped), loaded only at /docs
    rolldownOptions: { input: fileURLToPath(new URL("./docs.html", import.meta.url)) },
  },
});

const appBuild = defineConfig({
  plugins: [react(), devConfig(), openApiDocument(), serviceWorker(fileURLToPath(new URL("./sw/sw.js", import.meta.url)))],
  define,
  build: {
    outDir: "dist",
    target: "es2022",
    manifest: true,
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: API, changeOrigin: true, rewrite: (path) => path.replace(/^\/api/, "") },
      "/cognito": { target: COGNITO, changeOrigin: true, rewrite: (path) => path.replace(/^\/cognito/, "") || "/" },
    },
  },
});

export default defineConfig(({ mode }) => (mode === "docs" ? docsBuild : appBuild));
