#!/usr/bin/env python3
"""Deterministic generator of the e-mail samples (email_message).

    python samples/extractors/email_make.py

Messages are written byte by byte here (fixed boundaries, fixed line endings, no library
that picks random boundaries), so every run gives the same files. Synthetic data only.
Regenerate the golden files afterwards (python -m tests.golden --update email_message) and
check them by eye.

positive/portal-cover.eml   a provider LE portal's cover message: encoded-word subject,
                            multipart/alternative quoted-printable body (plain + HTML),
                            a PDF and a CSV attachment, a forwarded message attached
positive/mla-reply.eml      a plain RFC 5322 message (no MIME), CRLF line endings
positive/html-only.eml      an HTML-only body in base64 (decoded-part locators)
positive/portal-cover.msg   an Outlook message (OLE) with its transport headers, a CSV attached by
                            value and an attached Outlook message
positive/sent-item.msg      the same without transport headers (facts from MAPI properties)
negative/memo-from.txt      prose that starts with "From:" but is not a message
negative/export.eml         a CSV file named .eml
negative/two-messages.mbox  an mbox (a container: its messages are read as members, not the file)
"""

from __future__ import annotations

import base64
import binascii
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generate import build_pdf, build_zip, csv_bytes  # noqa: E402

OUT = HERE / "email_message"
PORTAL = "Example Mail LE Portal <lers-noreply@example.com>"
DETECTIVE = "Det. Jane Roe <jane.roe@example.org>"


def write(rel: str, data: bytes) -> None:
    path = OUT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def b64(data: bytes) -> bytes:
    """Base64 in 76-character lines (RFC 2045)."""
    return base64.encodebytes(data)


def qp(text: str) -> bytes:
    return binascii.b2a_qp(text.encode("utf-8"), istext=True)


def part(headers: list[str], body: bytes) -> bytes:
    return "".join(h + "\n" for h in headers).encode("utf-8") + b"\n" + body


def multipart(boundary: str, parts: list[bytes], preamble: bytes = b"") -> bytes:
    """Parts with their line breaks kept: the line break before a delimiter belongs to the delimiter."""
    out = preamble
    for p in parts:
        out += f"--{boundary}\n".encode() + p + b"\n"
    return out + f"--{boundary}--\n".encode()


def subscriber_pdf() -> bytes:
    return build_pdf("REQ-2026-0107 Subscriber Information", "Example Mail Legal", [
        "# Subscriber Information",
        "Account: demo.user.4471@example.com",
        "Name: Sam Q. Sample",
        "Created: 2025-11-03 14:22:09 UTC",
        "Registration IP: 198.51.100.23",
        "Recovery phone: +1 202-555-0143",
    ])


def login_csv() -> bytes:
    return csv_bytes([
        ["Timestamp (UTC)", "IP Address", "Activity"],
        ["2026-02-14 09:31:07", "203.0.113.45", "login"],
        ["2026-02-15 22:04:51", "2001:db8:77::15", "login"],
    ], newline="\n")


def forwarded() -> bytes:
    return part([
        "From: Det. Jane Roe <jane.roe@example.org>",
        "To: lers@example.com",
        "Date: Tue, 10 Feb 2026 16:05:00 -0500",
        "Subject: LE request REQ-2026-0107 (Case CASE-2026-0417)",
        "Message-ID: <req-2026-0107.submit@example.org>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
    ], b"Please preserve and produce subscriber information and login IP\n"
       b"addresses for demo.user.4471@example.com, 2026-02-01 to 2026-02-28.\n"
       b"\n"
       b"Case CASE-2026-0417\n")


