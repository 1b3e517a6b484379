"""Who may use the studio, and which requests it acts on.

Browsers keep cookies by host name, not by port: a page served on another port of the same host can
read and plant the studio's cookies, and a form it sends through a redirect arrives with
``Origin: null``. So nothing here trusts a cookie's value alone or a missing origin:

- On 127.0.0.1 (the default) only this computer can reach it; requests must also name it in their
  ``Host`` header, so a web page cannot reach it through a DNS name it controls (DNS rebinding).
- On any other address an access token is required (as Jupyter does): the address printed at
  start-up carries it once as ``?token=``. The token itself never goes into a cookie: the studio
  answers with a session cookie signed with a secret only this studio process knows (made at
  start-up), bound to the address and port the browser used and to the browser's IP address, and
  drops the token from the address bar. Scripts may send ``Authorization: Bearer <token>``.
- The session's CSRF token, put in every form, is the session signed again with that secret: a
  planted cookie does not verify, and a token cannot be made without the secret.
- A request that changes something (any method but GET/HEAD/OPTIONS) must carry the studio's own
  ``Origin``; ``null``, another port or site, or none at all is refused. A browser's
  ``Sec-Fetch-Site`` must say ``same-origin`` for it, and for every GET that builds something
  (previews, downloads, the print page): a picture, frame or script on another site or port
  cannot make the studio work. Only opening the library page from a link is let through.
- Cookie names carry a short fingerprint of the secret, so two studios on one computer (or
  another app's cookies) never collide.
- Every response carries a Content-Security-Policy without inline script or style, refuses to
  be framed, and sends a referrer only to the studio itself.
- No request body may be larger than ``max_body``: checked from ``Content-Length`` and again while
  the body arrives, before anything parses it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import ipaddress
import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

CSRF_FIELD = "csrf"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
SESSION_SECONDS = 7 * 24 * 3600  # a session (and so a form) lasts a week; then the token's address again
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Pages that may be opened from a link on another site (a bookmark on the clinic's intranet):
# nothing on them builds a leaflet the person did not ask for.
ENTRY_PAGES = ("/",)
HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
        b"script-src 'self'; object-src 'none'; base-uri 'none'; "
        b"form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make a form's Origin "null"
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


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


def new_secret() -> str:
    """The per-process secret sessions are signed with (shared by a studio's worker processes)."""
    return secrets.token_urlsafe(32)


class Sessions:
    """Sessions signed with the studio's secret: ``<id>.<issued>.<access>.<mac>``, where the mac
    covers the id, the time it was issued, whether it grants access (token mode), the
    ``host:port`` the browser addressed and the browser's IP address."""

    def __init__(self, secret: str):
        self.key = hashlib.sha256(b"leaflet studio sessions\0" + secret.encode()).digest()
        tag = hashlib.sha256(b"leaflet studio cookie\0" + secret.encode()).hexdigest()[:12]
        self.cookie = f"leaflet_studio_{tag}"

    def _mac(self, *parts: str) -> str:
        digest = hmac.new(self.key, "\0".join(parts).encode("utf-8", "surrogateescape"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def issue(self, where: str, client: str, access: bool) -> str:
        sid, issued = secrets.token_urlsafe(18), str(int(time.time()))
        flag = "1" if access else "0"
        return f"{sid}.{issued}.{flag}.{self._mac('session', sid, issued, flag, where, client)}"

    def verify(self, value: str, where: str, client: str) -> tuple[str, bool] | None:
        """(session id, grants access) of a cookie this studio issued to this address and browser."""
        parts = value.split(".")
        if len(value) > 200 or len(parts) != 4:
            return None
        sid, issued, flag, mac = parts
        if not (issued.isascii() and issued.isdigit()) or flag not in ("0", "1"):
            return None
        if not hmac.compare_digest(mac.encode(), self._mac("session", sid, issued, flag, where, client).encode()):
            return None
        if not 0 <= time.time() - int(issued) <= SESSION_SECONDS:
            return None
        return sid, flag == "1"

    def csrf(self, sid: str) -> str:
        return self._mac("csrf", sid)


class Signer:
    """Links only the studio makes (the print confirmation after post/redirect/get): their query
    carries ``sig``, a mac of every other parameter with the studio's secret, so a crafted link
    shows nothing."""

    FIELD = "sig"

    def __init__(self, secret: str):
        self.key = hashlib.sha256(b"leaflet studio links\0" + secret.encode()).digest()

    def _mac(self, params: dict[str, str]) -> str:
        text = urlencode(sorted((k, v) for k, v in params.items() if k != self.FIELD))
        digest = hmac.new(self.key, text.encode("utf-8", "surrogateescape"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def query(self, params: dict[str, str]) -> str:
        """``params`` as a query string, signed."""
        return urlencode({**params, self.FIELD: self._mac(params)})

    def verify(self, params) -> bool:
        given = params.get(self.FIELD) or ""
        return isinstance(given, str) and hmac.compare_digest(
            given.encode("utf-8", "surrogateescape"), self._mac(dict(params.items())).encode()
        )


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware in front of every route, static files included."""

    def __init__(self, app, *, token: str | None, loopback_only: bool, max_body: int, secret: str):
        self.app, self.token, self.loopback_only, self.max_body = app, token, loopback_only, max_body
        self.sessions = Sessions(secret)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(HEADERS)]
                message["headers"] = headers + HEADERS
            await send(message)

        request = Request(scope)
        where = request.headers.get("host") or ""
        client = (scope.get("client") or ("", 0))[0] or ""
        session = self.sessions.verify(request.cookies.get(self.sessions.cookie) or "", where, client)
        bearer = self._bearer(request)
        refusal = self._refusal(request, session, bearer)
        if refusal is not None:
            return await refusal(scope, receive, send_secured)
        if self.token and request.query_params.get("token") and request.method == "GET":
            if not hmac.compare_digest(request.query_params["token"].encode(), self.token.encode()):
                return await HTMLResponse(_NO_TOKEN, status_code=403)(scope, receive, send_secured)
            # Keep the token out of the address bar, history and screenshots from now on; the
            # browser keeps a session signed for this studio instead of the token. A page that
            # moves on by itself rather than a redirect: after a link from another site (a chat,
            # an email), a redirect would still count as that site's, and the browser would hold
            # back the new SameSite=Strict cookie.
            query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
            path = "/" + request.url.path.lstrip("/\\")  # never "//elsewhere.example": a page here
            clean = html.escape(path + (f"?{query}" if query else ""))
            response = HTMLResponse(_OPENING.format(url=clean))
            response.set_cookie(
                self.sessions.cookie,
                self.sessions.issue(where, client, True),
                max_age=SESSION_SECONDS,
                httponly=True,
                samesite="strict",
            )
            return await response(scope, receive, send_secured)
        fresh = session is None
        sid = self.sessions.issue(where, client, False) if fresh else None
        scope.setdefault("state", {})
        scope["state"]["csrf"] = self.sessions.csrf(session[0] if session else sid.split(".")[0])
        # None: this browser had no valid session, so no form it sent can be the studio's.
        scope["state"]["csrf_expected"] = None if fresh else scope["state"]["csrf"]
        scope["state"]["script"] = bearer  # a script with the token: not a browser, no CSRF possible
        if fresh and self.token:
            fresh = False  # in token mode only the token's address starts a session

        async def send_with_cookie(message):
            if message["type"] == "http.response.start" and fresh:
                cookie = SimpleCookie()
                cookie[self.sessions.cookie] = sid
                cookie[self.sessions.cookie].update(
                    {"httponly": True, "samesite": "Strict", "path": "/", "max-age": str(SESSION_SECONDS)}
                )
                message.setdefault("headers", []).append(
                    (b"set-cookie", cookie.output(header="").strip().encode("latin-1"))
                )
            await send_secured(message)

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
            await self._too_large()(scope, receive, send_secured)

    def _too_large(self) -> Response:
        return PlainTextResponse(
            f"The request is larger than the studio accepts ({self.max_body // 1024 // 1024} MB at most).",
            status_code=413,
        )

    def _bearer(self, request: Request) -> bool:
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        return bool(self.token and given and hmac.compare_digest(given.encode(), self.token.encode()))

    def _refusal(self, request: Request, session: tuple[str, bool] | None, bearer: bool) -> Response | None:
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if self.loopback_only and not is_loopback(host):
            return PlainTextResponse(
                "This studio only answers requests addressed to 127.0.0.1 or localhost.", status_code=421
            )
        length = request.headers.get("content-length")
        if length and (not (length.isascii() and length.isdigit()) or int(length) > self.max_body):
            return self._too_large()
        if not bearer:
            refused = self._from_elsewhere(request)
            if refused:
                return refused
        if self.token and not bearer and not (session and session[1]):
            if not (request.method == "GET" and request.query_params.get("token")):
                return HTMLResponse(_NO_TOKEN, status_code=403)
        return None

    @staticmethod
    def _from_elsewhere(request: Request) -> Response | None:
        """A refusal for a request another site or port made the browser send (checked before any
        work, so a flood of them costs nothing)."""
        site = request.headers.get("sec-fetch-site")
        path = request.url.path
        if request.method not in SAFE_METHODS:
            origin = request.headers.get("origin")
            if (
                not origin
                or origin == "null"
                or urlsplit(origin).netloc != request.headers.get("host")
                or (site is not None and site != "same-origin")
            ):
                return PlainTextResponse(
                    "Refused: this form was not sent from the studio's own page. "
                    "Open the studio and send it from there.",
                    status_code=403,
                )
            return None
        if path.startswith("/static/") or site in (None, "same-origin", "none"):
            return None
        navigation = (
            request.headers.get("sec-fetch-mode") == "navigate" and request.headers.get("sec-fetch-dest") == "document"
        )
        if navigation and path in ENTRY_PAGES:
            return None
        return HTMLResponse(_ELSEWHERE, status_code=403)


def check_csrf(request: Request, form) -> None:
    """Refuse a form whose CSRF field is not the one this studio signed for this browser's session."""
    if request.state.script:
        return
    expected = request.state.csrf_expected or ""
    sent = form.get(CSRF_FIELD) or request.headers.get("x-csrf-token") or ""
    if (
        not expected
        or not isinstance(sent, str)
        or not hmac.compare_digest(sent.encode("utf-8", "surrogateescape"), expected.encode())
    ):
        raise Refused(403, "This form has expired or was not sent from the studio. Reload the page and try again.")


_NO_TOKEN = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Access token needed – leaflet studio</title></head>
<body><main><h1>Access token needed</h1>
<p>This studio is open to the clinic's network, so it needs its access token. Open the address the
studio printed when it started (it ends in <code>?token=</code> and a long code), or ask the person
who started it.</p></main></body></html>
"""

_OPENING = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Opening the studio – leaflet studio</title>
<meta http-equiv="refresh" content="0; url={url}"><meta name="referrer" content="no-referrer">
<link rel="stylesheet" href="/static/studio.css"></head>
<body><main id="main"><h1>Opening the studio</h1>
<p><a href="{url}">Open the studio</a> if it does not open by itself.</p></main></body></html>
"""

_ELSEWHERE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Opened from another site – leaflet studio</title>
<link rel="stylesheet" href="/static/studio.css"></head>
<body><main id="main"><h1>Opened from another site</h1>
<p>This studio page was asked for by another web site, or by a page on another port of this
computer, so the studio did nothing. <a href="/">Open the studio's leaflets and brands</a> and go on
from there.</p></main></body></html>
"""
