"""Re-extraction: read stored files again (after an upgrade) into a new run.

Earlier runs are never overwritten: their rows stay, so exports made from them remain
reproducible; the ``latest_*`` views show each file's latest run. Record ids are
deterministic, so reading a file again with the same extractor version adds a run and no
duplicate rows. Reading happens outside the case lock; the commit is one short transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from extractors.base import Document
from extractors.registry import all_extractors, get

from . import db
from .archives import EXTRACTED_CONTAINERS
from .case import Case
from .errors import ReturnsError
from .extraction import Extraction, FileResult
from .projection import apply_extraction_run
from .reading import check_ocr_lang, read_options
from .runs import keep_run


@dataclass
class ReextractResult:
    run_id: str
    files: list[FileResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def reextract(case: Case, *, extractor: str | None = None, package_id: str | None = None,
              analyst_zone: str | None = None, wait: float = 0.0, ocr_lang: str | None = None) -> ReextractResult:
    if extractor:
        try:
            get(extractor)
        except KeyError:
            raise ReturnsError("EXTRACTOR_UNKNOWN", f"there is no extractor called {extractor!r}",
                               hint="list them with 'returns extractors'") from None
    if analyst_zone:
        from .ingest import check_zone

        check_zone(analyst_zone)
    if ocr_lang:
        check_ocr_lang(ocr_lang)
    sql = f"""SELECT DISTINCT f.package_id, f.member_id, f.sha256, f.path, f.media_type
             FROM package_files f
             WHERE f.sha256 IS NOT NULL AND f.kind = 'file'
               AND (f.archive_type IS NULL OR f.archive_type IN ({", ".join(f"'{t}'" for t in EXTRACTED_CONTAINERS)}))"""
    params: list[object] = []
    if package_id:
        sql += " AND f.package_id = ?"
        params.append(package_id)
    if extractor:
        sql += """ AND (f.sha256 IN (SELECT source_sha256 FROM latest_run_files WHERE extractor = ?)
                        OR f.sha256 IN (SELECT source_sha256 FROM latest_run_files WHERE extractor IS NULL))"""
        params.append(extractor)
    sql += " ORDER BY f.package_id, f.path, f.member_id"
    with case.reader() as conn:
        if package_id and not conn.execute("SELECT count(*) FROM packages WHERE package_id = ?", [package_id]).fetchone()[0]:
            raise ReturnsError("PACKAGE_UNKNOWN", f"no package {package_id!r} in this case", hint="list them with 'returns packages'")
        rows = conn.execute(sql, params).fetchall()
    run_id = uuid.uuid4().hex[:16]
    extraction = Extraction(run_id, all_extractors(), analyst_zone, work_dir=case.tmp_dir / f"{case.life().token}-bulk-{run_id}",
                            read_options=read_options(case, ocr_lang))
    seen: set[str] = set()
    store = case.store()
    for pkg, mid, sha, path, media_type in rows:
        if sha in seen:
            continue
        seen.add(sha)
        p = store.path_for(sha)
        extraction.process(Document(sha, p, path, media_type or "application/octet-stream", p.stat().st_size), mid, pkg)
    custody = case.custody()
    entry = keep_run(case, custody, extraction, purpose="reextract", package_id=None, attempt_id=None,
                     analyst_zone=analyst_zone, only_extractor=extractor)
    with case.writer("returns reextract", wait) as conn:
        with db.transaction(conn):
            apply_extraction_run(conn, entry, case.root)
    return ReextractResult(run_id, extraction.out.files, entry["details"]["counts"])
