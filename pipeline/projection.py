"""Turning custody-log entries into database rows.

``case.duckdb`` is a projection of the custody log: every change to it is made by applying
log entries here, both when a command runs and when ``returns rebuild`` replays the whole log.
That is what makes a rebuilt database equal to the original: the same entries, applied in the
same order, by the same code. Every value stored comes from an entry (times included), never
from the clock or the machine.

Entries that are projected:

* ``case_created``, ``settings_changed``, ``request_registered``: applied at their position;
* a package *attempt* (``package_received`` … ``file_stored`` / ``member_not_stored`` /
  ``archive_expanded`` … ``package_staged``): applied as one unit when it is committed, in the
  order of the ``package_committed`` entries (which are appended under the case lock).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import duckdb

from .archives import EXTRACTED_CONTAINERS

#: member statuses meaning something of the package could not be opened or kept
INCOMPLETE_STATUSES = ("not_expanded", "locked", "corrupt", "partially_expanded", "rejected")

MEMBER_ACTIONS = ("file_stored", "member_not_stored")


@dataclass
class Attempt:
    """The log entries of one ingest attempt of one package."""

    attempt_id: str
    received: dict[str, Any] | None = None
    members: list[dict[str, Any]] = field(default_factory=list)
    archives: list[dict[str, Any]] = field(default_factory=list)
    adopted: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    staged: dict[str, Any] | None = None
    committed: dict[str, Any] | None = None
    interrupted: dict[str, Any] | None = None

    def add(self, entry: dict[str, Any]) -> None:
        action = entry["action"]
        if action == "package_received":
            self.received = entry
        elif action in MEMBER_ACTIONS:
            self.members.append(entry)
        elif action == "archive_expanded":
            self.archives.append(entry)
        elif action == "package_staged":
            self.staged = entry
        elif action == "package_committed":
            self.committed = entry
        elif action in ("ingest_interrupted", "ingest_failed"):
            self.interrupted = entry
        elif action == "file_adopted":
            self.adopted.append(entry)
        elif action == "extraction_run":
            self.runs.append(entry)


def group_attempts(entries: Iterable[dict[str, Any]]) -> dict[str, Attempt]:
    attempts: dict[str, Attempt] = {}
    for entry in entries:
        attempt_id = (entry.get("details") or {}).get("attempt")
        if attempt_id:
            attempts.setdefault(attempt_id, Attempt(attempt_id)).add(entry)
    return attempts


# -- single entries -----------------------------------------------------------------


def apply_case_created(conn: duckdb.DuckDBPyConnection, entry: dict[str, Any]) -> None:
    d = entry["details"]
    rows = [
        ("case_number", d.get("case_number")),
        ("title", d.get("title")),
        ("examiner", d.get("examiner")),
        ("created_at", entry["time"]),
        ("created_by_os_user", entry["actor"].get("os_user")),
    ]
    conn.executemany("INSERT OR REPLACE INTO case_info VALUES (?, ?)", rows)


def apply_settings(conn: duckdb.DuckDBPyConnection, entry: dict[str, Any]) -> None:
    d = entry["details"]
    conn.execute(
        "INSERT OR REPLACE INTO settings VALUES (?, ?, ?)", [d["key"], json.dumps(d["value"]), entry["seq"]]
    )


def apply_review_decision(conn: duckdb.DuckDBPyConnection, entry: dict[str, Any]) -> None:
    """An analyst's decision on a review item (appended; the record itself is never changed)."""
    d = entry["details"]
    conn.execute(
        "INSERT OR IGNORE INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [f"{d['item_id']}-{entry['seq']}", d["item_id"], d["record_id"], d["record_table"], d["field"], d.get("machine_value"),
         d["decision"], d.get("value"), d.get("reason"), entry["actor"].get("examiner") or entry["actor"].get("os_user") or "unknown",
         entry["time"], entry["seq"]],
    )


