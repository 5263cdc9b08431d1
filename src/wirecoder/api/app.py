"""The REST API and the web UI, served by one FastAPI app over one event store.

``create_app(db)`` builds it; ``wirecoder serve`` runs it with uvicorn. Reads are open (the
server listens on loopback unless told otherwise, and then needs a token); writes — coding
with ``store=true`` — need the bearer token. Errors are JSON ``{"detail": ..., "code": ...}``.
"""

from __future__ import annotations

import os
import threading
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles

from wirecoder import __version__
from wirecoder.api import models
from wirecoder.api.security import HEADERS, BodyLimit, require_token
from wirecoder.errors import InputError, QueryError, WirecoderError
from wirecoder.store import Store
from wirecoder.store.query import EventFilter, count_events, query_events

DEFAULT_MAX_BODY = 5_000_000
TOTAL_CAP = 10_000  # /api/events counts matches up to here: past it, "total_capped" is true


def _static_dir() -> Path:
    return Path(str(resources.files("wirecoder"))) / "web" / "static"


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def event_filter(
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    country: Annotated[str | None, Query(description="ISO-3 code of source or target")] = None,
    sector: str | None = None,
    type: Annotated[str | None, Query(description="PLOVER categories, comma-separated")] = None,
    quad: Annotated[str | None, Query(description="quad classes 1-4, comma-separated")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    negated: bool | None = None,
    modality: Annotated[str | None, Query(description="comma-separated")] = None,
    place: str | None = None,
    text: Annotated[str | None, Query(description="words in a reporting sentence")] = None,
    min_articles: int | None = None,
    document: str | None = None,
) -> EventFilter:
    """The filters of ``wirecoder query`` as query parameters."""
    try:
        quads = [int(v) for v in _split(quad)]
    except ValueError:
        raise QueryError(f"quad takes numbers 1-4, not {quad!r}") from None
    return EventFilter(actor=actor, source=source, target=target, country=country,
                       sector=sector, type=_split(type), quad_class=quads, since=since,
                       until=until, negated=negated, modality=_split(modality), place=place,
                       text=text, min_articles=min_articles, document=document)  # fmt: skip


Filters = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=0, le=10_000)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


class _CoderHolder:
    """The spaCy pipeline, loaded on the first POST /api/code and shared (one at a time)."""

    def __init__(self, model: str | None) -> None:
        self.model = model
        self.lock = threading.Lock()
        self.coder: Any = None

    def code(self, request: models.CodeRequest) -> Any:
        from wirecoder.coder import Coder, content_id
        from wirecoder.ingest import from_html, from_text

        with self.lock:
            if self.coder is None:
                self.coder = Coder(model=self.model)
            body = request.text if request.text is not None else request.html or ""
            doc_id = content_id(body)
            if request.text is not None:
                raw = from_text(request.text, doc_id=doc_id, published=request.published,
                                title=request.title, url=request.url)  # fmt: skip
            else:
                raw = from_html(request.html or "", doc_id=doc_id, published=request.published,
                                url=request.url)  # fmt: skip
                if request.title:
                    raw.title = request.title
            return self.coder.code_raw(raw)