def portal_cover() -> bytes:
    plain = (
        "Hello Détective Roe,\n"
        "\n"
        "The production for your LE request REQ-2026-0107 is attached (2 files).\n"
        "Your ref: MLA-2026-0031\n"
        "Case CASE-2026-0417\n"
        "\n"
        "The most recent login was from IP address 203.0.113.45 at 2026-02-14 09:31:07 UTC. This message was generated automatically by the portal; please do not reply to it.\n"
        "\n"
        "Subscriber: Sam Q. Sample\n"
        "Email: demo.user.4471@example.com\n"
        "Phone: +1 202-555-0143\n"
        "\n"
        "> On 10 Feb 2026 you asked about 198.51.100.9 at 2026-02-01 10:00:00 UTC.\n"
        "\n"
        "-- \n"
        "Example Mail Law Enforcement Response Team\n"
    )
    html_body = (
        "<html><body>\n"
        "<p>Hello D&eacute;tective Roe,</p>\n"
        "<p>The production for your LE request <b>REQ-2026-0107</b> is attached (2 files).<br>\n"
        "Your ref: MLA-2026-0031<br>\n"
        "Case CASE-2026-0417</p>\n"
        "</body></html>\n"
    )
    alternative = multipart("alt-7f3a", [
        part(["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"], qp(plain)),
        part(["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"], qp(html_body)),
    ])
    mixed = multipart("mix-19c2", [
        part(['Content-Type: multipart/alternative; boundary="alt-7f3a"'], alternative),
        part(['Content-Type: application/pdf; name="REQ-2026-0107 Subscriber.pdf"',
              'Content-Disposition: attachment; filename="REQ-2026-0107 Subscriber.pdf"',
              "Content-Transfer-Encoding: base64"], b64(subscriber_pdf())),
        part(['Content-Type: text/csv; charset=utf-8; name="logins.csv"',
              'Content-Disposition: attachment; filename="logins.csv"',
              "Content-Transfer-Encoding: 7bit"], login_csv()),
        part(["Content-Type: message/rfc822",
              'Content-Disposition: attachment; filename="Original request.eml"'], forwarded()),
    ], preamble=b"This is a multi-part message in MIME format.\n\n")
    return part([
        "Return-Path: <lers-noreply@example.com>",
        "Received: from portal.example.com (portal.example.com [192.0.2.25])",
        "\tby mx.example.org with ESMTPS id 4Zq1;",
        "\tMon, 02 Mar 2026 15:00:07 +0000",
        f"From: {PORTAL}",
        f"To: {DETECTIVE}",
        "Cc: Evidence Unit <evidence@example.org>",
        "Subject: =?utf-8?q?Production_pr=C3=AAte_=E2=80=94_LE_request?=",
        " REQ-2026-0107",
        "Date: Mon, 02 Mar 2026 15:00:05 +0000",
        "Message-ID: <prod-REQ-2026-0107.1@portal.example.com>",
        "In-Reply-To: <req-2026-0107.submit@example.org>",
        "References: <req-2026-0107.submit@example.org>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="mix-19c2"',
    ], mixed)


def mla_reply() -> bytes:
    text = (
        "From: Central Authority <central.authority@example.net>\n"
        "To: Det. Jane Roe <jane.roe@example.org>\n"
        "Date: Wed, 4 Mar 2026 09:12:44 +0100\n"
        "Subject: Re: MLA request MLA-2026-0031\n"
        "Message-ID: <ca-20260304-0912@example.net>\n"
        "\n"
        "Dear Detective Roe,\n"
        "\n"
        "We acknowledge receipt of your letter of request.\n"
        "Our reference: CA/2026/118\n"
        "Your ref: MLA-2026-0031\n"
        "\n"
        "The executing authority will reply under separate cover.\n"
    )
    return text.replace("\n", "\r\n").encode("ascii")