def apply_request(conn: duckdb.DuckDBPyConnection, entry: dict[str, Any]) -> None:
    r = entry["details"]["request"]
    answered = conn.execute("SELECT count(*) FROM packages WHERE request_id = ?", [r["request_id"]]).fetchone()[0]
    conn.execute(
        """INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            r["request_id"],
            r["kind"],
            r["provider"],
            r.get("provider_reference"),
            r.get("case_number"),
            r.get("sent_on"),
            r.get("date_from"),
            r.get("date_to"),
            "answered" if answered else "outstanding",
            r.get("nondisclosure_until"),
            r.get("use_limits"),
            entry["time"],
            entry["actor"].get("examiner"),
            list(r.get("warnings") or []),
            entry["seq"],
        ],
    )
    targets = [
        [r["request_id"], i, t["target_type"], t["value"], t["normalized"], t["known_type"]]
        for i, t in enumerate(r.get("targets") or [], start=1)
    ]
    if targets:
        conn.executemany("INSERT INTO request_targets VALUES (?, ?, ?, ?, ?, ?)", targets)


# -- package attempts --------------------------------------------------------------

_MEMBER_COLUMNS: list[tuple[str, str]] = [
    ("package_id", "VARCHAR"),
    ("member_id", "VARCHAR"),
    ("sha256", "VARCHAR"),
    ("path", "VARCHAR"),
    ("name", "VARCHAR"),
    ("name_raw", "VARCHAR"),  # base64 in the staging file, BLOB in the table
    ("name_encoding", "VARCHAR"),
    ("parent_member_id", "VARCHAR"),
    ("parent_sha256", "VARCHAR"),
    ("depth", "INTEGER"),
    ("kind", "VARCHAR"),
    ("size", "BIGINT"),
    ("declared_size", "BIGINT"),
    ("media_type", "VARCHAR"),
    ("extension", "VARCHAR"),
    ("extension_media_type", "VARCHAR"),
    ("archive_type", "VARCHAR"),
    ("status", "VARCHAR"),
    ("reason", "VARCHAR"),
    ("flags", "VARCHAR[]"),
    ("attempt_id", "VARCHAR"),
    ("magic_description", "VARCHAR"),
    ("seen_at", "TIMESTAMPTZ"),
]


def _member_rows(attempt: Attempt, package_id: str) -> list[dict[str, Any]]:
    final = {a["details"]["member_id"]: a["details"] for a in attempt.archives}
    rows = []
    for entry in attempt.members:
        d = entry["details"]
        status, reason, flags = d["status"], d.get("reason"), list(d.get("flags") or [])
        if d["member_id"] in final:
            arch = final[d["member_id"]]
            status = arch["status"]
            if arch.get("reason"):
                reason = arch["reason"]
            flags = sorted(set(flags) | set(arch.get("flags") or []))
        rows.append(
            {
                "package_id": package_id,
                "member_id": d["member_id"],
                "sha256": entry["object"] if entry["action"] == "file_stored" else None,
                "path": d["path"],
                "name": d["name"],
                "name_raw": d.get("name_raw"),
                "name_encoding": d.get("name_encoding"),
                "parent_member_id": d.get("parent_member_id"),
                "parent_sha256": d.get("parent_sha256"),
                "depth": d["depth"],
                "kind": d.get("kind", "file"),
                "size": d.get("size"),
                "declared_size": d.get("declared_size"),
                "media_type": d.get("media_type"),
                "extension": d.get("extension"),
                "extension_media_type": d.get("extension_media_type"),
                "archive_type": d.get("archive_type"),
                "status": status,
                "reason": reason,
                "flags": flags,
                "attempt_id": attempt.attempt_id,
                "magic_description": d.get("magic_description"),
                "seen_at": entry["time"],
            }
        )
    return rows


def _stage_members(conn: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]], tmp_dir: Path) -> None:
    """Load member rows into a temporary table in bulk (DuckDB's JSON reader, not row inserts)."""
    conn.execute("DROP TABLE IF EXISTS temp.staged_members")
    cols = ", ".join(f"{name} {typ}" for name, typ in _MEMBER_COLUMNS)
    conn.execute(f"CREATE TEMP TABLE staged_members ({cols})")
    bulk_insert(conn, "staged_members", rows, tmp_dir, or_ignore=False)


def _warning_id(*parts: str | None) -> str:
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()[:24]


#: flags that deserve a warning row, with the code used
_FLAG_WARNINGS = {
    "parent_reference": "UNSAFE_MEMBER_NAME",
    "absolute_path": "UNSAFE_MEMBER_NAME",
    "backslash_separator": "UNUSUAL_MEMBER_NAME",
    "control_chars": "UNUSUAL_MEMBER_NAME",
    "bidi_control": "UNUSUAL_MEMBER_NAME",
    "newline_in_name": "UNUSUAL_MEMBER_NAME",
    "undecodable_bytes": "UNUSUAL_MEMBER_NAME",
    "duplicate_name": "DUPLICATE_MEMBER_NAME",
    "overlapping_entry": "ZIP_OVERLAPPING_ENTRY",
    "symlink": "SYMLINK_MEMBER",
    "source_changed_during_copy": "SOURCE_CHANGED",
    "extension_mismatch": "EXTENSION_MISMATCH",
    "depth_limit": "NESTING_LIMIT",
}

_STATUS_WARNINGS = {
    "not_expanded": "MEMBER_NOT_EXPANDED",
    "locked": "ENCRYPTED_ARCHIVE",
    "corrupt": "CORRUPT_ARCHIVE",
    "partially_expanded": "ARCHIVE_PARTIALLY_EXPANDED",
    "rejected": "INPUT_REJECTED",
}


def _warnings(attempt: Attempt, package_id: str, rows: list[dict[str, Any]]) -> list[list[Any]]:
    out = []
    for row in rows:
        codes: dict[str, str] = {}
        if row["status"] in _STATUS_WARNINGS:
            codes[_STATUS_WARNINGS[row["status"]]] = row["reason"] or row["status"]
        for flag in row["flags"]:
            code = _FLAG_WARNINGS.get(flag)
            if code and code not in codes:
                codes[code] = f"{flag.replace('_', ' ')}" + (f": {row['reason']}" if row["reason"] else "")
        for code, message in sorted(codes.items()):
            out.append(
                [
                    _warning_id(package_id, row["member_id"], code),
                    package_id,
                    row["sha256"],
                    row["member_id"],
                    row["path"],
                    code,
                    message,
                    None,
                    row["seen_at"],
                ]
            )
    for arch in attempt.archives:
        d = arch["details"]
        for i, problem in enumerate(d.get("problems") or []):
            out.append(
                [
                    _warning_id(package_id, d["member_id"], "ARCHIVE_PROBLEM", str(i), problem),
                    package_id,
                    arch["object"],
                    d["member_id"],
                    d.get("path"),
                    "ARCHIVE_PROBLEM",
                    problem,
                    None,
                    arch["time"],
                ]
            )
    return out


def attempt_applied(conn: duckdb.DuckDBPyConnection, attempt_id: str) -> bool:
    return bool(conn.execute("SELECT count(*) FROM package_receipts WHERE attempt_id = ?", [attempt_id]).fetchone()[0])


def apply_attempt(conn: duckdb.DuckDBPyConnection, attempt: Attempt, root: Path) -> bool:
    """Write one staged package attempt. Returns True if the package was already known.

    The caller holds the transaction. Receiving a known package again adds a receipt and
    only members not yet listed (or now opened, e.g. with a password given this time).
    """
    from . import events

    assert attempt.staged is not None and attempt.received is not None
    s = attempt.staged["details"]
    package_id = s["package_id"]
    received = attempt.received
    again = conn.execute("SELECT count(*) FROM packages WHERE package_id = ?", [package_id]).fetchone()[0] > 0
    receipt_no = conn.execute("SELECT count(*) FROM package_receipts WHERE package_id = ?", [package_id]).fetchone()[0] + 1
    conn.execute(
        "INSERT INTO package_receipts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            attempt.attempt_id,
            package_id,
            receipt_no,
            received["time"],
            received["details"].get("received_from"),
            received["details"].get("input_path"),
            received["actor"].get("examiner"),
            received["actor"].get("os_user"),
            bool(s.get("password_used")),
            again,
            attempt.staged["seq"],
        ],
    )
    tmp_dir = root / "tmp"
    rows = _member_rows(attempt, package_id)
    _stage_members(conn, rows, tmp_dir)
    events.reached("db.transaction_open", package_id=package_id)
    conn.execute(
        """INSERT OR IGNORE INTO files
           SELECT sha256, any_value(size), any_value(media_type), any_value(magic_description), min(seen_at)
           FROM staged_members WHERE sha256 IS NOT NULL GROUP BY sha256"""
    )
    conn.execute(
        """UPDATE files SET first_seen = n.first_seen
           FROM (SELECT sha256, min(seen_at) AS first_seen FROM staged_members WHERE sha256 IS NOT NULL GROUP BY sha256) n
           WHERE files.sha256 = n.sha256 AND n.first_seen < files.first_seen"""
    )
    member_cols = [name for name, _ in _MEMBER_COLUMNS if name not in ("magic_description", "seen_at")]
    select_cols = ", ".join("from_base64(name_raw)" if c == "name_raw" else c for c in member_cols)
    # a member listed before but not opened then (locked, over a limit) and opened now is upgraded
    conn.execute(
        f"""UPDATE package_files SET sha256 = n.sha256, size = n.size, media_type = n.media_type,
                   status = n.status, reason = n.reason, flags = n.flags, attempt_id = n.attempt_id,
                   archive_type = n.archive_type
            FROM staged_members n
            WHERE package_files.package_id = n.package_id AND package_files.member_id = n.member_id
              AND package_files.status IN {INCOMPLETE_STATUSES} AND n.status NOT IN {INCOMPLETE_STATUSES}"""
    )
    conn.execute(f"INSERT OR IGNORE INTO package_files ({', '.join(member_cols)}) SELECT {select_cols} FROM staged_members")
    warning_cols = ("warning_id", "package_id", "sha256", "member_id", "locator", "code", "message", "run_id", "created_at")
    bulk_insert(conn, "warnings", [dict(zip(warning_cols, w)) for w in _warnings(attempt, package_id, rows)], tmp_dir)
    count, stored_bytes, incomplete = conn.execute(
        f"""SELECT count(sha256), coalesce(sum(size) FILTER (WHERE sha256 IS NOT NULL), 0),
                   count(*) FILTER (WHERE status IN {INCOMPLETE_STATUSES} OR 'depth_limit' = ANY(flags))
            FROM package_files WHERE package_id = ?""",
        [package_id],
    ).fetchone()
    status = "incomplete" if incomplete else "complete"
    if not again:
        name_raw = s.get("original_name_raw")
        conn.execute(
            "INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                package_id,
                s["sha256"],
                s["package_kind"],
                s["original_name"],
                base64.b64decode(name_raw) if name_raw else None,
                received["time"],
                received["details"].get("received_from"),
                received["actor"].get("examiner"),
                None,
                None,
                None,
                count,
                stored_bytes,
                status,
                s.get("manifest_sha256"),
                attempt.attempt_id,
            ],
        )
    else:
        conn.execute(
            "UPDATE packages SET file_count = ?, stored_bytes = ?, status = ? WHERE package_id = ?",
            [count, stored_bytes, status, package_id],
        )
    request_id = received["details"].get("request_id")
    if request_id:
        linked = conn.execute("SELECT request_id FROM packages WHERE package_id = ?", [package_id]).fetchone()[0]
        if linked is None:
            conn.execute(
                "UPDATE packages SET request_id = ?, link_method = 'analyst', link_evidence = ? WHERE package_id = ?",
                [
                    request_id,
                    f"named with --request by {received['actor'].get('examiner')} at ingest (custody seq {received['seq']})",
                    package_id,
                ],
            )
            conn.execute("UPDATE requests SET status = 'answered' WHERE request_id = ?", [request_id])
    conn.execute("DROP TABLE IF EXISTS temp.staged_members")
    for run in attempt.runs:
        apply_extraction_run(conn, run, root)
    return again


