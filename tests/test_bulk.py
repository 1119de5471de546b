"""Large tables read in bulk give the same records as the per-row path."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from extractors.base import Document
from pipeline.case import Case
from pipeline.extraction import Extraction
from pipeline.ingest import ingest

from .conftest import db_rows
from .test_extraction import AcmeLog

COMPARED = ("event_key", "ip", "ip_raw", "ip_version", "ip_class", "port", "ts_raw", "tz_source", "activity", "account",
            "flags", "notes", "ts_utc", "ts_earliest_utc", "ts_latest_utc", "ts_candidates", "provider", "extractor")


def _iso(v):  # type: ignore[no-untyped-def]
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(v, list):
        return [_iso(x) for x in v]
    return v


def _log(path: Path, rows: int, zone_note: str = "Note: all times are Pacific Time") -> Path:
    lines = [zone_note, "Account,IP Address,Login Time,Port"]
    for i in range(rows):
        ip = f"203.0.113.{i % 256}" if i % 3 else f"2001:DB8::{i:x}"
        lines.append(f"user{i % 7},{ip},2026-03-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d},{1024 + i}")
    lines.append("user1,100.64.0.9,2026-11-01 01:30:00,")  # DST-ambiguous time, CGNAT without port
    lines.append("user1,010.1.1.1,2026-03-08 02:30:00,80")  # leading-zero IP, nonexistent local time
    lines.append("user2,203.0.113.5:443,2026-03-09 10:00:00,")  # port printed with the address
    lines.append("user2,203.0.113.5:443,2026-03-09 10:00:01,8443")  # ... and a different one in the port column
    lines.append("user2,[2001:db8::5]:8080,2026-03-09 10:00:02,8080")  # the same port twice
    lines.append("user2,198.51.100.5,2026-03-09 10:00:03,99999")  # invalid port
    lines.append("user2,100.64.1.2,2026-03-09 10:00:04,40112")  # CGNAT with its port
    path.write_text("\n".join(lines) + "\n")
    return path


def _doc(path: Path) -> Document:
    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, "acme_log.csv", "text/csv", len(data))


def test_bulk_and_per_row_paths_agree(tmp_path: Path) -> None:
    path = _log(tmp_path / "acme_log.csv", 2000)
    per_row = Extraction("r", [AcmeLog()])
    per_row.process(_doc(path), "m", "P")
    bulk = Extraction("r", [AcmeLog()], work_dir=tmp_path / "work", bulk_min_bytes=0)
    result = bulk.process(_doc(path), "m", "P")
    assert result.variant.endswith("(read in bulk)") and result.records == 2007
    rel = duckdb.sql(f"SELECT * FROM read_parquet('{bulk.out.parts[0]['path']}') ORDER BY CAST(substr(locator, 5) AS INT)")
    got = [dict(zip(rel.columns, r)) for r in rel.fetchall()]
    want = sorted(per_row.out.rows["ip_events"], key=lambda r: int(r["locator"].split(";")[0][len("line "):]))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert {k: _iso(g[k]) for k in COMPARED} == {k: w[k] for k in COMPARED}
    assert got[0]["locator"] == "row 1" and got[0]["locator_json"] == '{"row": 1}'
    # the zone note was read in both paths
    assert [f["value"] for f in bulk.out.rows["document_facts"]] == ["Note: all times are Pacific Time"]
    last = got[-7]
    assert last["ts_utc"] is None and "dst_ambiguous" in last["flags"] and len(last["ts_candidates"]) == 2
    assert "cgnat_without_port" in last["flags"]
    assert [(g["port"], g["flags"]) for g in got[-4:]] == [(None, ["port_conflict"]), (8080, []), (None, ["port_invalid"]), (40112, [])]


def test_rows_that_cannot_be_read_are_listed_with_their_line(tmp_path: Path) -> None:
    path = tmp_path / "acme_log.csv"
    path.write_text("Account,IP Address,Login Time,Port\nu,203.0.113.1,2026-01-01T00:00:00Z,1\nu,203.0.113.2,2026-01-01T00:00:01Z,2,EXTRA\n"
                    "u,203.0.113.3,2026-01-01T00:00:02Z,3\n")
    bulk = Extraction("r", [AcmeLog()], work_dir=tmp_path / "work", bulk_min_bytes=0)
    result = bulk.process(_doc(path), "m", "P")
    assert result.records == 2
    warning = [w for w in bulk.out.rows["warnings"] if w["code"] == "ROW_REJECTED"]
    assert len(warning) == 1 and warning[0]["locator"] == "line 3" and "EXTRA" in warning[0]["message"]


@pytest.mark.slow
def test_a_large_log_is_ingested_in_bulk(case: Case, tmp_path: Path) -> None:
    """A file over the bulk threshold goes through DuckDB and lands in ip_events; rebuild reloads it."""
    from pipeline.bulk import BULK_MIN_BYTES
    from pipeline.rebuild import rebuild

    path = tmp_path / "ip_log.csv"
    rows = 0
    with open(path, "w") as fh:
        fh.write("Account,IP Address,Port,Timestamp (UTC),Activity\n")
        while fh.tell() < BULK_MIN_BYTES + 1024:
            fh.write(f"lantern.user,203.0.113.{rows % 256},{1024 + rows % 60000},2026-03-{1 + rows % 28:02d} "
                     f"{rows % 24:02d}:{rows % 60:02d}:{(rows * 7) % 60:02d},login\n")
            rows += 1
    [result] = ingest(case, [path])
    assert result.error is None
    assert db_rows(case.root, "SELECT count(*), count(ts_utc), min(locator) FROM ip_events") == [(rows, rows, "row 1")]
    assert db_rows(case.root, "SELECT variant FROM run_files")[0][0].endswith("(read in bulk)")
    before = db_rows(case.root, "SELECT * FROM ip_events ORDER BY record_id LIMIT 50")
    rebuild(case)
    assert db_rows(case.root, "SELECT * FROM ip_events ORDER BY record_id LIMIT 50") == before
    assert db_rows(case.root, "SELECT count(*) FROM ip_events") == [(rows,)]