def create_app(db: str | os.PathLike[str] | None = None, *, token: str | None = None,
               model: str | None = None, max_body: int = DEFAULT_MAX_BODY,
               read_token: bool = False) -> FastAPI:  # fmt: skip
    """The app over the store at ``db`` (path or URL; default ``WIRECODER_DB`` or wirecoder.db).

    Args:
        token: bearer token for writes (default ``WIRECODER_API_TOKEN``); None disables writes.
        model: spaCy pipeline for ``POST /api/code``.
        max_body: largest request body in bytes.
        read_token: require the token for reads too (for a server reachable beyond loopback).
    """
    store = Store(db)
    token = token if token is not None else os.environ.get("WIRECODER_API_TOKEN") or None
    holder = _CoderHolder(model)
    app = FastAPI(
        title="wirecoder",
        version=__version__,
        description="Coded, sourced, explainable political event data: events, the reports "
        "behind them, actors, places, quotes and stances.",
    )
    app.state.store = store

    async def check_read(request: Request) -> None:
        if read_token:
            require_token(request, token)

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(QueryError)
    async def _query_error(_request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=400)

    @app.exception_handler(InputError)
    async def _input_error(_request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=422)

    @app.exception_handler(WirecoderError)
    async def _other_error(_request: Request, exc: WirecoderError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "code": exc.code}, status_code=500)

    errors: dict[int | str, dict[str, Any]] = {
        400: {"model": models.ErrorBody, "description": "a filter value that means nothing"},
    }
    read = [Depends(check_read)]

    @app.get("/api/health", dependencies=read)
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/events", response_model=models.EventPage, responses=errors, dependencies=read)
    def events(f: Filters, sort: str = "-date", limit: Limit = 100,
               offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
        """Events matching the filters (the same as `wirecoder query`), a page at a time."""
        f.sort, f.limit, f.offset = sort, limit, offset
        items = query_events(store, f)
        total = count_events(store, f, cap=TOTAL_CAP)
        return {"total": total, "total_capped": total >= TOTAL_CAP, "limit": limit,
                "offset": offset, "items": items}  # fmt: skip

    @app.get("/api/events/{event_id}", response_model=models.EventDetail,
             responses={404: {"model": models.ErrorBody}}, dependencies=read)  # fmt: skip
    def event(event_id: str) -> dict[str, Any]:
        """One event with every field, its evidence and reasons, and all its reports."""
        from wirecoder.store.read import event_detail

        found = event_detail(store, event_id)
        if found is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return found

    @app.get("/api/documents", response_model=models.DocumentPage, dependencies=read)
    def documents(q: Annotated[str | None, Query(max_length=500)] = None, limit: Limit = 50,
                  offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
        """Stored documents, newest first; ``q`` searches names and titles."""
        from wirecoder.store.read import list_documents

        total, items = list_documents(store, q=q, limit=limit, offset=offset)
        return {"total": total, "items": items}

    @app.get("/api/documents/{document_id}", response_model=models.DocumentDetail,
             responses={404: {"model": models.ErrorBody}}, dependencies=read)  # fmt: skip
    def document(document_id: str) -> dict[str, Any]:
        """A document's text with all annotations (sentences, actors, events, quotes, dates,
        places) as character offsets into the text."""
        from wirecoder.store.read import document_detail

        found = document_detail(store, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id!r}")
        return found

    @app.get("/api/actors", response_model=models.ActorPage, dependencies=read)
    def actors(name: Annotated[str | None, Query(max_length=500)] = None, limit: Limit = 100,
               offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
        """Canonical actors with their event counts and aliases, most active first."""
        from wirecoder.store.actor_queries import count_actors, list_actors

        items = list_actors(store, name=name, limit=limit, offset=offset)
        return {"total": count_actors(store, name=name), "items": items}

    @app.get("/api/dyads", response_model=list[models.Dyad], responses=errors, dependencies=read)
    def dyads(f: Filters, limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> Any:
        """Source → target pairs with event counts: the actor network's edges."""
        from wirecoder.store.read import dyads as read_dyads

        return read_dyads(store, f, limit=limit)

    @app.get("/api/places", response_model=list[models.PlaceCount], responses=errors,
             dependencies=read)  # fmt: skip
    def places(f: Filters) -> Any:
        """Event locations with counts per quad class (the map)."""
        from wirecoder.store.read import place_counts

        return place_counts(store, f)

    @app.get("/api/quotes", response_model=models.QuotePage, dependencies=read)
    def quotes(speaker: Annotated[str | None, Query(max_length=500)] = None,
               q: Annotated[str | None, Query(max_length=500)] = None, limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:  # fmt: skip
        """Direct and indirect quotes with their speakers."""
        from wirecoder.store.read import list_quotes

        total, items = list_quotes(store, speaker=speaker, q=q, limit=limit, offset=offset)
        return {"total": total, "items": items}

    @app.get("/api/stats", responses=errors, dependencies=read)
    def stats(f: Filters, by: str = "day,type") -> list[dict[str, Any]]:
        """Event counts grouped by ``by`` (day, week, month, year, type, quad, dyad, source,
        target, country, source_country, target_country, modality, negated)."""
        from wirecoder.store.stats import event_stats

        return event_stats(store, _split(by), f)

    @app.get("/api/stances", response_model=list[models.Stance], responses=errors,
             dependencies=read)  # fmt: skip
    def stances(f: Filters, issue: Annotated[str, Query(min_length=1, max_length=200)]) -> Any:
        """Each actor's stance on an issue over time (SUPPORT/AGREE vs REJECT/REQUEST/THREATEN;
        negation flips it), each point linked to its event and sentence."""
        from wirecoder.store.read import stances as read_stances

        return read_stances(store, issue, f)

    @app.post("/api/code", responses={401: {"model": models.ErrorBody},
                                      403: {"model": models.ErrorBody},
                                      413: {"model": models.ErrorBody},
                                      422: {"model": models.ErrorBody}})  # fmt: skip
    def code(body: models.CodeRequest, request: Request) -> dict[str, Any]:
        """Code posted text or HTML and return the document; ``store=true`` also ingests it
        (needs the bearer token)."""
        if body.store:
            require_token(request, token)
        if (body.text is None) == (body.html is None):
            raise HTTPException(422, "give exactly one of 'text' or 'html'")
        doc = holder.code(body)
        out = doc.model_dump()
        out["stored"] = False
        out["document_id"] = None
        if body.store:
            result = store.write(doc, model=holder.model)
            out["stored"] = result.stored
            out["document_id"] = result.document_id
        return out

    _mount_web(app)
    app.add_middleware(BodyLimit, max_bytes=max_body)  # added last: the outermost layer
    return app


def _mount_web(app: FastAPI) -> None:
    static = _static_dir()
    index = static / "index.html"
    if (static / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")

    @app.get("/", include_in_schema=False)
    def home() -> Any:
        if index.is_file():
            return FileResponse(index, media_type="text/html")
        return PlainTextResponse("The web UI is not built: run `make web` (needs Node.js and "
                                 "npm), then reload. The API is at /api and /docs.")  # fmt: skip
