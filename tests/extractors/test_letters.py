"""ISP answer letters and MLA replies: the sample packages against their truth, layouts that move
(query blocks reordered, the port line missing, an address on two lines, table variants), OCR
damage repaired or refused, and the near misses."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from extractors import pdftext
from extractors.base import Document, ReadOptions
from extractors.letters import IspLetter, MlaReply
from extractors.pdftext import Line, Page, PageReader
from pipeline.normalize.timestamps import zone_from_text
from schemas.records import DocumentFact, IpEvent, Problem, Record, Subscriber

from .kdtc_helpers import SAMPLES, codes, run, when

sys.path.insert(0, str(SAMPLES))
from generate import build_pdf, isp_letter_lines, mla_reply_lines  # noqa: E402

ISP = IspLetter()
MLA = MlaReply()
FJL = SAMPLES / "packages" / "FJL-LE-2026-0593_Response.pdf"
CA = SAMPLES / "packages" / "CA-2026-0188_MLA_Reply.pdf"


def doc(path: Path, **options: Any) -> Document:
    data = path.read_bytes()
    d = Document(hashlib.sha256(data).hexdigest(), path, path.name, "application/pdf", len(data))
    if options:
        d.options = ReadOptions(**options)
    return d


def records(path: Path, extractor: IspLetter | MlaReply = ISP) -> list[Record]:
    d = doc(path)
    claim = extractor.identify(d)
    assert claim is not None, f"{extractor.name} does not claim {path.name}"
    return list(extractor.extract(d, claim))


def events(recs: list[Record]) -> list[IpEvent]:
    return [r for r in recs if isinstance(r, IpEvent)]


def facts(recs: list[Record], kind: str) -> list[DocumentFact]:
    return [r for r in recs if isinstance(r, DocumentFact) and r.kind == kind]


def ev_key(e: IpEvent) -> tuple:
    return (e.ip, e.port or "", e.time, e.account)


def pdf(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_bytes(build_pdf(name, "test (synthetic)", lines))
    return path


# -- the sample packages against their truth ----------------------------------------------------


def test_fjl_letter_gives_the_truth() -> None:
    truth = json.loads((SAMPLES / "truth" / "FJL-LE-2026-0593_Response.pdf.json").read_text(encoding="utf-8"))
    extractor, tables = run(FJL)
    assert extractor == "isp_letter"
    assert not codes(tables)
    got = sorted((r["ip"], r["port"], when(r["ts_utc"]), r["account"]) for r in tables["ip_events"])
    want = sorted((a["public_ip"], a["port"], when(a["utc"]), a["customer_id"]) for a in truth["cgnat_answers"] if a["identified"])
    assert got == want
    assert all(r["activity"] == "isp_attribution" for r in tables["ip_events"])
    blocks = {json.loads(r["extra"]).get("port_range") for r in tables["ip_events"]}
    assert {f"{a['port_block'][0]}-{a['port_block'][1]}" for a in truth["cgnat_answers"] if a["port_block"]} <= blocks
    missing = [f for f in tables["document_facts"] if f["kind"] == "not_identified"]
    want_missing = [a for a in truth["cgnat_answers"] if not a["identified"]]
    assert [(f["value"], when(f["time_utc"])) for f in missing] == [(a["public_ip"], when(a["utc"])) for a in want_missing]
    assert "carrier-grade NAT" in json.loads(missing[0]["extra"])["reason"]
    subs = {(s["account"], s["name"], s["address"], tuple(s["emails"])) for s in tables["subscribers"]}
    assert subs == {(s["customer_id"], s["name"], s["address"], tuple(s["emails"])) for s in truth["subscribers"]}
    refs = {(f["value"], json.loads(f["extra"])["whose"]) for f in tables["document_facts"] if f["kind"] == "request_reference"}
    assert refs == {("FJL-LE-2026-0593", "ours"), ("MLA-2026-0031", "yours")}


def test_fjl_zone_note_is_the_sentence_about_the_letters_times() -> None:
    notes = facts(records(FJL), "note")
    assert [n.value for n in notes] == ["IMPORTANT: all times in this letter are Norwegian local time, Central European Time (CET, UTC+01:00)."]
    assert zone_from_text(notes[0].value) == "CET"


def test_scanned_mla_reply_is_read_through_ocr() -> None:
    truth = json.loads((SAMPLES / "truth" / "CA-2026-0188_MLA_Reply.pdf.json").read_text(encoding="utf-8"))
    extractor, tables = run(CA)
    assert extractor == "mla_reply"
    assert not codes(tables)
    ips = tables["ip_events"]
    got = sorted((r["ip"], r["port"], when(r["ts_utc"]), r["account"]) for r in ips)
    assert got == sorted((e["ip"], e["port"], when(e["utc"]), e["account"]) for e in truth["ip_events"])
    assert all("ocr_derived" in r["flags"] and r["ocr_confidence"] is not None for r in ips)
    assert all(json.loads(r["extra"])["annex"] == "Annex 1" and r["locator"].startswith("page 2;") for r in ips)
    missing = [f for f in tables["document_facts"] if f["kind"] == "not_identified"]
    assert [(f["value"], when(f["time_utc"])) for f in missing] == [(e["ip"], when(e["utc"])) for e in truth["not_identified"]]
    letter_subs = [s for s in tables["subscribers"] if s["locator"].startswith("page 1;")]
    assert sorted((s["account"], s["name"], tuple(s["emails"])) for s in letter_subs) == \
        sorted((s["customer_id"], s["name"], tuple(s["emails"])) for s in truth["subscribers"])
    # the e-mail addresses came out of OCR as 'name @example.net': repaired, and said so
    assert any("ocr_repaired" in s["flags"] for s in letter_subs)
    yours = [f for f in tables["document_facts"] if f["kind"] == "request_reference" and json.loads(f["extra"])["whose"] == "yours"]
    assert [f["value"] for f in yours] == ["MLA-2026-0031"]


# -- ISP letter layouts that move ----------------------------------------------------------------


def _fjl_lines() -> list[str]:
    """The FJL letter's lines as the generator builds them (to mutate them)."""
    return isp_letter_lines()


