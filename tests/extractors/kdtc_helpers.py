"""Helpers for the Kik, Discord, TikTok and carrier extractor tests: run one file through the
real framework (choose, extract, normalise) and look at the rows."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.golden import golden_rows

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def run(path: Path) -> tuple[str | None, dict[str, list[dict[str, Any]]]]:
    """(extractor chosen, rows by table) for one file."""
    extractor, rows = golden_rows(path)
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["table"], []).append(r)
    return extractor, out


def write_csv(path: Path, rows: list[list[str]], preamble: list[str] = (), newline: str = "\n") -> Path:  # type: ignore[assignment]
    buf = io.StringIO()
    for line in preamble:
        buf.write(line + newline)
    csv.writer(buf, lineterminator=newline).writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def reorder(rows: list[list[str]], order: list[int]) -> list[list[str]]:
    return [[r[i] for i in order] for r in rows]


def when(iso: str | None) -> datetime | None:
    """An ISO UTC text ('...Z') as an aware datetime, for comparing with the truth files."""
    return datetime.fromisoformat(iso) if iso else None


def codes(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    return [w["code"] for w in tables.get("warnings", [])]


def ip_key(r: dict[str, Any]) -> tuple:
    return (r["account"], r["ip"], r["port"], r["ts_utc"], r["activity"])


def extract_zip(zpath: Path, dest: Path, password: bytes | None = None) -> dict[str, Path]:
    """Members of a (possibly AES) zip written under dest, keyed by their name in the zip."""
    if password is not None:
        import pyzipper

        zf: Any = pyzipper.AESZipFile(zpath)
        zf.setpassword(password)
    else:
        zf = zipfile.ZipFile(zpath)
    out = {}
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            target = dest / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(info.filename))
            out[info.filename] = target
    return out
