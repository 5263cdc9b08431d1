"""wirecoder's REST API and web UI (FastAPI): ``create_app(db)``; run with ``wirecoder serve``."""

from wirecoder.api.app import create_app

__all__ = ["create_app"]
