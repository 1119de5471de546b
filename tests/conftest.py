"""Shared fixtures: real case folders, a CliRunner helper, and small real input files."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.case import Case, init_case, open_case
from pipeline.cli import cli

FIXED_TIME = (2026, 3, 14, 9, 26, 53)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--scorecard-out", default=None, help="write scorecard.json and scorecard.md into this folder")


@pytest.fixture(autouse=True)
def _examiner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RETURNS_EXAMINER", "Test Examiner")
    monkeypatch.delenv("RETURNS_CASE", raising=False)


@pytest.fixture
def case(tmp_path: Path) -> Case:
    """A fresh case in tmp_path/case."""
    return init_case(tmp_path / "case", "CASE-2026-0417", "Op Lantern", "Test Examiner")


class Cli:
    """Invoke the real CLI in-process against one case."""

    def __init__(self, case_dir: Path) -> None:
        self.case_dir = case_dir
        self.runner = CliRunner()

    def __call__(self, *args: Any, input: str | None = None) -> Any:
        return self.runner.invoke(cli, ["--case", str(self.case_dir), *map(str, args)], input=input, catch_exceptions=False)


@pytest.fixture
def run(case: Case) -> Cli:
    return Cli(case.root)


def make_zip(path: Path, members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A real zip with fixed timestamps."""
    with zipfile.ZipFile(path, "w", compression=compression) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = compression
            zf.writestr(info, data)
    return path


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), data)
    return buf.getvalue()


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A real one-page text PDF (reportlab, invariant output)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=letter, invariant=1)
    y = 720
    for line in lines:
        c.drawString(72, y, line)
        y -= 16
    c.showPage()
    c.save()
    return path


def db_rows(case_dir: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    conn = duckdb.connect(str(case_dir / "case.duckdb"), read_only=True)
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()


def dump_db(case_dir: Path, exclude_columns: set[str] = frozenset()) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, for comparing two databases."""
    conn = duckdb.connect(str(case_dir / "case.duckdb"), read_only=True)
    try:
        out = {}
        tables = [r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema='main' ORDER BY 1").fetchall()]
        for t in tables:
            cols = [r[0] for r in conn.execute(f"DESCRIBE {t}").fetchall() if r[0] not in exclude_columns]
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def reopen(case: Case) -> Case:
    return open_case(case.root)


__all__ = ["make_zip", "zip_bytes", "make_pdf", "db_rows", "dump_db", "reopen", "FIXED_TIME", "os"]
