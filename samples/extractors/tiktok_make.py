#!/usr/bin/env python3
"""Deterministic generator of the TikTok extractor samples
(tiktok_ip_data, tiktok_subscriber_pdf, tiktok_pdf_ip).

    python samples/extractors/tiktok_make.py

Layouts: RLEAPP tikTokipdata.py (IP Data sheet), the TT-LE-2026-55120 sample package
(subscriber PDF, assumed), RLEAPP tikTokReturnPdf.py (newer App/*.pdf sections: labels,
time format, footer). Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, build_xlsx, csv_bytes  # noqa: E402

WHEN = (2026, 2, 10, 12, 0, 0)
CREATED = dt.datetime(2026, 2, 10, 12, 0, 0, tzinfo=dt.timezone.utc)


def write(rel: str, data: bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def section_pdf(title: str, records: list[list[str]], notice: str | None = None) -> bytes:
    """A TikTok App/ section PDF as RLEAPP describes it: bold title, 'Label: value' lines,
    footer of page number, 'TikTok ...' and 'Confidential & Proprietary'."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter, invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("TikTok (synthetic sample)")
    width, height = letter
    page = 1

    def footer() -> None:
        c.setFont("Helvetica", 8)
        c.drawString(54, 48, str(page))
        c.drawString(54, 38, "TikTok Law Enforcement Response (synthetic sample)")
        c.drawString(54, 28, "Confidential & Proprietary")

    y = height - 60
    c.setFont("Helvetica-Bold", 13)
    c.drawString(54, y, title)
    y -= 26
    if notice:
        c.setFont("Helvetica", 10)
        c.drawString(54, y, notice)
        y -= 14
    for rec in records:
        for line in rec:
            if y < 80:
                footer()
                c.showPage()
                page += 1
                y = height - 60
            c.setFont("Helvetica", 10)
            c.drawString(54, y, line)
            y -= 14
        y -= 8
    footer()
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    # -- IP Data sheet: XLSX with typed datetimes and (UTC) titles, as the sample package
    rows = [["Timestamp (UTC)", "Active Start Time (UTC)", "IP", "IP Country"],
            [dt.datetime(2026, 1, 3, 7, 8, 9), dt.datetime(2026, 1, 3, 7, 0, 0), "203.0.113.15", "US"],
            [dt.datetime(2026, 1, 31, 23, 59, 59), dt.datetime(2026, 1, 31, 23, 50, 1), "2001:db8:a::20", "CA"],
            [dt.datetime(2026, 2, 1, 0, 0, 1), dt.datetime(2026, 1, 31, 23, 50, 1), "198.51.100.200", "CA"]]
    write("tiktok_ip_data/positive/demo.tok2 - IP Data.xlsx", build_xlsx(
        [("IP Data", rows, {"A": 22, "B": 24, "C": 30, "D": 11},
          {1: "yyyy-mm-dd hh:mm:ss", 2: "yyyy-mm-dd hh:mm:ss"}, [1])],
        created=CREATED, creator="TikTok LE Response (synthetic sample)", when=WHEN))
    # CSV twin: the same titles, times as text
    write("tiktok_ip_data/positive/demo.tok3 - IP Data.csv", csv_bytes([
        ["Timestamp (UTC)", "Active Start Time (UTC)", "IP", "IP Country"],
        ["2025-10-26 01:30:00", "2025-10-26 01:29:00", "192.0.2.150", "GB"],
        ["2025-11-02 06:30:00", "2025-11-02 06:00:00", "2001:db8:77::9", "US"],
    ]))
    # near misses: another TikTok sheet (video metadata), another service's login IP sheet
    write("tiktok_ip_data/negative/demo.tok2 - video metadata.xlsx", build_xlsx(
        [("Videos", [["Video ID", "Create Time (UTC)", "Caption", "Views"],
                     ["7300000000000000001", dt.datetime(2026, 1, 3, 7, 8, 9), "demo clip", 12]],
          {"A": 22}, {2: "yyyy-mm-dd hh:mm:ss"}, [1])],
        created=CREATED, creator="TikTok LE Response (synthetic sample)", when=WHEN))
    write("tiktok_ip_data/negative/login_ips.csv", csv_bytes([
        ["Timestamp (UTC)", "IP", "Country"],
        ["2026-01-03 07:08:09", "203.0.113.15", "US"],
    ]))

    # -- subscriber PDFs: the package's labels, and a variant with other label wording
    write("tiktok_subscriber_pdf/positive/demo.tok2 (Subscriber information).pdf", build_pdf(
        "TikTok - Subscriber information - demo.tok2", "TikTok Inc. (synthetic sample)", [
            "# Basic Subscriber Information",
            "",
            "Request reference: TT-LE-2026-60001",
            "Username: demo.tok2",
            "User ID: 7000000000000000502",
            "Nickname: avery q",
            "Email: avery.quill.demo@example.com",
            "Phone: +1 202-555-0166",
            "Registration Time: 2025-06-30 23:15:00 UTC",
            "Registration IP: 203.0.113.15",
            "Device Model: Demo Phone 3 (sample)",
        ]))
    write("tiktok_subscriber_pdf/positive/demo.tok3 (Subscriber information).pdf", build_pdf(
        "TikTok - Subscriber information - demo.tok3", "TikTok Inc. (synthetic sample)", [
            "# Basic Subscriber Information",
            "",
            "Unique ID: demo.tok3",
            "UID: 7000000000000000611",
            "Display Name: rowan",
            "Email Address: rowan.demo@example.org",
            "Phone Number: +1 202-555-0191",
            "Account Created: 2024-12-31 23:59:59 UTC",
            "Signup IP: 2001:db8:77::9",
        ]))
    write("tiktok_subscriber_pdf/negative/demo (Subscriber information).pdf", build_pdf(
        "ClipShare - Subscriber information - demo", "ClipShare (synthetic sample)", [
            "# Basic Subscriber Information",
            "",
            "Username: demo",
            "User ID: 55501",
            "Email: casey.demo@example.net",
            "Registration IP: 192.0.2.33",
        ]))

    # -- newer PDF-folder sections (App/...)
    write("tiktok_pdf_ip/positive/LoginLogoutHistory.pdf", section_pdf("Login Logout History", [
        ["User login time: 01/13/2026 07:08:09 PM (UTC +00)", "User login IP: 203.0.113.15", "User login country: US"],
        ["User logout time: 01/13/2026 09:00:00 PM (UTC +00)", "User logout IP: 203.0.113.15", "User logout country: US"],
        ["User login time: 02/01/2026 12:00:01 AM (UTC +00)", "User login IP: 2001:db8:a::20", "User login country: CA"],
    ]))
    write("tiktok_pdf_ip/positive/IPSessionHistory_1.pdf", section_pdf("IP Session History", [
        ["Date: 01/13/2026 07:08:09 PM (UTC +00)", "IP: 203.0.113.15", "IP Port: 40112", "Country: US"],
        ["Date: 01/14/2026 03:30:00 AM (UTC +00)", "IP: 198.51.100.200", "IP Port: 5223", "Country: CA"],
    ]))
    write("tiktok_pdf_ip/positive/EventsIPData_1.pdf", section_pdf("Events IP Data", [], notice=(
        "Our records indicate no available data for the requested date range.")))
    write("tiktok_pdf_ip/negative/LoginLogoutHistory.pdf", build_pdf(
        "ClipShare - Login history", "ClipShare (synthetic sample)", [
            "# Login Logout History",
            "User login time: 01/13/2026 07:08:09 PM (UTC +00)",
            "User login IP: 203.0.113.15",
            "User login country: US",
        ]))


if __name__ == "__main__":
    main()