def _blocks(lines: list[str]) -> tuple[list[str], list[list[str]], list[str]]:
    """(lines before the first query, each query block from its rule, lines after the last)."""
    first = next(i for i, ln in enumerate(lines) if ln.startswith("Query 1:")) - 1
    last = max(i for i, ln in enumerate(lines) if ln == "---")
    blocks: list[list[str]] = []
    for ln in lines[first:last]:
        if ln == "---":
            blocks.append([ln])
        else:
            blocks[-1].append(ln)
    return lines[:first], blocks, lines[last:]


def test_query_blocks_reordered_read_the_same(tmp_path: Path) -> None:
    base = sorted(map(ev_key, events(records(FJL))))
    head, blocks, tail = _blocks(_fjl_lines())
    path = pdf(tmp_path, "reordered.pdf", head + [ln for b in reversed(blocks) for ln in b] + tail)
    recs = records(path)
    assert sorted(map(ev_key, events(recs))) == base
    assert len(facts(recs, "not_identified")) == 1
    assert len([r for r in recs if isinstance(r, Subscriber)]) == 3


def test_labelled_query_lines_and_a_missing_port_line(tmp_path: Path) -> None:
    path = pdf(tmp_path, "labelled.pdf", [
        "# Fjordlink Broadband AS - Law Enforcement Response",
        "Our reference: FJL-LE-2026-0777",
        "Your reference: MLA-2026-0031",
        "All times in this letter are Central European Time (CET, UTC+01:00).",
        "",
        "---",
        "Query 1",
        "IP address: 203.0.113.77",
        "Source port: 40112",
        "Time: 07.01.2026 22:41:19",
        "Result: identified. Customer number C-0417-7731",
        "Subscriber: Morgan Ashby",
        "---",
        "Query 2",
        "IP address: 203.0.113.77",
        "Time: 20.01.2026 22:41:19",
        "Result: identified. Customer number C-0417-9902",
        "Subscriber: Rene Castellanos",
        "",
        "Kind regards,",
    ])
    recs = records(path)
    got = sorted(map(ev_key, events(recs)))
    assert got == sorted([("203.0.113.77", "40112", "07.01.2026 22:41:19", "C-0417-7731"),
                          ("203.0.113.77", "", "20.01.2026 22:41:19", "C-0417-9902")])
    # the port is missing, not invented; the framework flags a CGNAT address without a port
    assert {s.name for s in recs if isinstance(s, Subscriber)} == {"Morgan Ashby", "Rene Castellanos"}


