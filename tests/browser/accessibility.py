"""axe-core in the browser tests: the vendored ``axe.min.js`` run on a page, violations counted by impact.

The rules are WCAG 2.0/2.1 levels A and AA (axe's ``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa`` tags) plus
axe's best practices, which are reported but never fail a test on their own.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING = {"serious", "critical"}


@cache
def axe_source() -> str:
    source = AXE.read_bytes()
    if hashlib.sha256(source).hexdigest() != AXE_SHA256:
        raise RuntimeError(f"{AXE} is not the vendored axe-core 4.14.1; see its README.md")
    return source.decode()


def axe_violations(page: Page) -> list[dict]:
    """Run axe on the page as it is now. ``evaluate`` goes through the DevTools protocol, so a Content Security
    Policy that forbids inline scripts does not stop it."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
            const results = await axe.run(document, options);
            return results.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                                                 nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }""",
        WCAG_21_AA,
    )


class AccessibilityReport:
    """Violations found across a test's pages, counted by impact, and the failing ones in words."""

    def __init__(self):
        self.by_impact: Counter[str] = Counter()
        self.failures: list[str] = []
        self.pages = 0

    def check(self, page: Page, label: str) -> None:
        self.pages += 1
        for violation in axe_violations(page):
            self.by_impact[violation["impact"] or "unknown"] += 1
            if violation["impact"] in FAILING:
                self.failures.append(
                    f"{label} ({page.url}): {violation['impact']} {violation['id']}: "
                    f"{violation['help']} at {violation['nodes']}"
                )

    def summary(self) -> str:
        counts = ", ".join(
            f"{impact} {self.by_impact[impact]}"
            for impact in ("critical", "serious", "moderate", "minor")
            if self.by_impact[impact]
        )
        return f"axe-core 4.14.1 over {self.pages} page views: {counts or 'no violations'}"
