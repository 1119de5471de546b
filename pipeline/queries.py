"""Read-only listings of what a case holds (requests, packages, files, warnings).

Each function returns ``(columns, rows)`` for :mod:`pipeline.output` to render.
"""

from __future__ import annotations

from typing import Any

from .case import Case

Rows = tuple[list[str], list[tuple[Any, ...]]]


def _run(case: Case, sql: str, params: list[Any] | None = None) -> Rows:
    with case.reader() as conn:
        cur = conn.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return cols, cur.fetchall()


def requests(case: Case) -> Rows:
    return _run(
        case,
        """SELECT r.request_id, r.kind, r.provider, r.case_number, r.sent_on, r.date_from, r.date_to, r.status,
                  (SELECT count(*) FROM packages p WHERE p.request_id = r.request_id) AS packages,
                  (SELECT string_agg(t.target_type || ':' || t.value, '; ' ORDER BY t.target_no)
                     FROM request_targets t WHERE t.request_id = r.request_id) AS targets,
                  r.provider_reference
           FROM requests r ORDER BY r.request_id""",
    )


def packages(case: Case) -> Rows:
    return _run(
        case,
        """SELECT p.package_id, p.original_name, p.package_kind AS kind, p.received_at, p.received_from, p.request_id,
                  p.file_count AS files, p.stored_bytes AS bytes, p.status,
                  (SELECT count(*) FROM package_files f WHERE f.package_id = p.package_id AND f.status = 'unidentified') AS unidentified,
                  (SELECT count(*) FROM package_files f WHERE f.package_id = p.package_id AND f.status IN ('not_expanded','locked','corrupt','rejected')) AS not_opened,
                  (SELECT count(*) FROM package_receipts r WHERE r.package_id = p.package_id) AS receipts,
                  p.sha256
           FROM packages p ORDER BY p.received_at, p.package_id""",
    )


def package_files(case: Case, package_id: str | None = None) -> Rows:
    where, params = ("WHERE f.package_id = ?", [package_id]) if package_id else ("", [])
    return _run(
        case,
        f"""SELECT f.package_id, f.path, f.status, f.reason, f.media_type, f.size, f.depth,
                   array_to_string(f.flags, ',') AS flags, f.sha256
            FROM package_files f {where} ORDER BY f.package_id, f.path, f.member_id""",
        params,
    )


def warnings(case: Case, package_id: str | None = None) -> Rows:
    where, params = ("WHERE w.package_id = ?", [package_id]) if package_id else ("", [])
    return _run(
        case,
        f"""SELECT w.package_id, w.code, w.locator, w.message, w.sha256 FROM warnings w {where}
            ORDER BY w.package_id, w.locator, w.code""",
        params,
    )


def coverage(case: Case, package_id: str | None = None) -> Rows:
    """Every file of a package accounted for: parsed (with record counts), ignored, not opened or unparsed."""
    where, params = ("WHERE f.package_id = ?", [package_id]) if package_id else ("", [])
    return _run(
        case,
        f"""SELECT f.package_id, f.path,
                   CASE WHEN l.status IN ('extracted', 'no_records', 'facts_only') THEN 'parsed'
                        WHEN f.archive_type IS NOT NULL AND f.status IN ('expanded') THEN 'ignored'
                        WHEN f.status = 'directory' THEN 'ignored'
                        WHEN f.sha256 IS NULL OR f.status IN ('locked', 'corrupt', 'partially_expanded', 'stored') THEN 'not opened'
                        ELSE 'unparsed' END AS coverage,
                   l.extractor, l.records,
                   CASE WHEN l.status IN ('extracted', 'no_records', 'facts_only') THEN l.reason
                        WHEN f.archive_type IS NOT NULL AND f.status = 'expanded' THEN 'archive: its members are listed below it'
                        WHEN f.status = 'directory' THEN 'folder entry'
                        ELSE coalesce(l.reason, f.reason) END AS reason,
                   l.layout_change
            FROM package_files f LEFT JOIN latest_run_files l ON l.source_sha256 = f.sha256
            {where}
            ORDER BY f.package_id, f.path, f.member_id""",
        params,
    )


def extractors_list() -> Rows:
    from extractors.registry import all_extractors

    rows = [(e.name, e.provider, "generic" if e.generic else "provider", e.version, e.layout) for e in all_extractors()]
    return ["name", "provider", "kind", "version", "layout"], rows
