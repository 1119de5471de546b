"""Recreating ``case.duckdb`` from the custody log (the evidence store holds the bytes).

The new database is built beside the old one, by replaying the log through the same
projection code that commands use, then swapped in; the old one is kept as
``case.duckdb.before-rebuild-<seq>`` until the next rebuild, so nothing is lost if the
rebuild is questioned.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from . import db
from .case import Case
from .errors import ReturnsError
from .locking import CaseLock
from .projection import replay
from .recovery import reconcile


@dataclass
class RebuildReport:
    entries: int
    units_applied: int
    previous_kept_as: str | None


def rebuild(case: Case, wait: float = 0.0) -> RebuildReport:
    """Rebuild the database under the case lock."""
    lock = CaseLock(case.locks_dir, "returns rebuild", case.examiner)
    lock.acquire(wait)
    try:
        custody = case.custody()
        if not custody.path.exists():
            raise ReturnsError("CUSTODY_LOG_MISSING", "the custody log is missing: there is nothing to rebuild from")
        # complete interrupted work first (only appends to the log), if the old database opens
        if case.db_path.exists():
            try:
                conn = db.connect(case.db_path, read_only=False)
                try:
                    db.migrate(conn)
                    reconcile(case, conn)
                finally:
                    conn.close()
            except ReturnsError as exc:
                if exc.code != "CASE_DB_UNREADABLE":
                    raise
        entries = custody.entries()
        new_path = case.db_path.with_name("case.duckdb.rebuilding")
        for p in (new_path, new_path.with_name(new_path.name + ".wal")):
            p.unlink(missing_ok=True)
        conn = db.connect(new_path, read_only=False)
        try:
            db.migrate(conn)
            with db.transaction(conn):
                applied = replay(conn, entries, case.root)
            conn.execute("CHECKPOINT")
        finally:
            conn.close()
        kept = None
        if case.db_path.exists():
            kept_path = case.db_path.with_name(f"case.duckdb.before-rebuild-{entries[-1]['seq'] if entries else 0}")
            os.replace(case.db_path, kept_path)
            kept = kept_path.name
        wal = case.db_path.with_name("case.duckdb.wal")
        if wal.exists():
            os.replace(wal, case.db_path.with_name((kept or "case.duckdb.old") + ".wal"))
        os.replace(new_path, case.db_path)
        custody.append("database_rebuilt", None, "ok", entries_replayed=len(entries), units_applied=applied, previous_kept_as=kept)
        return RebuildReport(len(entries), applied, kept)
    finally:
        lock.release()
