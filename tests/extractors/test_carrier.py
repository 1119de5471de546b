"""Carrier CDR extractor: the real folder package (Eastern local times across a DST change),
and CDR tables whose columns move."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from .kdtc_helpers import SAMPLES, codes, reorder, run, when, write_csv

PKG = SAMPLES / "packages" / "LSW-2026-03381"
CSV = PKG / "CDR_12025550143_20260301-20260315.csv"
XLSX = PKG / "CDR_12025550143_20260301-20260315.xlsx"
POS = SAMPLES / "extractors" / "carrier_cdr" / "positive"


def call_key(r: dict[str, Any]) -> tuple:
    return (r["caller_raw"], r["callee_raw"], r["start_utc"], r["duration_s"], r["direction"], r["kind"], r["cell"])


def truth_calls() -> list[tuple]:
    truth = json.loads((SAMPLES / "truth" / "LSW-2026-03381.json").read_text(encoding="utf-8"))
    return sorted(((c["from"].lstrip("+"), c["to"].lstrip("+"), when(c["utc"]), c["duration_s"], c["direction"], c["type"],
                    c["first_cell"]) for c in truth["calls"]), key=repr)


def got_calls(tables: dict) -> list[tuple]:
    return sorted(((r["caller_raw"], r["callee_raw"], when(r["start_utc"]), r["duration_s"], r["direction"], r["kind"], r["cell"])
                   for r in tables["calls"]), key=repr)


def split(path: Path) -> tuple[list[str], list[list[str]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, ln in enumerate(lines) if ln.startswith("Date,"))
    return lines[:n], list(csv.reader(lines[n:]))


def test_package_csv_gives_the_truth_in_utc() -> None:
    ex, tables = run(CSV)
    assert ex == "carrier_cdr"
    assert got_calls(tables) == truth_calls()
    assert all(r["tz_source"] == "document" and r["account"] == "12025550143" for r in tables["calls"])
    kinds = {f["kind"]: f["value"] for f in tables["document_facts"]}
    assert kinds["provider_name"] == "Lakeshore Wireless"
    assert kinds["request_reference"] == "LSW-2026-03381"
    assert not codes(tables)


def test_package_xlsx_gives_the_truth_and_the_subscriber() -> None:
    truth = json.loads((SAMPLES / "truth" / "LSW-2026-03381.json").read_text(encoding="utf-8"))
    ex, tables = run(XLSX)
    assert ex == "carrier_cdr"
    assert got_calls(tables) == truth_calls()
    s, t = tables["subscribers"][0], truth["subscribers"][0]
    assert (s["account"], s["name"], s["address"]) == (t["account_id"], t["name"], t["address"])
    assert json.loads(s["extra"]) == {"IMEI": t["imei"], "IMSI": t["imsi"]}
    assert s["phones_raw"] == [p.lstrip("+") for p in t["phones"]]


def test_the_cover_letter_is_not_a_cdr() -> None:
    ex, _ = run(PKG / "LSW-2026-03381_Cover_Letter.txt")
    assert ex != "carrier_cdr"


def test_reordered_columns_read_the_same(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    order = [6, 5, 10, 1, 0, 3, 2, 4, 9, 8, 7]
    ex, tables = run(write_csv(tmp_path / CSV.name, reorder(rows, order), preamble=pre))
    assert ex == "carrier_cdr"
    assert got_calls(tables) == truth_calls()
    assert not codes(tables)


def test_reversed_rows_read_the_same(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    ex, tables = run(write_csv(tmp_path / CSV.name, [rows[0]] + rows[1:][::-1], preamble=pre))
    assert ex == "carrier_cdr"
    assert got_calls(tables) == truth_calls()


def test_added_column_is_read_but_reported(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    rows = [r + (["Roaming Partner"] if i == 0 else ["DEMO"]) for i, r in enumerate(rows)]
    ex, tables = run(write_csv(tmp_path / CSV.name, rows, preamble=pre))
    assert ex == "carrier_cdr"
    assert got_calls(tables) == truth_calls()
    assert "LAYOUT_CHANGED" in codes(tables)
    assert all("layout_changed" in r["flags"] for r in tables["calls"])


def test_renamed_number_column_is_loud(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    rows[0] = [("Calling No" if h == "Calling Number" else h) for h in rows[0]]
    ex, tables = run(write_csv(tmp_path / CSV.name, rows, preamble=pre))
    assert ex != "carrier_cdr"
    assert "LAYOUT_CHANGED" in codes(tables)
    assert "Calling Number" in tables["run_files"][0]["layout_change"]


def test_datetime_in_one_column_and_synonym_headers(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    out = [["Date/Time", "Originating Number", "Terminating Number", "Elapsed Time", "Call Type", "Cell Site"]]
    for r in rows[1:]:
        out.append([f"{r[0]} {r[1]}", r[5], r[6], r[2], r[3], r[9]])
    ex, tables = run(write_csv(tmp_path / "cdr.csv", out, preamble=pre))
    assert ex == "carrier_cdr"
    assert [k[:4] + (k[5], k[6]) for k in got_calls(tables)] == [k[:4] + (k[5], k[6]) for k in truth_calls()]


def test_without_the_zone_note_no_time_is_made_up(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    pre = [ln for ln in pre if "Eastern" not in ln]
    ex, tables = run(write_csv(tmp_path / CSV.name, rows, preamble=pre))
    assert ex == "carrier_cdr"
    assert all(r["start_utc"] is None and "no_zone" in r["flags"] for r in tables["calls"])


def test_dst_gap_and_repeat_are_flagged_with_both_readings() -> None:
    _, tables = run(POS / "CDR_12025550177_20261025-20261105.csv")
    amb = [r for r in tables["calls"] if "dst_ambiguous" in r["flags"]]
    assert [(r["start_raw"], r["start_utc"], r["start_earliest_utc"], r["start_latest_utc"]) for r in amb] == [
        ("11/01/2026 01:30:00", None, "2026-11-01T05:30:00.000000Z", "2026-11-01T06:30:00.000000Z")]
    _, tables = run(POS / "CDR_12025550188_20260301-20260310.xlsx")
    gap = [r for r in tables["calls"] if "dst_nonexistent" in r["flags"]]
    assert [(r["start_utc"], r["start_earliest_utc"], r["start_latest_utc"]) for r in gap] == [
        (None, "2026-03-08T07:30:00.000000Z", "2026-03-08T08:30:00.000000Z")]
    # a Central-time serial date + time of day on either side of the gap
    got = {r["start_raw"]: r["start_utc"] for r in tables["calls"]}
    assert got["46089 01:59:59"] == "2026-03-08T07:59:59.000000Z" and got["46089 03:00:00"] == "2026-03-08T08:00:00.000000Z"


def test_tmobile_dictionary_headers_utc_time_and_called_number() -> None:
    ex, tables = run(POS / "tmo_cdr_12025550143.csv")
    assert ex == "carrier_cdr" and not codes(tables)
    first = next(r for r in tables["calls"] if r["start_raw"] == "01/13/2026 19:08:09")
    assert first["start_utc"] == "2026-01-13T19:08:09.000000Z"
    assert first["callee_raw"] == "13125550104"  # Called Number, not the Dialed Number 3125550104
    assert json.loads(first["extra"])["Dialed Number"] == "3125550104"


def test_data_sessions_give_ip_events() -> None:
    ex, tables = run(POS / "DataSessions_12025550143.csv")
    assert ex == "carrier_cdr"
    got = sorted((r["ip"], r["ts_utc"], r["account"]) for r in tables["ip_events"])
    assert got == [("2001:db8:85a3::8a2e:370:7334", None, "12025550143"),
                   ("203.0.113.77", "2026-11-01T02:00:00.000000Z", "12025550143")]
    ports = {json.loads(r["extra"]).get("Port Range") for r in tables["ip_events"]}
    assert "40000-40127" in ports


def test_a_call_log_of_user_names_is_not_a_cdr(tmp_path: Path) -> None:
    rows = [["Date", "Time", "Calling Number", "Called Number", "Duration"],
            ["01/13/2026", "19:08:09", "vale.demo", "casey.demo", "65"]]
    ex, _ = run(write_csv(tmp_path / "calls.csv", rows))
    assert ex != "carrier_cdr"


def test_xlsx_stored_without_its_extension_is_read(tmp_path: Path) -> None:
    import hashlib

    from extractors.base import Document
    from extractors.registry import all_extractors
    from pipeline.extraction import Extraction

    blob = tmp_path / "47ad0a91e882"  # the evidence store keeps files by hash, without a suffix
    blob.write_bytes(XLSX.read_bytes())
    doc = Document(hashlib.sha256(blob.read_bytes()).hexdigest(), blob, "LSW-2026-03381/" + XLSX.name,
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", blob.stat().st_size)
    run_ = Extraction("t", all_extractors())
    result = run_.process(doc, "m", "P")
    assert result.extractor == "carrier_cdr" and result.records == 9


def test_package_cover_letter_gives_the_subscriber_and_references() -> None:
    truth = json.loads((SAMPLES / "truth" / "LSW-2026-03381.json").read_text(encoding="utf-8"))["subscribers"][0]
    ex, tables = run(PKG / "LSW-2026-03381_Cover_Letter.txt")
    assert ex == "carrier_cover_letter"
    s = tables["subscribers"][0]
    assert (s["account"], s["name"], s["address"]) == (truth["account_id"], truth["name"], truth["address"])
    facts = {f["kind"]: f["value"] for f in tables["document_facts"]}
    assert facts["request_reference"] == "LSW-2026-03381" and facts["case_reference"] == "CASE-2026-0422"
    assert facts["provider_name"] == "LAKESHORE WIRELESS"


def test_cover_letter_subscriber_line_that_is_not_name_then_address_is_kept_whole(tmp_path: Path) -> None:
    text = (PKG / "LSW-2026-03381_Cover_Letter.txt").read_text(encoding="utf-8").replace(
        "Subscriber: Jordan Vale, 100 Example Street, Springfield, VA 22150", "Subscriber: Vale, Jordan")
    p = tmp_path / "letter.txt"
    p.write_text(text, encoding="utf-8")
    ex, tables = run(p)
    assert ex == "carrier_cover_letter"
    s = tables["subscribers"][0]
    assert s["name"] is None and s["address"] is None
    assert json.loads(s["extra"]) == {"Subscriber": "Vale, Jordan"}


def test_a_data_row_with_an_ip_is_also_an_ip_event(tmp_path: Path) -> None:
    pre, rows = split(CSV)
    rows = [r + (["IP Address"] if i == 0 else [""]) for i, r in enumerate(rows)]
    rows.append(["03/09/2026", "10:00:00", "600", "Data", "Outgoing", "12025550143", "", "990000000004170", "001010000000417",
                 "31021", "31021", "203.0.113.77"])
    ex, tables = run(write_csv(tmp_path / CSV.name, rows, preamble=pre))
    assert ex == "carrier_cdr" and not codes(tables)
    assert len(tables["calls"]) == 9
    assert [(r["ip"], r["ts_utc"], r["account"], r["activity"]) for r in tables["ip_events"]] == [
        ("203.0.113.77", "2026-03-09T14:00:00.000000Z", "12025550143", "Data")]
