"""Accessibility checks with axe-core (web/node_modules/axe-core, a dev dependency of the web app).

`audit(page)` injects axe into the page as it stands and runs the WCAG 2.0, 2.1 and 2.2 level A and
AA rules; `problems(page, screen)` audits the screen at desktop and at phone size (360 px wide) and
reports each violation of impact serious or critical: the rule, what it asks for, and the elements
that break it (selector and markup). axe only sees what is rendered: callers wait for a screen's
content, not its loading skeletons, before auditing it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import DESKTOP, NARROW_PHONE

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
BLOCKING = ("serious", "critical")
SIZES = {"desktop": DESKTOP, "phone": NARROW_PHONE}

_RUN = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    url: v.helpUrl,
    nodes: v.nodes.map((n) => [n.target.join(" "), n.html.slice(0, 160)]),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str | None
    help: str
    url: str
    nodes: tuple[tuple[str, str], ...]  # (CSS selector, the element's markup, cut short)

    @property
    def targets(self) -> tuple[str, ...]:
        return tuple(selector for selector, _ in self.nodes)

    def __str__(self) -> str:
        where = "".join(f"\n    - {selector}  {html}" for selector, html in self.nodes)
        return f"  {self.rule} ({self.impact}): {self.help} <{self.url}>{where}"


def _inject(page: Page) -> None:
    """axe into the page. The app's CSP allows scripts from its own origin only (no inline script), so
    there axe is served at a path of that origin, answered by the test itself: the audit runs under
    the CSP as deployed, not a relaxed one."""
    if not AXE.exists():
        raise FileNotFoundError(
            f"{AXE} is missing: run `make web-install` (axe-core is a web dev dependency)"
        )
    origin = page.evaluate("() => location.origin")
    if not origin.startswith("http"):  # a page of the test's own (set_content): no CSP
        page.add_script_tag(path=str(AXE))
        return
    url = f"{origin}/__axe-core__.js"
    page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url)


def audit(page: Page) -> list[Violation]:
    """Every WCAG A/AA violation axe finds on the page now, whatever its impact."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        _inject(page)
    found: list[dict[str, Any]] = page.evaluate(_RUN, list(WCAG_TAGS))
    return [
        Violation(v["rule"], v["impact"], v["help"], v["url"], tuple((s, h) for s, h in v["nodes"]))
        for v in found
    ]


def blocking(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.impact in BLOCKING]


def report(screen: str, violations: list[Violation]) -> str:
    """The violations of one screen, readably."""
    return f"{screen}: {len(violations)} violation(s)\n" + "\n".join(str(v) for v in violations)


def problems(page: Page, screen: str) -> list[str]:
    """A report per size at which the screen has serious or critical violations (none: all is well).
    The page is left at desktop size."""
    found = []
    try:
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            violations = blocking(audit(page))
            if violations:
                found.append(report(f"{screen} ({size}, {viewport['width']} px)", violations))
    finally:
        page.set_viewport_size(DESKTOP)
    return found


def assert_accessible(page: Page, screen: str) -> None:
    """Fail when axe finds a serious or critical WCAG A/AA violation on the screen, at either size."""
    found = problems(page, screen)
    assert not found, "\n\n".join(found)
