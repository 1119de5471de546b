"""Scorecard cases: kill -9 at each named stage (and at random moments), then a clean re-run.

After the re-run: the database opens, no orphan or partial rows, ``returns verify`` passes,
every completed ingest is present, and the evidence store and database equal a run that never
crashed (clock times, attempt ids and per-attempt receipts aside: see tests/test_crash.py).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from pipeline.case import init_case, open_case
from pipeline.verify import verify

from ..conftest import dump_db, make_zip, zip_bytes
from ..harness import run_cli
from ..test_crash import VOLATILE
from .checks import HOSTILE, NETNS, Workspace, assert_safe, case

SEED = 20261123


def _inputs(folder: Path) -> list[Path]:
    """Two small packages: a zip with a nested zip, and a folder of loose files."""
    folder.mkdir(parents=True, exist_ok=True)
    pkg = make_zip(folder / "GGL-2026-0141.zip", {
        "GGL-2026-0141/subscriber.txt": b"Name: Lantern User\nEmail: lantern.user@example.com\n",
        "GGL-2026-0141/ip_activity.csv": b"Timestamp,IP\n" + b"2026-01-02 03:04:05 UTC,192.0.2.10\n" * 50,
        "GGL-2026-0141/nested.zip": zip_bytes({f"part{i}.csv": f"row {i}\n".encode() for i in range(4)}),
    })
    carrier = folder / "carrier"
    carrier.mkdir(exist_ok=True)
    for i in range(3):
        (carrier / f"cdr_{i}.csv").write_bytes(f"call,{i}\n".encode() * 20)
    return [pkg, carrier]


def _new_ws(root: Path) -> Workspace:
    """A workspace whose case is created in-process (fast; the CLI is exercised by the runs)."""
    ws = Workspace(root)
    ws.inbox.mkdir(parents=True, exist_ok=True)
    init_case(ws.case_dir, "SC-2026-0001", "crash scorecard", "Test Examiner")
    return ws


def _comparable(case_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    dump = dump_db(case_dir, exclude_columns=VOLATILE)
    for table in ("package_receipts", "extraction_runs", "run_files", "case_info"):
        dump.pop(table, None)
    return dump


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A run that never crashed."""
    base = tmp_path_factory.mktemp("sc_crash_ref")
    inputs = _inputs(base / "in")
    ws = _new_ws(base / "ws")
    res = ws.returns("ingest", *inputs)
    assert res.returncode == 0, res.output
    return {"db": _comparable(ws.case_dir), "store": ws.stored(), "inputs": inputs,
            "packages": sorted(r[0] for r in ws.rows("SELECT original_name FROM packages"))}


def _no_partial_rows(ws: Workspace) -> None:
    """The database opens; every package has its files; no file row points at a missing package."""
    with open_case(ws.case_dir).reader() as conn:
        for (package_id,) in conn.execute("SELECT package_id FROM packages").fetchall():
            n = conn.execute("SELECT count(*) FROM package_files WHERE package_id = ?", [package_id]).fetchone()[0]
            assert n > 0, f"package {package_id} has no file rows (partial)"
        orphans = conn.execute(
            "SELECT count(*) FROM package_files f WHERE NOT EXISTS (SELECT 1 FROM packages p WHERE p.package_id = f.package_id)"
        ).fetchone()[0]
        assert orphans == 0, f"{orphans} package_files rows without a package"


def _check_recovered(ws: Workspace, reference: dict[str, Any], *, full_verify: bool = True) -> None:
    _no_partial_rows(ws)
    res = ws.returns("ingest", *reference["inputs"])
    if full_verify:
        assert_safe(ws, res, exit_code=0, stored=[reference["inputs"][0]])
    else:
        res.assert_clean()
        assert res.returncode == 0, res.output
        report = verify(open_case(ws.case_dir), record=False)
        assert report.ok, report.problems
    _no_partial_rows(ws)
    assert ws.stored() == reference["store"], "evidence store differs from the run that never crashed"
    got = _comparable(ws.case_dir)
    for table, rows in reference["db"].items():
        assert got.get(table) == rows, f"{table} differs from the run that never crashed"
    assert sorted(r[0] for r in ws.rows("SELECT original_name FROM packages")) == reference["packages"]
    assert list((ws.case_dir / "tmp").iterdir()) == [], "temporary files left behind"
    actions = [e["action"] for e in ws.custody()]
    assert actions.count("package_committed") >= len(reference["packages"])


STAGE_CASES = [
    ("SC-CRA-001", "evidence.stored", 2),
    ("SC-CRA-002", "custody.appended", 3),
    ("SC-CRA-003", "package.staged", 1),
    ("SC-CRA-004", "db.transaction_open", 1),
    ("SC-CRA-005", "db.committed", 1),
    ("SC-CRA-006", "package.done", 1),
]


def _stage_case(case_id: str, stage: str, nth: int):  # type: ignore[no-untyped-def]
    @case(case_id, f"kill -9 at stage {stage} (#{nth}) of a two-package ingest, then the same ingest again",
          "re-run exits 0: database opens, no partial/orphan rows, verify passes, every package present, "
          "store and database equal a run that never crashed")
    def test(tmp_path: Path, reference: dict[str, Any]) -> None:
        ws = _new_ws(tmp_path)
        res = ws.returns("ingest", *reference["inputs"], kill_at=stage, kill_after=nth)
        assert res.killed, f"the run was not killed at {stage} #{nth}: {res.output}"
        _check_recovered(ws, reference)
        if stage in ("package.staged", "db.transaction_open", "db.committed"):
            assert any(e["action"] == "package_committed" and e["details"].get("recovered") for e in ws.custody()), \
                "the interrupted package's commit was not recorded as recovered"

    test.__name__ = f"test_kill_at_{stage.replace('.', '_')}"
    return test


for _cid, _stage, _nth in STAGE_CASES:
    globals()[f"test_kill_at_{_stage.replace('.', '_')}"] = _stage_case(_cid, _stage, _nth)


@case("SC-CRA-007", "kill -9 at 25 random moments of a small two-package ingest (seeded random.Random(20261123))",
      "after each, a re-run exits 0 with no traceback, verify passes and the result equals a run that never crashed")
def test_kill_at_random_moments(tmp_path: Path, reference: dict[str, Any]) -> None:
    rng = random.Random(SEED)
    killed = 0
    for i in range(25):
        ws = _new_ws(tmp_path / f"r{i}")
        delay = rng.uniform(0.05, 1.0)
        res = run_cli(["--case", str(ws.case_dir), "ingest", *map(str, reference["inputs"])],
                      limits=HOSTILE, netns=NETNS, kill_delay=delay)
        res.assert_clean()
        killed += res.killed
        _check_recovered(ws, reference, full_verify=False)
    assert killed >= 5, f"only {killed} of 25 runs were actually interrupted; the delays are too long"
