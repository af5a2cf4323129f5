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

export default defineConfig({
  plugins: [react(), devConfig(), serviceWorker(fileURLToPath(new URL("./sw/sw.js", import.meta.url)))],
  // amazon-cognito-identity-js bundles the `buffer` package, which reads Node's `global`: browsers
  // have globalThis (an inline `window.global = window` would break the Content-Security-Policy).
  define: { global: "globalThis" },
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
