"""PDF text, OCR (real tesseract), the framework's OCR stamping, page budgets, and the review queue."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from extractors import pdftext
from extractors.base import Claim, Document, Extractor, ReadOptions
from extractors.ocrfix import repair_ipv4, repair_ipv6, repair_spacing
from extractors.registry import all_extractors
from pipeline.extraction import Extraction
from schemas.records import IpEvent

from .conftest import db_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "samples"))
from generate import build_pdf, scan_pdf  # noqa: E402

KIK_PDF = ROOT / "samples/extractors/kik_subscriber_pdf/positive/subscriber-data-demo_kik0502_3fa.pdf"


def doc_for(path: Path, media_type: str = "application/pdf", **options: Any) -> Document:
    data = path.read_bytes()
    d = Document(hashlib.sha256(data).hexdigest(), path, path.name, media_type, len(data))
    if options:
        d.options = ReadOptions(**options)
    return d


@pytest.fixture(scope="module")
def scanned_kik(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Kik subscriber sample, printed and scanned (image only, skew and noise)."""
    path = tmp_path_factory.mktemp("scan") / "subscriber-data-demo_kik0502_3fa.pdf"
    path.write_bytes(scan_pdf(KIK_PDF.read_bytes(), "test"))
    return path


# -- reading -----------------------------------------------------------------------------


def test_text_layer_lines_have_page_and_box() -> None:
    lines = pdftext.lines(doc_for(KIK_PDF))
    assert lines and all(ln.source == "text" and ln.page == 1 and ln.bbox for ln in lines)
    first = lines[0]
    x0, top, x1, bottom = first.bbox
    assert x0 < x1 and top < bottom and top < 100  # measured from the top of the page


def test_scanned_page_is_ocred_with_confidence(scanned_kik: Path) -> None:
    doc = doc_for(scanned_kik)
    reader = pdftext.reader(doc)
    lines = pdftext.lines(doc)
    assert lines and all(ln.source == "ocr" and ln.conf is not None for ln in lines)
    text = "\n".join(ln.text for ln in lines)
    assert "198.51.100.61" in text and "avery.quill.demo@example.com" in text
    page = reader.ocr_pages[1]
    assert page.engine.startswith("tesseract ") and page.lang == "eng" and page.psm in (3, 6) and page.psm_reason
    assert page.mean_conf and page.mean_conf > 60
    # the second read comes from the cache: the page is OCRed once
    assert pdftext.lines(doc) == lines and reader.ocr_pages[1] is page


def test_ocr_can_be_switched_off(scanned_kik: Path) -> None:
    doc = doc_for(scanned_kik, ocr=False)
    assert pdftext.lines(doc) == []
    assert pdftext.reader(doc).pages[1].source == "scan"


def test_page_budget_reads_part_and_says_so(tmp_path: Path) -> None:
    pdf = tmp_path / "long.pdf"
    lines = []
    for n in range(1, 6):
        lines += [f"Login from 192.0.2.{n} at 2026-01-0{n} 10:00:00 UTC on page {n}", "\f"]
    pdf.write_bytes(build_pdf("long", "test", lines[:-1]))
    doc = doc_for(pdf, max_pdf_pages=3)
    got = pdftext.lines(doc)
    assert {ln.page for ln in got} == {1, 2, 3}
    assert doc.partial
    assert [c for c, _, _ in doc.notes] == ["PDF_PAGE_LIMIT"]
    assert "only the first 3 were read" in doc.notes[0][1] and "pages 4-5 were not read" in doc.notes[0][1]


def test_ocr_budget_reads_part_and_says_so(tmp_path: Path) -> None:
    pdf = tmp_path / "scans.pdf"
    pdf.write_bytes(scan_pdf(build_pdf("s", "t", ["Page one 192.0.2.1", "\f", "Page two 192.0.2.2"]), "b"))
    doc = doc_for(pdf, max_ocr_pages=1)
    got = pdftext.lines(doc)
    assert {ln.page for ln in got} == {1}
    assert doc.partial and [c for c, _, _ in doc.notes] == ["OCR_PAGE_LIMIT"]
    assert pdftext.reader(doc).pages[2].source == "not_read"