def test_address_on_two_lines_is_joined(tmp_path: Path) -> None:
    lines = _fjl_lines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith("Installation address: Eksempelveien"))
    lines[i: i + 1] = ["Installation address: Eksempelveien 12", "5003 Bergen", "Norway"]
    recs = records(pdf(tmp_path, "two-line-address.pdf", lines))
    subs = [r for r in recs if isinstance(r, Subscriber) and r.name == "Morgan Ashby"]
    assert subs[0].address == "Eksempelveien 12, 5003 Bergen, Norway"
    assert "5003 Bergen" in subs[0].raw and subs[0].at.page == 1
    assert sorted(map(ev_key, events(recs))) == sorted(map(ev_key, events(records(FJL))))


TABLE_HEAD = [
    "# Kestrel Fibre Ltd",
    "## Law Enforcement Liaison Team",
    "Our ref: KF-LEL-26-0199",
    "Your ref: CASE-2026-0417/IP-9",
    "",
    "Re: Request for subscriber details of IP addresses",
    "We have completed the searches requested in your notice. All times below are UTC.",
    "",
]


@pytest.mark.parametrize("order", [
    ["IP address", "Port", "Date/Time (UTC)", "Customer ID", "Subscriber"],
    ["Date/Time (UTC)", "IP address", "Port", "Subscriber", "Customer ID"],
    ["Customer ID", "Subscriber", "IP address", "Date/Time (UTC)", "Port"],
])
def test_table_columns_in_any_order(tmp_path: Path, order: list[str]) -> None:
    rows = [
        {"IP address": "192.0.2.44", "Port": "51514", "Date/Time (UTC)": "15.01.2026 09:02:44", "Customer ID": "KF-558120",
         "Subscriber": "Alex Rivera"},
        {"IP address": "2001:db8:4a1f:12::7", "Port": "-", "Date/Time (UTC)": "19.12.2025 02:11:30", "Customer ID": "KF-771904",
         "Subscriber": "Sam Okafor"},
        {"IP address": "198.51.100.23", "Port": "-", "Date/Time (UTC)": "03.12.2025 14:05:12", "Customer ID": "No match",
         "Subscriber": "not assigned at that time"},
    ]
    table = ["| " + " | ".join(order)] + ["| " + " | ".join(r[c] for c in order) for r in rows]
    recs = records(pdf(tmp_path, "table.pdf", TABLE_HEAD + table))
    assert sorted(map(ev_key, events(recs))) == sorted([
        ("192.0.2.44", "51514", "15.01.2026 09:02:44", "KF-558120"),
        ("2001:db8:4a1f:12::7", "", "19.12.2025 02:11:30", "KF-771904"),
    ])
    assert all(e.hint is not None and e.hint.zone == "UTC" for e in events(recs))
    assert {(s.account, s.name) for s in recs if isinstance(s, Subscriber)} == {("KF-558120", "Alex Rivera"), ("KF-771904", "Sam Okafor")}
    (miss,) = facts(recs, "not_identified")
    assert (miss.value, miss.time) == ("198.51.100.23", "03.12.2025 14:05:12")
    assert "not assigned" in miss.extra["reason"]


def test_table_with_wrapped_address_cells(tmp_path: Path) -> None:
    table = [
        "| IP address | Port | Date/Time (UTC) | Customer ID | Subscriber | Service address",
        "| 192.0.2.44 | 51514 | 15.01.2026 09:02:44 | KF-558120 | Alex Rivera | "
        "14 Example Road, Harrowgate HG1 2AB, North Example County, United Kingdom",
        "| 192.0.2.45 | 40001 | 16.01.2026 10:00:00 | KF-558121 | Jo Lee | Flat 2, 7 Sample Street, Harrowgate HG1 3CD, United Kingdom",
    ]
    recs = records(pdf(tmp_path, "wrapped.pdf", TABLE_HEAD + table + ["", "Kind regards,"]))
    subs = {s.account: s for s in recs if isinstance(s, Subscriber)}
    assert subs["KF-558120"].name == "Alex Rivera"
    assert subs["KF-558120"].address == "14 Example Road, Harrowgate HG1 2AB, North Example County, United Kingdom"
    assert subs["KF-558121"].address == "Flat 2, 7 Sample Street, Harrowgate HG1 3CD, United Kingdom"
    assert len(events(recs)) == 2


def test_one_question_letter(tmp_path: Path) -> None:
    recs = records(SAMPLES / "extractors" / "isp_letter" / "positive" / "LN-SC-2026-0311_response.pdf")
    (ev,) = events(recs)
    assert ev_key(ev) == ("198.51.100.77", "60544", "2026-03-05 at 17:22:09 UTC", "LN-00417-2291")
    (sub,) = [r for r in recs if isinstance(r, Subscriber)]
    assert sub.address == "200 Example Avenue, Apt 4, Riverton, OR 97000"
    assert sub.phones == ("+1 503-555-0127",)


