"""Where the browser is: the one lookup the browser tier and the web benchmark share."""

from __future__ import annotations

import os
import shutil


def chromium_path() -> str | None:
    """The OS package's Chromium (or CHROMIUM_PATH), else None: Playwright's own browser, if any.

    No browser can be downloaded on every machine, so the system package comes first
    (`make chromium` installs it)."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser")
