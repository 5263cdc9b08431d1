"""What the API lets in: a body-size limit, bearer tokens for writes, and browser hardening.

The web UI is served with a strict Content-Security-Policy (no inline scripts, same-origin
requests only), so article text that contains markup can never run.
"""

from __future__ import annotations

import hmac
import json

from fastapi import HTTPException, Request

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")  # fmt: skip
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413, whether or not the
    client sent a Content-Length (chunked bodies are counted as they arrive)."""

    def __init__(self, app, max_bytes: int) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        refused = False
        started = False

        async def guarded_send(message):  # type: ignore[no-untyped-def]
            # Once we answered 413, whatever the app still tries to send is dropped.
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        async def counting_receive():  # type: ignore[no-untyped-def]
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    if not started:
                        await self._refuse(send)
                    refused = True
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not refused:
                await self._refuse(send)

    async def _refuse(self, send) -> None:  # type: ignore[no-untyped-def]
        body = json.dumps({"detail": f"request body over {self.max_bytes} bytes",
                           "code": "E003"}).encode()  # fmt: skip
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def require_token(request: Request, configured: str | None) -> None:
    """Writes need ``Authorization: Bearer <token>``; without a configured token, no writes."""
    if not configured:
        raise HTTPException(403, "writes are disabled: start the server with a token "
                                 "(WIRECODER_API_TOKEN or `wirecoder serve --token`)")  # fmt: skip
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), configured):
        raise HTTPException(401, "a valid bearer token is required for writes",
                            headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
