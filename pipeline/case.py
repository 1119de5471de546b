"""A case on disk: where it is, its settings, and its read and write sessions.

A case directory holds::

    case.json      case number, title, default examiner, limits (settings)
    case.duckdb    the index (rebuildable from the two below)
    evidence/      every received file, once, named by SHA-256, read-only
    custody.log    the hash-chained custody log
    manifests/     generated manifests of folder packages (also content-addressed)
    locks/ tmp/ logs/

Commands find the case from ``--case DIR``, else ``RETURNS_CASE``, else the current folder.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import duckdb

from . import db
from .custody import Actor, CustodyLog
from .errors import ReturnsError
from .evidence import EvidenceStore
from .locking import CaseLock, LifeLock, os_user

CASE_FILE = "case.json"
CASE_FORMAT = "returns-case/1"

GiB = 2**30

#: limits for unpacking, per case (``returns config``); generous for multi-GB call records
DEFAULT_LIMITS: dict[str, int] = {
    "max_depth": 8,
    "max_entries": 100_000,
    "max_total_bytes": 64 * GiB,
    "max_member_bytes": 32 * GiB,
    "min_free_bytes": 256 * 2**20,
    "max_pdf_pages": 2000,  #: pages read per PDF (beyond: the file is read partially, and says so)
    "max_ocr_pages": 200,  #: pages OCRed per file (about 1 s per page per core)
}


@dataclass
class Case:
    """An opened case directory."""

    root: Path
    settings: dict[str, Any]
    examiner: str
    _life: LifeLock | None = field(default=None, repr=False)

    # -- paths ---------------------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.root / "case.duckdb"

    @property
    def evidence_dir(self) -> Path:
        return self.root / "evidence"

    @property
    def manifests_dir(self) -> Path:
        return self.root / "manifests"

    @property
    def custody_path(self) -> Path:
        return self.root / "custody.log"

    @property
    def locks_dir(self) -> Path:
        return self.root / "locks"

    @property
    def tmp_dir(self) -> Path:
        return self.root / "tmp"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def case_number(self) -> str:
        return str(self.settings.get("case_number", ""))

    @property
    def limits(self) -> dict[str, int]:
        merged = dict(DEFAULT_LIMITS)
        merged.update(self.settings.get("limits", {}))
        return merged

    # -- parts ---------------------------------------------------------------------
    def custody(self) -> CustodyLog:
        return CustodyLog(self.custody_path, Actor(self.examiner))

    def life(self) -> LifeLock:
        """This process's life lock (taken on first use, held until exit)."""
        if self._life is None:
            self._life = LifeLock(self.locks_dir)
        return self._life

    def store(self) -> EvidenceStore:
        return EvidenceStore(self.evidence_dir, self.tmp_dir, self.life().token, self.limits["min_free_bytes"])

    def manifest_store(self) -> EvidenceStore:
        return EvidenceStore(self.manifests_dir, self.tmp_dir, self.life().token)

    # -- sessions ------------------------------------------------------------------
    @contextlib.contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection, retried while a writer holds the database."""
        conn = db.connect(self.db_path, read_only=True)
        try:
            yield conn
        finally:
            conn.close()

    @contextlib.contextmanager
    def writer(self, command: str, wait: float = 0.0, reconcile: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """Hold the case lock, finish any interrupted work, and yield a writable connection."""
        lock = CaseLock(self.locks_dir, command, self.examiner)
        lock.acquire(wait)
        try:
            conn = db.connect(self.db_path, read_only=False)
            try:
                db.migrate(conn)
                if reconcile:
                    from .recovery import reconcile as _reconcile

                    _reconcile(self, conn)
                yield conn
            finally:
                conn.close()
        finally:
            lock.release()


def resolve_examiner(settings: dict[str, Any], override: str | None) -> str:
    """The examiner for this command: --examiner, else RETURNS_EXAMINER, else the case's, else the OS user."""
    return override or os.environ.get("RETURNS_EXAMINER") or settings.get("examiner") or os_user()


def find_case_dir(explicit: str | os.PathLike[str] | None) -> Path:
    """Locate the case: --case, else RETURNS_CASE, else the current folder."""
    if explicit:
        candidate, source = Path(explicit), "--case"
    elif os.environ.get("RETURNS_CASE"):
        candidate, source = Path(os.environ["RETURNS_CASE"]), "RETURNS_CASE"
    else:
        candidate, source = Path.cwd(), "the current folder"
    if not (candidate / CASE_FILE).is_file():
        raise ReturnsError(
            "NO_CASE",
            f"no case found at {candidate} (taken from {source})",
            hint="create one with 'returns init DIR --case-number NUMBER', then pass --case DIR or set RETURNS_CASE=DIR",
        )
    return candidate.resolve()


def open_case(explicit: str | os.PathLike[str] | None, examiner: str | None = None) -> Case:
    root = find_case_dir(explicit)
    try:
        settings = json.loads((root / CASE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReturnsError("CASE_FILE_UNREADABLE", f"{root / CASE_FILE} cannot be read: {exc}") from exc
    if settings.get("format") != CASE_FORMAT:
        raise ReturnsError(
            "CASE_FORMAT_UNKNOWN",
            f"{root / CASE_FILE} is not a case of format {CASE_FORMAT}",
            hint="use the tool version that created this case",
        )
    return Case(root, settings, resolve_examiner(settings, examiner))


def write_settings(case: Case) -> None:
    path = case.root / CASE_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(case.settings, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def init_case(
    directory: str | os.PathLike[str],
    case_number: str,
    title: str | None = None,
    examiner: str | None = None,
) -> Case:
    """Create a new case directory: settings, evidence store, custody log and database."""
    root = Path(directory)
    if (root / CASE_FILE).exists():
        raise ReturnsError(
            "CASE_EXISTS",
            f"{root} already holds a case",
            kept="the existing case was not touched",
            hint="use it with --case, or choose another folder",
        )
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ReturnsError(
            "CASE_DIR_NOT_EMPTY",
            f"{root} exists and is not an empty folder",
            kept="nothing in it was changed",
            hint="choose a new or empty folder for the case",
        )
    if not case_number.strip():
        raise ReturnsError("CASE_NUMBER_MISSING", "the case number is empty", hint="give --case-number, e.g. CASE-2026-0417")
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    for sub in ("evidence", "manifests", "locks", "tmp", "logs"):
        (root / sub).mkdir(exist_ok=True)
    settings: dict[str, Any] = {
        "format": CASE_FORMAT,
        "case_number": case_number,
        "title": title,
        "examiner": examiner,
        "limits": dict(DEFAULT_LIMITS),
    }
    case = Case(root, settings, resolve_examiner(settings, examiner))
    write_settings(case)
    case.custody().append(
        "case_created",
        case_number,
        "ok",
        case_number=case_number,
        title=title,
        examiner=case.examiner,
        limits=dict(DEFAULT_LIMITS),
    )
    with case.writer("returns init") as conn:
        from .projection import apply_case_created

        with db.transaction(conn):
            apply_case_created(conn, case.custody().entries()[0])
    return case
