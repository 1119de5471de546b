"""Two or more commands at once: one writer at a time, clear refusals, readers answer or say busy."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.case import Case, open_case
from pipeline.locking import CaseLock
from pipeline.verify import verify

from .conftest import db_rows, dump_db, make_zip
from .harness import finish, run_cli, start_cli


def _packages(tmp_path: Path, n: int) -> list[Path]:
    (tmp_path / "in").mkdir(exist_ok=True)
    out = []
    for i in range(n):
        out.append(make_zip(tmp_path / "in" / f"pkg{i}.zip", {
            f"pkg{i}/ip_log.csv": (f"ip,time\n203.0.113.{i},2026-01-0{1 + i % 9}T00:00:00Z\n" * 300).encode(),
            "shared/readme.txt": b"common file in every package\n",
        }))
    return out


def test_second_writer_is_refused_with_who_holds_the_case(case: Case, tmp_path: Path) -> None:
    lock = CaseLock(case.locks_dir, "returns ingest big.zip", "Other Examiner")
    lock.acquire()
    try:
        res = run_cli(["--case", str(case.root), "request", "add", "R-1", "--kind", "warrant", "--provider", "Google"])
        assert res.returncode == 4, res.output
        assert "Error CASE_LOCKED: the case is being written by 'returns ingest big.zip' run by Other Examiner" in res.stderr
        assert "--wait SECONDS" in res.stderr
        res.assert_clean()
        # readers are not blocked by the case lock
        res = run_cli(["--case", str(case.root), "request", "list"])
        assert res.returncode == 0, res.output
    finally:
        lock.release()
    assert db_rows(case.root, "SELECT count(*) FROM requests") == [(0,)]


def test_wait_lets_a_writer_through_when_the_lock_is_released(case: Case) -> None:
    lock = CaseLock(case.locks_dir, "returns ingest", "Other Examiner")
    lock.acquire()
    proc = start_cli(["--case", str(case.root), "request", "add", "R-1", "--kind", "warrant", "--provider", "Google", "--wait", "20"])
    started = time.monotonic()
    time.sleep(1.0)
    lock.release()
    res = finish(proc, ["request", "add"], started)
    assert res.returncode == 0, res.output
    assert db_rows(case.root, "SELECT request_id FROM requests") == [("R-1",)]


def test_three_ingests_and_two_searches_at_once_equal_the_serial_run(case: Case, tmp_path: Path) -> None:
    inputs = _packages(tmp_path, 3)
    from pipeline.case import init_case

    serial_case = init_case(tmp_path / "serial", "CASE-2026-0417", None, "Test Examiner")
    for p in inputs:
        assert run_cli(["--case", str(serial_case.root), "ingest", str(p)]).returncode == 0
    volatile = {"received_at", "first_seen", "created_at", "registered_at", "attempt_id", "first_attempt_id",
                "staged_seq", "custody_seq", "receipt_no", "again",
                "run_id", "run_no", "started_at", "artifact_sha256", "tool_version"}
    expected = dump_db(serial_case.root, volatile)
    expected.pop("case_info")
    # a file shared by several packages is "latest" in whichever package committed last
    expected.pop("latest_run_files")

    for round_no in range(3):
        round_case = init_case(tmp_path / f"round{round_no}", "CASE-2026-0417", None, "Test Examiner")
        procs = [start_cli(["--case", str(round_case.root), "ingest", str(p), "--wait", "60"]) for p in inputs]
        readers = [start_cli(["--case", str(round_case.root), "packages", "--json"]) for _ in range(2)]
        started = time.monotonic()
        results = [finish(p, ["ingest"], started) for p in procs]
        searches = [finish(p, ["packages"], started) for p in readers]
        for res in results:
            res.assert_clean()
            assert res.returncode == 0, res.output
        for res in searches:
            res.assert_clean()
            assert res.returncode == 0 or (res.returncode == 4 and "CASE_BUSY" in res.stderr), res.output
        got = dump_db(round_case.root, volatile)
        got.pop("case_info")
        got.pop("latest_run_files")
        assert got == expected, f"round {round_no}: concurrent result differs from the serial run"
        assert verify(open_case(round_case.root), record=False).ok
