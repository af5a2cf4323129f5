"""A tiny stand-in for the web app's build (`web/dist`), so tests need neither npm nor the app: the
infra tier synthesizes the stack with it (`web_dist` context), the unit and e2e tiers serve it."""

from __future__ import annotations

from pathlib import Path

INDEX_HTML = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Advocacy (test build)</title>'
    '<script type="module" src="/assets/index-C0ffee42.js"></script>'
    '<link rel="stylesheet" href="/assets/index-D3adB33f.css"></head>'
    '<body><div id="root"></div></body></html>\n'
)
DOCS_HTML = (
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Advocacy API reference (test build)'
    '</title></head><body><div id="swagger-ui"></div></body></html>\n'
)
SCRIPT = "assets/index-C0ffee42.js"
STYLE = "assets/index-D3adB33f.css"
FILES = {
    "index.html": INDEX_HTML,
    "docs.html": DOCS_HTML,
    SCRIPT: 'document.getElementById("root").textContent = "Advocacy";\n',
    STYLE: "body { margin: 0; }\n",
    "sw.js": 'self.addEventListener("fetch", () => {});\n',
    "manifest.webmanifest": '{"name": "Advocacy"}\n',
    "icons/icon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
    ".vite/manifest.json": '{"index.html": {"file": "assets/index-C0ffee42.js"}}\n',  # not published
    # A build may hold a config.json (the app's dev server writes public/config.json); neither the
    # stack nor the local origin may serve it.
    "config.json": '{"apiUrl": "http://stale.invalid"}\n',
}


def write_dist(root: Path) -> Path:
    """Write the stand-in build under `root` and return it."""
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
