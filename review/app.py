"""The staff review app: ``create_app(engine, config)`` gives the ASGI application.

Server-rendered pages (FastAPI + Jinja2): sign in, the review queue, an
item with its audit trail, manual entry, sources and the dashboard. Every
response carries a Content-Security-Policy that allows no inline script;
every form carries a CSRF token; sign-ins are throttled. Reads and writes go
through ``storage.review`` and ``storage.queries``; counts come from
``pipeline.report``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from urllib.parse import quote

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine, text
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.types import Config, UserRole
from review import overview, queue
from review.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_LIFETIME,
    LoginThrottle,
    check_credentials,
    new_token,
    same_token,
    token_digest,
)
from review.metrics import prometheus_text
from review.web import (
    STATIC,
    AppState,
    CollectHook,
    NotSignedIn,
    current_viewer,
    db,
    need_form,
    render,
    safe_next,
    see_other,
    state,
)
from storage import queries
from storage import review as store

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def create_app(
    engine: Engine,
    config: Config,
    *,
    collect: CollectHook | None = None,
    clock: Callable[[], datetime] | None = None,
    secure_cookies: bool = False,
    throttle: LoginThrottle | None = None,
) -> FastAPI:
    """The review app on ``engine`` for ``config``.

    ``collect`` runs one source now (the "collect now" button; without it the
    button is not offered). ``clock`` gives the current time (tests pass
    their own). ``secure_cookies`` marks cookies Secure, for HTTPS behind a
    proxy.
    """
    app = FastAPI(title="mediawatch review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.mediawatch = AppState(
        engine=engine,
        config=config,
        clock=clock or (lambda: datetime.now(UTC)),
        collect=collect,
        throttle=throttle or LoginThrottle(),
        secure_cookies=secure_cookies,
    )

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _error: NotSignedIn) -> Response:
        if request.method != "GET":
            return PlainTextResponse("sign in first", status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        key = {403: "forbidden", 404: "not_found", 400: "bad_request"}.get(
            error.status_code, "bad_request"
        )
        detail = error.detail if error.status_code == 400 else ""
        return render(
            request,
            "error.html",
            {"message_key": key, "detail": str(detail or "")},
            viewer=current_viewer(request),
            status_code=error.status_code,
        )

    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(queue.router)
    app.include_router(overview.router)

    @app.get("/")
    async def home() -> Response:
        return RedirectResponse("/queue", status_code=303)

    @app.get("/healthz")
    async def healthz(request: Request) -> Response:
        with db(request) as session:
            session.execute(text("SELECT 1"))
        return PlainTextResponse("ok")

    @app.get("/metrics")
    async def metrics(request: Request) -> Response:
        with db(request) as session:
            counts = queries.service_counts(session, state(request).clock())
        return PlainTextResponse(
            prometheus_text(counts), media_type="text/plain; version=0.0.4; charset=utf-8"
        )

    @app.get("/login")
    async def login_page(request: Request, next: str = "/queue") -> Response:
        token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_token()
        response = render(
            request, "login.html", {"login_csrf": token, "next": safe_next(next), "error": None}
        )
        _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        name = str(form.get("name") or "").strip()
        password = str(form.get("password") or "")
        target = safe_next(str(form.get("next") or "/queue"))
        app_state = state(request)
        now = app_state.clock()
        token = request.cookies.get(LOGIN_CSRF_COOKIE)
        if not same_token(token, str(form.get("csrf") or "")):
            raise HTTPException(status_code=403, detail="csrf")
        client = request.client.host if request.client else "unknown"
        keys = (f"addr:{client}", f"name:{name.lower()}")
        if app_state.throttle.blocked(keys, now):
            return render(
                request,
                "login.html",
                {"login_csrf": token, "next": target, "error": "login_throttled"},
                status_code=429,
            )
        with db(request) as session:
            found = store.user_credentials(session, name)
        if not check_credentials(found[1] if found else None, password) or found is None:
            app_state.throttle.failed(keys, now)
            return render(
                request,
                "login.html",
                {"login_csrf": token, "next": target, "error": "login_failed"},
                status_code=401,
            )
        session_token = new_token()
        with db(request) as session:
            store.start_session(
                session,
                user_id=found[0].id,
                token_hash=token_digest(session_token),
                csrf_token=new_token(),
                now=now,
                lifetime=SESSION_LIFETIME,
            )
        response = see_other(target)
        _set_cookie(
            request,
            response,
            SESSION_COOKIE,
            session_token,
            max_age=int(SESSION_LIFETIME.total_seconds()),
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE)
        return response

    @app.post("/logout")
    async def logout(request: Request) -> Response:
        await need_form(request, UserRole.VIEWER)
        token = request.cookies.get(SESSION_COOKIE) or ""
        with db(request) as session:
            store.end_session(session, token_digest(token))
        response = see_other("/login")
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/lang/{code}")
    async def switch_language(request: Request, code: str, next: str = "/queue") -> Response:
        response = see_other(safe_next(next))
        if code in ("ja", "en"):
            _set_cookie(request, response, "mw_lang", code, max_age=365 * 86400)
        return response

    return app


def _quote(path: str) -> str:
    return quote(path, safe="")


def _set_cookie(
    request: Request, response: Response, name: str, value: str, *, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=state(request).secure_cookies,
        path="/",
    )
