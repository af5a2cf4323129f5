"""Fake web pages on the local gateway (`GET /_local/pages/<name>`): a page with Open Graph tags for
the content composer's "Fill from link", reachable only because the local stack allows loopback
fetches (`ALLOW_LOOPBACK_FETCH=1`; never deployed).

Its image is named on an https host (`LAUNCH_IMAGE_URL`), as real pages name theirs: the web app's
CSP takes images from its own origin and https only, so one on the gateway's http origin would show
broken. The browser tier answers that URL with `LAUNCH_IMAGE`; the gateway also serves the picture at
`/_local/pages/launch.svg` to look at."""

from __future__ import annotations

from local.payload import HttpResponse

PAGES_PREFIX = "/_local/pages/"
LAUNCH_IMAGE_URL = "https://newsroom.acme.example/images/r2-launch.svg"  # the launch page's og:image

LAUNCH_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme Robotics launches the R2 arm</title>
<meta name="description" content="A plain description the Open Graph one replaces.">
<meta property="og:site_name" content="Acme Robotics Newsroom">
<meta property="og:title" content="Acme Robotics launches the R2 arm &amp; a new factory">
<meta property="og:description" content="The R2 lifts twice as much on half the power. Read how the team built it.">
<meta property="og:image" content="{LAUNCH_IMAGE_URL}">
<meta name="twitter:card" content="summary_large_image">
</head>
<body><h1>Acme Robotics launches the R2 arm</h1><p>A local page for link previews.</p></body>
</html>
"""

LAUNCH_IMAGE = """<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#1f4e79"/>
<text x="600" y="330" font-family="sans-serif" font-size="72" fill="#fff" text-anchor="middle">R2</text>
</svg>
"""

PAGES = {
    "launch": ("text/html; charset=utf-8", LAUNCH_PAGE),
    "launch.svg": ("image/svg+xml", LAUNCH_IMAGE),
}


def page(path: str) -> HttpResponse:
    """The page under `/_local/pages/<name>`, or a 404."""
    found = PAGES.get(path.removeprefix(PAGES_PREFIX))
    if found is None:
        return HttpResponse(404, [("content-type", "text/plain")], b"no such local page")
    kind, text = found
    return HttpResponse(200, [("content-type", kind)], text.encode())
