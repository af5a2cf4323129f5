import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Screens are lazily loaded chunks: the first render of each in a run takes a moment to transform.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  if (typeof document === "undefined") return; // tests in the node environment
  cleanup();
  localStorage.clear();
  document.documentElement.lang = "";
});
