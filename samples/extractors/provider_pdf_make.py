#!/usr/bin/env python3
"""Deterministic generator of the provider-PDF extractor samples
(microsoft_account_pdf, apple_account_pdf, meta_records_pdf, google_letter).

    python samples/extractors/provider_pdf_make.py

Layouts (see extractors/microsoft.py, apple.py, meta_pdf.py, google_letters.py and
LAYOUTS.md): the Microsoft and Apple PDFs are **assumed** (fields from what the providers say
they disclose; table columns, titles and footers invented for the samples); the Meta PDF is the
records.html content (LAYOUTS.md#meta) as a browser would print it (assumed rendering); the
Google letters follow the GGL-2026-0141 package's letters (assumed). Tables run over pages with
the header printed again on each page and a "Page N of M" footer; one row is broken by a page
break. PDFs are written by reportlab with ``invariant=1``; the scanned copies come from
``generate.scan_pdf`` (seeded). Synthetic data only. Regenerate the golden files afterwards
(python -m tests.golden --update <name>) and check them by eye.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, scan_pdf  # noqa: E402

PAGE_W, PAGE_H = 612.0, 792.0  # US letter
LEFT, TOP, BOTTOM = 54.0, 56.0, 64.0


# -- a small two-pass layout: ops per page, footers drawn once the page count is known -------------


@dataclass
class Layout:
    title: str
    author: str
    running_head: str = ""  #: printed at the top of every page
    footer: str = ""  #: printed bottom left of every page; "Page N of M" bottom right
    pages: list[list[tuple[str, float, float, float, str]]] = field(default_factory=list)
    y: float = 0.0

    def __post_init__(self) -> None:
        self.new_page()

    def new_page(self) -> None:
        self.pages.append([])
        self.y = PAGE_H - TOP
        if self.running_head:
            self.put("Helvetica", 8, LEFT, self.y + 18, self.running_head)

    def put(self, font: str, size: float, x: float, y: float, text: str) -> None:
        self.pages[-1].append((font, size, x, y, text))

    def room(self, h: float) -> bool:
        return self.y - h >= BOTTOM

    def line(self, text: str, font: str = "Helvetica", size: float = 10, x: float = LEFT, lead: float = 14) -> None:
        if not self.room(lead):
            self.new_page()
        self.put(font, size, x, self.y, text)
        self.y -= lead

    def cells(self, items: list[tuple[float, str]], font: str = "Helvetica", size: float = 10, lead: float = 14) -> None:
        """One line of several cells (x, text)."""
        if not self.room(lead):
            self.new_page()
        for x, text in items:
            if text:
                self.put(font, size, x, self.y, text)
        self.y -= lead

    def gap(self, h: float) -> None:
        self.y -= h

    def table(self, header: list[str], xs: list[float], rows: list[list[str]], size: float = 8.5, lead: float = 13,
              rows_per_page: int | None = None, break_inside: int | None = None,
              later_xs: list[float] | None = None) -> None:
        """A table whose header is printed again at the top of every page. A cell may hold several
        lines ('\\n'); row ``break_inside`` is cut by a page break after its first line; with
        ``later_xs`` the columns stand elsewhere on the pages after the first."""
        first_page = len(self.pages)

        def cols() -> list[float]:
            return later_xs if later_xs is not None and len(self.pages) > first_page else xs

        def head() -> None:
            self.cells(list(zip(cols(), header)), "Helvetica-Bold", size, lead + 2)

        head()
        on_page = 0
        for n, row in enumerate(rows):
            parts = [c.split("\n") for c in row]
            height = max(len(p) for p in parts)
            if on_page and ((rows_per_page and on_page >= rows_per_page) or not self.room(lead * height)):
                self.new_page()
                head()
                on_page = 0
            for k in range(height):
                if k and n == break_inside and k == 1:
                    self.new_page()
                    head()
                    on_page = 0
                self.cells([(x, p[k] if k < len(p) else "") for x, p in zip(cols(), parts)], "Helvetica", size, lead)
            on_page += 1

    def build(self) -> bytes:
        from reportlab.pdfgen import canvas

        buf = io.BytesIO()
        c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
        c.setTitle(self.title)
        c.setAuthor(self.author)
        c.setCreator(self.author)
        total = len(self.pages)
        for n, ops in enumerate(self.pages, start=1):
            for font, size, x, y, text in ops:
                c.setFont(font, size)
                c.drawString(x, y, text)
            c.setFont("Helvetica", 8)
            if self.footer:
                c.drawString(LEFT, 34, self.footer)
            c.drawRightString(PAGE_W - LEFT, 34, f"Page {n} of {total}")
            c.showPage()
        c.save()
        return buf.getvalue()


def write(rel: str, data: bytes) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# -- Microsoft (assumed layout) ------------------------------------------------------------------

MS_ACCOUNT = "sasha.lindqvist.demo@example.net"
MS_REF = "MSL-2026-0417"
MS_HEADER = ["Date/Time (UTC)", "IP Address", "Activity", "Country/Region"]
MS_XS = [LEFT, 170.0, 330.0, 470.0]
MS_ROWS = [
    ["2026-01-02 07:14:09", "198.51.100.23", "Sign-in", "US"],
    ["2026-01-02 19:40:51", "198.51.100.23", "Sign-in (IMAP)", "US"],
    ["2026-01-03 06:02:37", "2001:db8:4a1f:12::7", "Sign-in", "US"],
    ["2026-01-04 12:00:00", "203.0.113.77", "Sign-in (Exchange ActiveSync)", "NO"],
    ["2026-01-05 23:59:59", "192.0.2.44", "Sign-in", "NO"],
    ["2026-01-06 00:00:01", "192.0.2.44", "Security info change\n(alternate email added)", "NO"],
    ["2026-01-07 08:30:00", "Unavailable", "Sign-in", "NO"],
    ["2026-01-08 10:11:12", "2001:db8:85a3::8a2e:370:7334", "Sign-in", "GB"],
    ["2026-01-09 14:15:16", "203.0.113.77", "Password change", "NO"],
    ["2026-01-13 17:18:19", "198.51.100.23", "Sign-in", "US"],
    ["2026-01-14 20:21:22", "198.51.100.23", "Sign-out", "US"],
    ["2026-01-23 01:02:03", "192.0.2.201", "Sign-in (IMAP)", "US"],
]


def ms_rows_us(rows: list[list[str]]) -> list[list[str]]:
    """The same rows with times in the US form Microsoft tools often print (M/D/YYYY h:mm:ss AM)."""
    out = []
    for r in rows:
        d, t = r[0].split(" ")
        y, m, day = d.split("-")
        hh, mm, ss = (int(x) for x in t.split(":"))
        ampm = "AM" if hh < 12 else "PM"
        h12 = hh % 12 or 12
        out.append([f"{int(m)}/{int(day)}/{y} {h12}:{mm:02d}:{ss:02d} {ampm}"] + r[1:])
    return out


def ms_subscriber_lines(account_label: str = "Microsoft Account") -> list[tuple[str, str]]:
    return [
        (account_label, MS_ACCOUNT),
        ("PUID", "00037FFE8A1B2C3D"),
        ("First Name", "Sasha"),
        ("Last Name", "Lindqvist"),
        ("Account Created (UTC)", "2019-03-04 21:42:24"),
        ("Registration IP", "203.0.113.9"),
        ("State", "IL"),
        ("ZIP", "62701"),
        ("Country/Region", "US"),
        ("Alternate Email", "sasha.alt.demo@example.org"),
        ("Phone", "+1 202-555-0161"),
        ("Account Status", "Active"),
    ]


def ms_records(header: list[str] | None = None, xs: list[float] | None = None, rows: list[list[str]] | None = None,
               rows_per_page: int = 6, break_inside: int | None = 5, subscriber: bool = True,
               provider: str = "Microsoft Corporation", later_xs: list[float] | None = None) -> bytes:
    """Subscriber fields and the IP connection history over 3 pages (rows_per_page rows each)."""
    doc = Layout(f"{provider} - Law Enforcement Response - {MS_REF}", f"{provider} (synthetic sample)",
                 running_head=f"{provider} - Law Enforcement Response - Confidential", footer=f"Reference: {MS_REF}")
    doc.line(f"{provider}", "Helvetica-Bold", 13, lead=18)
    doc.line("Law Enforcement Response - Microsoft Account Records" if provider.startswith("Microsoft")
             else "Law Enforcement Response - Account Records", "Helvetica-Bold", 11, lead=16)
    doc.line(f"Microsoft Reference: {MS_REF}" if provider.startswith("Microsoft") else f"Reference: {MS_REF}")
    doc.gap(6)
    if subscriber:
        doc.line("Subscriber Information", "Helvetica-Bold", 10.5, lead=15)
        for label, value in ms_subscriber_lines("Microsoft Account" if provider.startswith("Microsoft") else "Account"):
            doc.line(f"{label}: {value}")
        doc.gap(8)
    doc.line("IP Connection History", "Helvetica-Bold", 10.5, lead=15)
    doc.line(f"Account: {MS_ACCOUNT}")
    doc.line("All times are in Coordinated Universal Time (UTC).")
    doc.gap(4)
    doc.table(header or MS_HEADER, xs or MS_XS, rows if rows is not None else MS_ROWS, rows_per_page=rows_per_page,
              break_inside=break_inside, later_xs=later_xs)
    doc.gap(6)
    doc.line("End of records.")
    return doc.build()


def ms_ip_log_us() -> bytes:
    """The IP connection history alone, 2 pages, times in the US form (the scanned sample's source)."""
    doc = Layout(f"Microsoft Corporation - IP Connection History - {MS_REF}", "Microsoft Corporation (synthetic sample)",
                 running_head="Microsoft Corporation - Law Enforcement Response - Confidential",
                 footer=f"Reference: {MS_REF}")
    doc.line("Microsoft Corporation", "Helvetica-Bold", 13, lead=18)
    doc.line("IP Connection History", "Helvetica-Bold", 11, lead=16)
    doc.line(f"Account: {MS_ACCOUNT}")
    doc.line("All times are in UTC.")
    doc.gap(6)
    rows = [r for r in ms_rows_us(MS_ROWS) if r[1] != "Unavailable"]
    rows = [[r[0], r[1], r[2].replace("\n", " ") if len(r[2]) < 30 else "Security info change", r[3]] for r in rows]
    doc.table(["Date/Time (UTC)", "IP Address", "Activity", "Country/Region"], [LEFT, 190.0, 350.0, 480.0], rows,
              size=11, lead=22, rows_per_page=6)
    return doc.build()


def ms_cover_letter() -> bytes:
    return build_pdf(f"Microsoft Corporation - Cover Letter - {MS_REF}", "Microsoft Corporation (synthetic sample)", [
        "Microsoft Corporation",
        "Law Enforcement and National Security",
        f"Microsoft Reference: {MS_REF}",
        "",
        "Dear Detective Sample,",
        "In response to the legal process referenced above, Microsoft has searched its records for the account "
        f"{MS_ACCOUNT}. The records are produced in the accompanying file.",
        "Sincerely,",
        "Law Enforcement and National Security, Microsoft Corporation",
    ])


# -- Apple (assumed layout) ----------------------------------------------------------------------

APPLE_DSID = "8123456789"
APPLE_ID = "sasha.l.demo@example.org"
APPLE_REF = "PRS-2026-55120"
APPLE_HEADER = ["Date/Time (GMT)", "DSID", "Client IP", "Port", "Service", "Action"]
APPLE_XS = [LEFT, 160.0, 225.0, 385.0, 425.0, 490.0]
APPLE_ROWS = [
    ["2026-02-01 09:00:00", APPLE_DSID, "198.51.100.61", "51022", "iCloud Drive", "download"],
    ["2026-02-01 09:05:12", APPLE_DSID, "198.51.100.61", "51023", "Photos", "upload"],
    ["2026-02-02 18:44:03", APPLE_DSID, "2001:db8:ab:cd::17", "443", "Mail", "fetch"],
    ["2026-02-03 23:59:59", APPLE_DSID, "203.0.113.140", "60001", "Find My", "locate"],
    ["2026-02-04 00:00:00", APPLE_DSID, "203.0.113.140", "60002", "iCloud Drive", "upload"],
    ["2026-02-05 12:30:45", APPLE_DSID, "192.0.2.88", "", "Backup", "backup\n(completed)"],
    ["2026-02-06 07:07:07", APPLE_DSID, "198.51.100.61", "51030", "Mail", "fetch"],
    ["2026-02-07 21:10:00", APPLE_DSID, "2001:db8:ab:cd::17", "443", "Photos", "download"],
]


def apple_access_log(header: list[str] | None = None, xs: list[float] | None = None, rows: list[list[str]] | None = None,
                     rows_per_page: int = 6, break_inside: int | None = 5, brand: str = "Apple Inc.",
                     service: str = "iCloud") -> bytes:
    doc = Layout(f"{brand} - {service} Access Logs - {APPLE_REF}", f"{brand} (synthetic sample)",
                 running_head=f"{brand} - {service} Access Logs - {APPLE_REF}", footer=f"{brand} - Confidential")
    doc.line(brand, "Helvetica-Bold", 13, lead=18)
    doc.line(f"{service} Access Logs", "Helvetica-Bold", 11, lead=16)
    doc.line(f"DSID: {APPLE_DSID}")
    doc.line(f"Apple ID: {APPLE_ID}" if brand.startswith("Apple") else f"Account: {APPLE_ID}")
    doc.line("All dates and times are in GMT.")
    doc.gap(6)
    doc.table(header or APPLE_HEADER, xs or APPLE_XS, rows if rows is not None else APPLE_ROWS, size=8,
              rows_per_page=rows_per_page, break_inside=break_inside)
    return doc.build()


def apple_subscriber() -> bytes:
    """A label/value table without colons."""
    doc = Layout(f"Apple Inc. - iCloud Subscriber Information - {APPLE_REF}", "Apple Inc. (synthetic sample)",
                 footer="Apple Inc. - Confidential")
    doc.line("Apple Inc.", "Helvetica-Bold", 13, lead=18)
    doc.line("iCloud Subscriber Information", "Helvetica-Bold", 11, lead=16)
    doc.line(f"Apple Reference: {APPLE_REF}")
    doc.gap(8)
    fields = [
        ("DSID", APPLE_DSID), ("Apple ID", APPLE_ID), ("First Name", "Sasha"), ("Last Name", "Lindqvist"),
        ("Street Address", "12 Example Road"), ("City", "Springfield"), ("State", "IL"), ("Postal Code", "62701"),
        ("Country", "USA"), ("Phone Number", "+1 (202) 555-0161"), ("Rescue Email", "sasha.rescue.demo@example.net"),
        ("Account Created (GMT)", "2021-07-14 18:02:11"), ("Account Status", "Active"),
        ("iCloud Features", "Mail, Photos, iCloud Drive,"), ("", "Find My, Backup"),
    ]
    for label, value in fields:
        doc.cells([(LEFT, label), (230.0, value)])
    return doc.build()


def apple_cover_letter() -> bytes:
    return build_pdf(f"Apple Inc. - Cover Letter - {APPLE_REF}", "Apple Inc. (synthetic sample)", [
        "Apple Inc.",
        "Privacy and Law Enforcement Compliance",
        f"Apple Reference: {APPLE_REF}",
        "",
        "Dear Detective Sample,",
        f"In response to your request concerning the Apple ID {APPLE_ID}, please find the enclosed records. "
        "Connection logs are provided in a separate file.",
        "Sincerely, Apple Inc.",
    ])


# -- Meta: records.html printed to PDF (assumed rendering) -----------------------------------------

META_LX, META_VX, META_IX = LEFT, 220.0, 330.0


def meta_records_pdf(split_record: bool = True, facebook: bool = False) -> bytes:
    """The records.html content of the meta_records_html sample (instagram_2026) printed: labels in
    a left column, values to their right, nested records as inner label/value columns; no
    section titles (records.html prints none); a running head and a page footer on each page."""
    brand = "Facebook Business Record" if facebook else "Meta Platforms Business Record"
    doc = Layout(brand, "Meta Platforms, Inc. (synthetic sample)", running_head=brand,
                 footer="Meta Platforms, Inc. - Law Enforcement Response")

    def leaf(label: str, value: str | list[str]) -> None:
        vals = value if isinstance(value, list) else [value]
        doc.cells([(META_LX, label), (META_VX, vals[0])])
        for v in vals[1:]:
            doc.cells([(META_VX, v)])

    def nested(label: str, records: list[list[tuple[str, str]]], break_after: tuple[int, int] | None = None) -> None:
        first = True
        for n, rec in enumerate(records):
            for k, (lbl, val) in enumerate(rec):
                if break_after is not None and (n, k) == break_after:
                    doc.new_page()
                doc.cells(([(META_LX, label)] if first else []) + [(META_VX, lbl), (META_IX, val)])
                first = False
            doc.gap(6)

    if facebook:
        params = [("Service", "Facebook"), ("Target", "100000000000731"), ("Account Identifier", "morgan.example.731"),
                  ("Account Type", "User"), ("Generated", "2019-11-04 18:22:10 UTC"),
                  ("Date Range", "2019-10-01 00:00:00 UTC to 2019-10-31 23:59:59 UTC")]
        for k, v in params:
            leaf(k, v)
        doc.gap(8)
        leaf("Name Definition", "Name provided by the account holder.")
        nested("Name", [[("First", "Morgan"), ("Last", "Example")]])
        leaf("Registered Email Addresses", "morgan.example@example.org")
        leaf("Vanity Name", "morgan.example.731")
        leaf("Registration Date", "2012-02-29 12:00:00 UTC")
        leaf("Registration Ip", "203.0.113.5")
        leaf("Phone Numbers", "No responsive records")
        doc.gap(8)
        leaf("Ip Addresses Definition", "IP addresses used to log in, with the time (UTC).")
        nested("Ip Addresses", [
            [("IP Address", "198.51.100.200"), ("Time", "2019-10-02 11:00:00 UTC"), ("Action", "login")],
            [("IP Address", "2001:db8:abcd:12::1"), ("Time", "2019-10-19 23:45:10 UTC"), ("Action", "login")],
            [("IP Address", "192.0.2.33"), ("Time", "2019-10-31 23:59:59"), ("", "UTC"), ("Action", "logout")],
        ])
        return doc.build()

    params = [("Service", "Instagram"), ("Internal Ticket Number", "8800520044"), ("Target", "17800000000000520"),
              ("Account Identifier", "avery_sample_520"), ("Account Type", "User"),
              ("Generated", "2026-03-20 10:00:00 UTC"),
              ("Date Range", "2026-03-01 00:00:00 UTC to 2026-03-15 23:59:59 UTC")]
    for k, v in params:
        leaf(k, v)
    doc.gap(8)
    leaf("Ip Addresses Definition", ["IP addresses used to access the account, with the date and time (UTC)",
                                     "and the action taken. Where available, the source port follows the",
                                     "address after a colon; IPv6 addresses are printed in brackets."])
    ips = [
        [("IP Address", "203.0.113.10:51000"), ("Time", "2026-03-01 08:00:01 UTC"), ("Action", "login")],
        [("IP Address", "[2001:db8:77::2]:60111"), ("Time", "2026-03-02 14:30:00 UTC"), ("Action", "v1_profile_changed")],
        [("IP Address", "198.51.100.7"), ("Time", "2026-03-02 23:59:59 UTC"), ("Action", "media_upload")],
        [("IP Address", "192.0.2.201:40000"), ("Time", "2026-03-03 00:00:00 UTC"), ("Action", "v1_logout")],
        [("IP Address", "2001:db8:77::2"), ("Time", "2026-03-10 06:05:04 UTC"), ("Action", "login")],
        [("IP Address", "203.0.113.10:51002"), ("Time", "2026-03-15 23:59:58 UTC"), ("Action", "v1_user_block")],
    ]
    # the page breaks inside record 4: its IP Address on page 1, its Time and Action on page 2
    nested("Ip Addresses", ips, break_after=(3, 1) if split_record else None)
    leaf("Phone Numbers Definition", "Phone numbers registered to the account.")
    leaf("Phone Numbers", ["+1 202 555 0117 Verified", "+1 202 555 0190 Unverified"])
    doc.gap(6)
    leaf("Name Definition", "Name provided by the account holder.")
    nested("Name", [[("First", "Avery"), ("Middle", "Q."), ("Last", "Sample")]])
    leaf("Emails", ["avery.sample@example.com", "a.sample.alt@example.net"])
    leaf("Vanity", "avery_sample_520")
    leaf("Registration Ip", "2001:db8:20::15")
    leaf("Registration Date", "2025-05-06 07:08:09 UTC")
    leaf("Account End Date", "No responsive records")
    leaf("Devices", "No responsive records")
    return doc.build()


def meta_dyi_index() -> bytes:
    """Near miss: an account holder's own 'Download Your Information' index printed to PDF: Meta's
    name, section names, IPs and times, but no request parameters."""
    doc = Layout("Your Instagram information", "Instagram (synthetic sample)", running_head="Your Instagram information")
    doc.line("Instagram - Download Your Information", "Helvetica-Bold", 13, lead=18)
    for label, value in [("Account", "avery_sample_520"), ("Ip Addresses", "see security_and_login_information"),
                         ("Emails", "avery.sample@example.com"), ("Last login", "2026-03-15 23:59:58 from 203.0.113.10")]:
        doc.cells([(META_LX, label), (META_VX, value)])
    return doc.build()


# -- Google letters (assumed, as the GGL-2026-0141 package's letters) -------------------------------


def google_preservation() -> bytes:
    return build_pdf("Google LLC - Preservation Confirmation - GGL-2026-0098", "Google LLC (synthetic sample)", [
        "# Google LLC",
        "## Preservation Confirmation",
        "Google Reference Number: GGL-2026-0098",
        "Date: January 13, 2026",
        "Account: jordan.vale.demo@example.com",
        "Google has preserved the data associated with the account identified above for 90 days, until April 13, 2026.",
        "Times and dates in this notice are Pacific Time.",
    ])


def google_no_data() -> bytes:
    return build_pdf("Google LLC - Notice - GGL-2026-0155", "Google LLC (synthetic sample)", [
        "# Google LLC",
        "## Notice of No Responsive Records",
        "Google Reference Number: GGL-2026-0155",
        "Date: February 20, 2026",
        "Identifier: ghost.account.demo@example.com",
        "Google did not locate any records responsive to the request for the identifier above.",
    ])


def google_cover_letter(ref: str = "GGL-2026-0141") -> bytes:
    """A cover letter (3+ letter phrases): the google_notice extractor's when it has a text layer."""
    return build_pdf(f"Google LLC - Cover Letter - {ref}", "Google LLC (synthetic sample)", [
        "Google LLC",
        "Legal Investigations Support",
        "March 3, 2026",
        f"Google reference number: {ref}",
        "Re: Search Warrant for Google Account jordan.vale.demo@example.com",
        "",
        "Dear Detective Sample,",
        "In response to the search warrant referenced above, Google is producing the enclosed records for the "
        "account jordan.vale.demo@example.com (Google Account ID 999000000417). No records were found for the "
        "account jv.other.demo@example.org.",
        "Sincerely,",
        "Legal Investigations Support, Google LLC",
    ])


def google_certificate() -> bytes:
    return build_pdf("Google LLC - Certificate of Authenticity - GGL-2026-0141", "Google LLC (synthetic sample)", [
        "CERTIFICATE OF AUTHENTICITY OF DOMESTIC BUSINESS RECORDS",
        "I, Avery Sampledata, attest, under penalties of perjury, that the information contained in this "
        "certification is true and correct. I am employed by Google LLC as a Custodian of Records.",
        "Google reference number: GGL-2026-0141",
        "The records were kept in the course of Google's regularly conducted business activity.",
        "Date: March 2, 2026",
        "Signed: /s/ Avery Sampledata",
    ])


def main() -> None:
    # Microsoft
    write("microsoft_account_pdf/positive/MSL-2026-0417_Account_Records.pdf", ms_records())
    write("microsoft_account_pdf/positive/MSL-2026-0417_Subscriber.pdf", build_pdf(
        f"Microsoft Corporation - Subscriber Information - {MS_REF}", "Microsoft Corporation (synthetic sample)",
        ["# Microsoft Corporation", "## Subscriber Information", f"Microsoft Reference: {MS_REF}", ""]
        + [f"{k}: {v}" for k, v in ms_subscriber_lines()]))
    log_us = ms_ip_log_us()
    write("microsoft_account_pdf/positive/MSL-2026-0417_IP_Connection_History_scanned.pdf",
          scan_pdf(log_us, "microsoft-ip-log"))
    write("microsoft_account_pdf/negative/Acme_Mail_Account_Records.pdf", ms_records(provider="Acme Mail Services"))
    write("microsoft_account_pdf/negative/MSL-2026-0417_Cover_Letter.pdf", ms_cover_letter())
    write("microsoft_account_pdf/negative/Apple_iCloud_Access_Logs.pdf", apple_access_log())
    write("microsoft_account_pdf/negative/GGL-2026-0155_No_Data_Notice.pdf", google_no_data())

    # Apple
    write("apple_account_pdf/positive/PRS-2026-55120_iCloud_Access_Logs.pdf", apple_access_log())
    write("apple_account_pdf/positive/PRS-2026-55120_iCloud_Subscriber.pdf", apple_subscriber())
    write("apple_account_pdf/negative/Orchard_Cloud_Access_Logs.pdf",
          apple_access_log(brand="Orchard Cloud Ltd.", service="Orchard Cloud"))
    write("apple_account_pdf/negative/PRS-2026-55120_Cover_Letter.pdf", apple_cover_letter())
    write("apple_account_pdf/negative/MSL-2026-0417_Account_Records.pdf", ms_records())

    # Meta
    write("meta_records_pdf/positive/records.pdf", meta_records_pdf())
    write("meta_records_pdf/positive/records_facebook_2019.pdf", meta_records_pdf(facebook=True))
    write("meta_records_pdf/negative/instagram_dyi_index.pdf", meta_dyi_index())
    write("meta_records_pdf/negative/GGL-2026-0098_Preservation_Confirmation.pdf", google_preservation())

    # Google letters
    write("google_letter/positive/GGL-2026-0098_Preservation_Confirmation.pdf", google_preservation())
    write("google_letter/positive/GGL-2026-0155_No_Data_Notice.pdf", google_no_data())
    write("google_letter/positive/GGL-2026-0098_Preservation_Confirmation_scanned.pdf",
          scan_pdf(google_preservation(), "google-preservation"))
    write("google_letter/negative/GGL-2026-0141_Cover_Letter.pdf", google_cover_letter())
    write("google_letter/negative/GGL-2026-0141_Certificate_of_Authenticity.pdf", google_certificate())
    write("google_letter/negative/MSL-2026-0417_Cover_Letter.pdf", ms_cover_letter())


if __name__ == "__main__":
    main()
