"""The register of legal requests: adding, importing and listing them.

Parsing and validation live in :mod:`pipeline.requests`; here a valid request is logged in
custody (``request_registered``, with every field) and then projected into the database,
under the case lock. An import is all or nothing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from . import db
from .case import Case
from .errors import ReturnsError
from .projection import apply_request
from .requests import RequestSpec, read_request_csv


def _as_entry(spec: RequestSpec) -> tuple[str, str | None, str, dict[str, Any]]:
    body = dataclasses.asdict(spec)
    body["targets"] = [
        {k: t[k] for k in ("target_type", "value", "normalized", "known_type")} | {"warnings": list(t.get("warnings") or [])}
        for t in body["targets"]
    ]
    body["warnings"] = list(spec.warnings)
    return ("request_registered", spec.request_id, "ok", {"request": body})


def register(case: Case, specs: list[RequestSpec], wait: float = 0.0, command: str = "returns request add", source: str | None = None) -> None:
    """Register requests (all or none): refuse ids already registered."""
    with case.writer(command, wait) as conn:
        ids = [s.request_id for s in specs]
        existing = sorted(
            r[0] for r in conn.execute("SELECT request_id FROM requests WHERE request_id IN (SELECT unnest(?))", [ids]).fetchall()
        )
        if existing:
            raise ReturnsError(
                "REQUEST_EXISTS",
                "already registered: " + ", ".join(existing),
                kept="nothing was registered by this command",
                hint="each request id is registered once; use a new id, or remove these rows from the file",
            )
        items = [_as_entry(s) for s in specs]
        if source:
            for item in items:
                item[3]["source"] = source
        entries = case.custody().append_many(items)
        with db.transaction(conn):
            for entry in entries:
                apply_request(conn, entry)


def import_csv(case: Case, path: Path, wait: float = 0.0, default_region: str | None = None) -> list[RequestSpec]:
    specs = read_request_csv(path, default_region=default_region)
    if not specs:
        raise ReturnsError("REQUEST_CSV_EMPTY", f"{path} holds no requests", kept="nothing was imported")
    register(case, specs, wait, command="returns request import", source=str(path))
    return specs
