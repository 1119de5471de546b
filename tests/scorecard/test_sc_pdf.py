"""Scorecard cases: hostile PDFs.

PDF extraction is mostly future work, but ingest already opens PDFs with pypdfium2 while
identifying them (the certificate, Kik and TikTok extractors read the text layer). Whatever
the PDF, ingest must store it by hash, log it in custody, finish within the harness limits
(3 GiB address space, 120 s CPU) and never print a traceback.
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

from ..conftest import make_pdf
from .checks import Workspace, assert_safe, case, workspace


def ingest(ws: Workspace, path: Path) -> float:
    before = ws.outside()
    t0 = time.monotonic()
    res = ws.returns("ingest", path)
    took = time.monotonic() - t0
    assert_safe(ws, res, exit_code=0, stored=[path], outside_before=before)
    return took


def listed(ws: Workspace, name: str) -> tuple[str, str | None]:
    rows = ws.rows("SELECT status, reason FROM package_files WHERE name = ?", [name])
    assert len(rows) == 1, rows
    return rows[0]


def hand_pdf(content: bytes, stream_dict: str = "") -> bytes:
    """A one-page PDF built by hand around one content stream (correct xref offsets)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(content)} {stream_dict}>>\nstream\n".encode() + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@case("SC-PDF-001", "a PDF encrypted with a user password (reportlab encrypt='secret'): cannot be opened without it",
      "stored by hash and logged; listed (unidentified) with a warning naming the password problem; no traceback; exit 0")
def test_encrypted_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    ws = workspace(tmp_path)
    p = ws.inbox / "locked.pdf"
    c = canvas.Canvas(str(p), invariant=1, encrypt="secret")
    c.drawString(72, 720, "CERTIFICATE OF AUTHENTICITY OF DOMESTIC RECORDS")
    c.showPage()
    c.save()
    ingest(ws, p)
    status, _ = listed(ws, "locked.pdf")
    assert status in ("unidentified", "extracted", "extraction_failed", "stored"), status
    # the password is the reason it could not be examined, and that is said
    assert ws.rows("SELECT 1 FROM warnings WHERE message ILIKE '%password%'"), ws.rows("SELECT code, message FROM warnings")


@case("SC-PDF-002", "a text PDF cut off at half its length (no xref, no trailer)",
      "stored by hash and logged; no traceback; exit 0")
