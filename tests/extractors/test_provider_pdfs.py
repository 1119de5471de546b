"""Provider productions as PDF (Microsoft, Apple, Meta records printed, Google letters): tables
read by their headers over pages, layouts that move (columns reordered, added, renamed, moved
on a later page; a table of 3 pages), rows broken by a page break, rows that do not fit, and
letters that must give facts only."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from extractors.base import Document
from extractors.google import GoogleNotice
from extractors.google_letters import GoogleLetter
from extractors.manifests import Certificate
from extractors.registry import all_extractors
from pipeline.extraction import choose

from .kdtc_helpers import SAMPLES, codes, run

MINE = ("microsoft_account_pdf", "apple_account_pdf", "meta_records_pdf", "google_letter")


def _make() -> ModuleType:
    path = SAMPLES / "extractors" / "provider_pdf_make.py"
    spec = importlib.util.spec_from_file_location("provider_pdf_make", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(SAMPLES))
    sys.modules["provider_pdf_make"] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    return mod


ppm = _make()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _doc(path: Path) -> Document:
    data = path.read_bytes()
    return Document(hashlib.sha256(data).hexdigest(), path, path.name, "application/pdf", len(data))


def _events(tables: dict[str, list[dict[str, Any]]], *fields: str) -> list[tuple]:
    fields = fields or ("account", "ip", "port", "ts_utc", "activity")
    return sorted((tuple(r[f] for f in fields) for r in tables.get("ip_events", []) if r["activity"] != "registration"), key=repr)


def _samples(kind: str) -> list[tuple[str, Path]]:
    out = []
    for name in MINE:
        folder = SAMPLES / "extractors" / name / kind
        out += [(name, p) for p in sorted(folder.glob("*.pdf"))]
    return out


# -- who claims what ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "path"), _samples("positive"), ids=lambda x: getattr(x, "name", x))
def test_each_sample_has_exactly_one_reader(name: str, path: Path) -> None:
    doc = _doc(path)
    claims = [e.name for e in all_extractors() if not e.generic and e.accepts(doc) and e.identify(doc) is not None]
    assert claims == [name]


@pytest.mark.parametrize(("name", "path"), _samples("negative"), ids=lambda x: getattr(x, "name", x))
def test_near_misses_are_not_taken_by_any_provider_pdf_reader_but_their_own(name: str, path: Path) -> None:
    c = choose(_doc(path), all_extractors())
    assert c.status != "conflict", c.problems
    assert (c.extractor.name if c.extractor else None) != name


def test_google_letter_leaves_cover_letters_and_certificates_to_their_readers(tmp_path: Path) -> None:
    letter = _write(tmp_path, "GGL-2026-0141_Cover_Letter.pdf", ppm.google_cover_letter())
    cert = _write(tmp_path, "GGL-2026-0141_Certificate_of_Authenticity.pdf", ppm.google_certificate())
    assert GoogleNotice().identify(_doc(letter)) is not None
    assert GoogleLetter().identify(_doc(letter)) is None
    assert Certificate().identify(_doc(cert)) is not None
    assert GoogleLetter().identify(_doc(cert)) is None


# -- Microsoft ---------------------------------------------------------------------------------

MS_POS = SAMPLES / "extractors" / "microsoft_account_pdf" / "positive"


def test_microsoft_table_over_three_pages_repeated_headers_and_footers_are_not_records() -> None:
    ex, t = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    assert ex == "microsoft_account_pdf"
    pages = {json.loads(r["locator_json"])["page"] for r in t["ip_events"]}
    assert pages == {1, 2, 3}
    good = [r for r in ppm.MS_ROWS if r[1] != "Unavailable"]
    assert len(_events(t)) == len(good)
    assert not any("Date/Time" in r["raw_text"] or "Page " in r["raw_text"] for r in t["ip_events"])
    assert all(r["account"] == ppm.MS_ACCOUNT for r in t["ip_events"])
    assert all(r["ts_utc"] and r["ts_utc"].endswith("Z") for r in t["ip_events"])


def test_microsoft_row_broken_by_a_page_break_is_joined() -> None:
    _, t = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    joined = [r for r in t["ip_events"] if r["activity"] == "Security info change (alternate email added)"]
    assert len(joined) == 1
    r = joined[0]
    assert json.loads(r["locator_json"])["page"] == 1
    assert json.loads(r["extra"])["continued_on_page"] == "2"
    assert r["raw_text"].endswith("\n(alternate email added)")


def test_microsoft_row_that_does_not_fit_is_a_located_problem() -> None:
    _, t = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    bad = [w for w in t["warnings"] if w["code"] == "ROW_NOT_READ"]
    assert len(bad) == 1
    assert "Unavailable" in bad[0]["message"]
    assert bad[0]["locator"].startswith("page 2; bbox ")


def test_microsoft_subscriber_and_registration_event() -> None:
    _, t = run(MS_POS / "MSL-2026-0417_Subscriber.pdf")
    (s,) = t["subscribers"]
    assert s["account"] == ppm.MS_ACCOUNT
    assert s["name"] == "Sasha Lindqvist"
    assert s["registration_ip"] == "203.0.113.9"
    assert s["created_utc"] == "2019-03-04T21:42:24.000000Z"
    (reg,) = t["ip_events"]
    assert (reg["activity"], reg["ip"], reg["ts_utc"]) == ("registration", "203.0.113.9", "2019-03-04T21:42:24.000000Z")


def test_microsoft_scanned_log_is_read_by_ocr_and_flagged() -> None:
    ex, t = run(MS_POS / "MSL-2026-0417_IP_Connection_History_scanned.pdf")
    assert ex == "microsoft_account_pdf"
    evs = t["ip_events"]
    assert evs and all("ocr_derived" in r["flags"] for r in evs)
    want = {r[1] for r in ppm.MS_ROWS if r[1] != "Unavailable"}
    assert {r["ip"] for r in evs} <= want
    for r in evs:
        if "ocr_repaired" in r["flags"]:
            assert r["raw_text"] and ("ip_as_read" in r["extra"] or "time_as_read" in r["extra"])


def _ms(tmp_path: Path, order: list[int] | None = None, header: list[str] | None = None, xs: list[float] | None = None,
        rows: list[list[str]] | None = None, **kw: Any) -> tuple[str | None, dict]:
    base_rows = rows if rows is not None else ppm.MS_ROWS
    head = header or ppm.MS_HEADER
    cols = xs or ppm.MS_XS
    if order is not None:
        head = [head[i] for i in order]
        base_rows = [[r[i] for i in order] for r in base_rows]
    path = _write(tmp_path, "MSL_mutated.pdf", ppm.ms_records(header=head, xs=cols, rows=base_rows, **kw))
    return run(path)


def test_microsoft_reordered_columns_read_the_same(tmp_path: Path) -> None:
    _, base = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    ex, t = _ms(tmp_path, order=[2, 0, 3, 1], xs=[54.0, 210.0, 330.0, 400.0])
    assert ex == "microsoft_account_pdf"
    assert _events(t) == _events(base)
    assert "LAYOUT_CHANGED" not in codes(t)


def test_microsoft_added_column_is_read_and_reported(tmp_path: Path) -> None:
    _, base = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    header = ppm.MS_HEADER + ["Browser"]
    rows = [r + ["Edge"] for r in ppm.MS_ROWS]
    ex, t = _ms(tmp_path, header=header, xs=[54.0, 150.0, 295.0, 430.0, 515.0], rows=rows)
    assert ex == "microsoft_account_pdf"
    assert "LAYOUT_CHANGED" in codes(t)
    assert "added 'Browser'" in t["run_files"][0]["layout_change"]
    assert _events(t) == _events(base)
    assert all(json.loads(r["extra"]).get("Browser") == "Edge" for r in t["ip_events"] if r["activity"] != "registration")
    assert all("layout_changed" in r["flags"] for r in t["ip_events"])


def test_microsoft_renamed_column_is_loud_and_not_read_by_microsoft(tmp_path: Path) -> None:
    header = ["Date/Time (UTC)", "Client Address", "Activity", "Country/Region"]
    ex, t = _ms(tmp_path, header=header)
    assert ex != "microsoft_account_pdf"
    assert "LAYOUT_CHANGED" in codes(t)
    assert "'IP Address' -> 'Client Address'" in t["run_files"][0]["layout_change"]


def test_microsoft_columns_found_again_on_each_page(tmp_path: Path) -> None:
    _, base = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    ex, t = _ms(tmp_path, later_xs=[80.0, 200.0, 360.0, 500.0])
    assert ex == "microsoft_account_pdf"
    assert _events(t) == _events(base)
    assert [w["code"] for w in t["warnings"]] == ["ROW_NOT_READ"]  # the 'Unavailable' row only


def test_microsoft_table_without_a_page_break_inside_a_row(tmp_path: Path) -> None:
    _, base = run(MS_POS / "MSL-2026-0417_Account_Records.pdf")
    ex, t = _ms(tmp_path, break_inside=None, rows_per_page=4)
    assert ex == "microsoft_account_pdf"
    assert _events(t) == _events(base)


# -- Apple -------------------------------------------------------------------------------------

APPLE_POS = SAMPLES / "extractors" / "apple_account_pdf" / "positive"


def test_apple_log_reads_every_row_with_its_dsid_port_and_service() -> None:
    ex, t = run(APPLE_POS / "PRS-2026-55120_iCloud_Access_Logs.pdf")
    assert ex == "apple_account_pdf"
    got = _events(t, "account", "ip", "port", "activity")
    want = sorted((r[1], r[2], int(r[3]) if r[3] else None, r[5].replace("\n", " ")) for r in ppm.APPLE_ROWS)
    assert got == want
    assert not codes(t)
    assert {json.loads(r["extra"])["Service"] for r in t["ip_events"]} == {r[4] for r in ppm.APPLE_ROWS}


def test_apple_table_of_three_pages(tmp_path: Path) -> None:
    _, base = run(APPLE_POS / "PRS-2026-55120_iCloud_Access_Logs.pdf")
    path = _write(tmp_path, "PRS_3pages.pdf", ppm.apple_access_log(rows_per_page=3, break_inside=None))
    ex, t = run(path)
    assert ex == "apple_account_pdf"
    assert {json.loads(r["locator_json"])["page"] for r in t["ip_events"]} == {1, 2, 3}
    assert _events(t) == _events(base)


def test_apple_reordered_columns_read_the_same(tmp_path: Path) -> None:
    _, base = run(APPLE_POS / "PRS-2026-55120_iCloud_Access_Logs.pdf")
    order = [2, 3, 0, 5, 4, 1]
    header = [ppm.APPLE_HEADER[i] for i in order]
    rows = [[r[i] for i in order] for r in ppm.APPLE_ROWS]
    xs = [54.0, 200.0, 245.0, 350.0, 410.0, 480.0]
    ex, t = run(_write(tmp_path, "PRS_reordered.pdf", ppm.apple_access_log(header=header, xs=xs, rows=rows)))
    assert ex == "apple_account_pdf"
    assert _events(t) == _events(base)


def test_apple_subscriber_label_value_table() -> None:
    _, t = run(APPLE_POS / "PRS-2026-55120_iCloud_Subscriber.pdf")
    (s,) = t["subscribers"]
    assert s["account"] == ppm.APPLE_DSID
    assert s["account_ids"] == [ppm.APPLE_ID]
    assert s["address"] == "12 Example Road, Springfield, IL, 62701, USA"
    assert json.loads(s["extra"])["iCloud Features"] == "Mail, Photos, iCloud Drive, Find My, Backup"
    assert not t.get("ip_events")


# -- Meta --------------------------------------------------------------------------------------


def test_meta_pdf_gives_what_the_html_gives() -> None:
    _, pdf = run(SAMPLES / "extractors" / "meta_records_pdf" / "positive" / "records.pdf")
    _, html = run(SAMPLES / "extractors" / "meta_records_html" / "positive" / "records.html")
    keys = ("account", "ip", "ip_raw", "port", "ts_utc", "activity")
    assert _events(pdf, *keys) == _events(html, *keys)
    sub_keys = ("account", "account_ids", "name", "emails", "phones", "created_utc", "registration_ip")
    assert [{k: s[k] for k in sub_keys} for s in pdf["subscribers"]] == [{k: s[k] for k in sub_keys} for s in html["subscribers"]]
    facts = lambda t: sorted((f["kind"], f["value"]) for f in t["document_facts"])  # noqa: E731
    assert facts(pdf) == facts(html)


def test_meta_pdf_record_split_by_a_page_break_is_one_record(tmp_path: Path) -> None:
    _, split = run(SAMPLES / "extractors" / "meta_records_pdf" / "positive" / "records.pdf")
    ex, whole = run(_write(tmp_path, "records.pdf", ppm.meta_records_pdf(split_record=False)))
    assert ex == "meta_records_pdf"
    assert _events(split) == _events(whole)
    cont = [r for r in split["ip_events"] if "continued_on_page" in (r["extra"] or "")]
    assert [(r["ip"], r["activity"]) for r in cont] == [("192.0.2.201", "v1_logout")]


def test_meta_pdf_time_cut_by_a_line_end_is_joined() -> None:
    _, t = run(SAMPLES / "extractors" / "meta_records_pdf" / "positive" / "records_facebook_2019.pdf")
    r = next(r for r in t["ip_events"] if r["ip"] == "192.0.2.33")
    assert r["ts_raw"] == "2019-10-31 23:59:59 UTC"


# -- Google letters ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted((SAMPLES / "extractors" / "google_letter" / "positive").glob("*.pdf")),
                         ids=lambda p: p.name)
def test_google_letters_give_facts_only(path: Path) -> None:
    ex, t = run(path)
    assert ex == "google_letter"
    assert not t.get("subscribers") and not t.get("ip_events")
    kinds = {f["kind"] for f in t["document_facts"]}
    assert {"request_reference", "target", "letter_date"} <= kinds
    assert t["run_files"][0]["status"] in ("facts_only", "no_records")


def test_google_no_data_notice_says_no_records() -> None:
    _, t = run(SAMPLES / "extractors" / "google_letter" / "positive" / "GGL-2026-0155_No_Data_Notice.pdf")
    assert t["run_files"][0]["status"] == "no_records"
    refs = [f["value"] for f in t["document_facts"] if f["kind"] == "request_reference"]
    assert refs == ["GGL-2026-0155"]


def test_generator_is_deterministic() -> None:
    assert ppm.ms_records() == ppm.ms_records()
    assert ppm.meta_records_pdf() == (SAMPLES / "extractors" / "meta_records_pdf" / "positive" / "records.pdf").read_bytes()
    assert ppm.apple_access_log() == (APPLE_POS / "PRS-2026-55120_iCloud_Access_Logs.pdf").read_bytes()
