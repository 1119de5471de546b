"""Scorecard cases: the framework's own smoke case (a path-traversal member name)."""

from __future__ import annotations

from pathlib import Path

from ..conftest import make_zip
from .checks import assert_safe, case, workspace


@case("SC-ARC-001", "zip member named ../../escape.txt", "stored by hash, flagged parent_reference, nothing written outside the case")
def test_parent_reference_member(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    z = make_zip(ws.inbox / "pkg.zip", {"../../escape.txt": b"x", "ok.csv": b"ip\n192.0.2.1\n"})
    before = ws.outside()
    res = ws.returns("ingest", z)
    assert_safe(ws, res, exit_code=0, stored=[z], outside_before=before)
    flags = ws.rows("SELECT flags FROM package_files WHERE name LIKE '%escape%'")
    assert flags and "parent_reference" in flags[0][0]
