"""Keeping an extraction run: its artifact in ``derived/`` and its entry in custody.

The artifact (the run's rows as JSON lines) is content-addressed like evidence, so
``verify`` re-hashes it and ``rebuild`` loads exactly the same rows.
"""

from __future__ import annotations

import shutil
from typing import Any

from .case import Case
from .custody import CustodyLog
from .evidence import EvidenceStore
from .extraction import Extraction
from .version import library_versions


def derived_store(case: Case) -> EvidenceStore:
    return EvidenceStore(case.root / "derived", case.tmp_dir, case.life().token)


def keep_run(
    case: Case,
    custody: CustodyLog,
    extraction: Extraction,
    *,
    purpose: str,
    package_id: str | None,
    attempt_id: str | None,
    analyst_zone: str | None,
    only_extractor: str | None = None,
) -> dict[str, Any]:
    """Store the run's artifact and log ``extraction_run``; returns the entry."""
    out = extraction.out
    if package_id is not None:
        for rows in out.rows.values():
            for row in rows:
                if not row.get("package_id"):
                    row["package_id"] = package_id
    store = derived_store(case)
    stored = store.store_bytes(out.artifact())
    parts = []
    for part in out.parts:
        with open(part["path"], "rb") as fh:
            kept = store.store_stream(fh)
        part["path"].unlink(missing_ok=True)
        parts.append({"table": part["table"], "sha256": kept.sha256, "rows": part["rows"]})
    if extraction.work_dir is not None and extraction.work_dir.exists():
        shutil.rmtree(extraction.work_dir, ignore_errors=True)
    details: dict[str, Any] = {
        "run_id": out.run_id,
        "purpose": purpose,
        "package_id": package_id,
        "artifact_sha256": stored.sha256,
        "parts": parts,
        "analyst_zone": analyst_zone,
        "only_extractor": only_extractor,
        "counts": out.counts(),
        "files": [f.as_dict() for f in out.files],
        "libraries": library_versions(),
    }
    if extraction.read_options is not None:
        details["read_options"] = dict(extraction.read_options.__dict__)
    if attempt_id:
        details["attempt"] = attempt_id
    return custody.append("extraction_run", stored.sha256, "ok", **details)
