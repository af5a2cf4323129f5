import SwaggerUI from "swagger-ui-dist/swagger-ui-es-bundle.js";
import "swagger-ui-dist/swagger-ui.css";
import { loadDocsConfig, loadSpec, swaggerOptions } from "./docs.ts";
import "./docs.css";

function localStore(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled: no token, the reference still shows
  }
}

async function start(root: HTMLElement): Promise<void> {
  const [config, spec] = await Promise.all([loadDocsConfig(), loadSpec()]);
  root.replaceChildren();
  SwaggerUI(swaggerOptions(config, spec, root, window.location.origin, localStore));
}

const root = document.getElementById("swagger-ui");
if (root) {
  start(root).catch((error: unknown) => {
    const message = document.createElement("p");
    message.className = "docs-error";
    message.textContent = `The API reference could not be shown: ${error instanceof Error ? error.message : String(error)}`;
    root.replaceChildren(message);
  });
}