def test_one_question_not_identified(tmp_path: Path) -> None:
    path = pdf(tmp_path, "single-miss.pdf", [
        "# Larkspur Networks Inc. - Subpoena Compliance",
        "Our reference: LN-SC-2026-0400",
        "Your reference: CASE-2026-0422",
        "",
        "Re: Subscriber information for IP address 198.51.100.78 on 2026-03-05 at 17:22:09 UTC",
        "",
        "In response to your subpoena: the customer using IP address 198.51.100.78 at that time could not be identified; "
        "the address was not in use.",
    ])
    recs = records(path)
    assert not events(recs)
    (miss,) = facts(recs, "not_identified")
    assert (miss.value, miss.time) == ("198.51.100.78", "2026-03-05 at 17:22:09 UTC")


# -- MLA replies ------------------------------------------------------------------------------------


def test_mla_reply_text_layer_matches_the_scan(tmp_path: Path) -> None:
    """The same reply, not scanned: the same answers (values as the text layer prints them)."""
    path = tmp_path / "reply.pdf"
    path.write_bytes(build_pdf("Ministry of Justice - CA-2026-0188", "test", mla_reply_lines()))
    text = records(path, MLA)
    scan = records(CA, MLA)
    assert sorted(map(ev_key, events(text))) == sorted(map(ev_key, events(scan)))
    assert [f.value for f in facts(text, "not_identified")] == [f.value for f in facts(scan, "not_identified")]
    assert ISP.identify(doc(path)) is None


def test_annex_listed_but_missing(tmp_path: Path) -> None:
    lines = mla_reply_lines()
    cut = lines.index("\f")
    recs = records(pdf(tmp_path, "no-annex.pdf", lines[:cut]), MLA)
    assert [p.code for p in recs if isinstance(p, Problem)] == ["ANNEX_NOT_FOUND"]
    assert not events(recs)
    assert len([r for r in recs if isinstance(r, Subscriber)]) == 2


def test_french_and_german_replies() -> None:
    pos = SAMPLES / "extractors" / "mla_reply" / "positive"
    fr = records(pos / "BEPI-2026-00417_reponse.pdf", MLA)
    assert [ev_key(e) for e in events(fr)] == [("198.51.100.140", "50211", "14/01/2026 18:05:33", "LF-88120456")]
    assert facts(fr, "not_identified")[0].extra["port"] == "non communiqué"
    assert {(f.value, f.extra["whose"]) for f in facts(fr, "request_reference")} == {("BEPI 2026/00417", "ours"), ("MLA-2026-0044", "yours")}
    de = records(pos / "BfJ-III2-9310-26_Antwort.pdf", MLA)
    assert sorted(ev_key(e) for e in events(de)) == sorted([("192.0.2.181", "3321", "20.01.2026 19:44:10", "RN-4471902"),
                                                           ("2001:db8:c0de:12::5", "", "21.01.2026 08:02:55", "RN-4471902")])
    letter = [s for s in de if isinstance(s, Subscriber) and s.at.page == 1]
    assert letter[0].address == "Musterstraße 5, 50667 Köln" and letter[0].name == "Jonas Becker"
    assert {(f.value, f.extra["whose"]) for f in facts(de, "request_reference")} == {("III 2 - 9310/26-R", "ours"),
                                                                                       ("MLA-2026-0052", "yours")}


# -- OCR damage: repaired when the value then validates, refused otherwise -------------------------


def ocr_doc(tmp_path: Path, texts: list[str]) -> Document:
    """A document whose only page 'was OCRed' into these lines (no tesseract run: the reader is primed)."""
    path = tmp_path / "primed.pdf"
    path.write_bytes(build_pdf("primed", "test", ["placeholder"]))
    d = doc(path, ocr=False)
    r = PageReader(d)
    lines = [Line(1, t, (54.0, 60.0 + 13.5 * i, 400.0, 69.0 + 13.5 * i), "ocr", 80.0) for i, t in enumerate(texts)]
    r.pages = {1: Page(1, 612.0, 792.0, "ocr", lines)}
    r.page_count = 1
    d._cache["pdftext"] = r
    assert pdftext.lines(d) == lines
    return d


