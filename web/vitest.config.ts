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
    // One jsdom per worker, not per file: the tests restore what they stub (restoreMocks,
    // unstubGlobals, the setup file clears the DOM and storage), and this halves the run.
    isolate: false,
    testTimeout: 10_000,
    css: false,
    restoreMocks: true,
    unstubGlobals: true,
  },
});
