"""rebuild: the database recreated from the custody log equals the original, row for row."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.case import Case
from pipeline.ingest import ingest
from pipeline.rebuild import rebuild
from pipeline.registry import register
from pipeline.requests import build_request
from pipeline.settings import set_limit

from .conftest import dump_db, make_zip, zip_bytes

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _fill(case: Case, tmp_path: Path) -> None:
    register(case, [build_request("REQ-1", "warrant", "Google", ["email:lantern.user@example.com", "ip:192.0.2.10"])])
    set_limit(case, "max_depth", 5)
    outer = make_zip(tmp_path / "outer.zip", {
        "inner.zip": zip_bytes({"a.csv": b"ip\n192.0.2.1\n", "../up.txt": b"x"}),
        "b.txt": b"hello",
    })
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "one.csv").write_bytes(b"ip\n198.51.100.7\n")
    (folder / "two.csv").write_bytes(b"ip\n198.51.100.7\n")
    results = ingest(case, [outer, folder], request_id="REQ-1")
    results += ingest(case, [outer])  # received again
    results += ingest(case, sorted((SAMPLES / "packages").iterdir()))
    assert all(r.error is None for r in results), [r.error for r in results if r.error]


def test_rebuild_gives_the_same_database_content(case: Case, tmp_path: Path) -> None:
    _fill(case, tmp_path)
    before = dump_db(case.root)
    report = rebuild(case)
    assert report.previous_kept_as and (case.root / report.previous_kept_as).exists()
    after = dump_db(case.root)
    assert set(before) == set(after)
    for table in before:
        assert before[table] == after[table], f"table {table} differs after rebuild"
    assert case.custody().entries()[-1]["action"] == "database_rebuilt"


def test_rebuild_after_the_database_is_deleted(case: Case, tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    _fill(case, tmp_path)
    before = dump_db(case.root)
    (case.root / "case.duckdb").unlink()
    res = run("packages")
    assert res.exit_code == 1 and "CASE_DB_MISSING" in res.output and "returns rebuild" in res.output
    res = run("rebuild")
    assert res.exit_code == 0, res.output
    assert "Rebuilt the database from" in res.output
    assert dump_db(case.root) == before


def test_rebuild_of_a_copied_case(case: Case, tmp_path: Path) -> None:
    """A case folder copied elsewhere (e.g. handed to a defence expert) rebuilds identically."""
    _fill(case, tmp_path)
    before = dump_db(case.root)
    copy = tmp_path / "copy"
    shutil.copytree(case.root, copy, ignore=shutil.ignore_patterns("case.duckdb*", "locks"))
    from pipeline.case import open_case

    copied = open_case(copy)
    rebuild(copied)
    assert dump_db(copy) == before