REPLY_TOP = [
    "MINISTRY OF JUSTICE",
    "Central Authority for Mutual Legal Assistance in Criminal Matters",
    "Our reference: CA-2026-0199",
    "Your reference: MLA-2026-0031",
    "Re: Your request for mutual legal assistance",
    "Name: Morgan Ashby",
    "Customer number: C-0417-7731",
    "E-mail: morgan.ashby @example .net",
    "IP address  Port  Date/Time (CET)  Customer no.  Subscriber",
]


def test_ocr_damage_is_repaired_and_flagged(tmp_path: Path) -> None:
    d = ocr_doc(tmp_path, REPLY_TOP + ["203.0:113.77  40112  07.01 .2026 22:41:19  C-0417-7731  Morgan Ashby"])
    claim = MLA.identify(d)
    assert claim is not None and claim.variant == "reply-scanned"
    recs = list(MLA.extract(d, claim))
    (ev,) = events(recs)
    assert (ev.ip, ev.port, ev.time, ev.account) == ("203.0.113.77", "40112", "07.01.2026 22:41:19", "C-0417-7731")
    assert ev.flags == ("ocr_repaired",)
    assert "203.0:113.77" in ev.raw and ev.at.page == 1 and ev.at.bbox is not None
    (sub,) = [s for s in recs if isinstance(s, Subscriber) and s.emails]
    assert sub.emails == ("morgan.ashby@example.net",) and "ocr_repaired" in sub.flags


def test_unreadable_ocr_value_is_a_problem_not_a_guess(tmp_path: Path) -> None:
    d = ocr_doc(tmp_path, REPLY_TOP + ["203.0.11 3.7?  40112  07.01.2026 22:41:19  C-0417-7731  Morgan Ashby",
                                       "198.51.100.23  -  08.01.2026 10:00:00  C-0417-7731  Morgan Ashby"])
    recs = list(MLA.extract(d, MLA.identify(d)))  # type: ignore[arg-type]
    assert [e.ip for e in events(recs)] == ["198.51.100.23"]
    (problem,) = [p for p in recs if isinstance(p, Problem)]
    assert problem.code == "OCR_VALUE_UNREADABLE"
    assert problem.at is not None and problem.at.page == 1 and problem.at.bbox is not None
    assert "203.0.11 3.7" in problem.message


# -- near misses --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["KF-LEL-26-0120_cover_letter.pdf", "Fjordlink_DNS_change_notice.pdf", "PO-2026-0193_production_order.pdf"])
def test_isp_near_misses_are_refused(name: str) -> None:
    d = doc(SAMPLES / "extractors" / "isp_letter" / "negative" / name)
    assert ISP.identify(d) is None and MLA.identify(d) is None


@pytest.mark.parametrize("name", ["MLA-2026-0031_letter_of_request.pdf", "CA-2026-0188_acknowledgement.pdf"])
def test_mla_near_misses_are_refused(name: str) -> None:
    d = doc(SAMPLES / "extractors" / "mla_reply" / "negative" / name)
    assert MLA.identify(d) is None and ISP.identify(d) is None


def test_not_a_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Query 1: IP 203.0.113.77, source port 40112, time 07.01.2026 22:41:19 CET\nResult: identified\n")
    d = Document("0" * 64, path, path.name, "text/plain", path.stat().st_size)
    assert ISP.identify(d) is None and MLA.identify(d) is None


def test_letter_times_are_utc_after_normalising() -> None:
    _, tables = run(SAMPLES / "extractors" / "mla_reply" / "positive" / "BfJ-III2-9310-26_Antwort.pdf")
    got = sorted(r["ts_utc"] for r in tables["ip_events"])
    assert [when(t) for t in got] == [datetime.fromisoformat("2026-01-20T18:44:10+00:00"), datetime.fromisoformat("2026-01-21T07:02:55+00:00")]


def test_unreadable_time_cell_keeps_the_row_without_a_time(tmp_path: Path) -> None:
    d = ocr_doc(tmp_path, REPLY_TOP + ["198.51.100.23  40112  O7.0l.2O26 22:4l:l9  C-0417-7731  Morgan Ashby"])
    recs = list(MLA.extract(d, MLA.identify(d)))  # type: ignore[arg-type]
    (ev,) = events(recs)
    assert (ev.ip, ev.port, ev.time, ev.account) == ("198.51.100.23", "40112", None, "C-0417-7731")
    (problem,) = [p for p in recs if isinstance(p, Problem)]
    assert problem.code == "OCR_VALUE_UNREADABLE" and "O7.0l.2O26" in problem.message
    assert {s.name for s in recs if isinstance(s, Subscriber)} == {"Morgan Ashby"}
