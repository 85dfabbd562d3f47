"""Reading a request's JSON body once, the same way for every route the project adds."""
from __future__ import annotations

from typing import Any

from sanic.request import Request

UNREADABLE = object()


def json_body(request: Request) -> Any:
    """The parsed JSON body (any JSON value), or UNREADABLE when the body is not JSON at all."""
    try:
        return request.json
    except Exception:  # noqa: BLE001 - Sanic raises several kinds for a broken body
        return UNREADABLE
