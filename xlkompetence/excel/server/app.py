"""The application: the add-in's API and files on one set of settings."""

from __future__ import annotations

from datetime import date

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import api, overview, web
from .dependencies import ServerState
from .errors import access_log, malformed, refused
from .settings import ServerSettings

__all__ = ["create_app"]


def create_app(settings: ServerSettings, *, today: date | None = None) -> FastAPI:
    """The ASGI application; ``today`` fixes the date overdue rows are measured against."""
    state = ServerState.create(settings, today)
    app = FastAPI(title="xlkompetence", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=state.store.running)
    app.state.server = state
    app.middleware("http")(access_log)
    # Outermost, so that refusals carry CORS headers too and the task pane can read them.
    app.add_middleware(CORSMiddleware, allow_origins=settings.origins, allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type"], expose_headers=["Retry-After"])
    app.add_exception_handler(StarletteHTTPException, refused)
    app.add_exception_handler(RequestValidationError, malformed)
    app.include_router(api.router)
    app.include_router(overview.router)
    app.include_router(web.router)
    return app
