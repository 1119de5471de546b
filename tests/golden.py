"""Golden files for extractors: run one sample through the real framework, compare rows.

Layout::

    samples/extractors/<extractor name>/positive/<sample file>
    samples/extractors/<extractor name>/positive/<sample file>.expected.jsonl
    samples/extractors/<extractor name>/negative/<near-miss file>

The expected file holds every row the framework produces from the sample (records,
document facts and warnings), normalised and stamped, in a stable order, without the
run id and package id (which differ per run). Regenerate after checking the output by eye:

    python -m tests.golden --update <extractor name>      # or --all
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import magic

from extractors.base import Document
from extractors.registry import all_extractors
from pipeline.extraction import TABLES, Extraction, choose

ROOT = Path(__file__).resolve().parent.parent / "samples" / "extractors"
VOLATILE = ("run_id", "package_id")


def document(path: Path, name: str | None = None) -> Document:
    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, name or path.name,
                    magic.from_file(str(path), mime=True), len(data))


def golden_rows(path: Path, analyst_zone: str | None = None) -> tuple[str | None, list[dict[str, Any]]]:
    """(extractor chosen, rows) for one sample file."""
    doc = document(path)
    run = Extraction("golden", all_extractors(), analyst_zone)
    result = run.process(doc, "member", "P-golden")
    rows = []
    for table in TABLES:
        for row in sorted(run.out.rows[table], key=lambda r: (r.get("locator") or "", r.get("record_id") or r.get("warning_id") or "")):
            rows.append({"table": table, **{k: v for k, v in row.items() if k not in VOLATILE}})
    rows.insert(0, {"table": "run_files", **{k: v for k, v in result.as_dict().items() if k not in ("sha256",)}})
    return result.extractor, rows


def expected_path(sample: Path) -> Path:
    return sample.with_name(sample.name + ".expected.jsonl")


def dump(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in rows)


def positives(name: str) -> list[Path]:
    folder = ROOT / name / "positive"
    return sorted(p for p in folder.glob("*") if p.is_file() and not p.name.endswith(".expected.jsonl")) if folder.exists() else []


def negatives(name: str) -> list[Path]:
    folder = ROOT / name / "negative"
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.exists() else []


def chosen(path: Path) -> str | None:
    c = choose(document(path), all_extractors())
    return c.extractor.name if c.extractor else None


def update(name: str) -> None:
    for sample in positives(name):
        _, rows = golden_rows(sample)
        expected_path(sample).write_text(dump(rows), encoding="utf-8")
        print(f"wrote {expected_path(sample)} ({len(rows)} rows)")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--update"] and len(args) == 2:
        names = [e.name for e in all_extractors()] if args[1] == "--all" else [args[1]]
        for n in names:
            update(n)
    else:
        print(__doc__)
        sys.exit(2)