def test_ocr_repairs_are_reported() -> None:
    assert repair_ipv4("203.0:113.77") == ("203.0.113.77", True)
    assert repair_ipv4("2O3.0.113.77") == ("203.0.113.77", True)
    assert repair_ipv4("198.51.100.7") == ("198.51.100.7", False)
    assert repair_ipv4("version 4") == (None, False)
    assert repair_ipv4("999.1.1.1") == (None, False)
    assert repair_ipv6("2001:db8:77: 4100::1b") == ("2001:db8:77:4100::1b", True)
    assert repair_spacing("07.01 .2026 22:41: 19") == ("07.01.2026 22:41:19", True)
    assert repair_spacing("morgan.ashby @ example .net") == ("morgan.ashby@example.net", True)
    assert repair_spacing("version 2.3 is here") == ("version 2.3 is here", False)


# -- framework stamping ----------------------------------------------------------------------


def test_records_from_ocr_pages_are_stamped(scanned_kik: Path) -> None:
    run = Extraction("r", all_extractors())
    doc = doc_for(scanned_kik)
    result = run.process(doc, "m", "P")
    assert result.extractor == "kik_subscriber_pdf"
    records = run.out.rows["subscribers"] + run.out.rows["ip_events"]
    assert records
    for row in records + run.out.rows["document_facts"]:
        assert "ocr_derived" in row["flags"]
        assert row["ocr_confidence"] is None or 0 <= row["ocr_confidence"] <= 100
    assert any(r["ip"] == "198.51.100.61" for r in run.out.rows["ip_events"])
    pages = run.out.rows["ocr_pages"]
    assert [p["page"] for p in pages] == [1]
    assert "198.51.100.61" in pages[0]["text"] and json.loads(pages[0]["lines_json"])[0]["bbox"]


def test_text_pdf_records_are_not_stamped() -> None:
    run = Extraction("r", all_extractors())
    run.process(doc_for(KIK_PDF), "m", "P")
    rows = run.out.rows["subscribers"] + run.out.rows["ip_events"]
    assert rows and all("ocr_derived" not in r["flags"] and "ocr_confidence" not in r for r in rows)
    assert run.out.rows["ocr_pages"] == []


class _IpLines(Extractor):
    """A test extractor: every PDF line with an IP is an IP event."""

    name = "test_ip_lines"
    provider = "Test"
    layout = "test"
    version = "1"
    media_types = ("application/pdf",)

    def identify(self, doc: Document) -> Claim | None:
        return Claim("test") if pdftext.head_lines(doc) else None

    def extract(self, doc: Document, claim: Claim) -> Iterator[IpEvent]:
        for ln in pdftext.lines(doc):
            m = re.search(r"(192\.0\.2\.\d+) at (\S+ \S+ UTC)", ln.text)
            if m:
                yield IpEvent(ln.at, ln.text, m.group(1), m.group(2))


def test_partial_read_flags_every_record(tmp_path: Path) -> None:
    pdf = tmp_path / "long.pdf"
    lines = []
    for n in range(1, 6):
        lines += [f"Login from 192.0.2.{n} at 2026-01-0{n} 10:00:00 UTC on page {n}", "\f"]
    pdf.write_bytes(build_pdf("long", "test", lines[:-1]))
    run = Extraction("r", [_IpLines()], read_options=ReadOptions(max_pdf_pages=2))
    result = run.process(doc_for(pdf), "m", "P")
    assert [w["code"] for w in run.out.rows["warnings"]] == ["PDF_PAGE_LIMIT"]
    rows = run.out.rows["ip_events"]
    assert [r["ip"] for r in rows] == ["192.0.2.1", "192.0.2.2"]
    assert all("partial_file" in r["flags"] for r in rows)
    assert result.status == "extracted" and result.reason.startswith("read in part: PDF_PAGE_LIMIT")


