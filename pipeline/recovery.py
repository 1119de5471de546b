"""Finishing what a crash interrupted. Recovery only ever appends to the custody log.

Run under the case lock at the start of every writing command:

* a package attempt that was staged (all its files stored and logged) but whose commit is not
  logged, and whose process is gone: if the database has it, the missing
  ``package_committed`` is logged; if not, it is written now from the log, then logged;
* an attempt that was received but never staged, whose process is gone, is logged as
  ``ingest_interrupted``; files it stored before it could log them (the store is written
  before the log) are logged as ``file_adopted`` so that ``verify`` accounts for them. Only
  files written after that attempt started are adopted: anything else unexpected in the
  store is left for ``verify`` to report;
* requests and settings that are in the log but not in the database are applied;
* temporary files left by dead processes are removed (they never were evidence).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from . import db
from .case import Case
from .evidence import is_sha256
from .locking import token_alive
from .projection import (
    apply_attempt,
    apply_case_created,
    apply_extraction_run,
    apply_review_decision,
    apply_request,
    apply_settings,
    attempt_applied,
    group_attempts,
    run_applied,
)


def _ts(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()


def reconcile(case: Case, conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Complete or record interrupted work; returns sentences describing what was done."""
    custody = case.custody()
    if not custody.path.exists():
        return []
    entries = custody.entries()
    done: list[str] = []
    attempts = group_attempts(entries)
    logged = {e["object"] for e in entries if e["action"] in ("file_stored", "file_adopted") and e.get("object")}

    for attempt in attempts.values():
        if attempt.received is None or attempt.committed or attempt.interrupted:
            continue
        owner = attempt.received["details"].get("owner", "")
        if owner and token_alive(case.locks_dir, owner):
            continue  # still running in another process
        package_id = attempt.staged["details"]["package_id"] if attempt.staged else None
        if attempt.staged is not None:
            if not attempt_applied(conn, attempt.attempt_id):
                with db.transaction(conn):
                    again = apply_attempt(conn, attempt, case.root)
                note = "the interrupted ingest had stored and logged every file; the database commit was completed now"
            else:
                again = bool(conn.execute("SELECT again FROM package_receipts WHERE attempt_id = ?", [attempt.attempt_id]).fetchone()[0])
                note = "the database already held the package; only the log entry of its commit was missing"
            custody.append(
                "package_committed",
                attempt.staged["object"],
                "received_again" if again else "ok",
                attempt=attempt.attempt_id,
                package_id=package_id,
                again=again,
                recovered=True,
                note=note,
            )
            done.append(f"completed the interrupted ingest of package {package_id}")
        else:
            started = _ts(attempt.received["time"])
            adopted = unlogged_files_since(case, logged, started)
            custody.append_many(
                [
                    (
                        "ingest_interrupted",
                        None,
                        "interrupted",
                        {
                            "attempt": attempt.attempt_id,
                            "input_path": attempt.received["details"].get("input_path"),
                            "files_logged": len(attempt.members),
                            "files_adopted": len(adopted),
                            "note": "the process stopped before every file was stored; nothing of it was committed. Ingest the same path again.",
                        },
                    )
                ]
                + [
                    (
                        "file_adopted",
                        sha,
                        "ok",
                        {
                            "attempt": attempt.attempt_id,
                            "note": "found in the evidence store without a log entry; written by the interrupted ingest after it started",
                        },
                    )
                    for sha in adopted
                ]
            )
            logged.update(adopted)
            done.append(f"recorded the interrupted ingest of {attempt.received['details'].get('input_path')}")

    if not conn.execute("SELECT count(*) FROM case_info").fetchone()[0]:
        created = next((e for e in entries if e["action"] == "case_created"), None)
        if created:
            apply_case_created(conn, created)
    for entry in entries:
        d = entry.get("details") or {}
        if entry["action"] == "extraction_run" and not d.get("attempt") and not run_applied(conn, d["run_id"]):
            with db.transaction(conn):
                apply_extraction_run(conn, entry, case.root)
            done.append(f"loaded extraction run {d['run_id']} from the log")
    have_requests = {r[0] for r in conn.execute("SELECT request_id FROM requests").fetchall()}
    settings_seq = {r[0] for r in conn.execute("SELECT custody_seq FROM settings").fetchall()}
    decision_seq = {r[0] for r in conn.execute("SELECT custody_seq FROM review_decisions").fetchall()}
    for entry in entries:
        if entry["action"] == "request_registered" and entry["details"]["request"]["request_id"] not in have_requests:
            apply_request(conn, entry)
            done.append(f"registered request {entry['details']['request']['request_id']} from the log")
        elif entry["action"] == "settings_changed" and entry["seq"] not in settings_seq:
            apply_settings(conn, entry)
        elif entry["action"] == "review_decision" and entry["seq"] not in decision_seq:
            apply_review_decision(conn, entry)
            done.append(f"recorded review decision {entry['details']['item_id']} from the log")
    _remove_dead_temp_files(case)
    return done


def unlogged_files_since(case: Case, logged: set[str], since: float | str) -> list[str]:
    """Store files with no custody entry, written at or after ``since`` (a timestamp or log time)."""
    if isinstance(since, str):
        since = _ts(since)
    out = []
    for name in case.store().iter_names():
        if is_sha256(name) and name not in logged:
            try:
                if os.stat(case.evidence_dir / name).st_mtime >= since - 1:
                    out.append(name)
            except OSError:
                continue
    return sorted(out)


def _remove_dead_temp_files(case: Case) -> None:
    tmp: Path = case.tmp_dir
    if not tmp.exists():
        return
    alive: dict[str, bool] = {}
    for name in os.listdir(tmp):
        if name.startswith("stage-"):
            # database staging files are only written under the case lock, which we hold
            (tmp / name).unlink(missing_ok=True)
            continue
        token = name.split("-", 2)
        owner = "-".join(token[:2]) if len(token) >= 2 and name.startswith("p") else None
        if owner is None:
            continue
        if owner not in alive:
            alive[owner] = token_alive(case.locks_dir, owner)
        if not alive[owner]:
            try:
                if (tmp / name).is_dir():
                    shutil.rmtree(tmp / name, ignore_errors=True)
                else:
                    os.chmod(tmp / name, 0o600)
                    os.unlink(tmp / name)
            except OSError:
                pass