def html_only() -> bytes:
    body = (
        "<!DOCTYPE html>\n"
        "<html><head><style>\n"
        "p { margin: 0 }\n"
        "</style></head>\n"
        "<body>\n"
        "<p>Ticket #LE-88213: your request has been received.</p>\n"
        "<p>Reference number: 20260302118</p>\n"
        "<!-- portal build 4.2 -->\n"
        "</body></html>\n"
    )
    return part([
        "From: Example Net Abuse Desk <abuse-noreply@example.net>",
        f"To: {DETECTIVE}",
        "Date: Mon, 02 Mar 2026 08:00:00 -0800",
        "Subject: Your request has been received",
        "Message-ID: <ticket-LE-88213@example.net>",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: base64",
    ], b64(body.encode("utf-8")))


def mbox() -> bytes:
    first = part([
        "From: Example Mail LE Portal <lers-noreply@example.com>",
        f"To: {DETECTIVE}",
        "Date: Mon, 02 Mar 2026 14:00:00 +0000",
        "Subject: Your LE request REQ-2026-0107 was received",
        "Message-ID: <ack-REQ-2026-0107@portal.example.com>",
    ], b"We received your request. Case CASE-2026-0417.\n"
       b">From the portal: no reply is needed.\n")
    archive = build_zip({"logins.csv": login_csv()}, (2026, 3, 2, 15, 0, 0))
    second = part([
        "From: Example Mail LE Portal <lers-noreply@example.com>",
        f"To: {DETECTIVE}",
        "Date: Mon, 02 Mar 2026 15:00:05 +0000",
        "Subject: Production ready: LE request REQ-2026-0107",
        "Message-ID: <prod-REQ-2026-0107.2@portal.example.com>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="b2"',
    ], multipart("b2", [
        part(["Content-Type: text/plain; charset=us-ascii"], b"The production is attached.\n"),
        part(['Content-Type: application/zip; name="REQ-2026-0107.zip"',
              'Content-Disposition: attachment; filename="REQ-2026-0107.zip"',
              "Content-Transfer-Encoding: base64"], b64(archive)),
    ]))
    return (b"From lers-noreply@example.com Mon Mar  2 14:00:00 2026\n" + first + b"\n"
            + b"From lers-noreply@example.com Mon Mar  2 15:00:05 2026\n" + second + b"\n")


# -- Outlook .msg: a minimal OLE compound file writer (MS-CFB v3), enough for olefile ------------------
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
SECTOR, MINI, CUTOFF = 512, 64, 4096


class _Node:
    def __init__(self, name: str, data: bytes | None) -> None:
        self.name, self.data, self.children = name, data, {}  # type: ignore[var-annotated]
        self.sid = 0
        self.left = self.right = self.child = FREE
        self.start, self.size = END, 0