#: how run_files statuses show in package_files.status
_FILE_STATUS = {
    "extracted": "extracted",
    "no_records": "extracted",
    "facts_only": "extracted",
    "unidentified": "unidentified",
    "unknown_layout": "unidentified",
    "failed": "extraction_failed",
    "conflict": "extraction_conflict",
}


def run_applied(conn: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    return bool(conn.execute("SELECT count(*) FROM extraction_runs WHERE run_id = ?", [run_id]).fetchone()[0])


def _table_columns(conn: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in conn.execute(f"DESCRIBE {table}").fetchall()]


def bulk_insert(conn: duckdb.DuckDBPyConnection, table: str, lines: list[bytes] | list[dict[str, Any]], tmp_dir: Path,
                defaults: dict[str, Any] | None = None, or_ignore: bool = True) -> None:
    """INSERT OR IGNORE many rows through DuckDB's JSON reader (row-by-row inserts are ~1000x slower).

    ``lines`` are JSON-lines (bytes) or dicts keyed by column name; columns missing from a row
    are NULL unless given in ``defaults`` (constant values applied to every row)."""
    if not lines:
        return
    defaults = defaults or {}
    cols = [(c, t) for c, t in _table_columns(conn, table) if c not in defaults]
    tmp_dir.mkdir(parents=True, exist_ok=True)
    path = tmp_dir / f"stage-{os.getpid()}-{uuid.uuid4().hex}.jsonl"
    try:
        with open(path, "wb") as fh:
            for line in lines:
                fh.write(line if isinstance(line, bytes) else json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")
        spec = "{" + ", ".join(f"'{c}': '{t}'" for c, t in cols) + "}"
        names = [c for c, _ in cols] + list(defaults)
        selects = [c for c, _ in cols] + ["?" for _ in defaults]
        conn.execute(
            f"INSERT {'OR IGNORE ' if or_ignore else ''}INTO {table} ({', '.join(names)}) SELECT {', '.join(selects)} "
            f"FROM read_json(?, format='newline_delimited', columns={spec})",
            [*defaults.values(), str(path)],
        )
    finally:
        path.unlink(missing_ok=True)


def apply_extraction_run(conn: duckdb.DuckDBPyConnection, entry: dict[str, Any], root: Path) -> None:
    """Load one run's artifact (bulk, through DuckDB's JSON reader) and its bookkeeping."""
    d = entry["details"]
    if run_applied(conn, d["run_id"]):
        return
    run_no = conn.execute("SELECT count(*) FROM extraction_runs").fetchone()[0] + 1
    conn.execute(
        "INSERT INTO extraction_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [d["run_id"], run_no, entry["time"], d["purpose"], d.get("package_id"), d.get("attempt"), d.get("analyst_zone"),
         d.get("only_extractor"), d["artifact_sha256"], json.dumps(entry.get("tool"), sort_keys=True),
         json.dumps(d.get("libraries"), sort_keys=True), entry["seq"]],
    )
    files = d.get("files") or []
    tmp_dir = root / "tmp"
    bulk_insert(conn, "run_files", [
        {"run_id": d["run_id"], "source_sha256": f["sha256"], "member_id": f.get("member_id"), "path": f.get("path"),
         "status": f["status"], "extractor": f.get("extractor"), "extractor_version": f.get("extractor_version"),
         "variant": f.get("variant"), "records": f.get("records", 0), "reason": f.get("reason"),
         "layout_change": f.get("layout_change")} for f in files], tmp_dir)
    artifact = root / "derived" / d["artifact_sha256"]
    by_table: dict[str, list[bytes]] = {}
    with open(artifact, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            table = json.loads(line)["table"]
            by_table.setdefault(table, []).append(line)
    for table, lines in sorted(by_table.items()):
        bulk_insert(conn, table, lines, tmp_dir, {"created_at": entry["time"]} if table == "warnings" else None)
    for part in d.get("parts") or []:
        # a bulk part (Parquet) leaves package_id to the run: it is known only once the package is staged
        conn.execute(
            f"""INSERT OR IGNORE INTO {part['table']} BY NAME
                SELECT * REPLACE (coalesce(package_id, ?) AS package_id) FROM read_parquet(?)""",
            [d.get("package_id"), str(root / "derived" / part["sha256"])],
        )
    if files:
        conn.execute("CREATE OR REPLACE TEMP TABLE run_status AS SELECT * FROM run_files WHERE run_id = ?", [d["run_id"]])
        cases = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in _FILE_STATUS.items())
        conn.execute(
            f"""UPDATE package_files SET status = CASE n.status {cases} ELSE n.status END, reason = n.reason
                FROM run_status n
                WHERE package_files.sha256 = n.source_sha256 AND package_files.member_id = n.member_id
                  AND (package_files.archive_type IS NULL
                       OR (package_files.archive_type IN ({", ".join(f"'{t}'" for t in EXTRACTED_CONTAINERS)})
                           AND package_files.status NOT IN {INCOMPLETE_STATUSES}))"""
        )
        conn.execute("DROP TABLE temp.run_status")


def replay(conn: duckdb.DuckDBPyConnection, entries: list[dict[str, Any]], root: Path) -> int:
    """Apply a whole log to an empty database, in log order; returns how many units were applied."""
    attempts = group_attempts(entries)
    applied = 0
    for entry in entries:
        action = entry["action"]
        if action == "case_created":
            apply_case_created(conn, entry)
        elif action == "settings_changed":
            apply_settings(conn, entry)
        elif action == "request_registered":
            apply_request(conn, entry)
        elif action == "review_decision":
            apply_review_decision(conn, entry)
        elif action == "package_committed":
            attempt = attempts[entry["details"]["attempt"]]
            if attempt.staged is None or attempt_applied(conn, attempt.attempt_id):
                continue
            apply_attempt(conn, attempt, root)
        elif action == "extraction_run" and not entry["details"].get("attempt"):
            apply_extraction_run(conn, entry, root)
        else:
            continue
        applied += 1
    return applied
