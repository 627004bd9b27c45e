"""A walk through every page a user can reach, as that user, at the widths
people use: it follows the links of each page (one page of each kind: one
activity, one meeting …) and on each page, at each width, records what
would stop someone: a page that scrolls sideways, a navigation bar taller
than one row from 1280 px, a console error, a serious or critical
accessibility violation found by axe-core (npm, injected from node_modules
as a script of the page's own origin, so the page's CSP stays on).

Used by overview/tests/test_walk.py on the demo data; it can walk a running
server too: `python -m devtools.walk http://127.0.0.1:8000 thuongtruc`."""

import re
import sys
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (375, 1280, 1366, 1920)
ONE_ROW = 64  # px: the navigation bar's height as one row
# Not pages: files, exports, searches answered in JSON, the admin and leaving.
SKIP = re.compile(
    r"/(media|static|admin)/|/accounts/logout/|/export|/template|/search/|/download|/files?/|/attachments/|/runs/\d+/(word|signed)/$|\.(pdf|xlsx|csv|zip|png|jpe?g)$"
)


@dataclass
class Walk:
    user: str
    pages: list[str] = field(default_factory=list)  # paths visited, in order
    kinds: set[str] = field(default_factory=set)  # URL names visited
    problems: list[str] = field(default_factory=list)
    screenshots: list[Path] = field(default_factory=list)


def kind_of(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _axe(page, base: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=f"{base}/__axe__.js")
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({id: v.id, impact: v.impact, help: v.help,
                            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )


def walk(
    browser,
    base: str,
    username: str,
    password: str,
    *,
    start: str,
    widths=WIDTHS,
    limit: int = 80,
    shots: Path | None = None,
) -> Walk:
    result = Walk(username)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    context.route(f"{base}/__axe__.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_selector("h1")

    queue = deque([start, "/accounts/password/"])
    seen_kinds: set[str] = set()
    while queue and len(result.pages) < limit:
        path = queue.popleft()
        kind = kind_of(path)
        if kind is None or kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        errors.clear()
        page.set_viewport_size({"width": widths[0], "height": 900})
        response = page.goto(f"{base}{path}")
        if response is None or response.status >= 400:
            result.problems.append(f"{path}: HTTP {response.status if response else '?'}")
            continue
        result.pages.append(path)
        result.kinds.add(kind)
        for width in widths:
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(50)
            scroll = page.evaluate("() => document.documentElement.scrollWidth")
            if scroll > width:
                wide = page.evaluate(
                    """(w) => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > w + 1)
                        .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))""",
                    width,
                )
                result.problems.append(f"{path} @{width}: scrolls sideways ({scroll} px): {wide}")
            bar = page.evaluate("() => document.querySelector('.app-navbar').getBoundingClientRect().height")
            if width >= 1280 and bar > ONE_ROW:
                result.problems.append(f"{path} @{width}: navigation bar {bar:.0f} px tall")
            for v in _axe(page, base):
                result.problems.append(f"{path} @{width}: axe {v['impact']} {v['id']} ({v['help']}): {v['nodes']}")
            if shots is not None and width in (375, 1366):
                name = re.sub(r"[^a-z0-9]+", "-", f"{username}-{kind}-{width}".lower()).strip("-")
                target = shots / f"walk-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                result.screenshots.append(target)
        for error in errors:
            result.problems.append(f"{path}: console error: {error}")
        for href in page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    context.close()
    return result


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    import os
    import shutil

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from playwright.sync_api import sync_playwright

    base, user = sys.argv[1], sys.argv[2]
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        found = walk(browser, base, user, os.environ.get("PASSWORD", "SonHa@2026"), start="/c/son-ha/")
        print(f"{len(found.pages)} pages: {sorted(found.kinds)}")
        print("\n".join(found.problems) or "no problems")
