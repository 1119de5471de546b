"""TikTok extractors: the real package, and IP Data sheets whose columns move."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from .kdtc_helpers import SAMPLES, codes, extract_zip, read_csv, reorder, run, when, write_csv

POS = SAMPLES / "extractors" / "tiktok_ip_data" / "positive"
HEADER = ["Timestamp (UTC)", "Active Start Time (UTC)", "IP", "IP Country"]
ROWS = [[dt.datetime(2026, 1, 3, 7, 8, 9), dt.datetime(2026, 1, 3, 7, 0, 0), "203.0.113.15", "US"],
        [dt.datetime(2026, 1, 31, 23, 59, 59), dt.datetime(2026, 1, 31, 23, 50, 1), "2001:db8:a::20", "CA"]]
WANT = {("203.0.113.15", "2026-01-03T07:08:09.000000Z"), ("2001:db8:a::20", "2026-01-31T23:59:59.000000Z")}


def xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "IP Data"
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def got(tables: dict) -> set[tuple[str, str]]:
    return {(r["ip"], r["ts_utc"]) for r in tables.get("ip_events", [])}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return extract_zip(SAMPLES / "packages" / "TT-LE-2026-55120.zip", tmp_path_factory.mktemp("tt"))


def test_package_members_are_claimed_and_give_the_truth(package: dict[str, Path]) -> None:
    truth = json.loads((SAMPLES / "truth" / "TT-LE-2026-55120.zip.json").read_text(encoding="utf-8"))
    by_ex = {}
    for name, path in package.items():
        ex, tables = run(path)
        assert ex in ("tiktok_ip_data", "tiktok_subscriber_pdf"), name
        assert not codes(tables), (name, codes(tables))
        by_ex[ex] = tables
    ips = by_ex["tiktok_ip_data"]["ip_events"]
    assert sorted((r["ip"], when(r["ts_utc"])) for r in ips) == sorted((e["ip"], when(e["utc"])) for e in truth["ip_events"])
    for r in ips:  # the sheet names no account; the file name gives the username
        assert r["account"] == "vale.tok" and "account_from_filename" in r["flags"]
        start = next(e["session_start_utc"] for e in truth["ip_events"] if e["ip"] == r["ip"])
        assert json.loads(r["extra"])["Active Start Time (UTC)"] == start.replace("T", " ").rstrip("Z")
    s = by_ex["tiktok_subscriber_pdf"]["subscribers"][0]
    t = truth["subscribers"][0]
    assert s["account"] == t["account_id"] and t["username"] in s["account_ids"]
    assert s["emails"] == t["emails"] and s["phones"] == t["phones"]
    assert when(s["created_utc"]) == when(t["created_utc"]) and s["registration_ip"] == t["registration_ip"]


def test_reordered_columns_read_the_same(tmp_path: Path) -> None:
    order = [2, 3, 1, 0]
    ex, tables = run(xlsx(tmp_path / "demo.tok2 - IP Data.xlsx", [HEADER[i] for i in order],
                          [[r[i] for i in order] for r in ROWS]))
    assert ex == "tiktok_ip_data"
    assert got(tables) == WANT
    assert not codes(tables)


def test_reversed_rows_read_the_same(tmp_path: Path) -> None:
    ex, tables = run(xlsx(tmp_path / "demo.tok2 - IP Data.xlsx", HEADER, ROWS[::-1]))
    assert ex == "tiktok_ip_data"
    assert got(tables) == WANT


def test_added_column_is_read_but_reported(tmp_path: Path) -> None:
    ex, tables = run(xlsx(tmp_path / "demo.tok2 - IP Data.xlsx", HEADER + ["Carrier"], [r + ["DemoNet"] for r in ROWS]))
    assert ex == "tiktok_ip_data"
    assert got(tables) == WANT
    assert "LAYOUT_CHANGED" in codes(tables)
    assert all("layout_changed" in r["flags"] for r in tables["ip_events"])


def test_renamed_column_is_loud(tmp_path: Path) -> None:
    ex, tables = run(xlsx(tmp_path / "demo.tok2 - IP Data.xlsx", ["Timestamp (UTC)", "Active Start Time (UTC)", "IP Addr",
                                                                  "IP Country"], ROWS))
    assert ex != "tiktok_ip_data"
    assert "LAYOUT_CHANGED" in codes(tables)


def test_titles_without_a_zone_give_no_utc(tmp_path: Path) -> None:
    ex, tables = run(xlsx(tmp_path / "demo.tok2 - IP Data.xlsx", ["Timestamp", "Active Start Time", "IP", "IP Country"], ROWS))
    assert ex == "tiktok_ip_data"
    assert all(r["ts_utc"] is None and r["ts_earliest_utc"] for r in tables["ip_events"])


def test_csv_twin_reordered(tmp_path: Path) -> None:
    rows = read_csv(POS / "demo.tok3 - IP Data.csv")
    _, base = run(POS / "demo.tok3 - IP Data.csv")
    ex, tables = run(write_csv(tmp_path / "demo.tok3 - IP Data.csv", reorder(rows, [3, 2, 0, 1])))
    assert ex == "tiktok_ip_data"
    assert got(tables) == got(base) == {("192.0.2.150", "2025-10-26T01:30:00.000000Z"),
                                        ("2001:db8:77::9", "2025-11-02T06:30:00.000000Z")}


def test_a_sheet_with_the_distinct_column_but_another_name_is_claimed(tmp_path: Path) -> None:
    ex, tables = run(xlsx(tmp_path / "export.xlsx", HEADER, ROWS))
    assert ex == "tiktok_ip_data"
    assert all(r["account"] is None for r in tables["ip_events"])


def test_a_plain_ip_sheet_is_not_tiktok(tmp_path: Path) -> None:
    ex, _ = run(xlsx(tmp_path / "export.xlsx", ["Timestamp (UTC)", "IP"], [r[::2] for r in ROWS]))
    assert ex != "tiktok_ip_data"


def test_newer_pdf_sections() -> None:
    ex, tables = run(SAMPLES / "extractors" / "tiktok_pdf_ip" / "positive" / "LoginLogoutHistory.pdf")
    assert ex == "tiktok_pdf_ip"
    assert sorted((r["activity"], r["ip"], r["ts_utc"]) for r in tables["ip_events"]) == [
        ("login", "2001:db8:a::20", "2026-02-01T00:00:01.000000Z"),
        ("login", "203.0.113.15", "2026-01-13T19:08:09.000000Z"),
        ("logout", "203.0.113.15", "2026-01-13T21:00:00.000000Z"),
    ]
    ex, tables = run(SAMPLES / "extractors" / "tiktok_pdf_ip" / "positive" / "IPSessionHistory_1.pdf")
    assert sorted((r["ip"], r["port"]) for r in tables["ip_events"]) == [("198.51.100.200", 5223), ("203.0.113.15", 40112)]
    ex, tables = run(SAMPLES / "extractors" / "tiktok_pdf_ip" / "positive" / "EventsIPData_1.pdf")
    assert tables["run_files"][0]["status"] == "no_records"
    assert [f["kind"] for f in tables["document_facts"]] == ["no_records"]
