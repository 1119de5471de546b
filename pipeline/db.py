"""Opening ``case.duckdb`` and migrating its schema.

Every connection sets ``TimeZone = 'UTC'``. DuckDB allows one writing process, and while it
holds the file no other process can open it, even read-only; so readers retry for a short
while and then report ``CASE_BUSY`` (never a raw DuckDB error), and writers open the database
only under the case lock, for the short commit.

The schema is created by numbered migrations in ``schemas/migrations/NNN_name.sql``, recorded
in ``schema_migrations`` (version, name, checksum) so that re-running is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from typing import Iterator
from importlib import resources
from pathlib import Path

import duckdb

from .errors import CaseBusy, ReturnsError

READ_RETRY_SECONDS = 10.0
WRITE_RETRY_SECONDS = 30.0


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text or "conflicting" in text or "could not set" in text


def connect(path: Path, read_only: bool, retry_seconds: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the case database (UTC session), retrying while another process holds it."""
    if read_only and not Path(path).exists():
        raise ReturnsError(
            "CASE_DB_MISSING",
            f"the case database {path} does not exist",
            kept="the evidence store and custody log are untouched",
            hint="run 'returns rebuild' to recreate it from the evidence store and custody log",
        )
    wait = retry_seconds if retry_seconds is not None else (READ_RETRY_SECONDS if read_only else WRITE_RETRY_SECONDS)
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            conn = duckdb.connect(str(path), read_only=read_only)
            conn.execute("SET TimeZone = 'UTC'")
            return conn
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise ReturnsError(
                    "CASE_DB_UNREADABLE",
                    f"the case database {path} could not be opened: {exc}",
                    kept="the evidence store and custody log are untouched",
                    hint="run 'returns verify', then 'returns rebuild' to recreate the database from them",
                ) from exc
            if time.monotonic() >= deadline:
                raise CaseBusy(
                    "CASE_BUSY",
                    "the case database is in use by another command that is writing to it",
                    kept="nothing was changed by this command",
                    hint="run the command again in a moment",
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextlib.contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, rolled back on any error (nothing half-written)."""
    conn.execute("BEGIN TRANSACTION")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    out = []
    folder = resources.files("schemas") / "migrations"
    for item in folder.iterdir():
        name = item.name
        if name.endswith(".sql") and name[:3].isdigit():
            out.append((int(name[:3]), name[:-4], item.read_text(encoding="utf-8")))
    return sorted(out)


def migrate(conn: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply every migration not yet recorded; returns the versions applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, checksum VARCHAR NOT NULL)"
    )
    done = {row[0]: row[1] for row in conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migration_files():
        checksum = hashlib.sha256(sql.encode("utf-8")).hexdigest()
        if version in done:
            if done[version] != checksum:
                raise ReturnsError(
                    "SCHEMA_MISMATCH",
                    f"migration {name} differs from the one this case was built with",
                    kept="the case was not changed",
                    hint="use the tool version that created the case, or run 'returns rebuild'",
                )
            continue
        with transaction(conn):
            conn.execute(sql)
            conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, checksum])
        applied.append(version)
    return applied
