"""Screenshots of pages at phone and desktop widths: python scripts/screenshot.py URL [URL...]

Writes var/screenshots/<slug>-<width>.png. Uses Debian's Chromium; nothing is downloaded."""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path("var/screenshots")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(urls):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for url in urls:
            for width in (375, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(url)
                name = re.sub(r"[^a-z0-9]+", "-", url.split("//", 1)[-1].lower()).strip("-")
                path = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(path), full_page=True)
                print(path)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
