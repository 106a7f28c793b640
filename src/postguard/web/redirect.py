"""The public tracked-link redirect ``/r/<code>``: no login, counts clicks, never an open redirect.

Only a value shaped like a code is looked up, only a stored code redirects, and only to the
target stored with it: nothing in the request can choose where a visitor is sent. Crawlers,
link previews, prefetches and HEAD requests are redirected too but counted apart (``bot``), so
a post's preview card does not count as a reader. ``Cache-Control: no-store`` keeps browsers
and proxies from answering repeat clicks without asking.
"""
from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import RedirectResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.routing import Route

from ..advocacy.links import is_automated, is_code, visitor_key
from ..errors import NotFoundError
from ..store.base import utcnow
from ..store.clicks import Click, ClickRecorder

log = logging.getLogger("postguard.web.redirect")

HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer-when-downgrade"}


async def follow(request: Request) -> RedirectResponse:
    code: str = request.path_params["code"]
    recorder: ClickRecorder = request.app.state.clicks
    found = recorder.resolve(code) if is_code(code) else None
    if found is None:
        raise NotFoundError("this link does not exist (or was mistyped)")
    share_id, target = found
    headers = {k.lower(): v for k, v in request.headers.items()}
    now = utcnow()
    address = request.client.host if request.client else ""
    click = Click(share_id=share_id, at=now, bot=is_automated(request.method, headers),
                  visitor=visitor_key(address, headers.get("user-agent", ""), now.date().isoformat()))
    try:
        await recorder.record(click)
    except SQLAlchemyError:
        # The visitor still gets where they were going; the lost count is logged with its cause.
        log.exception("could not record a click on /r/%s", code)
    return RedirectResponse(target, status_code=302, headers=HEADERS)


#: A plain Starlette route, put first in the app's routes: a click needs no request validation
#: or dependencies, and should not be matched against every API route before its own.
ROUTE = Route("/r/{code}", follow, methods=["GET", "HEAD"], include_in_schema=False)
