"""The reliability scorecard: hostile inputs, crashes, concurrency and tampering, each a *case*.

A case is a pytest test marked ``scorecard`` and declared with :func:`case`: a stable id, what
was tried, and the safe behaviour expected. The test body runs the real CLI in a subprocess
(:mod:`tests.harness`: memory, CPU-time and file-size limits; network blocked by a socket
guard, and by a network namespace where the machine allows one) and checks the outcome with
:func:`assert_safe`. ``tests/scorecard/conftest.py`` collects every case's outcome into
``scorecard.json`` and ``scorecard.md`` (``python -m tests.scorecard.report``). A case that
cannot pass yet is marked ``xfail(strict=True)`` with its reason: it is listed as an open
anomaly, never deleted.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, Callable

import duckdb
import pytest

from ..harness import Limits, RunResult, run_cli, tree_snapshot

#: case id -> (what was tried, expected safe behaviour); filled by @case at import
CASES: dict[str, dict[str, str]] = {}

#: limits every scorecard run gets (a hostile input must not need more)
HOSTILE = Limits(memory_bytes=3 * 2**30, cpu_seconds=120, file_size_bytes=2 * 2**30)


def netns_available() -> bool:
    try:
        return subprocess.run(["unshare", "--net", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


NETNS = netns_available()


def case(case_id: str, tried: str, expected: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a scorecard case (marks the test ``scorecard`` and records what it is about)."""
    if case_id in CASES:
        raise ValueError(f"duplicate scorecard case id {case_id}")
    CASES[case_id] = {"tried": tried, "expected": expected}

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(fn)
        def inner(*args: Any, **kwargs: Any) -> Any:
            return fn(*args, **kwargs)

        inner.scorecard_id = case_id  # type: ignore[attr-defined]
        return pytest.mark.scorecard(inner)

    return wrap


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Workspace:
    """A case's own folder: ``inbox/`` for inputs, ``case/`` for the case; nothing else may change."""

    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def case_dir(self) -> Path:
        return self.root / "case"

    def init(self) -> "Workspace":
        self.inbox.mkdir(parents=True, exist_ok=True)
        res = run_cli(["init", str(self.case_dir), "--case-number", "SC-2026-0001"])
        assert res.returncode == 0, res.output
        return self

    def returns(self, *args: str, limits: Limits = HOSTILE, **kw: Any) -> RunResult:
        """Run ``returns --case CASE ARGS`` under the hostile limits (and a network namespace if possible)."""
        return run_cli(["--case", str(self.case_dir), *map(str, args)], limits=limits, netns=NETNS, **kw)

    def outside(self) -> set[str]:
        """Everything under the workspace except the case folder (to prove nothing was written there)."""
        return {p for p in tree_snapshot(self.root) if not p.startswith("case")}

    def rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        conn = duckdb.connect(str(self.case_dir / "case.duckdb"), read_only=True)
        try:
            return conn.execute(sql, params or []).fetchall()
        finally:
            conn.close()

    def custody(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in (self.case_dir / "custody.log").read_text().splitlines() if line.strip()]

    def stored(self) -> set[str]:
        return {p.name for p in (self.case_dir / "evidence").iterdir()}

    def verify_ok(self) -> None:
        res = self.returns("verify")
        assert res.returncode == 0, res.output


def assert_safe(ws: Workspace, res: RunResult, *, exit_code: int | tuple[int, ...], error_code: str | None = None,
                stored: list[Path] = (), outside_before: set[str] | None = None) -> None:
    """The standard checks: documented exit code and error code, no traceback, every original
    stored with the right SHA-256 and logged in custody, nothing written outside the case, the
    custody chain and the store verify."""
    codes = (exit_code,) if isinstance(exit_code, int) else exit_code
    assert res.returncode in codes, f"exit {res.returncode}, expected {codes}\n{res.output}"
    res.assert_clean()
    if error_code:
        assert f"Error {error_code}" in res.output or f'"{error_code}"' in res.output, res.output
    logged = {e.get("object") for e in ws.custody() if e["action"] in ("file_stored", "file_adopted")}
    for original in stored:
        digest = sha256_file(original)
        assert digest in ws.stored(), f"{original.name} was not stored"
        assert sha256_file(ws.case_dir / "evidence" / digest) == digest
        assert digest in logged, f"{original.name} has no custody entry"
    if outside_before is not None:
        assert ws.outside() == outside_before, "something was written outside the case folder"
    ws.verify_ok()


def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path).init()


__all__ = ["CASES", "HOSTILE", "NETNS", "Workspace", "assert_safe", "case", "sha256_file", "workspace", "shutil"]
