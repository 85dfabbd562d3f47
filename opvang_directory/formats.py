"""Format checks for contact values: Dutch phone numbers, URLs, e-mail addresses."""
from __future__ import annotations

import re
from urllib.parse import urlparse

_PHONE_CHARS = re.compile(r"^\+?[0-9][0-9 \-]*[0-9]$|^[0-9]{3}$")
_PHONE_DIGIT_PATTERNS = (
    re.compile(r"^11[23]$"),  # 112 alarm, 113 suicide prevention
    re.compile(r"^14\d{3,4}$"),  # gemeente number 14 + area code
    re.compile(r"^0(800|900|906|909)\d{4}(\d{3})?$"),  # information numbers: 4 or 7 digits
    re.compile(r"^0[1-9]\d{8}$"),  # area code + subscriber, or 06 mobile, or 088: 10 digits
    re.compile(r"^(\+31|0031)[1-9]\d{8}$"),  # international form
)
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")


def is_dutch_phone(value: str) -> bool:
    """'0800-2000', '033-448 11 86', '112', '+31 70 333 44 44'; separators: spaces and one kind of hyphen."""
    text = str(value).strip()
    if not _PHONE_CHARS.match(text) or "  " in text or "--" in text:
        return False
    digits = re.sub(r"[ \-]", "", text)
    return any(p.match(digits) for p in _PHONE_DIGIT_PATTERNS)


def is_url(value: str) -> bool:
    text = str(value).strip()
    if not text or any(ch.isspace() for ch in text):
        return False
    parsed = urlparse(text)
    host = parsed.hostname or ""
    return parsed.scheme in ("http", "https") and "." in host and not host.startswith(".") and not host.endswith(".")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(str(value).strip()))
