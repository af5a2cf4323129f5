import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    watch: false,
    pool: "threads",
    // One jsdom per file: a session's refresh timer started by one file's test must not fire in
    // another's (sharing one jsdom per worker once let a refresh land in a password-reset test).
    isolate: true,
    testTimeout: 10_000,
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
  },
});
