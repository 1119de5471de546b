"""Scorecard cases: several commands on one case at once.

One writer at a time: ingests with ``--wait`` queue up and all succeed; readers answer or say
the case is busy (exit 4, ``CASE_BUSY``); a writer without ``--wait`` is refused with exit 4,
``CASE_LOCKED`` naming who holds the case. No raw DuckDB lock error or traceback reaches the user,
and the concurrent result equals the serial one.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from pipeline.case import init_case
from pipeline.locking import CaseLock

from ..conftest import dump_db, make_zip
from ..harness import RunResult, finish, start_cli
from .checks import HOSTILE, NETNS, Workspace, case, workspace

VOLATILE = {"received_at", "first_seen", "created_at", "registered_at", "attempt_id", "first_attempt_id",
            "staged_seq", "custody_seq", "receipt_no", "again",
            "run_id", "run_no", "started_at", "artifact_sha256", "tool_version"}

RAW_LOCK_ERRORS = ("Could not set lock", "IO Error", "database is locked", "Conflicting lock", "BlockingIOError")


def _packages(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [make_zip(folder / f"pkg{i}.zip", {
        f"pkg{i}/ip_log.csv": (f"ip,time\n203.0.113.{i},2026-01-0{1 + i}T00:00:00Z\n" * 20).encode(),
        "shared/readme.txt": b"common file in every package\n",
    }) for i in range(n)]


def _comparable(case_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    dump = dump_db(case_dir, VOLATILE)
    dump.pop("case_info", None)
    dump.pop("latest_run_files", None)  # a shared file is "latest" in whichever package committed last
    return dump


def _no_raw_errors(res: RunResult) -> None:
    res.assert_clean()
    for raw in RAW_LOCK_ERRORS:
        assert raw not in res.output, f"raw lock error {raw!r} reached the user:\n{res.output}"


def _start(ws: Workspace, *args: str):  # type: ignore[no-untyped-def]
    return start_cli(["--case", str(ws.case_dir), *args], limits=HOSTILE, netns=NETNS)


@case("SC-CON-001", "10 rounds: three ingests with --wait 60 and two searches (packages --json) started together",
      "every ingest exits 0; every search exits 0 with valid JSON or 4 with CASE_BUSY; no raw lock error or "
      "traceback; the final database equals the serial run and verify passes")
def test_three_ingests_two_searches_ten_rounds(tmp_path: Path) -> None:
    inputs = _packages(tmp_path / "in", 3)
    serial = Workspace(tmp_path / "serial")
    init_case(serial.case_dir, "SC-2026-0001", None, "Test Examiner")
    for p in inputs:
        res = serial.returns("ingest", p)
        assert res.returncode == 0, res.output
    expected = _comparable(serial.case_dir)
    assert len(expected["packages"]) == 3

    answered = busy = 0
    for round_no in range(10):
        ws = Workspace(tmp_path / f"round{round_no}")
        init_case(ws.case_dir, "SC-2026-0001", None, "Test Examiner")
        started = time.monotonic()
        writers = [_start(ws, "ingest", str(p), "--wait", "60") for p in inputs]
        readers = [_start(ws, "packages", "--json") for _ in range(2)]
        results = [finish(p, ["ingest"], started, timeout=120) for p in writers]
        searches = [finish(p, ["packages", "--json"], started, timeout=120) for p in readers]
        for res in results:
            _no_raw_errors(res)
            assert res.returncode == 0, f"round {round_no}: ingest exit {res.returncode}\n{res.output}"
        for res in searches:
            _no_raw_errors(res)
            if res.returncode == 0:
                rows = json.loads(res.stdout)
                assert isinstance(rows, list) and len(rows) <= 3, res.stdout
                answered += 1
            else:
                assert res.returncode == 4 and "CASE_BUSY" in res.stderr, f"round {round_no}: search\n{res.output}"
                busy += 1
        assert _comparable(ws.case_dir) == expected, f"round {round_no}: concurrent result differs from the serial run"
        res = ws.returns("verify")
        assert res.returncode == 0, res.output
    assert answered + busy == 20


@case("SC-CON-002", "writers (request add, ingest) without --wait while another command holds the case lock",
      "exit 4, 'Error CASE_LOCKED' naming the holding command and examiner and suggesting --wait; no request or "
      "package row; a reader still answers; custody chain and store verify")
def test_writer_without_wait_is_refused_naming_the_holder(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    pkg = _packages(ws.inbox, 1)[0]
    lock = CaseLock(ws.case_dir / "locks", "returns ingest big.zip", "Other Examiner")
    lock.acquire()
    try:
        for args in (("request", "add", "R-1", "--kind", "warrant", "--provider", "Google"), ("ingest", str(pkg))):
            res = ws.returns(*args)
            _no_raw_errors(res)
            assert res.returncode == 4, res.output
            assert "Error CASE_LOCKED" in res.output, res.output
            assert "'returns ingest big.zip' run by Other Examiner" in res.output, res.output
            assert "--wait" in res.output, res.output
        res = ws.returns("packages", "--json")
        _no_raw_errors(res)
        assert res.returncode == 0 and json.loads(res.stdout) == [], res.output
    finally:
        lock.release()
    assert ws.rows("SELECT count(*) FROM requests") == [(0,)]
    assert ws.rows("SELECT count(*) FROM packages") == [(0,)]
    ws.verify_ok()


@case("SC-CON-003", "ingest without --wait refused with CASE_LOCKED, then retried after the lock is released",
      "the refusal says truthfully what was kept (or keeps nothing); the retry ingests the package as its first receipt, "
      "not 'already received' from an attempt the examiner was told was not ingested")
def test_refused_ingest_reports_what_it_kept(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    pkg = _packages(ws.inbox, 1)[0]
    lock = CaseLock(ws.case_dir / "locks", "returns ingest big.zip", "Other Examiner")
    lock.acquire()
    try:
        refused = ws.returns("ingest", pkg)
        _no_raw_errors(refused)
        assert refused.returncode == 4 and "Error CASE_LOCKED" in refused.output, refused.output
    finally:
        lock.release()
    changed = bool(ws.stored()) or any(e["action"] != "case_created" for e in ws.custody())
    if changed:
        assert "nothing was changed" not in refused.output, \
            f"the refusal says nothing was changed, but {len(ws.stored())} files were stored and logged:\n{refused.output}"
    retry = ws.returns("ingest", pkg)
    _no_raw_errors(retry)
    assert retry.returncode == 0, retry.output
    assert "already received" not in retry.output, retry.output
    assert not any(e["action"] == "package_committed" and e["details"].get("recovered") for e in ws.custody())
    ws.verify_ok()