def test_unrecognised_scan_is_explained(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(scan_pdf(build_pdf("x", "y", ["Minutes of the garden club.", "The roses did well this year."]), "g"))
    run = Extraction("r", [e for e in all_extractors() if e.name.startswith("kik")])
    result = run.process(doc_for(pdf), "m", "P")
    assert result.status == "unidentified"
    codes = [w["code"] for w in run.out.rows["warnings"]]
    assert codes == ["OCR_TEXT_UNRECOGNISED"]
    assert run.out.rows["ocr_pages"] and "garden" in run.out.rows["ocr_pages"][0]["text"].lower()


# -- through the CLI: the review queue ---------------------------------------------------------


def _items(run: Any, *args: str) -> list[dict[str, Any]]:
    res = run("review", "--json", *args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


@pytest.fixture
def ingested(run: Any, scanned_kik: Path) -> Any:
    res = run("ingest", scanned_kik)
    assert res.exit_code == 0, res.output
    return run


def test_review_lists_ocr_values_with_page_and_raw_text(ingested: Any) -> None:
    items = _items(ingested)
    assert items and all(i["status"] == "unconfirmed" for i in items)
    ip = next(i for i in items if i["field"] == "ip")
    assert ip["machine_value"] == "198.51.100.61" and ip["raw_text"] == "198.51.100.61"
    assert ip["why"] == "read by OCR"
    assert ip["where"].startswith("page 1; bbox ")
    assert ip["open_with"].startswith("returns page ") and ip["open_with"].endswith("--page 1")
    assert {i["field"] for i in items} >= {"ip", "time", "name", "emails"}


def test_confirm_and_correct_are_recorded_in_custody(ingested: Any) -> None:
    items = {i["field"]: i for i in _items(ingested)}
    ip, time = items["ip"], items["time"]
    res = ingested("review", "confirm", ip["item"], "--reason", "matches the page image")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"Item {ip['item']} confirmed as '198.51.100.61'")
    res = ingested("review", "confirm", time["item"], "--value", "2025-11-03 06:40:01 UTC")
    assert res.exit_code == 0, res.output
    assert "corrected as '2025-11-03T06:40:01.000000Z'" in res.stdout
    log = [json.loads(x) for x in (ingested.case_dir / "custody.log").read_text().splitlines()]
    decisions = [e for e in log if e["action"] == "review_decision"]
    assert [d["details"]["decision"] for d in decisions] == ["confirmed", "corrected"]
    assert decisions[0]["actor"]["examiner"] == "Test Examiner"
    assert decisions[1]["details"]["machine_value"] == time["machine_value"]
    assert decisions[1]["details"]["value"] == "2025-11-03T06:40:01.000000Z"
    assert decisions[0]["details"]["reason"] == "matches the page image"
    # the machine's reading is untouched; the decision sits beside it
    assert db_rows(ingested.case_dir, "SELECT ts_utc::VARCHAR FROM ip_events") == [("2025-11-03 06:40:00+00",)]
    rows = db_rows(ingested.case_dir, "SELECT decision, value, machine_value FROM review_decisions ORDER BY custody_seq")
    assert rows == [("confirmed", "198.51.100.61", "198.51.100.61"),
                    ("corrected", "2025-11-03T06:40:01.000000Z", time["machine_value"])]
    # open items no longer list them; --all does, with the decision
    assert ip["item"] not in {i["item"] for i in _items(ingested)}
    every = {i["item"]: i for i in _items(ingested, "--all")}
    assert every[time["item"]]["status"] == "corrected"
    assert every[time["item"]]["decided_value"] == "2025-11-03T06:40:01.000000Z"
    # decisions survive a rebuild from the log
    assert ingested("rebuild").exit_code == 0
    assert {i["item"]: i["status"] for i in _items(ingested, "--all")} == {k: v["status"] for k, v in every.items()}
    assert ingested("verify").exit_code == 0


def test_corrections_are_validated(ingested: Any) -> None:
    ip = next(i for i in _items(ingested) if i["field"] == "ip")
    before = (ingested.case_dir / "custody.log").read_bytes()
    res = ingested("review", "confirm", ip["item"], "--value", "999.1.1.1")
    assert res.exit_code == 1
    assert res.stderr.splitlines() == ["Error REVIEW_VALUE_INVALID: '999.1.1.1' is not an IP address",
                                       "Next: type the address as printed, e.g. 203.0.113.77"]
    res = ingested("review", "confirm", "R000000000000")
    assert res.exit_code == 1 and "Error REVIEW_ITEM_UNKNOWN" in res.stderr
    assert (ingested.case_dir / "custody.log").read_bytes() == before


def test_reject_needs_a_reason_and_is_kept(ingested: Any) -> None:
    item = _items(ingested)[0]
    assert ingested("review", "reject", item["item"]).exit_code == 2
    res = ingested("review", "reject", item["item"], "--reason", "illegible")
    assert res.exit_code == 0 and " rejected " in res.stdout
    assert db_rows(ingested.case_dir, "SELECT decision, reason FROM review_decisions") == [("rejected", "illegible")]


def test_page_and_ocr_text_commands(ingested: Any, scanned_kik: Path, tmp_path: Path) -> None:
    sha = hashlib.sha256(scanned_kik.read_bytes()).hexdigest()
    out = tmp_path / "p1.png"
    res = ingested("page", sha[:16], "--page", "1", "--out", out)
    assert res.exit_code == 0, res.output
    assert out.read_bytes().startswith(b"\x89PNG")
    assert ingested("page", sha[:16], "--page", "9").exit_code == 1
    res = ingested("ocr-text", sha[:16], "--json")
    assert res.exit_code == 0, res.output
    (row,) = json.loads(res.stdout)
    assert row["page"] == 1 and row["lang"] == "eng" and "198.51.100.61" in row["text"]


def test_unknown_ocr_language_is_refused_before_storing(run: Any, scanned_kik: Path) -> None:
    res = run("ingest", scanned_kik, "--ocr-lang", "klingon")
    assert res.exit_code == 1
    assert res.stderr.startswith("Error OCR_LANG_MISSING: tesseract has no language pack for klingon")
    assert not any((run.case_dir / "evidence").iterdir())


def test_ocr_language_is_recorded(run: Any, scanned_kik: Path) -> None:
    assert run("ingest", scanned_kik, "--ocr-lang", "eng+fra").exit_code == 0
    log = [json.loads(x) for x in (run.case_dir / "custody.log").read_text().splitlines()]
    (er,) = [e for e in log if e["action"] == "extraction_run"]
    assert er["details"]["read_options"]["ocr_lang"] == "eng+fra"
    assert db_rows(run.case_dir, "SELECT DISTINCT lang FROM ocr_pages") == [("eng+fra",)]


def test_records_are_marked_until_every_value_is_decided(ingested: Any) -> None:
    def ip_review() -> tuple[str, str | None]:
        res = ingested("records", "ip", "--json")
        assert res.exit_code == 0, res.output
        (row,) = json.loads(res.stdout)
        assert "ocr_derived" in row["flags"]
        return row["review"], row["analyst_corrections"]

    assert ip_review() == ("unconfirmed", None)
    ip_items = [
        i for i in _items(ingested) if i["where"] == json.loads(ingested("records", "ip", "--json").stdout)[0]["locator"]]
    for item in ip_items:
        if item["field"] == "time":
            assert ingested("review", "confirm", item["item"], "--value", "2025-11-03T06:40:01Z").exit_code == 0
        else:
            assert ingested("review", "confirm", item["item"]).exit_code == 0
    assert ip_review() == ("corrected", "time=2025-11-03T06:40:01.000000Z")


def test_photos_are_not_ocred_but_page_images_are(tmp_path: Path) -> None:
    from PIL import Image

    from extractors.ocr import render_pdf_page

    photo = tmp_path / "holiday.jpg"
    img = Image.new("RGB", (320, 240))
    img.putdata([(x % 256, y % 256, (x * y) % 256) for y in range(240) for x in range(320)])
    img.save(photo)
    doc = doc_for(photo, "image/jpeg")
    assert pdftext.lines(doc) == [] and pdftext.reader(doc).pages[1].source == "photo"
    page_png = tmp_path / "page.png"
    render_pdf_page(KIK_PDF, 1, 200)[0].save(page_png, dpi=(200, 200))
    doc = doc_for(page_png, "image/png")
    text = "\n".join(ln.text for ln in pdftext.lines(doc))
    assert "198.51.100.61" in text and pdftext.reader(doc).pages[1].source == "ocr"


def test_an_assumed_zone_is_one_question_for_the_whole_file(run: Any, tmp_path: Path) -> None:
    log = tmp_path / "login_history.csv"
    log.write_text("Account,IP Address,Login Time\n" + "".join(
        f"u1,192.0.2.{n},2026-01-0{n} 10:00:00\n" for n in range(1, 6)), encoding="utf-8")
    assert run("ingest", log, "--assume-tz", "America/Chicago").exit_code == 0
    items = [i for i in _items(run) if i["field"] == "assumed_zone"]
    assert len(items) == 1
    (item,) = items
    assert item["records"] == 5 and item["where"] == "(whole file)" and item["why"].startswith("time zone assumed")
    res = run("review", "confirm", item["item"], "--value", "Mars/Olympus")
    assert res.exit_code == 1 and "is not a time zone" in res.stderr
    res = run("review", "confirm", item["item"], "--value", "America/Chicago", "--reason", "the provider confirmed by phone")
    assert res.exit_code == 0, res.output
    states = {json.loads(x)["review"] for x in [json.dumps(r) for r in json.loads(run("records", "ip", "--json").stdout)]}
    assert states == {"confirmed"}


def test_an_unreadable_ocr_row_is_a_review_item(run: Any, tmp_path: Path) -> None:
    """A scanned table row whose IP OCR destroyed: reported, never guessed, and the analyst can record it."""
    lines = ["Orbit Messaging Inc. - Law Enforcement Response", "All times are in UTC.", "",
             "`Timestamp              IP Address        Port   Event",
             "`2026-01-03 08:15:42    198.51.100.61     51022  login",
             "`2026-01-04 19:03:11    203.0.113.77      40877  login",
             "`2026-01-05 23:59:59    2001:db8:4f::a1          logout"]
    pdf = tmp_path / "orbit-scan.pdf"
    pdf.write_bytes(scan_pdf(build_pdf("Orbit", "Orbit", lines), "ob"))
    assert run("ingest", pdf).exit_code == 0
    ips = {ip for (ip,) in db_rows(run.case_dir, "SELECT ip FROM ip_events")}
    assert "198.51.100.61" in ips
    unread = [i for i in _items(run) if i["field"] == "OCR_VALUE_UNREADABLE"]
    if "2001:db8:4f::a1" in ips:  # this tesseract build read the row after all: nothing to report
        assert not unread
        return
    (item,) = unread
    assert item["why"].startswith("OCR could not read this value") and item["where"].startswith("page 1; bbox")
    res = run("review", "confirm", item["item"], "--value", "2001:db8:4f::a1", "--reason", "read off the page image")
    assert res.exit_code == 0 and "the machine read nothing" in res.stdout
    assert db_rows(run.case_dir, "SELECT decision, value FROM review_decisions") == [("corrected", "2001:db8:4f::a1")]
