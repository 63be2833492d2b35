"""``/healthz``: the server is up (public, no data)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/healthz", name="health", include_in_schema=False)
def health() -> dict[str, str]:
    """Liveness check."""
    return {"status": "ok"}