def _cfb_key(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def _tree(nodes: list[_Node]) -> int:
    """A binary search tree over siblings (CFB order: length, then upper case); returns its root id."""
    if not nodes:
        return FREE
    mid = len(nodes) // 2
    nodes[mid].left, nodes[mid].right = _tree(nodes[:mid]), _tree(nodes[mid + 1:])
    return nodes[mid].sid


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file holding ``streams`` ('storage/stream' paths); deterministic (no times, no CLSIDs)."""
    root = _Node("Root Entry", None)
    for path, data in sorted(streams.items()):
        node = root
        parts = path.split("/")
        for part in parts[:-1]:
            node = node.children.setdefault(part, _Node(part, None))
        node.children[parts[-1]] = _Node(parts[-1], data)
    order: list[_Node] = []

    def number(node: _Node) -> None:
        node.sid = len(order)
        order.append(node)
        for child in sorted(node.children.values(), key=lambda n: _cfb_key(n.name)):
            number(child)

    number(root)
    for node in order:
        node.child = _tree(sorted(node.children.values(), key=lambda n: _cfb_key(n.name)))
    # small streams go to the mini stream (64-byte sectors), the others to 512-byte sectors
    mini_data, minifat = b"", []
    for node in order[1:]:
        if node.data is not None and len(node.data) < CUTOFF:
            node.size = len(node.data)
            if node.size:
                n = -(-node.size // MINI)
                node.start = len(minifat)
                minifat += list(range(node.start + 1, node.start + n)) + [END]
                mini_data += node.data.ljust(n * MINI, b"\0")
    sectors: list[bytes] = []
    fat: list[int] = []

    def put(data: bytes, marker: int | None = None) -> int:
        n = max(1, -(-len(data) // SECTOR))
        start = len(sectors)
        for i in range(n):
            sectors.append(data[i * SECTOR:(i + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(marker if marker is not None else (start + i + 1 if i + 1 < n else END))
        return start

    for node in order[1:]:
        if node.data is not None and len(node.data) >= CUTOFF:
            node.size, node.start = len(node.data), put(node.data)
    if mini_data:
        root.start, root.size = put(mini_data), len(mini_data)
    minifat_start = put(b"".join(v.to_bytes(4, "little") for v in minifat)) if minifat else END
    minifat_sectors = -(-len(minifat) * 4 // SECTOR) if minifat else 0
    dir_start = put(b"".join(_dir_entry(n) for n in order))
    n_fat = 1
    while (len(fat) + n_fat) > n_fat * (SECTOR // 4):
        n_fat += 1
    fat_ids = [put(b"", FATSECT) for _ in range(n_fat)]
    table = b"".join(v.to_bytes(4, "little") for v in fat).ljust(n_fat * SECTOR, b"\xff")
    for i, sid in enumerate(fat_ids):
        sectors[sid] = table[i * SECTOR:(i + 1) * SECTOR]
    difat = b"".join(v.to_bytes(4, "little") for v in fat_ids).ljust(109 * 4, b"\xff")
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, n_fat, dir_start, 0, CUTOFF,
                            minifat_start, minifat_sectors, END, 0) + difat)
    return header + b"".join(sectors)


def _dir_entry(node: _Node) -> bytes:
    name = node.name.encode("utf-16-le") + b"\0\0"
    kind = 5 if node.name == "Root Entry" else (2 if node.data is not None else 1)
    return (name.ljust(64, b"\0") + struct.pack("<HBBIII", len(name), kind, 1, node.left, node.right, node.child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", node.start, node.size))


def _props(header: int, fixed: dict[int, tuple[int, int]], variable: dict[str, bytes]) -> bytes:
    """A MAPI properties stream: ``fixed`` prop id -> (type, value); ``variable`` stream name -> bytes (sizes)."""
    out = b"\0" * header
    entries = []
    for pid, (ptype, value) in fixed.items():
        entries.append((pid, ptype, value.to_bytes(8, "little")))
    for name, data in variable.items():
        tag = name.rsplit("_", 1)[1]
        pid, ptype = int(tag[:4], 16), int(tag[4:], 16)
        size = len(data) + (2 if ptype == 0x001F else 1 if ptype == 0x001E else 0)
        entries.append((pid, ptype, size.to_bytes(4, "little") + b"\0" * 4))
    for pid, ptype, value in sorted(entries):
        out += struct.pack("<HHI", ptype, pid, 6) + value
    return out


def _u(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(iso: str) -> int:
    import datetime as dt

    when = dt.datetime.strptime(iso, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.timezone.utc)
    delta = when - dt.datetime(1601, 1, 1, tzinfo=dt.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10_000_000


def _message_streams(prefix: str, props: dict[int, str], header: int, fixed: dict[int, tuple[int, int]],
                     binary: dict[int, bytes] | None = None) -> dict[str, bytes]:
    variable = {f"__substg1.0_{pid:04X}001F": _u(text) for pid, text in props.items()}
    variable.update({f"__substg1.0_{pid:04X}0102": data for pid, data in (binary or {}).items()})
    out = {f"{prefix}{name}": data for name, data in variable.items()}
    out[f"{prefix}__properties_version1.0"] = _props(header, fixed, variable)
    return out


def outlook_msg(with_headers: bool) -> bytes:
    """An Outlook message from the LE portal: a CSV attached by value and an attached Outlook message."""
    headers = (
        "Received: from portal.example.com (portal.example.com [192.0.2.25])\r\n"
        "\tby mx.example.org; Mon, 02 Mar 2026 15:00:07 +0000\r\n"
        f"From: {PORTAL}\r\n"
        f"To: {DETECTIVE}\r\n"
        "Subject: Production ready: LE request REQ-2026-0107\r\n"
        "Date: Mon, 02 Mar 2026 15:00:05 +0000\r\n"
        "Message-ID: <prod-REQ-2026-0107.3@portal.example.com>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"x\"\r\n"
        "\r\n"
    )
    body = ("Hello Detective Roe,\r\n\r\nThe production for your LE request REQ-2026-0107 is attached.\r\n"
            "Your ref: MLA-2026-0031\r\n\r\nThe most recent login was from IP address 198.51.100.23 at "
            "2026-02-20 07:45:10 UTC.\r\n")
    props = {0x0037: "Production ready: LE request REQ-2026-0107", 0x0C1A: "Example Mail LE Portal",
             0x0C1F: "lers-noreply@example.com", 0x5D01: "lers-noreply@example.com",
             0x0E04: "Det. Jane Roe", 0x0E03: "", 0x1000: body, 0x001A: "IPM.Note",
             0x1035: "<prod-REQ-2026-0107.3@portal.example.com>"}
    if with_headers:
        props[0x007D] = headers
    streams = _message_streams("", props, 32, {0x0039: (0x0040, _filetime("2026-03-02 15:00:05")),
                                              0x3FDE: (0x0003, 65001)})
    # recipient 0: To
    streams.update(_message_streams("__recip_version1.0_#00000000/", {0x3001: "Det. Jane Roe",
                                    0x39FE: "jane.roe@example.org"}, 8, {0x0C15: (0x0003, 1)}))
    # attachment 0: a CSV by value
    streams.update(_message_streams("__attach_version1.0_#00000000/", {0x3707: "logins.csv", 0x3704: "logins.csv",
                                    0x370E: "text/csv"}, 8, {0x3705: (0x0003, 1)}, {0x3701: login_csv()}))
    # attachment 1: an attached Outlook message (embedded storage)
    inner = "__attach_version1.0_#00000001/__substg1.0_3701000D/"
    streams.update(_message_streams("__attach_version1.0_#00000001/", {0x3001: "Original request"}, 8,
                                    {0x3705: (0x0003, 5)}))
    streams.update(_message_streams(inner, {0x0037: "LE request REQ-2026-0107", 0x1000: "Case CASE-2026-0417\r\n",
                                            0x0C1A: "Det. Jane Roe", 0x5D01: "jane.roe@example.org"}, 24, {}))
    streams["__nameid_version1.0/__substg1.0_00020102"] = b""
    return build_cfb(streams)


def main() -> None:
    write("positive/portal-cover.eml", portal_cover())
    write("positive/mla-reply.eml", mla_reply())
    write("positive/html-only.eml", html_only())
    write("negative/memo-from.txt", (
        "From: the desk of Det. Jane Roe (jane.roe@example.org)\n"
        "Re: what the portal sent us on Monday\n"
        "I checked the production against the request; the subscriber PDF matches.\n"
        "Date: Mon, 02 Mar 2026 15:00:05 +0000 is when it arrived.\n"
    ).encode("utf-8"))
    write("negative/export.eml", csv_bytes([
        ["From", "To", "Date", "Message-ID"],
        ["lers-noreply@example.com", "jane.roe@example.org", "Mon, 02 Mar 2026 15:00:05 +0000",
         "<prod-REQ-2026-0107.1@portal.example.com>"],
    ], newline="\n"))
    write("negative/two-messages.mbox", mbox())
    write("positive/portal-cover.msg", outlook_msg(with_headers=True))
    write("positive/sent-item.msg", outlook_msg(with_headers=False))


if __name__ == "__main__":
    main()
