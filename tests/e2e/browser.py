"""Debian's chromium through Playwright for the browser tests (never a Playwright browser download)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
requires_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                       reason="Debian's chromium (/usr/bin/chromium) is not installed")


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Chromium's Local Network Access checks block a cross-site iframe's WebSocket to 127.0.0.1; in the
        # embed test both the "partner" and the assistant are on this machine. Real partners are public sites.
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox", "--disable-features=LocalNetworkAccessChecks"])
        try:
            yield instance
        finally:
            instance.close()
