"""Capture the README screenshots from a running server (seeded with tests/pages/scenarios).

.venv/bin/python docs/screenshots/capture.py http://127.0.0.1:8000 <football id> <cricket id> \
    [<cricket competition id>]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


def main(base: str, football: str, cricket: str, competition: str | None = None) -> None:
    pages = {"home": "/", "cricket": f"/matches/{cricket}/", "football": f"/matches/{football}/"}
    if competition:
        pages["cricket-table"] = f"/competitions/{competition}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in pages.items():
            for label, width, scheme in (("phone", 360, "dark"), ("desktop", 1280, "light")):
                page = browser.new_page(
                    viewport={"width": width, "height": 800}, color_scheme=scheme
                )
                page.goto(base + path)
                page.wait_for_selector('#live-status[data-state="live"]')
                page.screenshot(path=HERE / f"{name}-{label}.png", full_page=True)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:5])
