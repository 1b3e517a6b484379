"""Who may use the studio, and which requests it acts on.

- On 127.0.0.1 (the default) only this computer can reach it; requests must also name it in their
  ``Host`` header, so a web page cannot reach it through a DNS name it controls (DNS rebinding).
- On any other address an access token is required (as Jupyter does): the address printed at
  start-up carries it once as ``?token=``, the studio moves it into a cookie and drops it from the
  address bar. Scripts may send ``Authorization: Bearer <token>``.
- Every form carries a CSRF token that must match a cookie only this site can set (double submit),
  and a browser's ``Origin``, when it sends one, must be the studio itself.
- No request body may be larger than ``max_body``: checked from ``Content-Length`` and again while
  the body arrives, before anything parses it.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

CSRF_FIELD = "csrf"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


class Refused(Exception):
    """A request the studio will not act on: the status and what to tell the person."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(24)


def cookie_names(port: int | None) -> tuple[str, str]:
    """Per-port names: two studios on one computer do not overwrite each other's cookies."""
    return f"leaflet_studio_token_{port}", f"leaflet_studio_csrf_{port}"


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware in front of every route, static files included."""

    def __init__(self, app, *, token: str | None, loopback_only: bool, max_body: int):
        self.app, self.token, self.loopback_only, self.max_body = app, token, loopback_only, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        token_cookie, csrf_cookie = cookie_names((scope.get("server") or (None, None))[1])
        refusal = self._refusal(request, token_cookie)
        if refusal is not None:
            return await refusal(scope, receive, send)
        if self.token and request.query_params.get("token") and request.method == "GET":
            # Keep the token out of the address bar, history and screenshots from now on.
            query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            response = RedirectResponse(str(request.url.replace(query=query)), status_code=303)
            response.set_cookie(token_cookie, self.token, httponly=True, samesite="strict")
            return await response(scope, receive, send)
        csrf = request.cookies.get(csrf_cookie) or ""
        fresh = len(csrf) < 32
        if fresh:
            csrf = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf"] = csrf
        scope["state"]["csrf_cookie"] = None if fresh else csrf

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and fresh:
                cookie = SimpleCookie()
                cookie[csrf_cookie] = csrf
                cookie[csrf_cookie].update({"httponly": True, "samesite": "Strict", "path": "/"})
                message.setdefault("headers", []).append(
                    (b"set-cookie", cookie.output(header="").strip().encode("latin-1")))
            await send(message)

        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send_with_cookie)
        except _TooLarge:
            await self._too_large()(scope, receive, send)

    def _too_large(self) -> Response:
        return PlainTextResponse(f"The request is larger than the studio accepts "
                                 f"({self.max_body // 1024 // 1024} MB at most).", status_code=413)

    def _refusal(self, request: Request, token_cookie: str) -> Response | None:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if self.loopback_only and not is_loopback(host):
            return PlainTextResponse("This studio only answers requests addressed to 127.0.0.1 or localhost.",
                                     status_code=421)
        if self.token and not self._has_token(request, token_cookie):
            return HTMLResponse(_NO_TOKEN, status_code=403)
        length = request.headers.get("content-length")
        if length and (not length.isdigit() or int(length) > self.max_body):
            return self._too_large()
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
                return PlainTextResponse("Refused: this form was sent from another web site.", status_code=403)
        return None

    def _has_token(self, request: Request, token_cookie: str) -> bool:
        given = [request.cookies.get(token_cookie, ""), request.query_params.get("token", "")]
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given.append(auth[7:].strip())
        return any(g and hmac.compare_digest(g.encode(), self.token.encode()) for g in given)


def check_csrf(request: Request, form) -> None:
    """Refuse a form whose CSRF field does not match this browser's cookie."""
    cookie = request.state.csrf_cookie or ""
    sent = form.get(CSRF_FIELD) or request.headers.get("x-csrf-token") or ""
    if not cookie or not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), cookie.encode()):
        raise Refused(403, "This form has expired or was not sent from the studio. Reload the page and try again.")


_NO_TOKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access token needed – leaflet studio</title></head>
<body><main><h1>Access token needed</h1>
<p>This studio is open to the clinic's network, so it needs its access token. Open the address the
studio printed when it started (it ends in <code>?token=</code> and a long code), or ask the person
who started it.</p></main></body></html>
"""