def test_truncated_pdf(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    whole = make_pdf(ws.root / "whole.pdf", ["CERTIFICATE OF AUTHENTICITY", "Account: user1", "IP 192.0.2.1"])
    p = ws.inbox / "truncated.pdf"
    data = whole.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    whole.unlink()
    ingest(ws, p)
    listed(ws, "truncated.pdf")


@case("SC-PDF-003", "64 KiB of random-looking bytes named records.pdf (no %PDF header)",
      "stored by hash and logged; listed as unidentified (or flagged extension_mismatch); no traceback")
def test_garbage_pdf(tmp_path: Path) -> None:
    import random

    ws = workspace(tmp_path)
    p = ws.inbox / "records.pdf"
    p.write_bytes(random.Random(20261123).randbytes(64 * 1024))
    ingest(ws, p)
    status, _ = listed(ws, "records.pdf")
    assert status != "extracted", status


@case("SC-PDF-004", "a 3000-page text PDF (one line per page)",
      "ingest finishes in well under the 120 s CPU limit (asserted < 60 s wall on 2 cores); stored; no traceback")
def test_many_pages(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    ws = workspace(tmp_path)
    p = ws.inbox / "long.pdf"
    c = canvas.Canvas(str(p), invariant=1, pageCompression=1)
    for i in range(3000):
        c.drawString(72, 720, f"Page {i + 1}: user1 192.0.2.{i % 250 + 1} 2026-05-01 10:00:00 UTC")
        c.showPage()
    c.save()
    took = ingest(ws, p)
    listed(ws, "long.pdf")
    assert took < 60, f"ingest of a 3000-page PDF took {took:.1f} s"


@case("SC-PDF-005", "an image-only 'scanned' page (reportlab drawImage of a PIL image; no text layer)",
      "stored and listed; the page is OCRed and its text stored; what was read is flagged ocr_derived, or a clear "
      "OCR_TEXT_UNRECOGNISED / PDF_NO_TEXT warning explains why nothing was; no traceback")
def test_scanned_page(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    ws = workspace(tmp_path)
    img = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(img).text((10, 40), "CERTIFICATE OF AUTHENTICITY", fill=0)
    p = ws.inbox / "scan.pdf"
    c = canvas.Canvas(str(p), invariant=1)
    c.drawImage(ImageReader(img), 72, 600, width=400, height=100)
    c.showPage()
    c.save()
    ingest(ws, p)
    status, reason = listed(ws, "scan.pdf")
    [(pages,)] = ws.rows("SELECT count(*) FROM ocr_pages")
    assert pages == 1
    if status == "unidentified":
        assert "scan" in reason, reason
        [(message,)] = ws.rows("SELECT message FROM warnings WHERE code IN ('OCR_TEXT_UNRECOGNISED', 'PDF_NO_TEXT')")
        assert "no text layer" in message and "OCR" in message
    else:
        flags = ws.rows("SELECT flags FROM document_facts UNION ALL SELECT flags FROM ip_events "
                        "UNION ALL SELECT flags FROM subscribers")
        assert flags and all("ocr_derived" in f for (f,) in flags), flags


def _zeros_deflated(total: int) -> bytes:
    co = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    out = [co.compress(chunk) for _ in range(total >> 20)]
    out.append(co.flush())
    return b"".join(out)


@case("SC-PDF-006", "a decompression bomb: a PDF whose page content stream is FlateDecode of 500 MiB of zeros "
      "(about 0.5 MB on disk)",
      "pypdfium2 does not exceed the 3 GiB memory limit; ingest finishes (CPU limit 120 s); stored; no traceback")
def test_flate_bomb(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "bomb.pdf"
    p.write_bytes(hand_pdf(_zeros_deflated(500 << 20), "/Filter /FlateDecode "))
    assert p.stat().st_size < 2 << 20
    took = ingest(ws, p)
    listed(ws, "bomb.pdf")
    assert took < 100, took


@case("SC-PDF-007", "a hand-built PDF whose content stream draws 'CERTIFICATE OF AUTHENTICITY' and whose xref "
      "offsets are all wrong",
      "pdfium repairs or refuses it; stored; no traceback; exit 0")
def test_bad_xref(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    p = ws.inbox / "badxref.pdf"
    good = hand_pdf(b"BT /F1 12 Tf 72 720 Td (CERTIFICATE OF AUTHENTICITY) Tj ET")
    p.write_bytes(good.replace(b"0000000", b"9999999"))
    ingest(ws, p)
    listed(ws, "badxref.pdf")


def _scanned(pages: int, seed: str) -> bytes:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "samples"))
    from generate import build_pdf, scan_pdf

    lines: list[str] = []
    for n in range(1, pages + 1):
        lines += [f"Login from 192.0.2.{n} at 2026-01-05 10:00:{n:02d} UTC", "\f"]
    return scan_pdf(build_pdf("scan", "scorecard", lines[:-1]), seed, dpi=150)


@case("SC-PDF-008", "a 12-page scanned PDF with the case's OCR limit lowered to 2 pages (returns limits max_ocr_pages 2)",
      "only 2 pages OCRed; an OCR_PAGE_LIMIT warning names the pages not read; stored; no traceback")
def test_ocr_page_budget(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    assert ws.returns("limits", "max_ocr_pages", "2").returncode == 0
    p = ws.inbox / "scan12.pdf"
    p.write_bytes(_scanned(12, "budget"))
    took = ingest(ws, p)
    [(n,)] = ws.rows("SELECT count(*) FROM ocr_pages")
    assert n <= 2, n
    [(message,)] = ws.rows("SELECT message FROM warnings WHERE code = 'OCR_PAGE_LIMIT'")
    assert "only 2 were OCRed" in message and "not read" in message
    assert took < 60, took


@case("SC-PDF-009", "a scanned page 200 inches square (14400 pt MediaBox) holding one small image",
      "rendered for OCR at a resolution capped to 40 megapixels, not 300 dpi (3.6 gigapixels); stored; no traceback")
def test_giant_page(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    ws = workspace(tmp_path)
    img = Image.new("L", (400, 100), 255)
    ImageDraw.Draw(img).text((10, 40), "192.0.2.7", fill=0)
    p = ws.inbox / "giant.pdf"
    c = canvas.Canvas(str(p), pagesize=(14400, 14400), invariant=1)
    c.drawImage(ImageReader(img), 72, 600, width=400, height=100)
    c.showPage()
    c.save()
    took = ingest(ws, p)
    listed(ws, "giant.pdf")
    rows = ws.rows("SELECT dpi FROM ocr_pages")
    assert all(dpi < 50 for (dpi,) in rows), rows
    assert took < 100, took


@case("SC-PDF-010", "a PNG decompression bomb: 30000 x 30000 pixels, 1-bit, ~110 KB on disk",
      "not OCRed (over the 40-megapixel limit, or refused by the image library as a bomb), with an OCR_FAILED "
      "warning saying why; stored; no traceback")
def test_png_bomb(tmp_path: Path) -> None:
    from PIL import Image

    ws = workspace(tmp_path)
    p = ws.inbox / "scan.png"
    Image.new("1", (30000, 30000), 1).save(p, "PNG", optimize=True)
    assert p.stat().st_size < 2 << 20
    ingest(ws, p)
    listed(ws, "scan.png")
    messages = [m for (m,) in ws.rows("SELECT message FROM warnings WHERE code = 'OCR_FAILED'")]
    assert messages and "not OCRed (a decompression bomb" in messages[0], messages
