#!/usr/bin/env python3
"""Deterministic generator of the generic_text extractor samples (letters and free text).

    python samples/extractors/generic_text_make.py

Positive samples: a small provider's free-text letter (PDF, and a scanned copy read by OCR) with
IP/time pairs in prose and a subscriber block; a plain-text reply in e-mail style with an address over two lines and an
IPv6 address broken at a line end; a PDF whose timestamp and address cross a page break; a
letter full of version numbers that must not become IPs; an HTML letter. Near misses: a CSV
table (generic_table's), release notes full of version numbers and no IPs, a letter with no
identifiers. Synthetic data only. Regenerate the golden files afterwards
(python -m tests.golden --update generic_text) and check them by eye.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, csv_bytes, scan_pdf  # noqa: E402

OUT = HERE / "generic_text"


def write(rel: str, data: bytes) -> None:
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def letter_pdf() -> bytes:
    """A small provider's letter: prose pairs, a range, a small monospaced table, a subscriber block."""
    return build_pdf("Brookside Fibre - disclosure LE-2026-55120", "Brookside Fibre Ltd (synthetic sample)", [
        "# Brookside Fibre Ltd",
        "Unit 9, Example Business Park, Exampletown EX4 1AA",
        "",
        "Our reference: BF-DISC-2026-014",
        "Your reference: LE-2026-55120",
        "Date: 14 January 2026",
        "",
        "Dear Detective Sergeant Placeholder,",
        "",
        "Thank you for your request of 9 January 2026. All times in this letter are given in UTC.",
        "",
        "Our records show that between 7 January 2026, 22:41:19 and 8 January 2026, 01:15:02 the",
        "IP address 203.0.113.77 was assigned to the customer named below. The same customer",
        "logged in to our web portal on 13.01.2026 at 08:02:11 from the IP address 198.51.100.23",
        "(source port 51022).",
        "",
        "The router's own connection log adds the following sessions:",
        "`IP address          Date/time              Port    Event",
        "`198.51.100.40       2026-01-10 14:22:05    40200   login",
        "`2001:db8:5::17      2026-01-10 15:01:44    -       login",
        "",
        "## Customer details",
        "Customer name: Robin Testperson",
        "Installation address: 4 Sample Lane, Flat 2",
        "Exampletown EX1 2YZ",
        "Customer number: BF-100234",
        "E-mail: robin.testperson@example.net",
        "Telephone: +1 202-555-0142",
        "",
        "The address 192.0.2.1 is our own DNS resolver and was not assigned to any customer.",
        "",
        "Yours sincerely,",
        "Alex Sampleton, Data Protection Officer",
    ])


