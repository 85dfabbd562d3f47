"""Debian's chromium through Playwright for the browser tests (never a Playwright browser download)."""
from __future__ import annotations

import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
requires_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                       reason="Debian's chromium (/usr/bin/chromium) is not installed")
REPLY_TIMEOUT_MS = 90_000  # a reply on a busy 2-core machine


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


# The chat page (/chat): its input field and its messages per sender (jij, chatbot, medewerker).
def chat_send(page, text: str) -> None:
    page.fill("#invoer", text)
    page.press("#invoer", "Enter")


def chat_texts(page, kind: str) -> list[str]:
    return page.locator(f".bericht-{kind} .tekst").all_inner_texts()


def wait_for_chat(page, kind: str, before: int, timeout: int = REPLY_TIMEOUT_MS) -> list[str]:
    page.wait_for_function("([k, n]) => document.querySelectorAll('.bericht-' + k).length > n",
                           arg=[kind, before], timeout=timeout)
    page.wait_for_timeout(800)  # one message can get several replies
    return chat_texts(page, kind)[before:]


_DIGITS_TO_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def text_marker(length: int = 6) -> str:
    """A random word to find a message again. Letters only: hex such as "6127fc" is a postcode (1234 AB) and
    the privacy layer rightly stores it as [postcode], so the text could no longer be found."""
    return uuid.uuid4().hex[:length].translate(_DIGITS_TO_LETTERS)
