"""A real headless Chromium (Debian's) driven by Playwright, for testing reports as people see them.

The browser runs with background networking off, and every request the page makes is recorded,
so a test can prove a report loads nothing from anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(os.environ.get("V6AUDIT_ARTIFACTS", "out/test-artifacts"))


@dataclass
class Visit:
    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=True)
        return path


@contextmanager
def open_page(path: Path, width: int = 1280) -> Iterator[Visit]:
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/setup (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            visit = Visit(page)
            page.on("request", lambda request: visit.requests.append(request.url))
            page.on("console", lambda m: visit.console_errors.append(m.text)
                    if m.type == "error" else None)  # fmt: skip
            page.on("pageerror", lambda error: visit.console_errors.append(str(error)))
            page.on(
                "dialog", lambda dialog: (visit.dialogs.append(dialog.message), dialog.dismiss())
            )
            page.goto(path.resolve().as_uri())
            yield visit
        finally:
            browser.close()