def reply_txt() -> bytes:
    """An e-mail reply saved as text: address over two lines, an IPv6 broken at a line end, a quoted request."""
    lines = [
        "Hello Officer Placeholder,",
        "",
        "regarding your request REQ-2026-0107 (our ticket HLP-2026-3321), please find the",
        "details of the account below.",
        "",
        "Username: dana_demo",
        "Name: Dana Demo",
        "Address: 27 Placeholder Street, Apartment 5,",
        "Sampleville SV2 9ZZ",
        "Email: dana.demo@example.org",
        "",
        "The account was accessed on 2026-01-12 19:45:03 UTC from the IPv6 address 2001:db8:77:4100:",
        ":1b and on 2026-01-13 07:10:55 UTC from 198.51.100.201 (port 60231).",
        "",
        "Kind regards,",
        "Sam Support, Helpdesk Example Hosting",
        "",
        "-----Original Message-----",
        "From: officer.placeholder@police.example.org",
        "Subject: Request REQ-2026-0107",
        "",
        "> Please provide the subscriber of the account that used 203.0.113.99",
        "> on 2026-01-05 10:00 UTC.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def page_break_pdf() -> bytes:
    """The timestamp itself crosses the page break: '... on 15.01.2026' / footer / '09:30:12 CET ...'."""
    lines = [
        "# Harbourline Internet",
        "",
        "Reference: HL-2026-0042",
        "",
        "In answer to your letter, we confirm the following use of our network.",
        "",
        "Subscriber: Casey Example",
        "Billing address: 88 Harbour Road,",
        "Portexample PE3 3EE",
        "Phone: 555-0177",
        "",
        *[f"Paragraph {n} of the standard conditions that accompany every disclosure we make to the police." for n in range(1, 3)],
        "",
        "The dynamic address 198.51.100.77 was in use by the subscriber identified above on 15.01.2026",
        "\f",
        "09:30:12 CET, and the address 2001:db8:a0:17::",
        "42 on the same day at 09:31:40 CET.",
        "",
        "Harbourline Internet, Lawful Disclosure Team",
    ]
    return build_pdf("Harbourline Internet - HL-2026-0042", "Harbourline Internet (synthetic sample)", lines)


def versions_txt() -> bytes:
    """A provider's letter that also prints software versions, a user agent, an OID and numbered sections."""
    lines = [
        "Westmoor Wireless - response to case CASE-2026-0417",
        "",
        "1.1.2.1. Scope",
        "This response covers the account of the customer named in your request.",
        "",
        "1.1.2.2. Findings",
        "The customer's router (model WX-200, firmware version 10.2.3.4, bootloader build 4.0.1.2)",
        "connected to our network on 2026-01-20 06:12:44 UTC using the public IP address 203.0.113.5",
        "(source port 40112). The login page was opened with Chrome/120.0.6099.71 (v1.2.3.4 of our",
        "portal) on 2026-01-20 06:13:02 UTC from the same IP address 203.0.113.5.",
        "Certificates on the device use the OID 2.5.4.3 for the common name; the report was",
        "produced by release 3.1.4.1 of our lawful-interception tool on 2026-01-21 09:00:00 UTC.",
        "",
        "Account ID: WW-55821",
        "Name: Jordan Sample",
        "Phone: (202) 555-0164",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def letter_html() -> bytes:
    """A provider's letter as an HTML page (paragraphs, a table, a subscriber list with <br>)."""
    return b"""<!DOCTYPE html>
<html><head><title>Response LE-2026-0212</title><style>p { margin: 0 }</style></head>
<body>
<div id="letterhead"><h1>Riverbend Networks</h1><p>Our ref: RB-2026-0093<br>Your ref: LE-2026-0212</p></div>
<div id="body">
<p>Dear Sir or Madam,</p>
<p>All times below are Central European Time (CET).</p>
<p>On 21.01.2026 at 17:04:09 the IP address 192.0.2.44 was used to log in to the account
described below, and on 22.01.2026 at 08:15:30 the same account logged in from 2001:db8:300::9.</p>
<table id="sessions">
<tr><th>IP address</th><th>Start</th><th>Port</th></tr>
<tr><td>192.0.2.45</td><td>23.01.2026 11:00:00</td><td>50011</td></tr>
</table>
<p id="subscriber">Name: Morgan Fictional<br>Address: 3 Riverside Walk<br>Riverton RT1 1AB<br>E-mail: morgan.fictional@example.com</p>
<p>Kind regards,<br>Riverbend Networks Compliance</p>
</div>
</body></html>
"""


def negatives() -> None:
    write("negative/ip-log.csv", csv_bytes([
        ["IP Address", "Timestamp (UTC)", "Port"],
        ["203.0.113.77", "2026-01-07 22:41:19", "40112"],
        ["198.51.100.23", "2026-01-09 08:02:11", "51022"],
    ], newline="\n"))
    write("negative/release-notes.txt", "\n".join([
        "Release notes - Example Router Firmware",
        "",
        "Version 10.2.3.4 (released 2026-01-07 10:00 UTC)",
        "- Fixed a crash when the WAN link flaps.",
        "- Updated the bootloader to build 4.0.1.2.",
        "",
        "10.2.3.3 (2025-12-01 09:30 UTC)",
        "- Improved Wi-Fi roaming.",
        "- The web UI now requires Chrome/120.0.6099.71 or later.",
        "",
        "Upgrade path: 10.2.2.9 -> 10.2.3.3 -> 10.2.3.4. See section 1.2.3.4 of the manual.",
        "",
    ]).encode("utf-8"))
    write("negative/acknowledgement.txt", "\n".join([
        "Dear Officer,",
        "",
        "we acknowledge receipt of your letter and are reviewing it. We will reply within",
        "the period required by law. Please do not send the request again.",
        "",
        "Kind regards,",
        "The Legal Team",
        "",
    ]).encode("utf-8"))


def main() -> None:
    write("positive/letter-brookside.pdf", letter_pdf())
    # the same letter printed and scanned: read by OCR, damaged values repaired and flagged ocr_repaired
    write("positive/letter-brookside-scanned.pdf", scan_pdf(letter_pdf(), "generic_text-brookside"))
    write("positive/reply-helpdesk.txt", reply_txt())
    write("positive/page-break.pdf", page_break_pdf())
    write("positive/versions-and-ips.txt", versions_txt())
    write("positive/letter-riverbend.html", letter_html())
    negatives()


if __name__ == "__main__":
    main()
